import type { Logger } from '@aws-lambda-powertools/logger'
import { scheduledTime } from '#shared/events/scheduled.ts'
import { count, type RunMetrics } from '#shared/metrics.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { type SummaryRun, sendOverdueSummaries } from '#shared/usecases/summaries.ts'

/**
 * One hourly run of the chair's summaries, for the instant the schedule fired (`time`): they
 * go to the outbox, which sends them. A board that failed is logged with its id and counted.
 */
export async function handleSummaryTick(
  event: unknown,
  deps: Deps,
  logger: Logger,
  metrics?: RunMetrics,
): Promise<SummaryRun> {
  const at = scheduledTime(event)
  const run = await sendOverdueSummaries(deps, at)
  for (const f of run.failures) logger.error('summary sweep: a board failed', { ...f.ids, error: f.error })
  logger.info('overdue summary sweep', { at: at.toISOString(), ...run, failures: run.failures.length })
  count(metrics, { SweepFailures: run.failures.length, EmailsQueued: run.emails })
  return run
}
