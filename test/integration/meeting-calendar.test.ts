import { describe, expect, it } from 'vitest'
import { contentLines, icsInstant, icsProp, unescapeText } from '#test/unit/ics-reader.ts'
import { meeting, raise } from './harness.ts'
import { reminderFixture, reminders } from './reminder-fixture.ts'

describe('the meeting’s calendar event', () => {
  it('gets a higher SEQUENCE when the meeting moves, not for attendance or a new title, and the reminder’s .ics says so', async () => {
    // Prepare
    const s = await reminderFixture()
    try {
      const raisedAt = await meeting(s.api, s.board.id, '2026-02-24T10:00:00Z')
      const due = await meeting(s.api, s.board.id, '2026-03-24T10:00:00Z')
      await raise(s.api, raisedAt, { itemNumber: 2, description: 'Estates update', ownerIds: [s.dt] })
      const sequence = async () => (await s.api.get(`/meetings/${due}`)).body.calendarSequence

      // Act
      const created = await sequence()
      const moved = await s.api.patch(`/meetings/${due}`, { startsAt: '2026-03-31T10:00:00+01:00' })
      const attended = await s.api.patch(`/meetings/${due}`, {
        attendance: [{ personId: s.dt, status: 'present' }],
      })
      const retitled = await s.api.patch(`/meetings/${due}`, { title: 'PAM (rearranged)' })
      const forged = await s.api.patch(`/meetings/${due}`, { calendarSequence: 0 })
      const tooShort = await s.api.patch(`/boards/${s.board.id}`, { meetingLengthMinutes: 5 })
      const lengthSet = await s.api.patch(`/boards/${s.board.id}`, { meetingLengthMinutes: 90 })
      const run = await s.sweep('2026-03-24T08:00:00Z')

      // Assess
      expect(created).toBe(0)
      expect(moved).toMatchObject({ status: 200, body: { calendarSequence: 1 } })
      expect(attended).toMatchObject({ status: 200, body: { calendarSequence: 1 } })
      expect(retitled).toMatchObject({ status: 200, body: { calendarSequence: 1 } })
      expect(await sequence()).toBe(1)
      expect(forged.status).toBe(400)
      expect(tooShort.status).toBe(400)
      expect(tooShort.body.issues.map((i: { path: string }) => i.path)).toEqual(['meetingLengthMinutes'])
      expect(lengthSet).toMatchObject({ status: 200, body: { meetingLengthMinutes: 90 } })
      expect(run.emails).toBe(1)
      const [email] = await reminders(s.mail.dt)
      const attachment = email?.attachments[0]
      expect(attachment?.contentType).toContain('text/calendar')
      // The SES emulator keeps attachments base64-encoded.
      const ics = Buffer.from(attachment?.content ?? '', 'base64').toString('utf8')
      expect(icsProp(ics, 'UID')).toBe(`${due}@action-tracker`)
      expect(icsProp(ics, 'SEQUENCE')).toBe('1')
      expect(icsInstant(icsProp(ics, 'DTSTART'))).toBe('2026-03-31T09:00:00.000Z')
      expect(icsInstant(icsProp(ics, 'DTEND'))).toBe('2026-03-31T10:30:00.000Z')
      expect(unescapeText(icsProp(ics, 'SUMMARY'))).toBe('PAM (rearranged)')
      expect(contentLines(ics).get('LOCATION')).toEqual(['HQ'])
    } finally {
      await s.close()
    }
  })

  it('gets a higher SEQUENCE when the meeting changes place or is cancelled, and again when reinstated', async () => {
    // Prepare
    const s = await reminderFixture()
    try {
      const m = await meeting(s.api, s.board.id, '2026-05-05T10:00:00+01:00')

      // Act
      const relocated = await s.api.patch(`/meetings/${m}`, { location: 'Council House' })
      const sameAgain = await s.api.patch(`/meetings/${m}`, { location: 'Council House' })
      const cancelled = await s.api.patch(`/meetings/${m}`, { status: 'cancelled' })
      const reinstated = await s.api.patch(`/meetings/${m}`, { status: 'scheduled' })

      // Assess
      expect([relocated, sameAgain, cancelled, reinstated].map((r) => r.status)).toEqual([200, 200, 200, 200])
      expect([relocated, sameAgain, cancelled, reinstated].map((r) => r.body.calendarSequence)).toEqual([
        1, 1, 2, 3,
      ])
    } finally {
      await s.close()
    }
  })
})
