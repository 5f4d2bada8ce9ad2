import type { Meeting, MeetingStatus } from './meeting.ts'
import { isoDateIn } from './time.ts'

/** Status moves a secretariat may make by PATCH. minutes-approved has its own route. */
const PATCH_TRANSITIONS: Record<MeetingStatus, readonly MeetingStatus[]> = {
  scheduled: ['held', 'cancelled'],
  held: ['scheduled'],
  cancelled: ['scheduled'],
  'minutes-approved': [],
}

export function canPatchStatus(from: MeetingStatus, to: MeetingStatus): boolean {
  return from === to || PATCH_TRANSITIONS[from].includes(to)
}

/**
 * `next` with the SEQUENCE its calendar event should carry. It grows when the event is
 * revised in a way that may change who can come (RFC 5546 §2.1.4): a new start or place,
 * a cancellation or a reinstatement. A new title or attendance list is not such a
 * revision; calendars take those from the later DTSTAMP of an event at the same SEQUENCE.
 */
export function withCalendarSequence(prev: Meeting, next: Meeting): Meeting {
  const revised =
    next.startsAt !== prev.startsAt ||
    next.location !== prev.location ||
    (next.status === 'cancelled') !== (prev.status === 'cancelled')
  return { ...next, calendarSequence: prev.calendarSequence + (revised ? 1 : 0) }
}

/**
 * Why the minutes of `meeting` cannot be approved now, or null if they can. A meeting the
 * secretariat forgot to mark as held still counts once it has started. Dates are compared
 * as calendar days in the board's time zone.
 */
export function minutesApprovalBlocker(
  meeting: Meeting,
  approvedOn: string,
  now: Date,
  timeZone: string,
): string | null {
  if (meeting.status === 'minutes-approved') return 'the minutes of this meeting are already approved'
  if (meeting.status === 'cancelled') return 'the meeting was cancelled'
  if (new Date(meeting.startsAt) > now) return 'the meeting has not started yet'
  if (approvedOn < isoDateIn(new Date(meeting.startsAt), timeZone)) {
    return 'minutes cannot be approved before the meeting took place'
  }
  if (approvedOn > isoDateIn(now, timeZone)) return 'approvedOn is in the future'
  return null
}

/**
 * What is wrong with the signing dates of an approval: a signatory signs on or after the
 * meeting's day and not later than today, board-local; each issue names its row's field.
 */
export function signatoryIssues(
  meeting: Pick<Meeting, 'startsAt'>,
  signedOn: readonly string[],
  now: Date,
  timeZone: string,
): { path: string; message: string }[] {
  const held = isoDateIn(new Date(meeting.startsAt), timeZone)
  const today = isoDateIn(now, timeZone)
  return signedOn.flatMap((on, i) => {
    const path = `signatories.${i}.signedOn`
    if (on < held) return [{ path, message: 'must not be before the meeting took place' }]
    if (on > today) return [{ path, message: 'must not be in the future' }]
    return []
  })
}

/** Whether outcomes may still be recorded at this meeting. */
export function acceptsOutcomes(meeting: Meeting): boolean {
  return meeting.status === 'scheduled' || meeting.status === 'held'
}

/** Whether a meeting can be the due meeting of an action. */
export function canBeDueMeeting(meeting: Meeting): boolean {
  return meeting.status === 'scheduled'
}

/**
 * What is wrong with an attendance list: each entry must name one of the board's members or
 * one of the meeting's guests. Entries the meeting already named stay valid (minutes
 * recorded before members existed, or of someone since taken off the board). A board with no
 * members yet takes anyone in the directory, as before there were members.
 */
export function attendanceIssues(
  attendance: readonly { personId: string; status?: string; representedBy?: string | null }[],
  allowed: { memberIds: readonly string[]; guestIds: readonly string[]; alreadyNamed: readonly string[] },
): { path: string; message: string }[] {
  const ok = new Set([...allowed.memberIds, ...allowed.guestIds, ...allowed.alreadyNamed])
  const invited = (id: string) => allowed.memberIds.length === 0 || ok.has(id)
  return attendance.flatMap((a, i) => [
    ...(invited(a.personId)
      ? []
      : [
          {
            path: `attendance.${i}.personId`,
            message: `${a.personId} is neither a member of the board nor a guest at this meeting (add them to guestIds)`,
          },
        ]),
    ...(a.representedBy && a.status !== 'apologies'
      ? [{ path: `attendance.${i}.representedBy`, message: 'only someone who sent apologies is represented' }]
      : []),
    ...(a.representedBy && !invited(a.representedBy)
      ? [
          {
            path: `attendance.${i}.representedBy`,
            message: `${a.representedBy} is neither a member of the board nor a guest at this meeting (add them to guestIds)`,
          },
        ]
      : []),
  ])
}
