import { Logger } from '@aws-lambda-powertools/logger'
import { describe, expect, it } from 'vitest'
import { handleEmailFeedback } from '#functions/on-email-feedback/handle.ts'
import { hook, hookSesAttempt } from '#infra/local/sdk-hooks.ts'
import { asEventBridgeEvent } from '#infra/local/ses-front.ts'
import { sesEventFixture } from '#test/fixtures/ses-events/index.ts'
import { meeting, raise, sentEmails } from './harness.ts'
import { reminderFixture, reminders } from './reminder-fixture.ts'

const setup = () => reminderFixture()

describe('owner reminders', () => {
  it('sends one email per owner per window, listing only their actions, and nothing on a rerun', async () => {
    const s = await setup()
    try {
      const raisedAt = await meeting(s.api, s.board.id, '2026-02-24T10:00:00Z')
      const due = await meeting(s.api, s.board.id, '2026-03-24T10:00:00Z')
      await raise(s.api, raisedAt, { itemNumber: 2, description: 'DT first action', ownerIds: [s.dt] })
      await raise(s.api, raisedAt, { itemNumber: 3, description: 'DT second action', ownerIds: [s.dt] })
      await raise(s.api, raisedAt, { itemNumber: 4, description: 'BS action', ownerIds: [s.bs] })
      const proposed = await raise(s.api, raisedAt, {
        itemNumber: 5,
        description: 'BS proposed discharge',
        ownerIds: [s.bs],
      })
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
      // Both windows had been open for more than a run's hour: the outage's, caught up now.
      expect(run.caughtUp).toBe(2)
      const toBs = (await reminders(s.mail.bs))
        .slice(sentBeforeBs)
        .map((e) => e.subject)
        .sort()
      expect(toBs).toEqual([
        'PAM 3 June 2026: 1 action due – please update',
        'PAM 9 June 2026: 1 action due – please update',
      ])
      expect(await s.sweep('2026-06-02T12:00:00Z')).toMatchObject({ emails: 0, caughtUp: 0 })
    } finally {
      await s.close()
    }
  })

  it('loses and duplicates nothing when SES throttles 30 % of sends', async () => {
    // Two attempts per email in a run, so some emails are left for the next run as well.
    const s = await reminderFixture({ mail: { maxAttempts: 2 } })
    try {
      const raisedAt = await meeting(s.api, s.board.id, '2026-02-24T10:00:00Z')
      await meeting(s.api, s.board.id, '2026-03-24T10:00:00Z')
      const owners = [s.dt, s.bs]
      for (const initials of ['AA', 'BB', 'CC', 'DD', 'EE', 'FF', 'GG', 'HH'])
        owners.push(await s.person(initials))
      for (const [i, owner] of owners.entries()) {
        await raise(s.api, raisedAt, { itemNumber: i + 1, description: `Action ${i}`, ownerIds: [owner] })
      }
      const random = seeded(7)
      const seen = { calls: 0, throttled: 0 }
      hookSesAttempt(s.stream.mailer.client, 'injectThrottling', () => {
        seen.calls++
        if (random() < 0.3) {
          seen.throttled++
          // What SES answers over the send rate: the message is dropped, not queued.
          throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'ThrottlingException' })
        }
      })

      // The hourly run queues them; what SES refused goes again after the outbox's back-off.
      let t = new Date('2026-03-17T08:00:00Z')
      let run = (await s.sweep(t.toISOString())).outbox
      let retriedRuns = 0
      while (run.retrying > 0 && retriedRuns < 20) {
        retriedRuns++
        t = new Date(t.getTime() + 61 * 60_000)
        run = await s.drainAt(t)
      }
      expect(run.retrying).toBe(0)
      expect(seen.throttled).toBeGreaterThan(0)
      // The mailer's counter sits inside the SDK's retry loop: it sees every throttled attempt.
      expect(s.stream.mailer.takeCounts().throttled).toBe(seen.throttled)
      expect(retriedRuns).toBeGreaterThan(0)
      const domain = s.mail.dt.split('@')[1]
      const sent = (await sentEmails()).filter((e) => e.destination.to[0]?.endsWith(`@${domain}`))
      const perOwner = new Map<string, number>()
      for (const e of sent)
        perOwner.set(e.destination.to.join(), (perOwner.get(e.destination.to.join()) ?? 0) + 1)
      expect(perOwner.size).toBe(owners.length)
      expect([...perOwner.values()].every((n) => n === 1)).toBe(true)
      expect((await s.sweep('2026-03-17T08:00:00Z')).emails).toBe(0)
    } finally {
      await s.close()
    }
  })

  it('keeps to the configured send rate', async () => {
    const s = await reminderFixture({ mail: { maxPerSecond: 20 } })
    try {
      const raisedAt = await meeting(s.api, s.board.id, '2026-02-24T10:00:00Z')
      await meeting(s.api, s.board.id, '2026-03-24T10:00:00Z')
      for (const [i, initials] of ['AA', 'BB', 'CC', 'DD'].entries()) {
        await raise(s.api, raisedAt, {
          itemNumber: i + 1,
          description: 'x',
          ownerIds: [await s.person(initials)],
        })
      }
      const sentAt: number[] = []
      hook(s.stream.mailer.client, 'recordSendTimes', (call, next) => {
        sentAt.push(performance.now())
        return next(call)
      })
      expect((await s.sweep('2026-03-17T08:00:00Z')).emails).toBe(4)
      const gaps = sentAt.slice(1).map((t, i) => t - (sentAt[i] ?? 0))
      // 20 a second: at least 50 ms apart (less a little for timer granularity).
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45)
    } finally {
      await s.close()
    }
  })

  it('sends nothing to an address after a bounce, shows it to the secretariat, and resumes once lifted', async () => {
    const s = await setup()
    try {
      const raisedAt = await meeting(s.api, s.board.id, '2026-02-24T10:00:00Z')
      await meeting(s.api, s.board.id, '2026-03-24T10:00:00Z')
      await raise(s.api, raisedAt, { itemNumber: 2, description: 'DT action', ownerIds: [s.dt] })
      await raise(s.api, raisedAt, { itemNumber: 3, description: 'BS action', ownerIds: [s.bs] })
      const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' })
      const feedback = (event: object) => handleEmailFeedback(event, s.api.deps, logger)
      // SES's bounce as the configuration set's EventBridge destination delivers it.
      const bouncedEvent = sesEventFixture('bounced', { address: s.mail.dt.toUpperCase() })
      const bounced = await feedback(bouncedEvent)
      expect(bounced.suppressed).toBe(1)
      // A transient bounce (a full mailbox) does not suppress.
      await feedback(
        asEventBridgeEvent({
          eventType: 'Bounce',
          bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: s.mail.bs }] },
        }),
      )

      // Both reminders are queued; DT's has nobody left to go to when its time comes.
      expect((await s.sweep('2026-03-17T08:00:00Z')).outbox).toMatchObject({ sent: 1, dropped: 1 })
      expect(await reminders(s.mail.dt)).toHaveLength(0)
      expect(await reminders(s.mail.bs)).toHaveLength(1)

      const listed = await s.api.get('/suppressions', { token: s.api.tokens.chair })
      expect(listed.status).toBe(200)
      expect(listed.body.items).toContainEqual({
        email: s.mail.dt,
        reason: 'bounce',
        detail: 'Permanent/General',
        at: bouncedEvent.detail.bounce.timestamp,
        messageId: bouncedEvent.detail.mail.messageId,
      })
      expect(listed.body.items.map((x: { email: string }) => x.email)).not.toContain(s.mail.bs)

      expect((await s.api.post('/suppressions/lift', { email: s.mail.dt })).status).toBe(204)
      expect((await s.api.post('/suppressions/lift', { email: s.mail.dt })).status).toBe(404)
      // Once lifted, DT gets the next window's reminder (one per run, the latest window).
      expect((await s.sweep('2026-03-22T08:00:00Z')).outbox).toMatchObject({ sent: 2 })
      expect(await reminders(s.mail.dt)).toHaveLength(1)

      // A complaint suppresses too.
      await feedback(sesEventFixture('complained', { address: s.mail.bs }))
      const after = await s.api.get('/suppressions')
      expect(after.body.items).toContainEqual(
        expect.objectContaining({ email: s.mail.bs, reason: 'complaint', detail: 'abuse' }),
      )
      await expect(feedback(asEventBridgeEvent({ eventType: 'Bounce' }))).rejects.toThrow(
        'not an SES notification',
      )
      // Nor is an SNS message, the shape this function took before EventBridge.
      await expect(
        feedback({ Records: [{ Sns: { MessageId: 'm', Message: JSON.stringify(bouncedEvent.detail) } }] }),
      ).rejects.toThrow('not an SES event from EventBridge')
    } finally {
      await s.close()
    }
  })
})

/** A small deterministic generator, so the throttled calls are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
