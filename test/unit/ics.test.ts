import { describe, expect, it } from 'vitest'
import type { Meeting } from '#shared/domain/meeting.ts'
import { withCalendarSequence } from '#shared/domain/meeting-rules.ts'
import { meetingIcs } from '#shared/mail/ics.ts'
import { aBoard, aMeeting, id } from './factories.ts'
import { contentLines, icsInstant, icsProp, unescapeText } from './ics-reader.ts'

const NOW = new Date('2026-03-01T00:00:00Z')

const changed = (prev: Meeting, change: Partial<Meeting>) =>
  withCalendarSequence(prev, { ...prev, ...change, version: prev.version + 1 })

describe('meetingIcs', () => {
  it('writes one published event in UTC, with CRLF line ends and lines folded at 75 octets', () => {
    // Prepare
    const meeting = aMeeting({ id: id(7), startsAt: '2026-03-31T08:30:00.000Z', title: 'PAM 31 March 2026' })
    const board = aBoard({
      name: 'Performance Accountability Meeting – Office of the Police and Crime Commissioner for Warwickshire',
    })

    // Act
    const ics = meetingIcs(meeting, board, NOW)

    // Assess
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true)
    expect(ics.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true)
    expect(ics).not.toMatch(/[^\r]\n|\r[^\n]/)
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75)
    expect(ics).toContain('\r\n ')
    expect(icsProp(ics, 'METHOD')).toBe('PUBLISH')
    expect(contentLines(ics).get('BEGIN')).toEqual(['VCALENDAR', 'VEVENT'])
    expect(icsProp(ics, 'UID')).toBe(`${id(7)}@action-tracker`)
    expect(icsProp(ics, 'SEQUENCE')).toBe('0')
    expect(icsInstant(icsProp(ics, 'DTSTAMP'))).toBe(NOW.toISOString())
    expect(icsInstant(icsProp(ics, 'DTSTART'))).toBe('2026-03-31T08:30:00.000Z')
    expect(icsInstant(icsProp(ics, 'DTEND'))).toBe('2026-03-31T10:30:00.000Z')
    expect(unescapeText(icsProp(ics, 'SUMMARY'))).toBe('PAM 31 March 2026')
    expect(unescapeText(icsProp(ics, 'DESCRIPTION'))).toBe(board.name)
    expect(icsProp(ics, 'STATUS')).toBe('CONFIRMED')
  })

  it('keeps the UID and raises SEQUENCE when the meeting is moved', () => {
    // Prepare
    const before = aMeeting({ id: id(7), startsAt: '2026-03-31T08:30:00.000Z' })
    const moved = changed(before, { startsAt: '2026-04-07T08:30:00.000Z' })

    // Act
    const [first = '', second = ''] = [before, moved].map((m) => meetingIcs(m, aBoard(), NOW))

    // Assess
    expect(icsProp(second, 'UID')).toBe(icsProp(first, 'UID'))
    expect(Number(icsProp(second, 'SEQUENCE'))).toBeGreaterThan(Number(icsProp(first, 'SEQUENCE')))
    expect(icsInstant(icsProp(second, 'DTSTART'))).toBe('2026-04-07T08:30:00.000Z')
  })

  it('gives the event the meeting’s place and the board’s meeting length, and moves SEQUENCE when the place changes', () => {
    // Prepare
    const board = aBoard({ meetingLengthMinutes: 90 })
    const before = aMeeting({ startsAt: '2026-03-31T08:30:00.000Z', location: 'Leek Wootton' })
    const relocated = changed(before, { location: 'Council House' })
    const nowhere = changed(relocated, { location: null })

    // Act
    const [first, second, third] = [before, relocated, nowhere].map((m) =>
      contentLines(meetingIcs(m, board, NOW)),
    )

    // Assess
    expect(first?.get('DTEND')?.map(icsInstant)).toEqual(['2026-03-31T10:00:00.000Z'])
    expect(first?.get('LOCATION')).toEqual(['Leek Wootton'])
    expect(second?.get('LOCATION')).toEqual(['Council House'])
    expect(third?.has('LOCATION')).toBe(false)
    expect([first, second, third].map((l) => l?.get('SEQUENCE'))).toEqual([['0'], ['1'], ['2']])
  })

  it('marks a cancelled meeting CANCELLED at a higher SEQUENCE, and a reinstated one CONFIRMED higher again', () => {
    // Prepare
    const before = aMeeting()
    const cancelled = changed(before, { status: 'cancelled' })
    const reinstated = changed(cancelled, { status: 'scheduled' })

    // Act
    const events = [before, cancelled, reinstated].map((m) => contentLines(meetingIcs(m, aBoard(), NOW)))

    // Assess
    expect(events.map((l) => l.get('STATUS'))).toEqual([['CONFIRMED'], ['CANCELLED'], ['CONFIRMED']])
    expect(events.map((l) => l.get('SEQUENCE'))).toEqual([['0'], ['1'], ['2']])
  })

  it('escapes commas, semicolons, backslashes and line breaks, so text cannot start a property of its own', () => {
    // Prepare
    const meeting = aMeeting({
      title: 'PAM: estates, budget; C:\\minutes',
      location: 'Room 1, HQ;\r\nATTENDEE:mailto:someone@evil.example',
    })
    const board = aBoard({ name: 'Police, Fire and Crime Panel; Warwickshire' })

    // Act
    const ics = meetingIcs(meeting, board, NOW)

    // Assess
    expect(icsProp(ics, 'SUMMARY')).toBe('PAM: estates\\, budget\\; C:\\\\minutes')
    expect(icsProp(ics, 'LOCATION')).toBe('Room 1\\, HQ\\;\\nATTENDEE:mailto:someone@evil.example')
    expect(unescapeText(icsProp(ics, 'DESCRIPTION'))).toBe(board.name)
    expect(unescapeText(icsProp(ics, 'SUMMARY'))).toBe(meeting.title)
    expect(contentLines(ics).has('ATTENDEE')).toBe(false)
  })
})
