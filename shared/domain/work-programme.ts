import * as z from 'zod'
import {
  type Action,
  ActionKind,
  ActionStatus,
  actionInputFields,
  Exemption,
  type HistoryEntry,
  type LastReport,
  ONE_OWNER_FORM,
  oneOwnerForm,
} from './action.ts'
import { Id, IsoDate, perRow, prose, singleLine, Version } from './common.ts'
import type { Meeting } from './meeting.ts'
import { canBeDueMeeting } from './meeting-rules.ts'
import { isoDateIn } from './time.ts'

/**
 * The Panel's work programme (issue 17, DESIGN §4b): reports asked of the Commissioner, standing
 * items, items to be timetabled and briefing notes, held as actions of their own kind so that
 * reminders, history, the log and rollover apply to them. Its rules live here, as pure functions.
 */
export const WorkProgrammeKind = ActionKind.exclude(['action'])
export type WorkProgrammeKind = z.infer<typeof WorkProgrammeKind>

export const isWorkProgramme = (a: Pick<Action, 'kind'>): boolean => a.kind !== 'action'

/**
 * Whether an open item stays out of the due-ordered index of open actions (GSI2): a standing
 * item is due nowhere, and an item to be timetabled must not be taken for one waiting for the
 * next meeting (a new meeting would adopt it). A report carried forward with no later meeting
 * does wait (`waitingAfter`), as an action does, and stays in.
 */
export function outsideDueIndex(a: Pick<Action, 'kind' | 'dueMeetingId' | 'waitingAfter'>): boolean {
  if (a.kind === 'action') return false
  return a.kind === 'standing' || (a.dueMeetingId === null && a.waitingAfter === null)
}

/** An item to be timetabled: a report or briefing note open with no meeting and not waiting for one. */
export const isToBeTimetabled = (a: Action): boolean =>
  (a.kind === 'report' || a.kind === 'briefing') &&
  a.status === 'open' &&
  a.dueMeetingId === null &&
  a.waitingAfter === null

/** Up to this many items in one call: more than any programme holds. */
export const MAX_ITEMS_PER_CALL = 100

const DUE_EITHER = 'give the meeting it is due at (dueMeetingId) or toBeTimetabled: true'

export const WorkProgrammeItemInput = z
  .strictObject({
    kind: WorkProgrammeKind.default('report'),
    title: singleLine(200).meta({ example: 'Repeat Victimisation' }),
    detail: prose(3000)
      .optional()
      .meta({ example: 'The Panel requests that the PCC bring a report on Repeat Victimisation' }),
    ownerIds: actionInputFields.ownerIds.optional(),
    owners: actionInputFields.owners.optional(),
    dueMeetingId: Id.optional().meta({
      description: 'The meeting it is due at (reports and briefing notes)',
    }),
    toBeTimetabled: z.literal(true).optional().meta({ description: 'Due at no meeting yet' }),
    requestedAtMeetingId: Id.optional().meta({
      description: 'The meeting that asked for it; defaults to the call’s requestedAtMeetingId',
    }),
    lastReportedOn: IsoDate.optional().meta({ description: 'Date of last report, from before the tool' }),
    exempt: actionInputFields.exempt.optional(),
    notifyOwners: actionInputFields.notifyOwners.optional(),
  })
  .refine(oneOwnerForm, ONE_OWNER_FORM)
  .refine((v) => v.ownerIds !== undefined || v.owners !== undefined, {
    message: 'give the owners, as ownerIds or as owners ("PCC")',
    path: ['owners'],
  })
  .superRefine((v, ctx) => {
    const due = v.dueMeetingId !== undefined
    const later = v.toBeTimetabled === true
    if (v.kind === 'standing' && (due || later))
      ctx.addIssue({
        code: 'custom',
        path: ['dueMeetingId'],
        message: 'a standing item is taken at every meeting: give no due meeting',
      })
    if (v.kind !== 'standing' && due === later)
      ctx.addIssue({ code: 'custom', path: ['dueMeetingId'], message: DUE_EITHER })
  })
export type WorkProgrammeItemInput = z.infer<typeof WorkProgrammeItemInput>

