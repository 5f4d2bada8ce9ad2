import { SYSTEM_ACTOR } from '../domain/principal.ts'
import { planRollover, type RolloverChange } from '../domain/rollover.ts'
import { ConflictError } from '../errors.ts'
import type { Deps } from './deps.ts'
import { loadMeeting } from './load.ts'

/**
 * Applies the rollover of an approved meeting, one action at a time, each change
 * conditional on the version planned from. Safe to run again: already-rolled actions no
 * longer arise at the meeting. (The stream-driven, chunked version builds on this.)
 */
export async function applyRollover(deps: Deps, meetingId: string): Promise<RolloverChange[]> {
  const meeting = await loadMeeting(deps, meetingId)
  if (meeting.status !== 'minutes-approved') {
    throw new ConflictError('illegal-transition', 'the minutes of this meeting are not approved')
  }
  const [open, next] = await Promise.all([
    deps.store.listOpenActionsDueBy(meeting.boardId, meeting.startsAt),
    deps.store.nextScheduledMeeting(meeting.boardId, meeting.startsAt),
  ])
  const at = deps.now().toISOString()
  const changes = planRollover(meeting, open, next, at)
  for (const c of changes) {
    await deps.store.saveAction(c.before, c.after, {
      actionId: c.after.id,
      version: c.after.version,
      at,
      by: SYSTEM_ACTOR,
      kind: c.kind,
      meetingId: meeting.id,
      changes: null,
      note: c.kind === 'discharged' ? (c.after.discharge?.note ?? null) : null,
    })
  }
  return changes
}
