import type { Action } from '../domain/action.ts'
import { historyEntry } from '../domain/history.ts'
import { SYSTEM_ACTOR } from '../domain/principal.ts'
import { planRollover } from '../domain/rollover.ts'
import { ConflictError } from '../errors.ts'
import type { ActionChange } from '../store/store.ts'
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
 * run is resolved by planning again from what is now stored.
 */
export async function applyRollover(
  deps: Deps,
  meetingId: string,
  hooks: RolloverHooks = {},
): Promise<RolloverOutcome> {
  const outcome: RolloverOutcome = { discharged: 0, carried: 0, waiting: 0, transactions: 0 }
  const meeting = await deps.store.getMeeting(meetingId)
  if (meeting?.status !== 'minutes-approved') return outcome
  for (let attempt = 0; ; attempt++) {
    const [open, next] = await Promise.all([
      deps.store.listOpenActionsDueBy(meeting.boardId, meeting.startsAt),
      deps.store.nextScheduledMeeting(meeting.boardId, meeting.startsAt),
    ])
    const at = deps.now().toISOString()
    const plan = planRollover(meeting, open, next, at)
    if (plan.length === 0) return outcome
    const changes: ActionChange[] = plan.map((c) => ({
      before: c.before,
      after: c.after,
      history: historyEntry(c.after, SYSTEM_ACTOR, c.kind, {
        before: c.before,
        meetingId: meeting.id,
        note: c.kind === 'discharged' ? (c.after.discharge?.note ?? null) : null,
      }),
      rollover: { meetingId: meeting.id, kind: c.kind },
    }))
    try {
      outcome.transactions += await deps.store.applyActionChanges(changes, hooks.afterChunk)
      for (const c of plan) {
        if (c.kind === 'discharged') outcome.discharged++
        else if (c.after.dueMeetingId) outcome.carried++
        else outcome.waiting++
      }
      return outcome
    } catch (e) {
      if (!(e instanceof ConflictError && e.reason === 'stale-version') || attempt >= 5) throw e
    }
  }
}

/**
 * A meeting was scheduled: actions of its board that were waiting for one (carried from a
 * meeting with no successor) now fall due at it, if it comes after they were raised.
 */
export async function attachWaitingActions(deps: Deps, meetingId: string): Promise<number> {
  const meeting = await deps.store.getMeeting(meetingId)
  if (meeting?.status !== 'scheduled') return 0
  const attached = 0
  for (let attempt = 0; ; attempt++) {
    const waiting = (await deps.store.listAwaitingActions(meeting.boardId)).filter(
      (a) => a.raisedAt < meeting.startsAt,
    )
    if (waiting.length === 0) return attached
    const at = deps.now().toISOString()
    const changes = waiting.map((before) => {
      const after: Action = {
        ...before,
        dueMeetingId: meeting.id,
        dueMeetingStartsAt: meeting.startsAt,
        updatedAt: at,
        version: before.version + 1,
      }
      return {
        before,
        after,
        history: historyEntry(after, SYSTEM_ACTOR, 'due-meeting-moved', { before, meetingId: meeting.id }),
      }
    })
    try {
      await deps.store.applyActionChanges(changes)
      return attached + changes.length
    } catch (e) {
      // A concurrent delivery moved some first: look again at what still waits.
      if (!(e instanceof ConflictError && e.reason === 'stale-version') || attempt >= 5) throw e
    }
  }
}
