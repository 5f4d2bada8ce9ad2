import { type Action, type HistoryEntry, unworked } from '../domain/action.ts'
import { type ActionLogFormat, type ActionLogVersion, DOCX_TYPE, fileSafe } from '../domain/action-log.ts'
import { changedFields } from '../domain/action-rules.ts'
import type { Board } from '../domain/board.ts'
import { type ForwardPlan, forwardPlan } from '../domain/forward-plan.ts'
import { historyEntry } from '../domain/history.ts'
import type { Meeting } from '../domain/meeting.ts'
import { canBeDueMeeting } from '../domain/meeting-rules.ts'
import { announcesByDefault } from '../domain/outbox.ts'
import { mayEditActions, mayReadFullActionLog } from '../domain/policy.ts'
import { actorOf, type Principal } from '../domain/principal.ts'
import { formatReference } from '../domain/reference.ts'
import { isoDateIn } from '../domain/time.ts'
import {
  type AddWorkProgrammeInput,
  itemDescription,
  type RecordItemInput,
  recorded,
  recordRefusal,
  type WorkProgrammeItem,
  WorkProgrammeItemInput,
  workProgrammeItem,
} from '../domain/work-programme.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts'
import { renderForwardPlanCsv, renderForwardPlanHtml } from '../export/forward-plan.ts'
import type { ActionLogFile } from './action-log.ts'
import { createNumbered, exemption, fieldOf, ownersOf, parseRow, type RowResult } from './actions.ts'
import { authorize, viewerFor } from './authz.ts'
import type { Deps } from './deps.ts'
import { checkVersion, loadAction, loadBoard, loadWritableBoard } from './load.ts'

const invalid = (path: string, message: string) => new ValidationError(`invalid ${path}`, [{ path, message }])

/** A meeting named in a body: one of this board's, or the field is at fault (400). */
async function boardMeeting(deps: Deps, board: Board, id: string, field: string): Promise<Meeting> {
  const m = await deps.store.meetings.get(id)
  if (!m) throw invalid(field, `no meeting ${id}`)
  if (m.boardId !== board.id) throw invalid(field, 'the meeting belongs to another board')
  return m
}

/**
 * Work-programme items added to a board, each row validated and added on its own (a row that
 * fails is not written, the others are), in the order given. Each is an action of its kind,
 * raised at the meeting that asked for it, so its owners hear of it in the one email gathering
 * everything given to them at that meeting (the outbox's assignment email).
 */
export async function addWorkProgrammeItems(
  deps: Deps,
  principal: Principal,
  boardId: string,
  input: AddWorkProgrammeInput,
): Promise<RowResult[]> {
  authorize(principal, mayEditActions)
  const board = await loadWritableBoard(deps, boardId)
  const results: RowResult[] = []
  for (const [row, raw] of input.items.entries()) {
    try {
      const item = parseRow(WorkProgrammeItemInput, raw)
      const action = await addItem(deps, principal, board, item, input.requestedAtMeetingId)
      results.push({ row, actionId: action.id, ref: action.ref, label: action.ref, ok: true, action })
    } catch (error) {
      const field = fieldOf(error, '(row)')
      const title = (raw as { title?: unknown } | null)?.title
      const label = typeof title === 'string' && title.trim() ? title.trim().slice(0, 80) : field
      results.push({ row, actionId: null, ref: null, label, ok: false, field, error })
    }
  }
  return results
}

/** One item added; its requesting meeting must be given. */
export async function addWorkProgrammeItem(
  deps: Deps,
  principal: Principal,
  boardId: string,
  input: WorkProgrammeItemInput,
): Promise<Action> {
  authorize(principal, mayEditActions)
  return addItem(deps, principal, await loadWritableBoard(deps, boardId), input, undefined)
}

