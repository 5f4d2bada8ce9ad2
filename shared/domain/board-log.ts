import * as z from 'zod'
import type { RedactedAction } from './action.ts'
import { overdueFacts } from './action-rules.ts'
import type { Board } from './board.ts'
import { Id } from './common.ts'

const flag = (description: string) =>
  z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description })

/**
 * The board log's filters, as query parameters (the API's and the page's alike). Everything
 * but `ownerId` alone is matched in the function against the board's actions read through
 * its index, a bounded number per request (BOARD_LOG_READ_BOUND).
 */
export const BoardLogFilter = z.strictObject({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => (v ? v : undefined))
    .meta({ description: 'Words that must all appear in the reference or the description (any case)' }),
  ownerId: Id.optional(),
  raisedAt: Id.optional().meta({ description: 'Raised at this meeting' }),
  dueAt: Id.optional().meta({ description: 'Due at this meeting' }),
  overdue: flag('Only overdue actions (past due, or carried forward the board’s threshold or more)'),
  carried: z
    .string()
    .regex(/^(?:[1-9]|1\d|20)$/, 'must be a whole number from 1 to 20')
    .transform(Number)
    .optional()
    .meta({ description: 'Only actions carried forward at least this many times' }),
  exempt: flag('Only exempt actions (true) or only those not exempt (false)'),
})
export type BoardLogFilter = z.infer<typeof BoardLogFilter>

/**
 * At most this many of a board's actions are read for one page of a filtered log (about 1 MB,
 * one DynamoDB Query page): a page may then hold fewer matches than asked, with a cursor to
 * read on, so no request grows with the board.
 */
export const BOARD_LOG_READ_BOUND = 1000

/** Whether the filter needs more than the board's or an owner's index gives in order. */
export function filtersInFunction(f: BoardLogFilter): boolean {
  return (
    f.q !== undefined ||
    f.raisedAt !== undefined ||
    f.dueAt !== undefined ||
    f.overdue !== undefined ||
    f.carried !== undefined ||
    f.exempt !== undefined
  )
}

/** Lower case, accents and punctuation runs folded, so "Deep-dive" finds "deep dive". */
const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}./]+/gu, ' ')
    .trim()

/**
 * Whether an action, as this reader sees it, is in the filtered log. Text is matched on the
 * reader's view, so a redacted exempt action is found by its public wording only.
 */
export function matchesBoardLog(
  a: RedactedAction,
  f: BoardLogFilter,
  ctx: { board: Board; asOf: Date },
): boolean {
  if (f.ownerId !== undefined && !a.ownerIds.includes(f.ownerId)) return false
  if (f.raisedAt !== undefined && a.raisedAtMeetingId !== f.raisedAt) return false
  if (f.dueAt !== undefined && a.dueMeetingId !== f.dueAt) return false
  if (f.carried !== undefined && a.carryCount < f.carried) return false
  if (f.exempt !== undefined && (a.exempt !== null) !== f.exempt) return false
  if (f.overdue !== undefined && (overdueFacts(a, ctx.board, ctx.asOf) !== null) !== f.overdue) return false
  if (f.q !== undefined) {
    const haystack = fold(`${a.ref} ${a.description}`)
    if (
      !fold(f.q)
        .split(' ')
        .every((word) => haystack.includes(word))
    )
      return false
  }
  return true
}