export const AddWorkProgrammeInput = z.strictObject({
  requestedAtMeetingId: Id.optional().meta({
    description: 'The meeting that asked for the items (each row may name its own)',
  }),
  items: z.array(perRow(WorkProgrammeItemInput)).min(1).max(MAX_ITEMS_PER_CALL).meta({
    description:
      'Each row is validated and added on its own: a row that fails is not written, the others are',
  }),
})
export type AddWorkProgrammeInput = z.infer<typeof AddWorkProgrammeInput>

export const WorkProgrammeOutcome = z.enum(['taken', 'deferred', 'brought-forward'])
export type WorkProgrammeOutcome = z.infer<typeof WorkProgrammeOutcome>

export const RecordItemInput = z
  .strictObject({
    meetingId: Id.meta({ description: 'The meeting at which it was taken, deferred or brought forward' }),
    outcome: WorkProgrammeOutcome,
    nextMeetingId: Id.optional().meta({
      description:
        'Taken: the later meeting it is timetabled for again (else it closes); deferred: the later meeting; brought forward: the earlier one',
    }),
    toBeTimetabled: z
      .literal(true)
      .optional()
      .meta({ description: 'Taken or deferred: due at no meeting yet' }),
    note: prose(2000).optional(),
    version: Version.optional().meta({ description: 'The version you read: a stale one is a 409' }),
  })
  .refine((v) => v.nextMeetingId === undefined || v.toBeTimetabled === undefined, {
    message: 'give nextMeetingId or toBeTimetabled, not both',
    path: ['nextMeetingId'],
  })
export type RecordItemInput = z.infer<typeof RecordItemInput>

export type Problem = { path: string; message: string }
/** A refusal: a field at fault (400), or a state that forbids it (409). */
export type RecordRefusal = { problem: Problem; conflict: boolean }

const bad = (path: string, message: string): RecordRefusal => ({
  problem: { path, message },
  conflict: false,
})

/**
 * Why `input` cannot be recorded for `item` at `at` (with `next` the meeting its nextMeetingId
 * names, already read), or null if it can.
 */
export function recordRefusal(
  item: Action,
  at: Meeting,
  next: Meeting | null,
  input: Pick<RecordItemInput, 'outcome' | 'nextMeetingId' | 'toBeTimetabled'>,
): RecordRefusal | null {
  if (item.status !== 'open')
    return { problem: { path: 'outcome', message: 'the item is already closed' }, conflict: true }
  if (at.boardId !== item.boardId) return bad('meetingId', 'the meeting belongs to another board')
  if (at.status === 'cancelled') return bad('meetingId', 'the meeting was cancelled')
  const moves = input.nextMeetingId !== undefined || input.toBeTimetabled === true
  if (item.kind === 'standing') {
    if (input.outcome !== 'taken')
      return bad('outcome', 'a standing item is taken at every meeting: record it as taken')
    if (moves) return bad('nextMeetingId', 'a standing item is due at every meeting: give no next meeting')
    return null
  }
  if (input.nextMeetingId !== undefined) {
    if (!next) return bad('nextMeetingId', `no meeting ${input.nextMeetingId}`)
    if (next.boardId !== item.boardId) return bad('nextMeetingId', 'the meeting belongs to another board')
    if (!canBeDueMeeting(next)) return bad('nextMeetingId', `the meeting is ${next.status}`)
  }
  switch (input.outcome) {
    case 'taken':
      if (next && next.startsAt <= at.startsAt)
        return bad('nextMeetingId', 'an item taken is timetabled again for a later meeting')
      return null
    case 'deferred':
      if (!moves)
        return bad('nextMeetingId', 'give the later meeting it is deferred to, or toBeTimetabled: true')
      if (next && next.startsAt <= (item.dueMeetingStartsAt ?? at.startsAt))
        return bad('nextMeetingId', 'an item is deferred to a meeting after the one it was due at')
      if (next && next.startsAt <= at.startsAt)
        return bad('nextMeetingId', 'an item is deferred to a meeting after this one')
      return null
    case 'brought-forward':
      if (!next) return bad('nextMeetingId', 'give the earlier meeting it is brought forward to')
      if (item.dueMeetingStartsAt !== null && next.startsAt >= item.dueMeetingStartsAt)
        return bad('nextMeetingId', 'an item is brought forward to a meeting before the one it was due at')
      if (next.startsAt < at.startsAt)
        return bad('nextMeetingId', 'an item cannot be brought forward to a meeting before this one')
      return null
  }
}

