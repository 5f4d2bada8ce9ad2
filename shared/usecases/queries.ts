import type { Action, ActionStatus, RedactedAction } from '../domain/action.ts'
import { fileSafe } from '../domain/action-log.ts'
import type { Board, BoardRef } from '../domain/board.ts'
import {
  BOARD_LOG_READ_BOUND,
  type BoardLogFilter,
  filtersInFunction,
  matchesBoardLog,
} from '../domain/board-log.ts'
import { type OverdueReport, overdueItems, overdueReportOf } from '../domain/overdue.ts'
import { mapPage, type Page, type PageRequest } from '../domain/page.ts'
import { mayViewOverdue } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import { isoDateIn } from '../domain/time.ts'
import { ForbiddenError, PayloadTooLargeError } from '../errors.ts'
import { renderBoardLogCsv } from '../export/csv.ts'
import type { ActionLogFile } from './action-log.ts'
import { authorize, viewerFor } from './authz.ts'
import type { Deps } from './deps.ts'
import { loadBoard, loadPerson } from './load.ts'
import { peopleByIds } from './people.ts'

/**
 * A page of a board's action log, optionally one status and filtered: by status
 * (discharged, then open), then by raising date; with an owner alone, by the order the
 * actions were entered (the owner's index). Any other filter is matched in the function on
 * the board's actions read in order, at most BOARD_LOG_READ_BOUND per page (a page may then
 * be short, with a cursor to read on), and on the reader's view of each action, so text
 * hidden from them by an exemption is not searched.
 */
export async function listBoardActions(
  deps: Deps,
  principal: Principal,
  boardId: string,
  filter: BoardLogQuery,
  page: PageRequest,
): Promise<Page<RedactedAction>> {
  const board = await loadBoard(deps, boardId)
  return boardLogPage(deps, board, await viewerFor(deps, principal), filter, page)
}

type BoardLogQuery = BoardLogFilter & { status?: ActionStatus | undefined }

/** One page of the board log, for a board and a reader's view already loaded. */
async function boardLogPage(
  deps: Deps,
  board: Board,
  view: (a: Action) => RedactedAction,
  filter: BoardLogQuery,
  page: PageRequest,
): Promise<Page<RedactedAction>> {
  const boardId = board.id
  const { ownerId, status } = filter
  if (filtersInFunction(filter)) {
    const ctx = { board, asOf: deps.now() }
    const found = await deps.store.actions.searchByBoard(
      boardId,
      status,
      // Only the filters given name the list: `q=` and no `q` are the same list.
      JSON.stringify(
        Object.entries(filter)
          .filter(([, v]) => v !== undefined)
          .sort(),
      ),
      (a) => matchesBoardLog(view(a), filter, ctx),
      page,
      BOARD_LOG_READ_BOUND,
    )
    return mapPage(found, view)
  }
  if (!ownerId) return mapPage(await deps.store.actions.pageByBoard(boardId, status, page), view)
  const statuses = status ? [status] : SHOWN_STATUSES
  const links = await deps.store.actions.pageOwnerIndex(
    `board:${boardId}:owner:${ownerId}:${status ?? ''}`,
    statuses.map((s) => ({ personId: ownerId, status: s, boardId })),
    page,
  )
  const actions = await actionsInOrder(deps, [...new Set(links.items.map((l) => l.actionId))])
  return { items: actions.filter(hasStatus(status)).map(view), next: links.next }
}

/** What a list shows when no status is asked for: a withdrawn action only when asked for. */
const SHOWN_STATUSES = ['discharged', 'open'] as const satisfies readonly ActionStatus[]

