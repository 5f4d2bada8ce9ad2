import * as z from 'zod'
import { ActionLogQuery, DOCX_TYPE } from '#shared/domain/action-log.ts'
import { Id } from '#shared/domain/common.ts'
import type { RouteSpec } from './route.ts'

/**
 * A route of the action log's function that sends a file: Word, CSV or HTML as `format`
 * asks, the open or full `version`, for anyone signed in (the use case decides who sees what).
 */
export function fileSpec<P extends z.ZodType>(s: {
  path: string
  summary: string
  tag: string
  alsoAllowed: string
  params: P
}) {
  return {
    method: 'get',
    ...s,
    auth: 'jwt',
    query: ActionLogQuery,
    response: {
      status: 200,
      description: 'The file: attachment for Word and CSV, inline for HTML',
      mediaTypes: [DOCX_TYPE, 'text/csv', 'text/html'],
    },
  } as const satisfies RouteSpec
}

/**
 * The action log's route as the API describes it. Kept apart from its handler so the API's
 * OpenAPI document can list it without bundling the Word library into the API function.
 */
export const actionLogSpec = fileSpec({
  path: '/meetings/{meetingId}/action-log',
  summary: 'The action log for the meeting pack (Actions Arising and actions raised) as Word, CSV or HTML',
  tag: 'actions',
  alsoAllowed:
    'everyone signed in for version=open; version=full (exempt items shown) secretariat and chair only',
  params: z.object({ meetingId: Id }),
})

/** The web pages' download of the same file, signed in by the session cookie. */
export const ACTION_LOG_PAGE_PATH = '/ui/meetings/{meetingId}/action-log'
