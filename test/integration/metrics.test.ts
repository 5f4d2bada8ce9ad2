import { Logger } from '@aws-lambda-powertools/logger'
import { marshall } from '@aws-sdk/util-dynamodb'
import { describe, expect, it } from 'vitest'
import { handleTableChanges } from '#functions/on-table-change/handle.ts'
import { handleOutboxSweep } from '#functions/send-emails/handle.ts'
import { handleReminderTick } from '#functions/send-reminders/handle.ts'
import { hookSesAttempt } from '#infra/local/sdk-hooks.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import { createMetrics, METRICS_NAMESPACE } from '#shared/metrics.ts'
import { meeting, raise } from './harness.ts'
import { reminderFixture } from './reminder-fixture.ts'

const logger = new Logger({ serviceName: 'metrics-test', logLevel: 'SILENT' })

/** The EMF document the run would write to its log: the metric names declared, and their values. */
function emf(metrics: ReturnType<typeof createMetrics>) {
  const doc = metrics.serializeMetrics() as unknown as {
    _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string; Unit: string }[] }[] }
  } & Record<string, unknown>
  const declared = doc._aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m) => `${d.Namespace}/${m.Name}`))
  return { declared, value: (name: string) => doc[name] }
}

describe('the functions’ metrics (Powertools EMF)', () => {
  it('count a reminder run’s emails sent, throttled and failed, and the windows it caught up', async () => {
    const s = await reminderFixture({ mail: { maxAttempts: 2 } })
    try {
      const raisedAt = await meeting(s.api, s.board.id, '2026-02-24T10:00:00Z')
      await meeting(s.api, s.board.id, '2026-03-24T10:00:00Z')
      await raise(s.api, raisedAt, { itemNumber: 2, description: 'DT action', ownerIds: [s.dt] })
      await raise(s.api, raisedAt, { itemNumber: 3, description: 'BS action', ownerIds: [s.bs] })
      // DT's first attempt is throttled (the SDK retries it); BS's both are, so it is left for the next run.
      let dtAttempts = 0
      hookSesAttempt(s.stream.mailer.client, 'throttle', (input) => {
        const to = input.Destination?.ToAddresses?.[0]
        if ((to === s.mail.dt && dtAttempts++ === 0) || to === s.mail.bs)
          throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'ThrottlingException' })
      })
      const metrics = createMetrics('metrics-test')
      // The 7-day window opened at 08:00 on 17 March; at 10:00 it is caught up: both queued.
      s.clock.now = new Date('2026-03-17T10:00:00Z')
      await handleReminderTick({ time: s.clock.now.toISOString() }, s.stream.deps, logger, metrics)
      const queued = emf(metrics)
      expect(queued.value('EmailsQueued')).toBe(2)
      expect(queued.value('ReminderWindowsCaughtUp')).toBe(1)
      expect(queued.value('SweepFailures')).toBeUndefined()
      metrics.clearMetrics()

      // The outbox sends them: DT's goes on the SDK's retry, BS's is left for after the back-off.
      await handleOutboxSweep({ time: s.clock.now.toISOString() }, s.stream.deps, logger, metrics)
      const run = emf(metrics)
      expect(run.declared).toEqual(
        expect.arrayContaining([
          `${METRICS_NAMESPACE}/EmailsSent`,
          `${METRICS_NAMESPACE}/EmailsFailed`,
          `${METRICS_NAMESPACE}/EmailsThrottled`,
          `${METRICS_NAMESPACE}/EmailsRetried`,
        ]),
      )
      expect(run.value('EmailsSent')).toBe(1)
      expect(run.value('EmailsThrottled')).toBe(3)
      expect(run.value('EmailsFailed')).toBe(1)
      expect(run.value('EmailsRetried')).toBe(1)
      expect(run.value('EmailsGivenUp')).toBeUndefined()
      metrics.clearMetrics()

      s.stream.mailer.client.middlewareStack.remove('throttle')
      s.clock.now = new Date('2026-03-17T10:02:00Z')
      await handleOutboxSweep({ time: s.clock.now.toISOString() }, s.stream.deps, logger, metrics)
      const retry = emf(metrics)
      expect(retry.value('EmailsSent')).toBe(1)
      expect(retry.value('EmailsThrottled')).toBeUndefined()
    } finally {
      await s.close()
    }
  })

  it('count a rollover’s discharged and carried actions and its emails', async () => {
    const s = await reminderFixture()
    try {
      const m1 = await meeting(s.api, s.board.id, '2025-01-07T10:00:00Z')
      const m2 = await meeting(s.api, s.board.id, '2025-02-04T10:00:00Z')
      await meeting(s.api, s.board.id, '2099-03-04T10:00:00Z')
      const done = await raise(s.api, m1, { itemNumber: 2, description: 'Done', ownerIds: [s.dt] })
      await raise(s.api, m1, { itemNumber: 3, description: 'Carried', ownerIds: [s.bs] })
      await s.api.post(`/meetings/${m2}/outcomes`, { actionId: done.id, outcome: 'discharged', note: 'Done' })
      const before = (await s.api.get(`/meetings/${m2}`)).body as Meeting
      const approved = await s.api.post(`/meetings/${m2}/minutes-approval`, { approvedOn: '2025-02-04' })
      expect(approved.status).toBe(202)
      const record = {
        eventName: 'MODIFY' as const,
        dynamodb: {
          SequenceNumber: '000000000000000000001',
          OldImage: marshall({ ...before, type: 'Meeting' }, { removeUndefinedValues: true }),
          NewImage: marshall(
            { ...(approved.body as Meeting), type: 'Meeting' },
            { removeUndefinedValues: true },
          ),
        },
      }
      const metrics = createMetrics('metrics-test')
      const res = await handleTableChanges({ Records: [record] }, s.stream.deps, logger, { metrics })
      expect(res.batchItemFailures).toEqual([])
      const run = emf(metrics)
      expect(run.value('ActionsDischarged')).toBe(1)
      expect(run.value('ActionsCarriedForward')).toBe(1)
      expect(run.value('StreamRecordsFailed')).toBeUndefined()
      // Its two emails are in the outbox; their INSERT records (here: the sweep) send them.
      expect(run.value('EmailsSent')).toBeUndefined()
      metrics.clearMetrics()
      await handleOutboxSweep({ time: new Date().toISOString() }, s.stream.deps, logger, metrics)
      expect(emf(metrics).value('EmailsSent')).toBe(2)
    } finally {
      await s.close()
    }
  })

  it('count a stream record that fails, and fail the whole batch when it has no sequence number to report', async () => {
    const s = await reminderFixture()
    try {
      // A meeting image that is not a meeting: classifying it throws.
      const broken = (seq?: string) => ({
        eventName: 'MODIFY' as const,
        dynamodb: {
          ...(seq ? { SequenceNumber: seq } : {}),
          OldImage: marshall({ type: 'Meeting', id: 'not-a-meeting', status: 'held' }),
          NewImage: marshall({ type: 'Meeting', id: 'not-a-meeting', status: 'minutes-approved' }),
        },
      })
      const reported = createMetrics('metrics-test')
      const res = await handleTableChanges(
        { Records: [broken('000000000000000000007')] },
        s.stream.deps,
        logger,
        {
          metrics: reported,
        },
      )
      expect(res.batchItemFailures).toEqual([{ itemIdentifier: '000000000000000000007' }])
      expect(emf(reported).value('StreamRecordsFailed')).toBe(1)

      const unreported = createMetrics('metrics-test')
      await expect(
        handleTableChanges({ Records: [broken()] }, s.stream.deps, logger, { metrics: unreported }),
      ).rejects.toThrow(/no SequenceNumber/)
      expect(emf(unreported).value('StreamRecordsFailed')).toBe(1)
    } finally {
      await s.close()
    }
  })
})
