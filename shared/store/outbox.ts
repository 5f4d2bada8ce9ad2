import { randomUUID } from 'node:crypto'
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb'
import * as z from 'zod'
import { EmailIntent, type EmailIntentRef, type EmailState, intentKey } from '../domain/outbox.ts'
import { ConflictError } from '../errors.ts'
import { type Item, ifConditionHolds, isConditionalFailure, MUST_NOT_EXIST, type Table } from './dynamo.ts'
import { collection, key, outboxDueSortKey, queuedEmailKeys, range } from './keys.ts'
import { TABLE } from './table.ts'

/** How long a settled email's record is kept (DynamoDB TTL): far past any replay of its cause. */
const KEEP_SETTLED_DAYS = 400
/** Actions one assignment email carries at most (its id set stays far below DynamoDB's 400 KB item). */
const MAX_GATHERED = 500
/** Assignment emails of one owner and sitting beyond this many generations are refused (a loop guard). */
const MAX_GENERATIONS = 1000

export type FinalState = Extract<EmailState, 'sent' | 'failed' | 'dropped'>

/**
 * The email outbox and log, one item per idempotency key (`EMAIL#<key>`). While an email is
 * queued or held by a sender it sits in a sparse collection sorted by when to act on it, so
 * the sweep reads only what is due; a settled email leaves the collection and expires after
 * KEEP_SETTLED_DAYS. Every transition is a conditional write, so concurrent senders, replays
 * and SES's Send events never deliver an email twice.
 */
export class EmailOutbox {
  constructor(private readonly table: Table) {}

  /** Records an intent unless its key is already known (a replayed decision). True if new. */
  async enqueue(ref: EmailIntentRef, dueAt: Date, now: Date): Promise<boolean> {
    const intent: EmailIntent = {
      key: intentKey(ref),
      ref,
      state: 'queued',
      dueAt: dueAt.toISOString(),
      attempts: 0,
      createdAt: now.toISOString(),
      actions: [],
      claimId: null,
      messageId: null,
      detail: null,
      settledAt: null,
    }
    // The gathered actions live in the item as a string set (actionSet), added by gatherAssignment.
    const { actions: _none, ...stored } = intent
    return ifConditionHolds(
      this.table.put({ ...queuedEmailKeys(intent), type: 'Email', ...stored }, MUST_NOT_EXIST),
    )
  }

  /**
   * Adds assignments (the actions' ids) to the owner's gathered email for the sitting, due at
   * `dueAt`. They join the current generation while it is queued and has never been tried
   * (once a send was attempted, SES may have the message: what joins after it would be recorded
   * as sent with it by the Send event, and never told), and while it holds fewer than
   * MAX_GATHERED; otherwise the next generation takes them. An assignment already in a
   * generation (a replay) is added nowhere. `dueAt` is never moved later than
   * `latestDueAt(createdAt)`, so steady additions cannot hold the email back for ever.
   * `openKey` is the generation that will carry them, while it is still queued.
   */
  async gatherAssignment(
    ref: Extract<EmailIntentRef, { kind: 'assignment' }>,
    assignments: readonly string[],
    at: { now: Date; dueAt: Date; latestDueAt: (createdAt: Date) => Date },
  ): Promise<{ result: 'added' | 'already'; openKey: string | null }> {
    let pending = [...new Set(assignments)]
    let openKey: string | null = null
    let added = false
    let races = 0
    for (let generation = 1; generation <= MAX_GENERATIONS; ) {
      const k = intentKey(ref, generation)
      const existing = await this.get(k)
      pending = pending.filter((a) => !existing?.actions.includes(a))
      // No generation beyond this one exists, so nothing is left to place or to find.
      if (!existing && pending.length === 0) break
      const takes =
        !existing ||
        (existing.state === 'queued' && existing.attempts === 0 && existing.actions.length < MAX_GATHERED)
      if (existing && takes) openKey = k
      if (pending.length === 0 || !takes) {
        generation++
        continue
      }
      const fresh = pending.slice(0, MAX_GATHERED - (existing?.actions.length ?? 0))
      const dueAt = existing
        ? new Date(Math.min(at.dueAt.getTime(), at.latestDueAt(new Date(existing.createdAt)).getTime()))
        : at.dueAt
      try {
        await this.table.update(key.email(k), {
          UpdateExpression: [
            'SET #type = :type, #key = :key, #ref = :ref, #state = :queued, dueAt = :dueAt',
            'attempts = if_not_exists(attempts, :zero), createdAt = if_not_exists(createdAt, :now)',
            'GSI1PK = :due, GSI1SK = :sk ADD actionSet :assignment',
          ].join(', '),
          // Only an untried queued email (or none yet) takes them; a sender may have claimed it meanwhile.
          ConditionExpression: 'attribute_not_exists(PK) OR (#state = :queued AND attempts = :zero)',
          ExpressionAttributeNames: { '#type': 'type', '#key': 'key', '#ref': 'ref', '#state': 'state' },
          ExpressionAttributeValues: {
            ':type': 'Email',
            ':key': k,
            ':ref': ref,
            ':queued': 'queued',
            ':dueAt': dueAt.toISOString(),
            ':zero': 0,
            ':now': at.now.toISOString(),
            ':due': collection.outboxDue,
            ':sk': outboxDueSortKey(dueAt.toISOString(), k),
            ':assignment': new Set(fresh),
          },
        })
        added = true
        openKey = k
        pending = pending.slice(fresh.length)
        if (pending.length === 0) break
        generation++ // this one is full: the next takes the rest
      } catch (e) {
        if (!isConditionalFailure(e)) throw e
        // Claimed in between: look at this generation again (a few times at most).
        if (++races > 10)
          throw new ConflictError('stale-version', `the assignment email ${k} keeps changing`, {
            contended: true,
          })
      }
    }
    if (pending.length > 0)
      throw new ConflictError(
        'illegal-transition',
        `more than ${MAX_GENERATIONS} assignment emails for ${ref.ownerId} at ${ref.meetingId}`,
      )
    return { result: added ? 'added' : 'already', openKey }
  }

