import type { Action } from '../domain/action.ts'
import { historyEntry } from '../domain/history.ts'
import type { Meeting } from '../domain/meeting.ts'
import { SYSTEM_ACTOR } from '../domain/principal.ts'
import { planRollover } from '../domain/rollover.ts'
import { ConflictError } from '../errors.ts'
import type { Deps } from './deps.ts'

export type RolloverHooks = {
  /** Called after each committed transaction; tests throw here to simulate a crash. */
  afterChunk?: (index: number) => void | Promise<void>
}

export type RolloverOutcome = { discharged: number; carried: number; waiting: number; transactions: number }

/**
 * Applies the rollover of a meeting whose minutes are approved (DESIGN §1): proposed
 * discharges close, every other action arising there is carried to the board's next
 * scheduled meeting (or waits for one).
 *
 * Idempotent under at-least-once delivery: each change is conditional on the version it was
 * planned from, and an action already rolled over no longer arises at the meeting, so a
 * replay (or a concurrent duplicate) finds nothing left to do. A conflict with a concurrent
 * run, or with the next meeting being moved meanwhile, is resolved by planning again.
 */
export async function applyRollover(
  deps: Deps,
  meetingId: string,
  hooks: RolloverHooks = {},
): Promise<RolloverOutcome> {
  const outcome: RolloverOutcome = { discharged: 0, carried: 0, waiting: 0, transactions: 0 }
  const meeting = await deps.store.meetings.get(meetingId)
  if (meeting?.status !== 'minutes-approved') return outcome
  for (let attempt = 0; ; attempt++) {
    const [open, next] = await Promise.all([
      deps.store.actions.listOpenDueBy(meeting.boardId, meeting.startsAt),
      deps.store.meetings.nextScheduled(meeting.boardId, meeting.startsAt),
    ])
    const at = deps.now().toISOString()
    const plan = planRollover(meeting, open, next, at, await pendingElsewhere(deps, open, meeting))
    if (plan.length === 0) break
    const changes = plan.map((c) => ({
      before: c.before,
      after: c.after,
      history: historyEntry(c.after, SYSTEM_ACTOR, c.kind, {
        before: c.before,
        meetingId: meeting.id,
        note: c.kind === 'discharged' ? (c.after.discharge?.note ?? null) : null,
      }),
    }))
    try {
      outcome.transactions += await deps.store.actions.applyChanges(changes, {
        rolloverOf: meeting.id,
        target: next,
        ...(hooks.afterChunk ? { afterChunk: hooks.afterChunk } : {}),
      })
      for (const c of plan) {
        if (c.kind === 'discharged') outcome.discharged++
        else if (c.after.dueMeetingId) outcome.carried++
        else outcome.waiting++
      }
      break
    } catch (e) {
      if (!(e instanceof ConflictError && e.reason === 'stale-version') || attempt >= 5) throw e
    }
  }
  // A meeting scheduled while this ran may have found nothing waiting yet: look again.
  if (outcome.waiting > 0) await attachWaitingActions(deps, meeting.boardId)
  return outcome
}

/** Meetings other than `meeting` with proposals on these actions whose minutes can still be approved. */
async function pendingElsewhere(deps: Deps, open: readonly Action[], meeting: Meeting): Promise<Set<string>> {
  const ids = [...new Set(open.flatMap((a) => a.proposedOutcome?.meetingId ?? []))].filter(
    (id) => id !== meeting.id,
  )
  const meetings = await Promise.all(ids.map((id) => deps.store.meetings.get(id)))
  return new Set(
    meetings.flatMap((m) => (m && (m.status === 'scheduled' || m.status === 'held') ? [m.id] : [])),
  )
}

/**
 * Actions of a board waiting for a meeting fall due at the first scheduled meeting after
 * the one they were carried from, whichever meeting's creation prompted the look. Safe to
 * run any number of times, in any order.
 */
export async function attachWaitingActions(deps: Deps, boardId: string): Promise<number> {
  let attached = 0
  for (let attempt = 0; ; attempt++) {
    const waiting = await deps.store.actions.listAwaiting(boardId)
    const targets = new Map<string, Meeting | null>()
    for (const a of waiting) {
      const after = a.waitingAfter ?? a.raisedAt
      if (!targets.has(after)) targets.set(after, await deps.store.meetings.nextScheduled(boardId, after))
    }
    const byTarget = new Map<string, { meeting: Meeting; actions: Action[] }>()
    for (const a of waiting) {
      const meeting = targets.get(a.waitingAfter ?? a.raisedAt)
      if (!meeting) continue
      const group = byTarget.get(meeting.id) ?? { meeting, actions: [] }
      group.actions.push(a)
      byTarget.set(meeting.id, group)
    }
    if (byTarget.size === 0) return attached
    try {
      for (const { meeting, actions } of byTarget.values()) {
        const at = deps.now().toISOString()
        const changes = actions.map((before) => {
          const after: Action = {
            ...before,
            dueMeetingId: meeting.id,
            dueMeetingStartsAt: meeting.startsAt,
            waitingAfter: null,
            updatedAt: at,
            version: before.version + 1,
          }
          return {
            before,
            after,
            history: historyEntry(after, SYSTEM_ACTOR, 'due-meeting-moved', {
              before,
              meetingId: meeting.id,
            }),
          }
        })
        await deps.store.actions.applyChanges(changes, { target: meeting })
        attached += changes.length
      }
      return attached
    } catch (e) {
      // A concurrent run moved some first, or the meeting moved: look again at what still waits.
      if (!(e instanceof ConflictError && e.reason === 'stale-version') || attempt >= 5) throw e
    }
  }
}
