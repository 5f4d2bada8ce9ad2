import type { Logger } from '@aws-lambda-powertools/logger'
import type { RunMetrics } from '#shared/metrics.ts'
import { sweepTick } from '#shared/runtime-worker.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { type ReminderRun, sendReminders } from '#shared/usecases/reminders.ts'

/**
 * One hourly run of the owners' reminders, for the instant the schedule fired (`time`): they
 * go to the outbox, which sends them. A board or meeting that failed is logged with its ids
 * and counted; the others' reminders still go.
 */
export function handleReminderTick(
  event: unknown,
  deps: Deps,
  logger: Logger,
  metrics?: RunMetrics,
): Promise<ReminderRun> {
  return sweepTick(event, logger, metrics, {
    name: 'reminder sweep',
    failed: 'reminder sweep: a board or meeting failed',
    run: (at) => sendReminders(deps, at),
    counts: (run) => ({ ReminderWindowsCaughtUp: run.caughtUp }),
  })
}
