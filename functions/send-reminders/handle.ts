import type { Logger } from '@aws-lambda-powertools/logger'
import { scheduledTime } from '#shared/events/scheduled.ts'
import { type ReminderDeps, type ReminderRun, sendReminders } from '#shared/usecases/reminders.ts'

/** One hourly run of the owners' reminders, for the instant the schedule fired (`time`). */
export async function handleReminderTick(
  event: unknown,
  deps: ReminderDeps,
  logger: Logger,
): Promise<ReminderRun> {
  const at = scheduledTime(event)
  const run = await sendReminders(deps, at)
  logger.info('reminder sweep', { at: at.toISOString(), ...run, throttled: deps.mailer.throttled })
  return run
}
