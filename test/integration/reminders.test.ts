import { describe, expect, it } from 'vitest'
import { sendReminders } from '#shared/usecases/reminders.ts'
import { type Api, mailDomain, meeting, sentEmails, startApi, withStream } from './harness.ts'

/** A fresh table per test: a sweep covers every board in its table. */
async function setup() {
  const api = await startApi()
  const stream = await withStream(api)
  const domain = mailDomain()
  const person = async (initials: string) =>
    (
      await api.post('/people', {
        name: `Owner ${initials}`,
        initials,
        kind: 'person',
        email: `${initials.toLowerCase()}@${domain}`,
      })
    ).body.id as string
  const dt = await person('DT')
  const bs = await person('BS')
  const board = (
    await api.post('/boards', {
      name: 'Performance Accountability Meeting',
      shortName: 'PAM',
      secretariatEmails: [`sec@${domain}`],
    })
  ).body
  const sweep = (at: string) => sendReminders(stream.deps, new Date(at))
  const close = async () => {
    await stream.stop()
    await api.close()
  }
  return { api, board, dt, bs, mail: { dt: `dt@${domain}`, bs: `bs@${domain}` }, sweep, close }
}

const raise = (api: Api, meetingId: string, body: Record<string, unknown>) =>
  api.post(`/meetings/${meetingId}/actions`, body)
const reminders = async (to: string) =>
  (await sentEmails(to)).filter((e) => e.subject.includes('please update'))

describe('owner reminders', () => {
  it('sends one email per owner per window, listing only their actions, and nothing on a rerun', async () => {
    const s = await setup()
    try {
      const raisedAt = await meeting(s.api, s.board.id, '2026-02-24T10:00:00Z')
      const due = await meeting(s.api, s.board.id, '2026-03-24T10:00:00Z')
      await raise(s.api, raisedAt, { itemNumber: 2, description: 'DT first action', ownerIds: [s.dt] })
      await raise(s.api, raisedAt, { itemNumber: 3, description: 'DT second action', ownerIds: [s.dt] })
      await raise(s.api, raisedAt, { itemNumber: 4, description: 'BS action', ownerIds: [s.bs] })
      const proposed = (
        await raise(s.api, raisedAt, {
          itemNumber: 5,
          description: 'BS proposed discharge',
          ownerIds: [s.bs],
        })
      ).body
      const proposal = await s.api.post(`/meetings/${due}/outcomes`, {
        actionId: proposed.id,
        outcome: 'discharged',
        note: 'Done',
      })
      expect(proposal.status).toBe(200)

      const first = await s.sweep('2026-03-17T08:00:00Z')
      expect(first.emails).toBe(2)
      expect((await s.sweep('2026-03-17T08:00:00Z')).emails).toBe(0)
      expect((await s.sweep('2026-03-17T09:00:00Z')).emails).toBe(0)

      const [toDt] = await reminders(s.mail.dt)
      const [toBs] = await reminders(s.mail.bs)
      expect(await reminders(s.mail.dt)).toHaveLength(1)
      expect(await reminders(s.mail.bs)).toHaveLength(1)
      expect(toDt?.subject).toBe('PAM 24 March 2026: 2 actions due – please update')
      expect(toDt?.body.text).toContain('DT first action')
      expect(toDt?.body.text).toContain('DT second action')
      expect(toDt?.body.text).not.toContain('BS action')
      expect(toBs?.body.text).toContain('BS action')
      expect(toBs?.body.text).not.toContain('BS proposed discharge')
      expect(toDt?.attachments[0]?.contentType).toContain('text/calendar')
      expect(toDt?.attachments[0]?.content).toBeDefined()
    } finally {
      await s.close()
    }
  })

  it.each([
    ['spring', '2026-03-31T09:00:00+01:00', '2026-03-24T07:59:00Z', '2026-03-24T08:00:00Z'],
    ['autumn', '2026-10-27T09:00:00Z', '2026-10-20T06:59:00Z', '2026-10-20T07:00:00Z'],
  ])(
    'sends the 7-day reminder at 08:00 local before the first Tuesday after the %s clock change',
    async (_, startsAt, before, at) => {
      const s = await setup()
      try {
        await s.api.patch(`/boards/${s.board.id}`, { reminderDaysBefore: [7] })
        const raisedAt = await meeting(s.api, s.board.id, '2026-01-06T10:00:00Z')
        await meeting(s.api, s.board.id, startsAt)
        await raise(s.api, raisedAt, { itemNumber: 2, description: 'Due after the change', ownerIds: [s.dt] })
        expect((await s.sweep(before)).emails).toBe(0)
        expect((await s.sweep(at)).emails).toBe(1)
      } finally {
        await s.close()
      }
    },
  )

  it('catches up every missed window after a 30-hour outage, and sends nothing for a meeting that started', async () => {
    const s = await setup()
    try {
      const raisedAt = await meeting(s.api, s.board.id, '2026-05-05T10:00:00+01:00')
      // Windows missed between 2026-06-01T05:00Z and 2026-06-02T11:00Z:
      const twoDays = await meeting(s.api, s.board.id, '2026-06-03T10:00:00+01:00') // 2-day window 1 June 08:00 BST
      const sevenDays = await meeting(s.api, s.board.id, '2026-06-09T10:00:00+01:00') // 7-day window 2 June 08:00 BST
      const started = await meeting(s.api, s.board.id, '2026-06-02T10:00:00+01:00') // started during the outage
      await raise(s.api, raisedAt, {
        itemNumber: 2,
        description: 'For the 3 June meeting',
        ownerIds: [s.dt],
        dueMeetingId: twoDays,
      })
      await raise(s.api, raisedAt, {
        itemNumber: 3,
        description: 'For the 9 June meeting',
        ownerIds: [s.dt],
        dueMeetingId: sevenDays,
      })
      await raise(s.api, raisedAt, {
        itemNumber: 4,
        description: 'For the 2 June meeting',
        ownerIds: [s.bs],
        dueMeetingId: started,
      })
      await s.sweep('2026-06-01T04:00:00Z')
      const sentBefore = (await reminders(s.mail.dt)).length
      const sentBeforeBs = (await reminders(s.mail.bs)).length

      const run = await s.sweep('2026-06-02T11:00:00Z')
      const subjects = (await reminders(s.mail.dt))
        .slice(sentBefore)
        .map((e) => e.subject)
        .sort()
      expect(subjects).toEqual([
        'PAM 3 June 2026: 1 action due – please update',
        'PAM 9 June 2026: 2 actions due – please update',
      ])
      // BS's action was due at the meeting that started; it is still due at or before the later two.
      expect(run.emails).toBe(4)
      const toBs = (await reminders(s.mail.bs))
        .slice(sentBeforeBs)
        .map((e) => e.subject)
        .sort()
      expect(toBs).toEqual([
        'PAM 3 June 2026: 1 action due – please update',
        'PAM 9 June 2026: 1 action due – please update',
      ])
      expect((await s.sweep('2026-06-02T12:00:00Z')).emails).toBe(0)
    } finally {
      await s.close()
    }
  })
})
