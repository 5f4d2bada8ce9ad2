import type { Logger } from '@aws-lambda-powertools/logger'
import type { RunMetrics } from '#shared/metrics.ts'
import { sweepTick } from '#shared/runtime-worker.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { type SummaryRun, sendOverdueSummaries } from '#shared/usecases/summaries.ts'

/**
 * One hourly run of the chair's summaries, for the instant the schedule fired (`time`): they
 * go to the outbox, which sends them. A board that failed is logged with its id and counted.
 */
export function handleSummaryTick(
  event: unknown,
  deps: Deps,
  logger: Logger,
  metrics?: RunMetrics,
): Promise<SummaryRun> {
  return sweepTick(event, logger, metrics, {
    name: 'overdue summary sweep',
    failed: 'summary sweep: a board failed',
    run: (at) => sendOverdueSummaries(deps, at),
  })
}
