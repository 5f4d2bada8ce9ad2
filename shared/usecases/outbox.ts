import * as z from 'zod'
import { type EmailIntent, givesUp, keyToTag, LEASE_MS, OUTBOX_TAG, retryDelayMs } from '../domain/outbox.ts'
import { ValidationError } from '../errors.ts'
import type { Mailer } from '../mail/mailer.ts'
import { type ComposeDeps, compose, RunReads } from './compose-email.ts'

export type OutboxDeps = ComposeDeps & { mailer: Mailer }

/**
 * What one delivery did. `not-due`: not yet time, held by a live sender, or already settled
 * (nothing to do); `retrying`: it failed for a passing reason and is queued again.
 */
export type Delivery = 'sent' | 'dropped' | 'failed' | 'retrying' | 'not-due'

/**
 * SES refusals of this message that retrying will not cure: recorded as failed, not retried.
 * Refusals of the account (sending paused, a configuration set or identity missing) are
 * someone's to fix, so those emails wait with back-off like any passing failure.
 */
const PERMANENT_SES_ERRORS = new Set(['MessageRejected', 'BadRequestException'])

/**
 * Delivers one email of the outbox, at most once: claims it (only a due email can be
 * claimed, and only by one sender at a time), renders it from the current state, sends it
 * tagged with its key, and records the outcome. A passing failure (SES throttling or down,
 * a read that failed) queues it again with back-off, never losing it; after GIVE_UP_AFTER_MS
 * it is recorded as failed. A sender that dies holding the claim loses it when the lease
 * runs out and the sweep takes it back; if SES had accepted the message, its Send event has
 * recorded it as sent by then (`recordSent`), so it is not sent twice.
 *
 * Its clock is always `deps.now()`, never a schedule's event time: a replayed or late run
 * must not hand out leases that have already run out, nor judge a meeting at an old instant.
 */
export async function deliver(
  deps: OutboxDeps,
  key: string,
  opts: { reads?: RunReads } = {},
): Promise<Delivery> {
  const now = deps.now()
  const intent = await deps.store.outbox.claim(key, now, LEASE_MS)
  if (!intent) return 'not-due'
  try {
    const composed = await compose(deps, intent, opts.reads ?? new RunReads(deps), now)
    if (!composed.send) {
      await deps.store.outbox.settle(intent, 'dropped', deps.now(), { detail: composed.reason })
      return 'dropped'
    }
    // Rendering read the table; if that was slow (a DynamoDB brownout), too little of the lease
    // may be left for SES's worst case: give the email back rather than race the sweep.
    if (deps.now().getTime() - now.getTime() > LEASE_MS / 4)
      throw new LeaseTooShort('rendering took a quarter of the lease; sent on the next try')
    const { messageId } = await deps.mailer.send({
      ...composed.recipients,
      ...composed.email,
      replyTo: composed.replyTo,
      tags: { [OUTBOX_TAG]: keyToTag(key) },
    })
    await settleSent(deps, intent, messageId)
    return 'sent'
  } catch (e) {
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    if (isPermanent(e)) {
      await deps.store.outbox.settle(intent, 'failed', deps.now(), { detail })
      return 'failed'
    }
    if (givesUp(intent, now)) {
      await deps.store.outbox.settle(intent, 'failed', deps.now(), { detail: `gave up: ${detail}` })
      return 'failed'
    }
    // If even this write fails, the lease runs out and the sweep takes the email back.
    await deps.store.outbox
      .retryLater(intent, new Date(now.getTime() + retryDelayMs(intent.attempts)), detail)
      .catch(() => undefined)
    return 'retrying'
  }
}

class LeaseTooShort extends Error {}

const isPermanent = (e: unknown) =>
  e instanceof ValidationError || (e instanceof Error && PERMANENT_SES_ERRORS.has(e.name))

/** SES has the message: record it, retrying a passing failure (the Send event is the backstop). */
async function settleSent(deps: OutboxDeps, intent: EmailIntent, messageId: string | null): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.store.outbox.settle(intent, 'sent', deps.now(), { messageId })
      return
    } catch (e) {
      if (attempt >= 4) {
        console.warn(
          `outbox: ${intent.key} sent but not recorded (its Send event will record it): ${String(e)}`,
        )
        return
      }
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt))
    }
  }
}

export type OutboxRun = {
  due: number
  sent: number
  dropped: number
  failed: number
  retrying: number
  /** Emails whose delivery threw (a claim or settle that failed, an unreadable item): logged, left for the next run. */
  errors: number
  /** True if the run stopped early: SES kept failing, or the time budget ran out. */
  stoppedEarly: boolean
}

/** After this many passing failures in a row the sweep stops: SES is down, and the rest wait. */
const CONSECUTIVE_FAILURES_TO_STOP = 5
const PAGE = 100

/**
 * The outbox sweep (every SWEEP_EVERY_MINUTES, and at start-up locally): delivers every email
 * due by `dueBy` (the schedule's time, or now) — queued ones (a gathered assignment email past
 * its quiet period, a retry after back-off) and ones whose sender died holding them. Each email
 * is delivered on its own: one that throws is reported and the rest go on. Stops early, leaving
 * the rest queued, when SES keeps failing or `budgetMs` runs out, so a run never outlives its
 * timeout.
 */
export async function sweepOutbox(
  deps: OutboxDeps,
  dueBy: Date,
  opts: {
    budgetMs?: number
    onDelivery?: (key: string, d: Delivery) => void
    onError?: (key: string, error: unknown) => void
  } = {},
): Promise<OutboxRun> {
  const run: OutboxRun = {
    due: 0,
    sent: 0,
    dropped: 0,
    failed: 0,
    retrying: 0,
    errors: 0,
    stoppedEarly: false,
  }
  const startedAt = Date.now()
  const reads = new RunReads(deps)
  let failuresInARow = 0
  let after: Record<string, unknown> | undefined
  do {
    const page = await deps.store.outbox.listDue(dueBy, PAGE, after)
    after = page.next
    for (const key of page.keys) {
      if (
        failuresInARow >= CONSECUTIVE_FAILURES_TO_STOP ||
        Date.now() - startedAt > (opts.budgetMs ?? Infinity)
      ) {
        run.stoppedEarly = true
        return run
      }
      run.due++
      let d: Delivery
      try {
        d = await deliver(deps, key, { reads })
      } catch (error) {
        run.errors++
        opts.onError?.(key, error)
        // An item no schema reads would be claimed again at every lease's end: set it aside.
        if (error instanceof z.ZodError)
          await deps.store.outbox
            .setAside(key, `unreadable: ${error.message}`, deps.now())
            .catch(() => undefined)
        else failuresInARow++
        continue
      }
      opts.onDelivery?.(key, d)
      if (d === 'retrying') failuresInARow++
      else if (d !== 'not-due') failuresInARow = 0
      if (d !== 'not-due') run[d]++
    }
  } while (after)
  return run
}
