import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { Action } from '../domain/action.ts'
import { Meeting } from '../domain/meeting.ts'

/**
 * Which stream records `on-table-change` receives: the Lambda event-source-mapping filter
 * criteria (one pattern per entry), declared once. CDK passes them to the event source; the
 * local stream poller evaluates the same patterns with `matchesFilter`.
 */
export const TABLE_CHANGE_FILTERS = [
  // Minutes approved (the handler checks that the status changed to it).
  {
    eventName: ['MODIFY'],
    dynamodb: { NewImage: { type: { S: ['Meeting'] }, status: { S: ['minutes-approved'] } } },
  },
  // A meeting scheduled, or reinstated: waiting actions may attach to it.
  {
    eventName: ['INSERT', 'MODIFY'],
    dynamodb: { NewImage: { type: { S: ['Meeting'] }, status: { S: ['scheduled'] } } },
  },
  // An action raised or changed: new owners are told, its owner-index rows follow its status and owners.
  { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { type: { S: ['Action'] } } } },
  // An email queued in the outbox (or brought forward): sent at once if its time has come.
  {
    eventName: ['INSERT', 'MODIFY'],
    dynamodb: { NewImage: { type: { S: ['Email'] }, state: { S: ['queued'] } } },
  },
] as const

export type StreamRecord = {
  eventName?: string | undefined
  dynamodb?:
    | {
        NewImage?: Record<string, AttributeValue> | undefined
        OldImage?: Record<string, AttributeValue> | undefined
        SequenceNumber?: string | undefined
      }
    | undefined
}

/** What a record asks of us, decided from its images alone (pure, so it is unit-testable). */
export type TableChange =
  | { kind: 'minutes-approved'; meetingId: string }
  | { kind: 'meeting-scheduled'; meetingId: string; boardId: string }
  | { kind: 'owners-assigned'; action: Action; newOwnerIds: string[] }
  /**
   * An action's status changed: its owner-index rows (which carry the status) must follow.
   * Every API write keeps the rows right in its own transaction; only a rollover (which changes
   * nothing but status, and so writes one item per action) leaves them to this.
   */
  | { kind: 'owner-index-changed'; action: Action; previousOwnerIds: string[] }
  /** An email in the outbox is queued, due at `dueAt`. */
  | { kind: 'email-queued'; key: string; dueAt: string }

/** Everything a record asks of us, in the order to do it; none for a record we ignore. */
export function classify(record: StreamRecord): TableChange[] {
  const type = record.dynamodb?.NewImage?.type?.S
  const next = image(record.dynamodb?.NewImage)
  const prev = image(record.dynamodb?.OldImage)
  if (!next) return []
  if (type === 'Meeting') {
    const m = Meeting.parse(next)
    const was = prev ? Meeting.parse(prev) : null
    if (m.status === 'minutes-approved' && was?.status !== 'minutes-approved')
      return [{ kind: 'minutes-approved', meetingId: m.id }]
    if (m.status === 'scheduled' && (was === null || was.status !== 'scheduled'))
      return [{ kind: 'meeting-scheduled', meetingId: m.id, boardId: m.boardId }]
    return []
  }
  if (type === 'Action') {
    const a = Action.parse(next)
    const was = prev ? Action.parse(prev) : null
    const before = was?.ownerIds ?? []
    const changes: TableChange[] = []
    if (was !== null && was.status !== a.status)
      changes.push({ kind: 'owner-index-changed', action: a, previousOwnerIds: before })
    const newOwnerIds = a.ownerIds.filter((o) => !before.includes(o))
    if (newOwnerIds.length > 0) changes.push({ kind: 'owners-assigned', action: a, newOwnerIds })
    return changes
  }
  if (
    type === 'Email' &&
    next.state === 'queued' &&
    typeof next.key === 'string' &&
    typeof next.dueAt === 'string'
  )
    return [{ kind: 'email-queued', key: next.key, dueAt: next.dueAt }]
  return []
}

function image(img: Record<string, AttributeValue> | undefined): Record<string, unknown> | null {
  return img ? unmarshall(img) : null
}

type Pattern = { readonly [k: string]: Pattern | readonly unknown[] }

/**
 * Evaluates one Lambda filter pattern against a record: nested objects must match, and a
 * list of values matches when the field equals one of them (the subset of the filter syntax
 * that TABLE_CHANGE_FILTERS uses; anything else is refused rather than guessed).
 */
export function matchesFilter(record: unknown, pattern: Pattern): boolean {
  assertSupported(pattern)
  return matches(record, pattern)
}

function matches(record: unknown, pattern: Pattern): boolean {
  for (const [k, want] of Object.entries(pattern)) {
    const have = (record as Record<string, unknown> | null | undefined)?.[k]
    if (Array.isArray(want) ? !want.includes(have) : !matches(have, want as Pattern)) return false
  }
  return true
}

/** Refuses, whatever the record, a pattern using operators this evaluator does not implement. */
function assertSupported(pattern: Pattern, path = ''): void {
  for (const [k, want] of Object.entries(pattern)) {
    if (Array.isArray(want)) {
      if (want.some((w) => typeof w === 'object' && w !== null))
        throw new Error(`unsupported filter operator at ${path}${k}`)
    } else assertSupported(want as Pattern, `${path}${k}.`)
  }
}

export function passesFilters(record: unknown): boolean {
  return TABLE_CHANGE_FILTERS.some((p) => matchesFilter(record, p as unknown as Pattern))
}

/**
 * The event-source mapping for `on-table-change`, declared once for CDK and the local
 * poller: batches of up to 100 records, per-record failure reports, the failing batch split
 * in two on error, and retries enough to ride out a 30-minute DynamoDB outage before a record
 * goes to the failure destination. A record that fails for an outage is held OUTAGE_PAUSE_MS
 * (20 s) before it is reported, and an attempt that times out takes longer still (the client's
 * 3 tries with 3 s timeouts), so 300 attempts span at least 100 minutes; a record that fails
 * for a lasting reason (a bug) fails in milliseconds and reaches the destination within
 * minutes. `maxRecordAgeSeconds` stays at the stream's 24 h retention. Emails are never the
 * reason a record fails: they are in the outbox, which retries them itself.
 */
export const TABLE_CHANGE_MAPPING = {
  batchSize: 100,
  maxRetries: 300,
  maxRecordAgeSeconds: 86_400,
  bisectOnError: true,
  reportBatchItemFailures: true,
} as const
