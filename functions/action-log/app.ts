import type { Logger } from '@aws-lambda-powertools/logger'
import type { Hono } from 'hono'
import type { Deps } from '#shared/usecases/deps.ts'
import { type Env, httpApp, mountRoutes } from '../http/http.ts'
import type { UiAuth } from '../http/session.ts'
import { actionLogRoutes, mountActionLogPages } from './routes.ts'

/** The action log's own function: the API route and the web pages' download, nothing else. */
export function createActionLogApp(opts: {
  deps: Deps
  logger: Logger
  maxBodyBytes: number
  ui: UiAuth | null
}): Hono<Env> {
  const app = httpApp(opts.logger)
  withActionLog(opts.deps, opts.maxBodyBytes, opts.ui)(app)
  return app
}

/** The local stack and the tests serve the action log from the API's app, as one gateway would route it. */
export function withActionLog(deps: Deps, maxBodyBytes: number, ui: UiAuth | null) {
  return (app: Hono<Env>) => {
    mountRoutes(app, actionLogRoutes, { deps, maxBodyBytes })
    if (ui) mountActionLogPages(app, { deps, auth: ui })
  }
}
