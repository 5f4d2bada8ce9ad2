import type { Logger } from '@aws-lambda-powertools/logger'
import { z } from 'zod'
import { ValidationError } from '#shared/errors.ts'
import { type ReminderDeps, type ReminderRun, sendReminders } from '#shared/usecases/reminders.ts'

/**
 * The schedule's payload. EventBridge Scheduler fills `time` from
 * `<aws.scheduler.scheduled-time>`, so a run (or a replay) acts for the instant it was
 * scheduled, not for whenever it happens to execute.
 */
export const ScheduledEvent = z.object({ time: z.iso.datetime({ offset: true }) })

export async function handleReminderTick(
  event: unknown,
  deps: ReminderDeps,
  logger: Logger,
): Promise<ReminderRun> {
  const parsed = ScheduledEvent.safeParse(event)
  if (!parsed.success)
    throw new ValidationError('a scheduled event needs a time', [
      { path: 'time', message: parsed.error.message },
    ])
  const run = await sendReminders(deps, new Date(parsed.data.time))
  logger.info('reminder sweep', { at: parsed.data.time, ...run })
  return run
}
