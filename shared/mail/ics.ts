import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import type { Board } from '../domain/board.ts'
import type { Meeting } from '../domain/meeting.ts'

/**
 * An iCalendar (RFC 5545) event for a meeting, for the reminder's attachment, in UTC. The
 * UID is the meeting's, so a calendar updates the event it already holds rather than
 * adding another; SEQUENCE tells it which of two copies is the later revision.
 */
export function meetingIcs(
  meeting: Meeting,
  board: Pick<Board, 'name' | 'meetingLengthMinutes'>,
  now: Date,
): string {
  const start = new Date(meeting.startsAt)
  const calendar = ical({ prodId: '//Meeting action tracker//EN', method: ICalCalendarMethod.PUBLISH })
  calendar.createEvent({
    id: `${meeting.id}@action-tracker`,
    sequence: meeting.calendarSequence,
    stamp: now,
    start,
    end: new Date(start.getTime() + board.meetingLengthMinutes * 60_000),
    summary: meeting.title,
    description: board.name,
    location: meeting.location,
    status: meeting.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  })
  // RFC 5545 ends every content line with CRLF; ical-generator leaves it off the last one.
  return `${calendar.toString()}\r\n`
}
