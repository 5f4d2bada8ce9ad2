import type { Action } from '../domain/action.ts'
import type { Person } from '../domain/person.ts'
import { peopleNeededFor, recipientsFor } from '../domain/recipients.ts'
import { addressKey } from '../domain/suppression.ts'
import { ValidationError } from '../errors.ts'
import type { Attachment, Mailer } from '../mail/mailer.ts'
import {
  assignmentEmail,
  awaitingMeetingEmail,
  type RenderedEmail,
  rolloverEmail,
} from '../mail/templates.ts'
import type { Deps } from './deps.ts'

export type NotifyDeps = Deps & { mailer: Mailer }

/** How long the sent-email log remembers a key (DynamoDB TTL), well past any retry. */
const EMAIL_LOG_TTL_DAYS = 400
/**
 * A claim older than this is taken to belong to a run that died before sending. It must
 * outlast any run that could still be holding it: the senders time out after 5 minutes.
 */
const CLAIM_LEASE_MS = 15 * 60_000
/** Attempts at recording a sent email before giving up (then the lease decides). */
const SETTLE_ATTEMPTS = 4
/** SES refusals that retrying will not cure: recorded, not retried. */
const PERMANENT_SES_ERRORS = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'BadRequestException',
])

/** Some emails could not be sent now; the delivery should be retried (the sent ones will not repeat). */
export class DeliveryError extends Error {}

export type SendResult = 'sent' | 'skipped' | 'failed'

/**
 * Sends an email at most once per idempotency key, and does not lose it: the key is claimed
 * in the table first (a conditional put), so replays and concurrent duplicates send nothing;
 * a claim whose run died before sending is taken over once its lease has run out; if SES
 * refuses for a passing reason the claim is released and the error rethrown for a retry,
 * and a permanent refusal is recorded as failed.
 */
export async function sendOnce(
  deps: NotifyDeps,
  idempotencyKey: string,
  recipients: { to: string[]; cc: string[] },
  email: RenderedEmail & { attachments?: Attachment[] },
): Promise<SendResult> {
  if (recipients.to.length === 0) return 'skipped'
  const now = deps.now()
  const claim = await deps.store.claimEmail({
    key: idempotencyKey,
    state: 'pending',
    leaseUntil: Date.now() + CLAIM_LEASE_MS,
    at: now.toISOString(),
    messageId: null,
    expiresAt: Math.floor(now.getTime() / 1000) + EMAIL_LOG_TTL_DAYS * 86_400,
  })
  if (!claim.claimed) {
    if (claim.holder?.state === 'pending')
      throw new DeliveryError(`email ${idempotencyKey} is being sent by another run`)
    return 'skipped'
  }
  let messageId: string | null
  try {
    messageId = (await deps.mailer.send({ ...recipients, ...email })).messageId
  } catch (e) {
    if (e instanceof ValidationError || (e instanceof Error && PERMANENT_SES_ERRORS.has(e.name))) {
      await deps.store.settleEmail(idempotencyKey, 'failed', null, e.message)
      return 'failed'
    }
    // Released so the retry sends; if even that fails the lease frees it later.
    await deps.store.releaseEmail(idempotencyKey).catch(() => undefined)
    throw e
  }
  await settle(deps, idempotencyKey, messageId)
  return 'sent'
}

/**
 * Records a sent email, retrying a passing failure: SES has accepted the message, so an
 * unrecorded send would go again once the lease runs out. (The other way to send twice is
 * a send that timed out after SES took it: its claim is released above; see known gaps.)
 */
async function settle(deps: NotifyDeps, key: string, messageId: string | null): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.store.settleEmail(key, 'sent', messageId)
      return
    } catch (e) {
      if (attempt >= SETTLE_ATTEMPTS) throw e
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt))
    }
  }
}

/**
 * Sends a run's emails so that one recipient's trouble does not hold up the others: every
 * email is attempted, then the run fails (to be retried) if any could not be sent for a
 * passing reason.
 */
export class Deliveries {
  sent = 0
  failed = 0
  private readonly retry: unknown[] = []

  async send(...args: Parameters<typeof sendOnce>): Promise<void> {
    try {
      const result = await sendOnce(...args)
      if (result === 'sent') this.sent++
      if (result === 'failed') this.failed++
    } catch (e) {
      this.retry.push(e)
    }
  }

