import type { Logger } from '@aws-lambda-powertools/logger'
import { scheduledTime } from '#shared/events/scheduled.ts'
import { count, type RunMetrics } from '#shared/metrics.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { type ReminderRun, sendReminders } from '#shared/usecases/reminders.ts'

/**
 * One hourly run of the owners' reminders, for the instant the schedule fired (`time`): they
 * go to the outbox, which sends them. A board or meeting that failed is logged with its ids
 * and counted; the others' reminders still go.
 */
export async function handleReminderTick(
  event: unknown,
  deps: Deps,
  logger: Logger,
  metrics?: RunMetrics,
): Promise<ReminderRun> {
  const at = scheduledTime(event)
  const run = await sendReminders(deps, at)
  for (const f of run.failures)
    logger.error('reminder sweep: a board or meeting failed', { ...f.ids, error: f.error })
  logger.info('reminder sweep', { at: at.toISOString(), ...run, failures: run.failures.length })
  count(metrics, {
    SweepFailures: run.failures.length,
    EmailsQueued: run.emails,
    ReminderWindowsCaughtUp: run.caughtUp,
  })
  return run
}
