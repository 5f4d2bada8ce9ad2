import * as z from 'zod'
import { ActionLogQuery } from '#shared/domain/action-log.ts'
import { Id } from '#shared/domain/common.ts'
import { FILE_RESPONSE } from './action-log-spec.ts'
import type { RouteSpec } from './route.ts'

/**
 * The work programme's export as the API describes it, served by the action log's function
 * (which alone bundles the Word library), as the action log's route is.
 */
export const workProgrammeExportSpec = {
  method: 'get',
  path: '/boards/{boardId}/work-programme/export',
  summary: 'The forward plan (work programme) as Word (landscape), CSV or printable HTML',
  tag: 'work-programme',
  auth: 'jwt',
  alsoAllowed:
    'everyone signed in for version=open (exempt items their wording); version=full secretariat and chair only',
  params: z.object({ boardId: Id }),
  query: ActionLogQuery,
  response: FILE_RESPONSE,
} as const satisfies RouteSpec

/** The web pages' download of the same file, signed in by the session cookie. */
export const WORK_PROGRAMME_EXPORT_PAGE_PATH = '/ui/boards/{boardId}/work-programme/export'