  /** Brings a queued email's send time forward to `dueAt` (the secretariat asked for it now). */
  hurry(k: string, dueAt: Date): Promise<boolean> {
    return ifConditionHolds(
      this.table.update(key.email(k), {
        UpdateExpression: 'SET dueAt = :dueAt, GSI1SK = :sk',
        ConditionExpression: '#state = :queued AND dueAt > :dueAt',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':queued': 'queued',
          ':dueAt': dueAt.toISOString(),
          ':sk': outboxDueSortKey(dueAt.toISOString(), k),
        },
      }),
    )
  }

  /**
   * Claims a due email for one delivery attempt: a queued one whose time has come, or one
   * whose sender's lease ran out (that sender died). Returns the claimed intent, or null if it
   * is not due, held by a live sender, or settled.
   */
  async claim(k: string, now: Date, leaseMs: number): Promise<EmailIntent | null> {
    const claimId = randomUUID()
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString()
    try {
      const claimed = await this.table.update(key.email(k), {
        UpdateExpression:
          'SET #state = :sending, dueAt = :lease, GSI1SK = :sk, claimId = :claim ADD attempts :one',
        ConditionExpression: '(#state = :queued OR #state = :sending) AND dueAt <= :now',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':queued': 'queued',
          ':lease': leaseUntil,
          ':sk': outboxDueSortKey(leaseUntil, k),
          ':claim': claimId,
          ':one': 1,
          ':now': now.toISOString(),
        },
        ReturnValues: 'ALL_NEW',
      })
      return claimed ? StoredEmail.parse(claimed) : null
    } catch (e) {
      if (!isConditionalFailure(e)) throw e
      // The client retries an update whose answer was lost: if the first try landed, the claim is ours.
      const holder = await this.get(k)
      return holder?.state === 'sending' && holder.claimId === claimId ? holder : null
    }
  }

  /** Gives a claimed email back to the queue, to be tried again at `dueAt`. */
  async retryLater(intent: EmailIntent, dueAt: Date, detail: string): Promise<void> {
    await this.whileClaimed(intent, 'SET #state = :queued, dueAt = :dueAt, GSI1SK = :sk, detail = :detail', {
      ':queued': 'queued',
      ':dueAt': dueAt.toISOString(),
      ':sk': outboxDueSortKey(dueAt.toISOString(), intent.key),
      ':detail': detail.slice(0, 500),
    })
  }

  /** Records how a claimed email ended. A Send event that settled it first wins (the write is skipped). */
  async settle(
    intent: EmailIntent,
    state: FinalState,
    now: Date,
    opts: { messageId?: string | null; detail?: string | null } = {},
  ): Promise<void> {
    await this.whileClaimed(
      intent,
      'SET #state = :state, messageId = :messageId, detail = :detail, settledAt = :now, expiresAt = :expires REMOVE GSI1PK, GSI1SK',
      {
        ':state': state,
        ':messageId': opts.messageId ?? null,
        ':detail': opts.detail?.slice(0, 500) ?? null,
        ':now': now.toISOString(),
        ':expires': expiry(now),
      },
    )
  }

  /**
   * SES's Send event for a message tagged with this key: SES accepted it, whatever became of
   * the sender (it may have died before settling, or timed out waiting for the answer).
   * True if this settled it.
   */
  recordSent(k: string, messageId: string | null, now: Date): Promise<boolean> {
    return ifConditionHolds(
      this.table.update(key.email(k), {
        UpdateExpression:
          'SET #state = :sent, messageId = :messageId, settledAt = :now, expiresAt = :expires REMOVE GSI1PK, GSI1SK',
        ConditionExpression: 'attribute_exists(PK) AND #state <> :sent',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':messageId': messageId,
          ':now': now.toISOString(),
          ':expires': expiry(now),
        },
      }),
    )
  }

  /**
   * Takes an email no sender can read (a stored item its schema refuses) out of the due
   * collection, recorded as failed with why, so it is not claimed again at every lease's end.
   */
  async setAside(k: string, detail: string, now: Date): Promise<void> {
    await this.table.update(key.email(k), {
      UpdateExpression: 'SET #state = :failed, detail = :detail, settledAt = :now REMOVE GSI1PK, GSI1SK',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':failed': 'failed',
        ':detail': detail.slice(0, 500),
        ':now': now.toISOString(),
      },
    })
  }

  get(k: string): Promise<EmailIntent | null> {
    return this.table.get(key.email(k), StoredEmail)
  }

  /** Keys of emails due by `now` (queued, or held past their lease), oldest first; one page. */
  async listDue(now: Date, limit: number, after?: Item): Promise<{ keys: string[]; next?: Item }> {
    const res = await this.table.queryOnce({
      IndexName: TABLE.indexes.collections.name,
      KeyConditionExpression: 'GSI1PK = :due AND GSI1SK <= :now',
      ExpressionAttributeValues: {
        ':due': collection.outboxDue,
        ':now': range.outboxDueBy(now.toISOString()),
      },
      ProjectionExpression: '#key',
      ExpressionAttributeNames: { '#key': 'key' },
      Limit: limit,
      ...(after ? { ExclusiveStartKey: after } : {}),
    })
    return {
      keys: (res.Items ?? []).map((it) => DueKey.parse(it).key),
      ...(res.LastEvaluatedKey ? { next: res.LastEvaluatedKey } : {}),
    }
  }

  /** A write that holds only while this claim still holds the email (not taken over, not settled by a Send event). */
  private async whileClaimed(
    intent: EmailIntent,
    update: string,
    values: Record<string, NativeAttributeValue>,
  ): Promise<void> {
    await ifConditionHolds(
      this.table.update(key.email(intent.key), {
        UpdateExpression: update,
        ConditionExpression: '#state = :sendingNow AND claimId = :claim',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ...values, ':sendingNow': 'sending', ':claim': intent.claimId },
      }),
    )
  }
}

const expiry = (now: Date) => Math.floor(now.getTime() / 1000) + KEEP_SETTLED_DAYS * 86_400

/**
 * A stored email item as the domain's intent. The gathered assignments are a string set in
 * the table (ADD needs a set), so concurrent gatherings add to it without reading it first.
 */
const StoredEmail = z.preprocess((item) => {
  const { actionSet, ...rest } = z.looseObject({ actionSet: z.set(z.string()).optional() }).parse(item)
  return { ...rest, actions: actionSet ? [...actionSet].sort() : [] }
}, EmailIntent)

/** A due-list row: the sweep projects only the idempotency key. */
const DueKey = z.object({ key: z.string() })
