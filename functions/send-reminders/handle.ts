import type { Logger } from '@aws-lambda-powertools/logger'
import { scheduledTime } from '#shared/events/scheduled.ts'
import { count, mailCounts, type RunMetrics } from '#shared/metrics.ts'
import { type ReminderDeps, type ReminderRun, sendReminders } from '#shared/usecases/reminders.ts'

/** One hourly run of the owners' reminders, for the instant the schedule fired (`time`). */
export async function handleReminderTick(
  event: unknown,
  deps: ReminderDeps,
  logger: Logger,
  metrics?: RunMetrics,
): Promise<ReminderRun> {
  const at = scheduledTime(event)
  let run: ReminderRun | undefined
  try {
    run = await sendReminders(deps, at)
    return run
  } finally {
    // A run that leaves emails for the next one (it throws) still sent the others.
    const mail = deps.mailer.takeCounts()
    count(metrics, { ...mailCounts(mail), ...(run ? { ReminderWindowsCaughtUp: run.caughtUp } : {}) })
    logger.info('reminder sweep', { at: at.toISOString(), ...run, ...mail, completed: run !== undefined })
  }
}