/** The actions with these ids, in this order (those that no longer exist left out). */
async function actionsInOrder(deps: Deps, ids: readonly string[]): Promise<Action[]> {
  const byId = new Map((await deps.store.actions.batchGet(ids)).map((a) => [a.id, a]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/**
 * The owner index can lag an action's status (a rollover leaves its rows to the table's
 * stream), so a status asked for is checked on the action itself.
 */
function hasStatus(status: ActionStatus | undefined): (a: Action) => boolean {
  return (a) => status === undefined || a.status === status
}

export type Via = { kind: 'owner' | 'team' | 'deputy'; ownerId: string }
export type PersonAction = RedactedAction & { via: Via[]; board: BoardRef }

/**
 * A page of the actions a person answers for: their own, their teams', and those of anyone
 * they deputise for (pattern 5), each saying why it is theirs and on which board (read in
 * one BatchGet per page, so a page can be grouped by board); by status, board, then the
 * order they were entered. A member may only ask for themselves.
 */
export async function listPersonActions(
  deps: Deps,
  principal: Principal,
  personId: string,
  status: ActionStatus | undefined,
  page: PageRequest,
): Promise<Page<PersonAction>> {
  if (principal.role === 'member' && principal.personId !== personId) {
    throw new ForbiddenError('members may list only their own actions')
  }
  await loadPerson(deps, personId)
  const rel = await deps.store.people.relationsOf(personId)
  const sources: Via[] = [
    { kind: 'owner', ownerId: personId },
    ...rel.teamIds.map((ownerId) => ({ kind: 'team' as const, ownerId })),
    ...rel.deputisesFor.map((ownerId) => ({ kind: 'deputy' as const, ownerId })),
  ]
  // Withdrawn actions are nobody's work: without a status, only the shown ones are read.
  const statuses = status ? [status] : SHOWN_STATUSES
  const links = await deps.store.actions.pageOwnerIndex(
    `person:${personId}:${status ?? ''}`,
    sources.flatMap((s) => statuses.map((st) => ({ personId: s.ownerId, status: st }))),
    page,
  )
  const sourceOf = new Map(sources.map((s) => [s.ownerId, s]))
  const via = new Map<string, Via[]>()
  for (const l of links.items) {
    const source = sourceOf.get(l.personId)
    if (source) via.set(l.actionId, [...(via.get(l.actionId) ?? []), source])
  }
  const view = await viewerFor(deps, principal)
  const actions = (await actionsInOrder(deps, [...via.keys()])).filter(hasStatus(status))
  const boards = new Map(
    (await deps.store.boards.batchGet([...new Set(actions.map((a) => a.boardId))])).map((b) => [b.id, b]),
  )
  const boardOf = (id: string): BoardRef => {
    const b = boards.get(id)
    return b ? { id, name: b.name, shortName: b.shortName } : { id, name: 'unknown board', shortName: '?' }
  }
  return {
    items: actions.map((a) => ({ ...view(a), via: via.get(a.id) ?? [], board: boardOf(a.boardId) })),
    next: links.next,
  }
}

export type { OverdueGroup, OverdueItem, OverdueReport } from '../domain/overdue.ts'

/**
 * The chair's overdue list (pattern 6): open actions past due or carried at least the
 * board's threshold, grouped by owner, oldest first. Reads only the board's open actions.
 */
export async function overdueReport(
  deps: Deps,
  principal: Principal,
  boardId: string,
): Promise<OverdueReport> {
  authorize(principal, mayViewOverdue)
  const board = await loadBoard(deps, boardId)
  return buildOverdueReport(deps, board, deps.now())
}

/**
 * The overdue list without access checks, for callers that already decided who may see it
 * (the API above; a dashboard). The rules live in `shared/domain/overdue.ts`, which the
 * chair's summary email uses too.
 */
export async function buildOverdueReport(deps: Deps, board: Board, asOf: Date): Promise<OverdueReport> {
  const items = overdueItems(board, await deps.store.actions.listOpen(board.id), asOf)
  const people = await deps.store.people.batchGet([...new Set(items.flatMap((a) => a.ownerIds))])
  return overdueReportOf(board, items, new Map(people.map((p) => [p.id, p])), asOf)
}

/** The most rows one CSV of a board log holds. */
export const BOARD_LOG_CSV_MAX_ROWS = 10_000
/** The most actions one download reads (20 pages of the filtered log). */
const BOARD_LOG_CSV_MAX_PAGES = 20
/** A Lambda response holds 6 MB, and a file goes out base64 (4/3 as long). */
const BOARD_LOG_CSV_MAX_BYTES = 4 * 1024 * 1024

/**
 * The filtered board log as CSV, every page of it, as the reader sees it. Bounded three ways,
 * each refused (413) rather than cut short silently: more than BOARD_LOG_CSV_MAX_ROWS
 * matches, a filter that would read more than 20,000 of the board's actions, or a file over
 * 4 MB.
 */
export async function exportBoardLog(
  deps: Deps,
  principal: Principal,
  boardId: string,
  filter: BoardLogQuery,
): Promise<ActionLogFile> {
  const board = await loadBoard(deps, boardId)
  const view = await viewerFor(deps, principal)
  const tooLarge = (why: string) =>
    new PayloadTooLargeError(`${why}: narrow the filter (status, meeting, owner) to download them`)
  const rows: RedactedAction[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    if (++pages > BOARD_LOG_CSV_MAX_PAGES) throw tooLarge('the filter reaches too far into a long log')
    const page = await boardLogPage(deps, board, view, filter, { limit: 1000, cursor })
    rows.push(...page.items)
    if (rows.length > BOARD_LOG_CSV_MAX_ROWS)
      throw tooLarge(`the filter matches more than ${BOARD_LOG_CSV_MAX_ROWS} actions`)
    cursor = page.next ?? undefined
  } while (cursor)
  const people = await peopleByIds(deps, [...new Set(rows.flatMap((a) => a.ownerIds))])
  const body = renderBoardLogCsv(rows, people, board.timeZone)
  if (body.byteLength > BOARD_LOG_CSV_MAX_BYTES) throw tooLarge('the file would be over 4 MB')
  return {
    body,
    contentType: 'text/csv; charset=utf-8; header=present',
    fileName: `${fileSafe(board.shortName)}-action-log-${isoDateIn(deps.now(), board.timeZone)}.csv`,
    inline: false,
  }
}
