import type { Action } from '../domain/action.ts'
import {
  type ActionLog,
  type ActionLogFormat,
  type ActionLogVersion,
  buildActionLog,
  DOCX_TYPE,
} from '../domain/action-log.ts'
import { isArisingAt, isShown } from '../domain/action-rules.ts'
import { mayReadFullActionLog } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import { ForbiddenError } from '../errors.ts'
import { renderCsv } from '../export/csv.ts'
import { renderHtml } from '../export/html.ts'
import type { Deps } from './deps.ts'
import { loadBoard, loadMeeting } from './load.ts'

/** A rendered action log, ready to be sent as a file. */
export type ActionLogFile = {
  body: Uint8Array<ArrayBuffer> | string
  contentType: string
  /** Built from the board's short name, the meeting date and the version only. */
  fileName: string
  /** Whether a browser should show it (HTML) rather than save it. */
  inline: boolean
}

/**
 * The meeting pack's action log, open or full. Everyone signed in may have the open version
 * (it is the publishable one); the full version, exempt items and all, is for the
 * secretariat and the chair. The role is checked before anything is read, so a member
 * learns nothing about the meeting from a refused request.
 */
export async function loadActionLog(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  version: ActionLogVersion,
): Promise<ActionLog> {
  if (version === 'full' && !mayReadFullActionLog(principal)) {
    throw new ForbiddenError(
      'the full action log shows exempt items and is for the secretariat and the chair; ask for version=open',
    )
  }
  const meeting = await loadMeeting(deps, meetingId)
  const [board, raised, open, settledEntries] = await Promise.all([
    loadBoard(deps, meeting.boardId),
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

  const ownerIds = new Set([...arising.values(), ...raised].flatMap((a) => a.ownerIds))
  const recorder = meeting.minutesApproval?.recordedBy.personId
  if (recorder) ownerIds.add(recorder)
  const people = await deps.store.people.batchGet([...ownerIds])
  return buildActionLog({
    meeting,
    board,
    arising: [...arising.values()],
    raised,
    settled,
    people: new Map(people.map((p) => [p.id, p])),
    version,
    now: deps.now(),
  })
}

export async function exportActionLog(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  opts: { format: ActionLogFormat; version: ActionLogVersion },
): Promise<ActionLogFile> {
  const log = await loadActionLog(deps, principal, meetingId, opts.version)
  return renderActionLog(log, opts.format)
}

export async function renderActionLog(log: ActionLog, format: ActionLogFormat): Promise<ActionLogFile> {
  const fileName = `${log.fileBaseName}.${format}`
  switch (format) {
    case 'csv':
      return {
        body: renderCsv(log),
        contentType: 'text/csv; charset=utf-8; header=present',
        fileName,
        inline: false,
      }
    case 'html':
      return { body: renderHtml(log), contentType: 'text/html; charset=utf-8', fileName, inline: true }
    case 'docx': {
      // The Word library is most of the weight of this path: loaded only when asked for,
      // so it can move to a function of its own without touching the callers.
      const { renderDocx } = await import('../export/docx.ts')
      return { body: await renderDocx(log), contentType: DOCX_TYPE, fileName, inline: false }
    }
  }
}

export { DOCX_TYPE }
