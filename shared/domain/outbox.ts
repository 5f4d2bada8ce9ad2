import * as z from 'zod'
import { Id, Instant } from './common.ts'
import type { Meeting } from './meeting.ts'

/**
 * The email outbox: every email the system decides to send is first an intent in the table
 * (what to send, not the rendered message), then a sender renders it from the current state
 * and hands it to SES. The rules of its life live here, as pure functions.
 */
export const EmailIntentRef = z.discriminatedUnion('kind', [
  /** After a rollover: what was discharged, what carried where, for one owner. */
  z.strictObject({ kind: z.literal('rollover'), meetingId: Id, ownerId: Id }),
  /** After a rollover: the secretariat told of actions left waiting for a meeting. */
  z.strictObject({ kind: z.literal('awaiting'), meetingId: Id }),
  /** Everything assigned to one owner at one sitting, gathered into one email. */
  z.strictObject({ kind: z.literal('assignment'), meetingId: Id, ownerId: Id }),
  /** The owner's reminder before a meeting. */
  z.strictObject({
    kind: z.literal('reminder'),
    meetingId: Id,
    ownerId: Id,
    offsetDays: z.number().int(),
  }),
  /** The chair's overdue summary before a meeting. */
  z.strictObject({
    kind: z.literal('summary'),
    meetingId: Id,
    offsetDays: z.number().int(),
  }),
])
export type EmailIntentRef = z.infer<typeof EmailIntentRef>

/**
 * queued: waiting for `dueAt`; sending: claimed by a sender until `dueAt` (its lease);
 * sent: SES accepted it; failed: SES refused it for good, or retries ran out; dropped:
 * nothing left to send when its time came (the meeting was cancelled, every recipient
 * suppressed, the actions discharged meanwhile).
 */
export const EmailState = z.enum(['queued', 'sending', 'sent', 'failed', 'dropped'])
export type EmailState = z.infer<typeof EmailState>

export const EmailIntent = z.object({
  /** The idempotency key: at most one delivery per key, ever. Short enough to ride in an SES tag (256 characters as base64url). */
  key: z.string().min(1).max(180),
  ref: EmailIntentRef,
  state: EmailState,
  /** When a sender should next act on it: the send time while queued, the lease end while sending. */
  dueAt: Instant,
  attempts: z.number().int().nonnegative(),
  createdAt: Instant,
  /** The actions gathered into an assignment email (an owner is told of an action once per sitting). */
  actions: z.array(z.string()).default([]),
  /** Which claim holds it while sending (a retried claim recognises its own). */
  claimId: z.string().nullable().default(null),
  messageId: z.string().nullable().default(null),
  /** The last failure, or why it was dropped. */
  detail: z.string().nullable().default(null),
  settledAt: Instant.nullable().default(null),
})
export type EmailIntent = z.infer<typeof EmailIntent>

/** The idempotency key of an intent. Stable: a replayed decision finds the intent it made. */
export function intentKey(ref: EmailIntentRef, generation = 1): string {
  switch (ref.kind) {
    case 'rollover':
      return `rollover#${ref.meetingId}#${ref.ownerId}`
    case 'awaiting':
      return `awaiting#${ref.meetingId}`
    case 'assignment':
      return `assigned#${ref.meetingId}#${ref.ownerId}#${generation}`
    case 'reminder':
      return `reminder#${ref.meetingId}#${ref.ownerId}#${ref.offsetDays}`
    case 'summary':
      return `summary#${ref.meetingId}#${ref.offsetDays}`
  }
}

/**
 * How long a sender holds a claim. One SES send is at most 3 attempts of 10 s plus back-off
 * (shared/aws-clients.ts), so a live sender settles well within it; a claim still held after
 * it belongs to a sender that died, and the sweep takes it back.
 */
export const LEASE_MS = 2 * 60_000
/** How often the outbox sweep runs (CDK schedule and the local stack). */
export const SWEEP_EVERY_MINUTES = 5
/**
 * Assignment emails wait for the secretariat to finish entering a sitting's actions: sent
 * once nothing new has been assigned to that owner for this long…
 */
export const QUIET_PERIOD_MS = 10 * 60_000
/** …but never more than this after the first of them. */
export const MAX_GATHER_MS = 60 * 60_000
/** Retries stop once an email is this old: a reminder a day late is no reminder. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000

/**
 * When to try again after the `attempts`-th attempt failed for a passing reason: 1, 2, 4 …
 * minutes, at most an hour apart (so an hour-long SES outage costs about ten tries). The
 * first wait is longer than SES takes to publish a Send event, so a send that timed out
 * after SES accepted it is recognised as sent before it is tried again.
 */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1))
}

/** Whether an intent that just failed again should be given up on. */
export function givesUp(intent: Pick<EmailIntent, 'createdAt'>, now: Date): boolean {
  return now.getTime() - Date.parse(intent.createdAt) >= GIVE_UP_AFTER_MS
}

/** When a gathered assignment email goes, given its first and latest assignment. */
export function gatheredDueAt(firstAt: Date, latestAt: Date): Date {
  return new Date(Math.min(latestAt.getTime() + QUIET_PERIOD_MS, firstAt.getTime() + MAX_GATHER_MS))
}

/**
 * Actions entered for a meeting whose minutes are long done (back-filled from old minutes)
 * email nobody unless the secretariat asks: a sitting's actions are announced by default only
 * while its minutes are open and it was held within this period.
 */
export const ANNOUNCE_WITHIN_DAYS = 30

export function announcesByDefault(raisedAt: Pick<Meeting, 'startsAt' | 'status'>, now: Date): boolean {
  if (raisedAt.status === 'minutes-approved') return false
  return now.getTime() - Date.parse(raisedAt.startsAt) <= ANNOUNCE_WITHIN_DAYS * 86_400_000
}

/**
 * The intent's key as an SES message tag, so that SES's Send event names the intent it
 * settles. Tag values allow only letters, digits, '_' and '-': base64url fits.
 */
export const OUTBOX_TAG = 'outbox'
export const keyToTag = (key: string) => Buffer.from(key, 'utf8').toString('base64url')
export function tagToKey(tag: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(tag)) return null
  const key = Buffer.from(tag, 'base64url').toString('utf8')
  return keyToTag(key) === tag ? key : null
}
