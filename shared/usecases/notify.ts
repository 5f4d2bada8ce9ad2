import type { Action } from '../domain/action.ts'
import { isShown } from '../domain/action-rules.ts'
import { gatheredDueAt } from '../domain/outbox.ts'
import { mayManageEmail } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'
import { loadMeeting } from './load.ts'

/**
 * After a rollover: one email per owner (what was discharged, what carried where), unless the
 * approval asked for none, and the secretariat told about actions left waiting, put in the outbox. Keyed by meeting (and
 * owner), so a replayed stream record adds nothing. Returns the number of new intents.
 */
export async function enqueueRolloverEmails(deps: Deps, meetingId: string): Promise<number> {
  const meeting = await deps.store.meetings.get(meetingId)
  if (meeting?.status !== 'minutes-approved') return 0
  const entries = await deps.store.actions.listRolloverEntries(meetingId)
  if (entries.length === 0) return 0
  const actions = (await deps.store.actions.batchGet(entries.map((e) => e.actionId))).filter(isShown)
  const now = deps.now()
  let queued = 0
  // Minutes entered from long ago (an import) roll over quietly: owners heard at the time.
  const owners = meeting.minutesApproval?.notifyOwners === false ? [] : actions.flatMap((a) => a.ownerIds)
  for (const ownerId of new Set(owners)) {
    if (await deps.store.outbox.enqueue({ kind: 'rollover', meetingId, ownerId }, now, now)) queued++
  }
  if (actions.some((a) => a.status === 'open' && a.dueMeetingId === null)) {
    if (await deps.store.outbox.enqueue({ kind: 'awaiting', meetingId }, now, now)) queued++
  }
  return queued
}

/**
 * New owners of an action hear about it in the email gathering everything assigned to them
 * at that sitting, sent once the secretariat has gone quiet (QUIET_PERIOD_MS), at most
 * MAX_GATHER_MS after the first. Nothing is queued for a change that asked for no emails
 * (an action entered from old minutes). Returns the number of owners it was gathered for.
 */
export async function enqueueAssignment(
  deps: Deps,
  action: Action,
  newOwnerIds: readonly string[],
  opts: { now?: Date } = {},
): Promise<number> {
  if (newOwnerIds.length === 0 || action.status !== 'open' || !action.notifyOwners) return 0
  const now = opts.now ?? deps.now()
  let gathered = 0
  for (const ownerId of newOwnerIds) {
    const { result } = await deps.store.outbox.gatherAssignment(
      { kind: 'assignment', meetingId: action.raisedAtMeetingId, ownerId },
      [action.id],
      { now, dueAt: gatheredDueAt(now, now), latestDueAt: (first) => gatheredDueAt(first, now) },
    )
    if (result === 'added') gathered++
  }
  return gathered
}

/**
 * The secretariat asks for a sitting's assignment emails now: its owners' gathered emails go
 * at once, and actions that were entered without emails (from old minutes, or imported) are
 * added to them. Actions already told to their owners are not told again. Returns the number
 * of owners whose email is on its way.
 */
export async function sendAssignmentEmailsNow(
  deps: Deps,
  principal: Principal,
  meetingId: string,
): Promise<{ owners: number }> {
  authorize(principal, mayManageEmail)
  await loadMeeting(deps, meetingId)
  const now = deps.now()
  // Every owner's actions in one write, so the email goes whole rather than one per action.
  const byOwner = new Map<string, string[]>()
  for (const action of await deps.store.actions.listRaisedAt(meetingId)) {
    if (action.status !== 'open') continue
    for (const ownerId of action.ownerIds) byOwner.set(ownerId, [...(byOwner.get(ownerId) ?? []), action.id])
  }
  let owners = 0
  for (const [ownerId, ids] of byOwner) {
    const { result, openKey } = await deps.store.outbox.gatherAssignment(
      { kind: 'assignment', meetingId, ownerId },
      ids,
      { now, dueAt: now, latestDueAt: () => now },
    )
    // Everything was already gathered into an email still waiting out its quiet period: send it now.
    const hurried = result === 'already' && openKey !== null && (await deps.store.outbox.hurry(openKey, now))
    if (result === 'added' || hurried) owners++
  }
  return { owners }
}
