import type { Action, HistoryEntry } from './action.ts'
import type { Actor } from './common.ts'

/**
 * The history entry for the change that produced `after` (from `before`, if it existed).
 * It is marked exempt if the action was exempt on either side of the change, so text that
 * was exempt stays hidden from members even after the exemption is lifted.
 */
export function historyEntry(
  after: Action,
  by: Actor,
  kind: HistoryEntry['kind'],
  opts: {
    before?: Action
    meetingId?: string | null
    changes?: HistoryEntry['changes']
    note?: string | null
    given?: Pick<HistoryEntry, 'onBehalfOf' | 'givenOn'>
  } = {},
): HistoryEntry {
  return {
    actionId: after.id,
    version: after.version,
    at: after.updatedAt,
    by,
    kind,
    meetingId: opts.meetingId ?? null,
    changes: opts.changes ?? null,
    note: opts.note ?? null,
    exempt: Boolean(after.exempt || opts.before?.exempt),
    ...(opts.given?.onBehalfOf ? { onBehalfOf: opts.given.onBehalfOf } : {}),
    ...(opts.given?.givenOn ? { givenOn: opts.given.givenOn } : {}),
  }
}

/** A history entry as a member who does not own the action may see it. */
export function redactHistory(h: HistoryEntry): HistoryEntry & { redacted: boolean } {
  return h.exempt ? { ...h, changes: null, note: null, redacted: true } : { ...h, redacted: false }
}
