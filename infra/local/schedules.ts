import type { Logger } from '@aws-lambda-powertools/logger'
import { handleOutboxSweep } from '#functions/send-emails/handle.ts'
import { handleSummaryTick } from '#functions/send-overdue-summaries/handle.ts'
import { handleReminderTick } from '#functions/send-reminders/handle.ts'
import type { OutboxDeps, OutboxRun } from '#shared/usecases/outbox.ts'
import type { ReminderRun } from '#shared/usecases/reminders.ts'
import type { SummaryRun } from '#shared/usecases/summaries.ts'

export type ScheduleRun = {
  at: string
  reminders: ReminderRun | { error: string }
  summaries: SummaryRun | { error: string }
  outbox: OutboxRun | { error: string }
}

const settle = <T>(p: Promise<T>) =>
  p.catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }))

/**
 * Fires the schedules for one instant, as EventBridge Scheduler does in AWS: the same
 * handlers with the same `{ time }` payload. The reminders and summaries put their emails in
 * the outbox; the sweep then sends whatever is due (the stream has usually sent them first).
 * They are separate schedules there, so one failing does not stop the others here either.
 */
export async function runSchedules(at: Date, deps: OutboxDeps, logger: Logger): Promise<ScheduleRun> {
  const event = { time: at.toISOString() }
  const reminders = await settle(handleReminderTick(event, deps, logger))
  const summaries = await settle(handleSummaryTick(event, deps, logger))
  // The sweep runs after them, at their instant or now if later, so what they queued is due.
  const sweepAt = new Date(Math.max(at.getTime(), Date.now()))
  const outbox = await settle(handleOutboxSweep({ time: sweepAt.toISOString() }, deps, logger))
  return { at: event.time, reminders, summaries, outbox }
}

/** How often the local stack sweeps the outbox (AWS: every SWEEP_EVERY_MINUTES). Quicker here, for a person watching. */
export const LOCAL_SWEEP_MS = 60_000

/** The outbox sweep on a timer, one run at a time; `stop` waits for a run in progress. */
export function sweepEvery(
  deps: OutboxDeps,
  logger: Logger,
  progress: (message: string) => void,
  everyMs = LOCAL_SWEEP_MS,
) {
  let running: Promise<void> | null = null
  const timer = setInterval(() => {
    if (running) return
    running = handleOutboxSweep({ time: new Date().toISOString() }, deps, logger)
      .then(
        (run) => {
          if (run.due > 0) progress(`outbox sweep: ${describeOutbox(run)}`)
        },
        (e: unknown) => progress(`outbox sweep failed: ${e instanceof Error ? e.message : String(e)}`),
      )
      .finally(() => {
        running = null
      })
  }, everyMs)
  return {
    stop: async () => {
      clearInterval(timer)
      await running
    },
  }
}

function describeOutbox(r: OutboxRun): string {
  return `${r.sent} sent, ${r.retrying} to retry, ${r.dropped} dropped, ${r.failed} given up${r.stoppedEarly ? ' (stopped early)' : ''}`
}

/** One line for a person watching the terminal. */
export function describeRun(run: ScheduleRun): string {
  const part = (name: string, r: ScheduleRun['reminders'] | ScheduleRun['summaries']) =>
    'error' in r
      ? `${name}: failed (${r.error}); the next run retries`
      : `${name}: ${r.emails} email(s) queued for ${r.windows} open window(s)${r.failures.length ? `, ${r.failures.length} failed (logged)` : ''}`
  const outbox =
    'error' in run.outbox ? `outbox: failed (${run.outbox.error})` : `outbox: ${describeOutbox(run.outbox)}`
  return `${run.at} — ${part('reminders', run.reminders)}; ${part('chair summaries', run.summaries)}; ${outbox}`
}