/**
 * The item's next state once `input` is recorded at `at` (refusals checked first): taken moves
 * its date of last report to the meeting (in the board's zone) and closes it, or timetables it
 * again afresh (carry count back to 0, as a new request); deferred and brought forward move
 * its due meeting. A standing item taken keeps everything but its last report.
 */
export function recorded(
  item: Action,
  at: Meeting,
  next: Meeting | null,
  input: Pick<RecordItemInput, 'outcome' | 'toBeTimetabled' | 'note'>,
  timeZone: string,
): Partial<Action> {
  const due = next
    ? { dueMeetingId: next.id, dueMeetingStartsAt: next.startsAt, waitingAfter: null }
    : { dueMeetingId: null, dueMeetingStartsAt: null, waitingAfter: null }
  if (input.outcome !== 'taken') return { ...due, proposedOutcome: null }
  const on = isoDateIn(new Date(at.startsAt), timeZone)
  const lastReport: LastReport = { meetingId: at.id, on }
  if (item.kind === 'standing') return { lastReport }
  if (next || input.toBeTimetabled) return { lastReport, ...due, carryCount: 0, proposedOutcome: null }
  return {
    lastReport,
    status: 'discharged',
    proposedOutcome: null,
    discharge: { meetingId: at.id, note: input.note ?? 'Taken', on },
  }
}

/**
 * The date of last report as the history tells it: the last change that set it (a `taken`
 * entry, or the creation with a date from before the tool). The stored `lastReport` is this,
 * kept on the item so lists need not read every history.
 */
export function lastReportOf(history: readonly HistoryEntry[]): LastReport | null {
  for (const h of [...history].sort((a, b) => b.version - a.version)) {
    const change = h.changes?.lastReport
    if (change) return (change.to as LastReport | null) ?? null
  }
  return null
}

/** A work-programme item as the API answers it. */
export const WorkProgrammeItem = z.object({
  id: Id,
  ref: z.string(),
  kind: WorkProgrammeKind,
  title: z
    .string()
    .meta({ description: 'For a reader who may not see an exempt item: its exemption wording' }),
  detail: z.string().nullable(),
  ownerIds: z.array(Id),
  requestedAtMeetingId: Id.meta({ description: 'The meeting that asked for it' }),
  dueMeeting: z.object({ id: Id, startsAt: z.string() }).nullable(),
  toBeTimetabled: z.boolean(),
  lastReportedAt: z.string().nullable().meta({
    description: 'Date of last report (ISO calendar date, the board’s zone), from its history',
    example: '2020-01-22',
  }),
  lastReportMeetingId: Id.nullable(),
  carryCount: z.number().int(),
  status: ActionStatus,
  exempt: Exemption.nullable(),
  redacted: z.boolean(),
  version: Version,
})
export type WorkProgrammeItem = z.infer<typeof WorkProgrammeItem>

export function workProgrammeItem(a: Action & { redacted: boolean }): WorkProgrammeItem {
  return {
    id: a.id,
    ref: a.ref,
    kind: a.kind === 'action' ? 'report' : a.kind,
    title: a.title ?? a.description,
    detail: a.detail,
    ownerIds: a.ownerIds,
    requestedAtMeetingId: a.raisedAtMeetingId,
    dueMeeting: a.dueMeetingId ? { id: a.dueMeetingId, startsAt: a.dueMeetingStartsAt ?? '' } : null,
    toBeTimetabled: a.kind !== 'standing' && a.dueMeetingId === null && a.waitingAfter === null,
    lastReportedAt: a.lastReport?.on ?? null,
    lastReportMeetingId: a.lastReport?.meetingId ?? null,
    carryCount: a.carryCount,
    status: a.status,
    exempt: a.redacted ? null : a.exempt,
    redacted: a.redacted,
    version: a.version,
  }
}

/** What every list, log and email shows of an item: its title, then its detail. */
export const itemDescription = (title: string, detail: string | null | undefined): string =>
  detail ? `${title} – ${detail}` : title