async function addItem(
  deps: Deps,
  principal: Principal,
  board: Board,
  input: WorkProgrammeItemInput,
  requestedByDefault: string | undefined,
): Promise<Action> {
  const requestedId = input.requestedAtMeetingId ?? requestedByDefault
  if (!requestedId) throw invalid('requestedAtMeetingId', 'give the meeting that asked for the item')
  const requested = await boardMeeting(deps, board, requestedId, 'requestedAtMeetingId')
  if (requested.status === 'cancelled') throw invalid('requestedAtMeetingId', 'the meeting was cancelled')
  const due = input.dueMeetingId ? await boardMeeting(deps, board, input.dueMeetingId, 'dueMeetingId') : null
  if (due && !canBeDueMeeting(due)) throw invalid('dueMeetingId', `the due meeting is ${due.status}`)
  if (due && due.startsAt <= requested.startsAt)
    throw invalid('dueMeetingId', 'the due meeting must come after the meeting that asked for the item')
  const ownerIds = await ownersOf(deps, board, input)
  const now = deps.now()
  const at = now.toISOString()
  const actor = actorOf(principal)
  // A report given before the tool came in is no later than the meeting that asked again.
  if (input.lastReportedOn && input.lastReportedOn > isoDateIn(new Date(requested.startsAt), board.timeZone))
    throw invalid('lastReportedOn', 'the date of last report is after the meeting that asked for the item')
  const lastReport = input.lastReportedOn ? { meetingId: null, on: input.lastReportedOn } : null
  const draft: Action = {
    id: deps.newId(),
    boardId: board.id,
    // "WP.22/01/2020": the work programme's own series beside the agenda items' "NN.DD/MM/YYYY".
    ref: formatReference(0, new Date(requested.startsAt), board.timeZone).replace(/^00/, 'WP'),
    itemNumber: 0,
    itemTitle: null,
    description: itemDescription(input.title, input.detail),
    ownerIds,
    raisedAtMeetingId: requested.id,
    raisedAt: requested.startsAt,
    dueMeetingId: due?.id ?? null,
    dueMeetingStartsAt: due?.startsAt ?? null,
    dueDate: null,
    waitingAfter: null,
    ...unworked(),
    exempt: input.exempt ? exemption(input.exempt) : null,
    notifyOwners: input.notifyOwners ?? announcesByDefault(requested, now),
    kind: input.kind,
    title: input.title,
    detail: input.detail ?? null,
    lastReport,
    createdAt: at,
    updatedAt: at,
    version: 1,
  }
  return createNumbered(deps, draft, (action) =>
    historyEntry(action, actor, 'created', {
      meetingId: requested.id,
      // The history holds the date of last report from its first entry (see lastReportOf).
      ...(lastReport ? { changes: { lastReport: { from: null, to: lastReport } } } : {}),
    }),
  )
}

/** A board's open work-programme items, as this reader may see them. */
export async function listWorkProgramme(
  deps: Deps,
  principal: Principal,
  boardId: string,
): Promise<WorkProgrammeItem[]> {
  await loadBoard(deps, boardId)
  const view = await viewerFor(deps, principal)
  const items = await deps.store.actions.listWorkProgramme(boardId)
  return items.map((a) => workProgrammeItem(view(a)))
}

/** The board's standing items, for every meeting's agenda. */
export async function listStandingItems(deps: Deps, boardId: string): Promise<Action[]> {
  return (await deps.store.actions.listWorkProgramme(boardId)).filter((a) => a.kind === 'standing')
}

/** The fields recording an item may change, as its history entry lists them. */
const RECORDED_FIELDS = [
  'status',
  'dueMeetingId',
  'lastReport',
  'carryCount',
] as const satisfies readonly (keyof Action)[]

/**
 * The secretariat records an item at a meeting: taken (its date of last report moves to the
 * meeting; it closes, or is timetabled again), deferred to a later meeting, or brought forward
 * to an earlier one. Final at once: the work programme is the Panel's own record of its review,
 * not an outcome awaiting the minutes (see docs/data.md).
 */
