import type { Board } from '../domain/board.ts'
import type { Meeting } from '../domain/meeting.ts'

/** Meetings without a set length are entered in calendars as two hours. */
const DEFAULT_LENGTH_MS = 2 * 3600_000

/**
 * An iCalendar (RFC 5545) event for a meeting, for the reminder's attachment: UTC times,
 * escaped text, CRLF line ends and lines folded at 75 octets.
 */
export function meetingIcs(meeting: Meeting, board: Pick<Board, 'name'>, now: Date): string {
  const start = new Date(meeting.startsAt)
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Meeting action tracker//EN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${meeting.id}@action-tracker`,
    `DTSTAMP:${icsTime(now)}`,
    `DTSTART:${icsTime(start)}`,
    `DTEND:${icsTime(new Date(start.getTime() + DEFAULT_LENGTH_MS))}`,
    `SUMMARY:${icsText(meeting.title)}`,
    `DESCRIPTION:${icsText(board.name)}`,
    ...(meeting.location ? [`LOCATION:${icsText(meeting.location)}`] : []),
    `STATUS:${meeting.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return `${lines.map(fold).join('\r\n')}\r\n`
}

function icsTime(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
}

/** Folds a content line at 75 octets without splitting a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = []
  let current = ''
  for (const ch of line) {
    const limit = out.length === 0 ? 75 : 74
    if (Buffer.byteLength(current + ch) > limit) {
      out.push(current)
      current = ''
    }
    current += ch
  }
  out.push(current)
  return out.join('\r\n ')
}
