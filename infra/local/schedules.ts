import type { Logger } from '@aws-lambda-powertools/logger'
import { handleSummaryTick } from '#functions/send-overdue-summaries/handle.ts'
import { handleReminderTick } from '#functions/send-reminders/handle.ts'
import type { ReminderDeps, ReminderRun } from '#shared/usecases/reminders.ts'
import type { SummaryRun } from '#shared/usecases/summaries.ts'

export type ScheduleRun = {
  at: string
  reminders: ReminderRun | { error: string }
  summaries: SummaryRun | { error: string }
}

/**
 * Fires both hourly schedules for one instant, as EventBridge Scheduler does in AWS: the
 * same handlers with the same `{ time }` payload. They are separate schedules there, so
 * one failing does not stop the other here either.
 */
export async function runSchedules(at: Date, deps: ReminderDeps, logger: Logger): Promise<ScheduleRun> {
  const event = { time: at.toISOString() }
  const settle = <T>(p: Promise<T>) =>
    p.catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }))
  const reminders = await settle(handleReminderTick(event, deps, logger))
  const summaries = await settle(handleSummaryTick(event, deps, logger))
  return { at: event.time, reminders, summaries }
}

/** One line for a person watching the terminal. */
export function describeRun(run: ScheduleRun): string {
  const part = (name: string, r: ScheduleRun['reminders'] | ScheduleRun['summaries']) =>
    'error' in r
      ? `${name}: failed (${r.error}); the next run retries`
      : `${name}: ${r.emails} email(s) for ${r.windows} open window(s)`
  return `${run.at} — ${part('reminders', run.reminders)}; ${part('chair summaries', run.summaries)}`
}
