import type { Action } from '../domain/action.ts'
import { type ActionLog, type ActionLogVersion, buildActionLog } from '../domain/action-log.ts'
import { isArisingAt, isShown } from '../domain/action-rules.ts'
import type { Board } from '../domain/board.ts'
import type { Meeting } from '../domain/meeting.ts'
import type { Deps } from './deps.ts'

// Reading a log is apart from rendering it (action-log.ts): the web pages' function reads logs
// for the published pages and must not carry the renderers.

/**
 * A meeting's action log from what the store holds, whoever asks: the callers decide who may
 * have which version (the signed-in export in action-log.ts; the published log, open only, for anyone).
 */
export async function assembleActionLog(
  deps: Deps,
  meeting: Meeting,
  board: Board,
  version: ActionLogVersion,
  /** How the actions are shown, once all are read (the published log hides some). */
  viewOf?: (actions: readonly Action[]) => Promise<(a: Action) => Action>,
): Promise<ActionLog> {
  const [raised, open, settledEntries] = await Promise.all([
    deps.store.actions.listRaisedAt(meeting.id),
    deps.store.actions.listOpenDueBy(meeting.boardId, meeting.startsAt),
    deps.store.actions.listRolloverEntries(meeting.id),
  ])
  // Once the minutes are approved, the actions they settled are no longer open (discharged)
  // or no longer due here (carried): the rollover's log names them.
  const arising = new Map<string, Action>(
    open.filter((a) => isArisingAt(a, meeting)).map((a) => [a.id, a] as const),
  )
  const settled = new Map(settledEntries.map((e) => [e.actionId, e.kind] as const))
  const missing = [...settled.keys()].filter((id) => !arising.has(id))
  // One the rollover carried and that was withdrawn since is left out, as everywhere.
  for (const a of await deps.store.actions.batchGet(missing)) if (isShown(a)) arising.set(a.id, a)

  const all = [...arising.values(), ...raised]
  const ownerIds = new Set(all.flatMap((a) => a.ownerIds))
  // Whoever recorded the approval is named in the log, as the minutes name them.
  const recorder = meeting.minutesApproval?.recordedBy.personId
  if (recorder) ownerIds.add(recorder)
  const [people, view] = await Promise.all([
    deps.store.people.batchGet([...ownerIds]),
    viewOf ? viewOf(all) : (a: Action) => a,
  ])
  return buildActionLog({
    meeting,
    board,
    arising: [...arising.values()].map(view),
    raised: raised.map(view),
    settled,
    people: new Map(people.map((p) => [p.id, p])),
    version,
    now: deps.now(),
  })
}
