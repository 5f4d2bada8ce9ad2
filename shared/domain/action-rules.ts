import {
  type Action,
  type ActionUpdate,
  MAX_INLINE_UPDATE_BYTES,
  MAX_INLINE_UPDATES,
  type OutcomeRow,
  type RedactedAction,
} from './action.ts'
import type { Board } from './board.ts'
import type { Meeting } from './meeting.ts'
import { daysBetween, isoDateIn } from './time.ts'

/** Sort key for "due": the due meeting's start; actions awaiting a meeting sort last. */
export const AWAITING_MEETING = '~awaiting'

export function dueSortKey(action: Pick<Action, 'dueMeetingStartsAt'>): string {
  return action.dueMeetingStartsAt ?? AWAITING_MEETING
}

/** Actions Arising at `meeting`: open, of its board, due at it or at an earlier meeting. */
export function isArisingAt(action: Action, meeting: Meeting): boolean {
  return (
    action.status === 'open' &&
    action.boardId === meeting.boardId &&
    action.dueMeetingStartsAt !== null &&
    action.dueMeetingStartsAt <= meeting.startsAt
  )
}

/**
 * Due at `meeting` in the sense owners and the chair care about: arising there and not
 * already proposed for discharge (that one only waits for the minutes' approval). The
 * owner reminders list these; the chair's summary counts them.
 */
export function isDueAt(action: Action, meeting: Meeting): boolean {
  return isArisingAt(action, meeting) && action.proposedOutcome?.outcome !== 'discharged'
}

/** Why an outcome cannot be proposed for `action` at `meeting`, or null if it can. */
export function outcomeBlocker(action: Action, meeting: Meeting): string | null {
  if (action.boardId !== meeting.boardId) return 'the action belongs to another board'
  if (action.status !== 'open') return notOpen(action)
  if (!isArisingAt(action, meeting)) return 'the action is not due at or before this meeting'
  return null
}

/** Why a closed action cannot change, in words. */
export function notOpen(action: Pick<Action, 'status'>): string {
  return action.status === 'withdrawn' ? 'the action was withdrawn' : 'the action is already discharged'
}

/** What a decision among many lacks, as the field and what to do; null if nothing. */
export function outcomeRowProblem(row: Pick<OutcomeRow, 'outcome' | 'note'>): {
  path: string
  message: string
} | null {
  if (row.outcome === 'discharged' && !row.note) return { path: 'note', message: 'enter a discharge note' }
  return null
}

/**
 * "Carry forward everything not decided": the actions arising at the meeting that the list
 * leaves out and that have no decision of this meeting yet, in the order given.
 */
export function undecidedArising(
  arising: readonly Action[],
  meeting: Meeting,
  listed: ReadonlySet<string>,
): Action[] {
  return arising.filter(
    (a) => isArisingAt(a, meeting) && !listed.has(a.id) && a.proposedOutcome?.meetingId !== meeting.id,
  )
}

/** Why an action cannot be withdrawn, or null: only open work can be, and only once. */
export function withdrawBlocker(action: Pick<Action, 'status'>): string | null {
  if (action.status === 'withdrawn') return 'the action is already withdrawn'
  if (action.status === 'discharged') return 'a discharged action cannot be withdrawn'
  return null
}

/** Whether an action shows in logs, lists and emails: everything but what was withdrawn. */
export const isShown = (action: Pick<Action, 'status'>): boolean => action.status !== 'withdrawn'

export type OverdueFacts = { pastDue: boolean; carriedTooOften: boolean; ageDays: number }

/**
 * The chair's overdue rule: an open action past its due date (its own date if it has one,
 * else its due meeting's start) or carried forward at least the board's threshold. An
 * action the meeting already proposed to discharge is not chased.
 */
