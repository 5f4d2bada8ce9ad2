import type { Logger } from '@aws-lambda-powertools/logger'
import type { Hono } from 'hono'
import type { Deps } from '#shared/usecases/deps.ts'
import { type Env, httpApp } from '../http/http.ts'
import { mountUi, mountUiFallback } from './ui/routes.ts'
import type { UiAuth } from './ui/session.ts'

export type WebOptions = { deps: Deps; logger: Logger; maxBodyBytes: number; auth: UiAuth }

/**
 * The web pages' own function: sign-in, and the secretariat's, chair's and members' pages.
 * Apart from the JSON API, so neither carries the other's code: the API has no templates or
 * session checks, the pages no OpenAPI generator (issue #5's bundle and cold-start targets).
 */
export function createWebApp(opts: WebOptions): Hono<Env> {
  const app = httpApp(opts.logger)
  withWebPages(opts)(app)
  return app
}

/**
 * Mounts the pages. The local stack and the tests serve them from the one app behind the
 * emulated gateway, mounted last: their fallback answers every /ui path not served before.
 */
export function withWebPages({ deps, logger, maxBodyBytes, auth }: WebOptions) {
  return (app: Hono<Env>) => {
    mountUi(app, { deps, auth, logger, maxBodyBytes })
    app.get('/', (c) => c.redirect('/ui', 302))
    mountUiFallback(app, auth)
  }
}
