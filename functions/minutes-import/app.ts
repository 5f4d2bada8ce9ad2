import type { Logger } from '@aws-lambda-powertools/logger'
import type { Hono } from 'hono'
import type { Deps } from '#shared/usecases/deps.ts'
import { type Env, httpApp, mountRoutes } from '../http/http.ts'
import { MINUTES_MAX_BODY_BYTES } from '../http/minutes-import-spec.ts'
import type { UiAuth } from '../http/session.ts'
import { minutesImportRoutes, mountMinutesImportPages } from './routes.ts'

/** The minutes import's own function: reading uploads (Word, PDF, text) into drafts, nothing else. */
export function createMinutesImportApp(opts: { deps: Deps; logger: Logger; ui: UiAuth | null }): Hono<Env> {
  const app = httpApp(opts.logger)
  withMinutesImport(opts.deps, opts.ui, opts.logger)(app)
  return app
}

/** The local stack and the tests serve the import from the API's app, as one gateway would route it. */
export function withMinutesImport(deps: Deps, ui: UiAuth | null, logger?: Pick<Logger, 'error'>) {
  return (app: Hono<Env>) => {
    mountRoutes(app, minutesImportRoutes, { deps, maxBodyBytes: MINUTES_MAX_BODY_BYTES })
    if (ui) mountMinutesImportPages(app, { deps, auth: ui, ...(logger ? { logger } : {}) })
  }
}
