import * as z from 'zod'
import { ValidationError } from '../errors.ts'

/**
 * The schedules' payload. EventBridge Scheduler fills `time` from
 * `<aws.scheduler.scheduled-time>`, so a run (or a replay) acts for the instant it was
 * scheduled, not for whenever it happens to execute.
 */
export const ScheduledEvent = z.object({ time: z.iso.datetime({ offset: true }) })

/** The instant a scheduled run acts for, or a ValidationError naming the field. */
export function scheduledTime(event: unknown): Date {
  const parsed = ScheduledEvent.safeParse(event)
  if (!parsed.success) {
    throw new ValidationError('a scheduled event needs a time', [
      { path: 'time', message: parsed.error.message },
    ])
  }
  return new Date(parsed.data.time)
}