  /** Throws if anything is to be retried; returns the number sent. */
  finish(): number {
    if (this.retry.length > 0) {
      throw new DeliveryError(`${this.retry.length} email(s) could not be sent now and will be retried`, {
        cause: this.retry[0],
      })
    }
    return this.sent
  }
}

/** After a rollover: one email per owner (what was discharged, what carried where), and the secretariat told about actions left waiting. */
export async function notifyRollover(deps: NotifyDeps, meetingId: string): Promise<number> {
  const meeting = await deps.store.getMeeting(meetingId)
  if (meeting?.status !== 'minutes-approved') return 0
  const board = await deps.store.getBoard(meeting.boardId)
  if (!board) return 0
  const entries = await deps.store.listRolloverEntries(meetingId)
  if (entries.length === 0) return 0
  const kinds = new Map(entries.map((e) => [e.actionId, e.kind]))
  const actions = await deps.store.batchGetActions([...kinds.keys()])
  const people = await loadPeopleFor(deps, actions)
  const nextId = actions.find((a) => kinds.get(a.id) === 'carried-forward' && a.dueMeetingId)?.dueMeetingId
  const next = nextId ? await deps.store.getMeeting(nextId) : null

  const deliveries = new Deliveries()
  const suppressed = await suppressedAddresses(deps)
  const owners = [...new Set(actions.flatMap((a) => a.ownerIds))]
  for (const ownerId of owners) {
    const owner = people.get(ownerId)
    if (!owner) continue
    const mine = actions.filter((a) => a.ownerIds.includes(ownerId))
    const email = rolloverEmail({
      board,
      meeting,
      next,
      owner,
      discharged: mine.filter((a) => kinds.get(a.id) === 'discharged'),
      carried: mine.filter((a) => kinds.get(a.id) === 'carried-forward'),
    })
    await deliveries.send(
      deps,
      `rollover#${meetingId}#${ownerId}`,
      recipientsFor(owner, people, suppressed),
      email,
    )
  }
  const waiting = actions.filter((a) => a.status === 'open' && a.dueMeetingId === null)
  if (waiting.length > 0) {
    const to = { to: board.secretariatEmails.filter((e) => !suppressed.has(addressKey(e))), cc: [] }
    await deliveries.send(
      deps,
      `awaiting#${meetingId}`,
      to,
      awaitingMeetingEmail({ board, meeting, waiting }),
    )
  }
  return deliveries.finish()
}

/** New owners of an action hear about it, once per owner and version. */
export async function notifyAssignment(
  deps: NotifyDeps,
  action: Action,
  newOwnerIds: readonly string[],
): Promise<number> {
  if (newOwnerIds.length === 0 || action.status !== 'open') return 0
  const board = await deps.store.getBoard(action.boardId)
  if (!board) return 0
  const people = await loadPeopleFor(deps, [{ ...action, ownerIds: [...newOwnerIds] }])
  const due = action.dueMeetingId ? await deps.store.getMeeting(action.dueMeetingId) : null
  const deliveries = new Deliveries()
  const suppressed = await suppressedAddresses(deps)
  for (const ownerId of newOwnerIds) {
    const owner = people.get(ownerId)
    if (!owner) continue
    const email = assignmentEmail({ board, action, owner, due })
    const key = `assigned#${action.id}#${ownerId}#${action.version}`
    await deliveries.send(deps, key, recipientsFor(owner, people, suppressed), email)
  }
  return deliveries.finish()
}

/** Addresses that bounced or complained, as recipientsFor compares them. */
export async function suppressedAddresses(deps: Deps): Promise<Set<string>> {
  return new Set((await deps.store.listSuppressed()).map((s) => addressKey(s.email)))
}

/** The owners of these actions and everyone their emails go to (team members, deputies). */
export async function loadPeopleFor(
  deps: Deps,
  actions: readonly Pick<Action, 'ownerIds'>[],
): Promise<Map<string, Person>> {
  const owners = await deps.store.batchGetPeople([...new Set(actions.flatMap((a) => a.ownerIds))])
  const related = await deps.store.batchGetPeople(peopleNeededFor(owners))
  return new Map([...owners, ...related].map((p) => [p.id, p]))
}
