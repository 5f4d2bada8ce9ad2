import type { Logger } from '@aws-lambda-powertools/logger'
import { scheduledTime } from '#shared/events/scheduled.ts'
import { count, mailCounts, type RunMetrics } from '#shared/metrics.ts'
import { type OutboxDeps, type OutboxRun, sweepOutbox } from '#shared/usecases/outbox.ts'

/** Leaves a minute of the function's 5-minute timeout for the last send and the metrics. */
export const SWEEP_BUDGET_MS = 4 * 60_000

/**
 * One run of the outbox sweep, for the instant the schedule fired (`time`): every email whose
 * time has come is delivered (gathered assignment emails past their quiet period, retries
 * after back-off, emails whose sender died holding them).
 */
export async function handleOutboxSweep(
  event: unknown,
  deps: OutboxDeps,
  logger: Logger,
  metrics?: RunMetrics,
  budgetMs = SWEEP_BUDGET_MS,
): Promise<OutboxRun> {
  const at = scheduledTime(event)
  let run: OutboxRun | undefined
  try {
    run = await sweepOutbox(deps, at, {
      budgetMs,
      onDelivery: (key, d) => {
        if (d === 'failed') logger.error('email given up', { key })
      },
      onError: (key, error) => logger.error('email delivery failed; left for the next run', { key, error }),
    })
    return run
  } finally {
    const mail = deps.mailer.takeCounts()
    count(metrics, {
      ...mailCounts(mail),
      ...(run
        ? { EmailsRetried: run.retrying + run.errors, EmailsGivenUp: run.failed, EmailsDropped: run.dropped }
        : {}),
    })
    logger.info('outbox sweep', { at: at.toISOString(), ...run, ...mail, completed: run !== undefined })
  }
}
