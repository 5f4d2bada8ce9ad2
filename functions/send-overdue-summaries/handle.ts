import type { Logger } from '@aws-lambda-powertools/logger'
import { scheduledTime } from '#shared/events/scheduled.ts'
import { count, mailCounts, type RunMetrics } from '#shared/metrics.ts'
import type { NotifyDeps } from '#shared/usecases/notify.ts'
import { type SummaryRun, sendOverdueSummaries } from '#shared/usecases/summaries.ts'

/** One hourly run of the chair's summaries, for the instant the schedule fired (`time`). */
export async function handleSummaryTick(
  event: unknown,
  deps: NotifyDeps,
  logger: Logger,
  metrics?: RunMetrics,
): Promise<SummaryRun> {
  const at = scheduledTime(event)
  try {
    const run = await sendOverdueSummaries(deps, at)
    logger.info('overdue summary sweep', { at: at.toISOString(), ...run })
    return run
  } finally {
    count(metrics, mailCounts(deps.mailer.takeCounts()))
  }
}
