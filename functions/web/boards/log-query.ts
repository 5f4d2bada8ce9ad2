import type * as z from 'zod'
import { ActionStatus } from '#shared/domain/action.ts'
import { BoardLogFilter } from '#shared/domain/board-log.ts'
import type { IssueDetail } from '#shared/errors.ts'

/** The board log's filters as its GET form names them (the API's query parameters). */
export const LOG_FIELDS = [
  'q',
  'status',
  'ownerId',
  'raisedAt',
  'dueAt',
  'overdue',
  'carried',
  'exempt',
] as const

const LogQuery = BoardLogFilter.extend({ status: ActionStatus.optional() })
export type LogFilter = z.output<typeof LogQuery>

/** What to do about a bad value, by field: the form offers only good ones, so a link was edited. */
const FIX: Record<string, string> = {
  q: 'Enter 200 characters or fewer',
  status: 'Choose a status from the list',
  ownerId: 'Choose an owner from the list',
  raisedAt: 'Choose a meeting from the list',
  dueAt: 'Choose a meeting from the list',
  overdue: 'Tick the box or leave it empty',
  carried: 'Enter a whole number from 1 to 20, or leave it empty',
  exempt: 'Choose one of the options',
}

/**
 * The page's query as the use case's filter. A GET form sends its empty fields too, so those
 * are dropped first; anything else it does not have is ignored. Values kept as typed, to
 * show them back.
 */
export function readLogQuery(
  query: Record<string, string>,
):
  | { values: Record<string, string>; filter: LogFilter }
  | { values: Record<string, string>; issues: IssueDetail[] } {
  const values: Record<string, string> = {}
  for (const name of LOG_FIELDS) {
    const v = query[name]
    if (v !== undefined && v.trim() !== '') values[name] = v
  }
  const parsed = LogQuery.safeParse(values)
  if (parsed.success) return { values, filter: parsed.data }
  const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'q')))]
  return { values, issues: fields.map((path) => ({ path, message: FIX[path] ?? 'Check this value' })) }
}

/** The filter's part of an address (for the CSV link and the page links): what was asked, no cursor. */
export function logQueryString(values: Record<string, string>): string {
  const q = new URLSearchParams()
  for (const name of LOG_FIELDS) {
    const v = values[name]
    if (v !== undefined) q.set(name, v)
  }
  return q.size > 0 ? `?${q}` : ''
}
