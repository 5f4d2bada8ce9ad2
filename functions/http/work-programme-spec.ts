import * as z from 'zod'
import { Id } from '#shared/domain/common.ts'
import { fileSpec } from './action-log-spec.ts'

/**
 * The work programme's export as the API describes it, served by the action log's function
 * (which alone bundles the Word library), as the action log's route is.
 */
export const workProgrammeExportSpec = fileSpec({
  path: '/boards/{boardId}/work-programme/export',
  summary: 'The forward plan (work programme) as Word (landscape), CSV or printable HTML',
  tag: 'work-programme',
  alsoAllowed:
    'everyone signed in for version=open (exempt items their wording); version=full secretariat and chair only',
  params: z.object({ boardId: Id }),
})

/** The web pages' download of the same file, signed in by the session cookie. */
export const WORK_PROGRAMME_EXPORT_PAGE_PATH = '/ui/boards/{boardId}/work-programme/export'
