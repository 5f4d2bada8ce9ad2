import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import type { MailCounts } from './mail/mailer.ts'

/**
 * The product's CloudWatch metrics, written as EMF lines in the function's log (Powertools
 * Metrics): no API call, no extra latency. Listed in docs/architecture.md; the EmailsGivenUp
 * alarm reads one of them (the others watch Lambda errors, the failure queues and SES's bounce rate).
 */
export const METRICS_NAMESPACE = 'ActionTracker'

export type MetricName =
  | 'EmailsSent'
  | 'EmailsFailed'
  | 'EmailsThrottled'
  | 'ActionsDischarged'
  | 'ActionsCarriedForward'
  | 'ReminderWindowsCaughtUp'
  | 'StreamRecordsFailed'
  | 'AddressesSuppressed'
  /** Emails put in the outbox by a sweep. */
  | 'EmailsQueued'
  /** Outbox emails tried and queued again after a passing failure. */
  | 'EmailsRetried'
  /** Outbox emails given up on: SES refused them for good, or retries ran out. Alarm-worthy. */
  | 'EmailsGivenUp'
  /** Outbox emails with nothing left to send when their time came (meeting cancelled, all suppressed). */
  | 'EmailsDropped'
  /** Boards or meetings a reminder or summary sweep could not handle (the rest went on). */
  | 'SweepFailures'
  /** Emails recorded as sent from SES's Send event rather than by their sender (it died or timed out). */
  | 'EmailsSettledBySendEvent'

export type RunMetrics = Metrics

export function createMetrics(serviceName: string): RunMetrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName })
}

/**
 * Adds a run's non-zero counts to its metrics. Zeros are left out: CloudWatch bills a custom
 * metric ($0.30 a month) for every hour it is written in, and the outbox sweep runs every 5
 * minutes, so writing its zeros would cost more than the rest of the stack. A quiet hour
 * reads as a gap, which the EmailsGivenUp alarm and any graph fill with 0 (FILL).
 */
export function count(metrics: RunMetrics | undefined, counts: Partial<Record<MetricName, number>>): void {
  if (!metrics) return
  for (const [name, value] of Object.entries(counts))
    if (value) metrics.addMetric(name, MetricUnit.Count, value)
}

export const mailCounts = (c: MailCounts) => ({
  EmailsSent: c.sent,
  EmailsFailed: c.failed,
  EmailsThrottled: c.throttled,
})

/**
 * A Lambda handler that flushes its metrics after every invocation, failed or not. No
 * ColdStart metric: the hourly sweeps start cold nearly every hour, so it would be billed as
 * a full custom metric each, and Lambda's own REPORT log line gives every cold start's Init
 * Duration (Logs Insights: `filter @initDuration > 0`).
 */
export function publishingMetrics<E, R>(metrics: RunMetrics, handler: (event: E) => Promise<R>) {
  return async (event: E, _context?: { functionName?: string }): Promise<R> => {
    try {
      return await handler(event)
    } finally {
      metrics.publishStoredMetrics()
    }
  }
}
