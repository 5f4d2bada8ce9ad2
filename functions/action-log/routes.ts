import type { Logger } from '@aws-lambda-powertools/logger'
import type { Hono } from 'hono'
import { ActionLogQuery } from '#shared/domain/action-log.ts'
import { Id } from '#shared/domain/common.ts'
import type { Principal } from '#shared/domain/principal.ts'
import { asDependencyOutage, ForbiddenError, NotFoundError } from '#shared/errors.ts'
import { type ActionLogFile, exportActionLog } from '#shared/usecases/action-log.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { exportWorkProgramme } from '#shared/usecases/work-programme.ts'
import { actionLogSpec } from '../http/action-log-spec.ts'
import type { Env } from '../http/http.ts'
import { RETRY_AFTER_HEADERS } from '../http/problem.ts'
import { file, principalOf, type RouteDef, route } from '../http/route.ts'
import { currentPrincipal, type UiAuth } from '../http/session.ts'
import { messagePage, PAGE_HEADERS } from '../http/ui/page.tsx'
import { workProgrammeExportSpec } from '../http/work-programme-spec.ts'

/** The file has no script and loads nothing: the browser is told so. */
const FILE_CSP = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
}

export const actionLogRoutes: readonly RouteDef[] = [
  route({
    ...actionLogSpec,
    handle: async (req, deps) =>
      file(await exportActionLog(deps, principalOf(req), req.params.meetingId, req.query), FILE_CSP),
  }),
  route({
    ...workProgrammeExportSpec,
    handle: async (req, deps) =>
      file(await exportWorkProgramme(deps, principalOf(req), req.params.boardId, req.query), FILE_CSP),
  }),
]

/**
 * The download links on the meeting page and the forward-plan page: the same files for the
 * signed-in user of the web pages (their session cookie, checked as the pages check it), with
 * the same rules.
 */
export function mountActionLogPages(
  app: Hono<Env>,
  { deps, auth, logger }: { deps: Deps; auth: UiAuth; logger?: Pick<Logger, 'error'> },
): void {
  const download = (
    path: string,
    param: string,
    what: string,
    make: (principal: Principal, id: string, q: ActionLogQuery) => Promise<ActionLogFile>,
  ) =>
    app.get(path, async (c) => {
      const principal = await currentPrincipal(c, auth)
      if (!principal) return c.redirect('/ui/sign-in', 303)
      const refused = (status: 400 | 403 | 404, title: string, text: string) =>
        c.html(
          messagePage(title, text, { href: '/ui', label: 'Go to your start page' }),
          status,
          PAGE_HEADERS,
        )
      const id = Id.safeParse(c.req.param(param))
      const query = ActionLogQuery.safeParse(c.req.query())
      if (!id.success) return refused(404, 'Page not found', `There is no such ${what}.`)
      if (!query.success)
        return refused(400, 'Choose a file', 'Choose Word, CSV or HTML, and the open or full version.')
      try {
        const f = file(await make(principal, id.data, query.data), FILE_CSP)
        return c.body(f.raw ?? '', 200, f.headers)
      } catch (e) {
        if (e instanceof NotFoundError) return refused(404, 'Page not found', `There is no such ${what}.`)
        if (e instanceof ForbiddenError) return refused(403, 'You cannot have this version', `${e.message}.`)
        if (asDependencyOutage(e)) {
          logger?.error('file download failed: the database did not answer', { error: e, path })
          return c.html(
            messagePage(
              'Sorry, the service is busy',
              'The file could not be made just now. Please try again in a few seconds.',
            ),
            503,
            { ...PAGE_HEADERS, ...RETRY_AFTER_HEADERS },
          )
        }
        throw e
      }
    })
  download('/ui/meetings/:meetingId/action-log', 'meetingId', 'meeting', (p, id, q) =>
    exportActionLog(deps, p, id, q),
  )
  download('/ui/boards/:boardId/work-programme/export', 'boardId', 'board', (p, id, q) =>
    exportWorkProgramme(deps, p, id, q),
  )
}