export async function recordItem(
  deps: Deps,
  principal: Principal,
  boardId: string,
  itemId: string,
  input: RecordItemInput,
  expectedVersion?: number,
): Promise<Action> {
  authorize(principal, mayEditActions)
  const board = await loadWritableBoard(deps, boardId)
  const prev = await loadAction(deps, itemId)
  if (prev.boardId !== board.id || prev.kind === 'action' || prev.status === 'withdrawn')
    throw new NotFoundError('work-programme item', itemId)
  checkVersion(prev, input.version ?? expectedVersion, `item ${itemId}`)
  const at = await boardMeeting(deps, board, input.meetingId, 'meetingId')
  const next = input.nextMeetingId ? await deps.store.meetings.get(input.nextMeetingId) : null
  const refusal = recordRefusal(prev, at, next, input)
  if (refusal) {
    if (refusal.conflict) throw new ConflictError('illegal-transition', refusal.problem.message)
    throw new ValidationError('cannot record the item', [refusal.problem])
  }
  const now = deps.now().toISOString()
  const after: Action = {
    ...prev,
    ...recorded(prev, at, next, input, board.timeZone),
    updatedAt: now,
    version: prev.version + 1,
  }
  const kind: HistoryEntry['kind'] = input.outcome
  await deps.store.actions.save(
    prev,
    after,
    historyEntry(after, actorOf(principal), kind, {
      before: prev,
      meetingId: at.id,
      note: input.note ?? null,
      changes: changedFields(prev, after, RECORDED_FIELDS),
    }),
  )
  return after
}

/**
 * The forward plan as this reader may have it: `full` (exempt items in full, for the
 * secretariat and the chair) or `open` (the public plan: exempt items only their wording).
 * Its meeting sections are the board's meetings from now on that are still scheduled.
 */
export async function loadForwardPlan(
  deps: Deps,
  principal: Principal,
  boardId: string,
  version: ActionLogVersion,
): Promise<{ plan: ForwardPlan; board: Board; items: Action[]; meetings: Meeting[] }> {
  if (version === 'full' && !mayReadFullActionLog(principal))
    throw new ForbiddenError(
      'the full work programme shows exempt items and is for the secretariat and the chair; ask for version=open',
    )
  const board = await loadBoard(deps, boardId)
  const [items, upcoming] = await Promise.all([
    deps.store.actions.listWorkProgramme(boardId),
    deps.store.meetings.list(boardId, { from: deps.now().toISOString() }),
  ])
  const meetings = upcoming.filter(canBeDueMeeting)
  const people = await deps.store.people.batchGet([...new Set(items.flatMap((a) => a.ownerIds))])
  const plan = forwardPlan(items, meetings, new Map(people.map((p) => [p.id, p])), {
    public: version === 'open',
    board,
  })
  return { plan, board, items, meetings }
}

export async function exportWorkProgramme(
  deps: Deps,
  principal: Principal,
  boardId: string,
  opts: { format: ActionLogFormat; version: ActionLogVersion },
): Promise<ActionLogFile> {
  const { plan, board } = await loadForwardPlan(deps, principal, boardId, opts.version)
  const fileName = `${fileSafe(board.shortName)}-${isoDateIn(deps.now(), board.timeZone)}-work-programme-${opts.version}.${opts.format}`
  switch (opts.format) {
    case 'csv':
      return {
        body: renderForwardPlanCsv(plan),
        contentType: 'text/csv; charset=utf-8; header=present',
        fileName,
        inline: false,
      }
    case 'html':
      return {
        body: renderForwardPlanHtml(plan),
        contentType: 'text/html; charset=utf-8',
        fileName,
        inline: true,
      }
    case 'docx': {
      const { renderForwardPlanDocx } = await import('../export/forward-plan-docx.ts')
      return { body: await renderForwardPlanDocx(plan), contentType: DOCX_TYPE, fileName, inline: false }
    }
  }
}
