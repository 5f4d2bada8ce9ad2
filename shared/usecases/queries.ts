import type { Action, ActionStatus, RedactedAction } from '../domain/action.ts'
import type { Board } from '../domain/board.ts'
import { type OverdueReport, oldestFirst, overdueItems, overdueReportOf } from '../domain/overdue.ts'
import type { Principal } from '../domain/principal.ts'
import { ForbiddenError } from '../errors.ts'
import { requireRole, viewerFor } from './authz.ts'
import type { Deps } from './deps.ts'
import { loadBoard, loadPerson } from './load.ts'

/** A board's action log, optionally one status and one owner. */
export async function listBoardActions(
  deps: Deps,
  principal: Principal,
  boardId: string,
  filter: { status?: ActionStatus | undefined; ownerId?: string | undefined },
): Promise<RedactedAction[]> {
  await loadBoard(deps, boardId)
  const view = await viewerFor(deps, principal)
  if (!filter.ownerId)
    return (await deps.store.listBoardActions(boardId, filter.status)).sort(oldestFirst).map(view)
  const statuses = filter.status ? [filter.status] : (['open', 'discharged'] as const)
  const links = (
    await Promise.all(
      statuses.map((status) => deps.store.listOwnerLinks(filter.ownerId ?? '', { status, boardId })),
    )
  ).flat()
  const actions = await deps.store.batchGetActions(links.map((l) => l.actionId))
  return actions.filter(hasStatus(filter.status)).sort(oldestFirst).map(view)
}

/**
 * Owner links can lag their action's status (a rollover leaves them to the table's stream),
 * so a status asked for is checked on the action itself.
 */
function hasStatus(status: ActionStatus | undefined): (a: Action) => boolean {
  return (a) => status === undefined || a.status === status
}

export type Via = { kind: 'owner' | 'team' | 'deputy'; ownerId: string }
export type PersonAction = RedactedAction & { via: Via[] }

/**
 * The actions a person answers for: their own, their teams', and those of anyone they
 * deputise for (pattern 5), each saying why it is theirs. A member may only ask for
 * themselves.
 */
export async function listPersonActions(
  deps: Deps,
  principal: Principal,
  personId: string,
  status: ActionStatus | undefined,
): Promise<PersonAction[]> {
  if (principal.role === 'member' && principal.personId !== personId) {
    throw new ForbiddenError('members may list only their own actions')
  }
  await loadPerson(deps, personId)
  const rel = await deps.store.relationsOf(personId)
  const sources: Via[] = [
    { kind: 'owner', ownerId: personId },
    ...rel.teamIds.map((ownerId) => ({ kind: 'team' as const, ownerId })),
    ...rel.deputisesFor.map((ownerId) => ({ kind: 'deputy' as const, ownerId })),
  ]
  const linksPerSource = await Promise.all(
    sources.map((s) => deps.store.listOwnerLinks(s.ownerId, status ? { status } : {})),
  )
  const via = new Map<string, Via[]>()
  linksPerSource.forEach((links, i) => {
    const source = sources[i]
    if (!source) return
    for (const l of links) via.set(l.actionId, [...(via.get(l.actionId) ?? []), source])
  })
  const view = await viewerFor(deps, principal)
  const actions = (await deps.store.batchGetActions([...via.keys()])).filter(hasStatus(status))
  return actions.sort(oldestFirst).map((a) => ({ ...view(a), via: via.get(a.id) ?? [] }))
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
  requireRole(principal, 'secretariat', 'chair')
  const board = await loadBoard(deps, boardId)
  return buildOverdueReport(deps, board, deps.now())
}

/**
 * The overdue list without access checks, for callers that already decided who may see it
 * (the API above; a dashboard). The rules live in `shared/domain/overdue.ts`, which the
 * chair's summary email uses too.
 */
export async function buildOverdueReport(deps: Deps, board: Board, asOf: Date): Promise<OverdueReport> {
  const items = overdueItems(board, await deps.store.listOpenActions(board.id), asOf)
  const people = await deps.store.batchGetPeople([...new Set(items.flatMap((a) => a.ownerIds))])
  return overdueReportOf(board, items, new Map(people.map((p) => [p.id, p])), asOf)
}