export function overdueFacts(action: Action, board: Board, now: Date): OverdueFacts | null {
  if (action.status !== 'open' || action.proposedOutcome?.outcome === 'discharged') return null
  const pastDue =
    action.dueDate !== null
      ? action.dueDate < isoDateIn(now, board.timeZone)
      : action.dueMeetingStartsAt !== null && action.dueMeetingStartsAt <= now.toISOString()
  const carriedTooOften = action.carryCount >= board.overdueCarryThreshold
  if (!pastDue && !carriedTooOften) return null
  return { pastDue, carriedTooOften, ageDays: daysBetween(new Date(action.raisedAt), now) }
}

/**
 * Open-version view of an exempt action: the public wording stands in for the description
 * and notes, and updates are dropped altogether (even their count and dates say something).
 */
export function redact(action: Action): RedactedAction {
  if (!action.exempt) return { ...action, redacted: false }
  const wording = action.exempt.publicWording
  return {
    ...action,
    description: wording,
    // The agenda item's title can say as much as the text: not for publication either.
    itemTitle: null,
    // A work-programme item's title and detail are its text too.
    title: action.title === null ? null : wording,
    detail: null,
    updates: [],
    proposedOutcome: action.proposedOutcome && { ...action.proposedOutcome, note: wording },
    discharge: action.discharge && { ...action.discharge, note: wording },
    withdrawal: action.withdrawal && { ...action.withdrawal, reason: wording },
    redacted: true,
  }
}

/** The day an update is dated by: the day recorded for one typed later, else the board's day it was typed. */
export const updateDay = (u: Pick<ActionUpdate, 'at' | 'givenOn'>, timeZone: string): string =>
  u.givenOn ?? isoDateIn(new Date(u.at), timeZone)

/** When an update was given: the day recorded for it, else (near enough) the day it was typed. */
const givenDay = (u: ActionUpdate) => u.givenOn ?? u.at.slice(0, 10)

/**
 * Adds an update in the order updates were given, not typed (one the secretariat types later
 * for its owner, dated at the meeting, goes before those posted since, so the last is the
 * latest word everywhere), dropping the oldest inline ones past the count or byte budget.
 */
export function withUpdate(updates: readonly ActionUpdate[], update: ActionUpdate): ActionUpdate[] {
  // Only an update dated when it was given is placed; one typed now is the latest word.
  const at = update.givenOn
    ? updates.findLastIndex((u) => givenDay(u) <= givenDay(update))
    : updates.length - 1
  const ordered = [...updates.slice(0, at + 1), update, ...updates.slice(at + 1)]
  const kept: ActionUpdate[] = []
  let bytes = 0
  for (const u of ordered.reverse()) {
    bytes += Buffer.byteLength(JSON.stringify(u))
    if (kept.length >= MAX_INLINE_UPDATES || (bytes > MAX_INLINE_UPDATE_BYTES && kept.length > 0)) break
    kept.unshift(u)
  }
  return kept
}

/** Field-by-field changes between two versions, for the history. */
export function changedFields<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const f of fields) {
    if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) changes[f] = { from: before[f], to: after[f] }
  }
  return changes
}

/**
 * What is wrong with the day an update was given: not before the action was raised and not
 * after today, both board-local; null if nothing.
 */
export function givenOnProblem(
  givenOn: string,
  action: Pick<Action, 'raisedAt'>,
  now: Date,
  timeZone: string,
): string | null {
  const raised = isoDateIn(new Date(action.raisedAt), timeZone)
  if (givenOn < raised) return `must not be before the action was raised (${raised})`
  if (givenOn > isoDateIn(now, timeZone)) return 'must not be in the future'
  return null
}

/** Whether someone with these relations answers for the action: an owner, a member of an owning team, or a deputy. */
export function answersFor(
  action: Pick<Action, 'ownerIds'>,
  personId: string,
  relations: { teamIds: readonly string[]; deputisesFor: readonly string[] },
): boolean {
  const acting = new Set([personId, ...relations.teamIds, ...relations.deputisesFor])
  return action.ownerIds.some((o) => acting.has(o))
}
