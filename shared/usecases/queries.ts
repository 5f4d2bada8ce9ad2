import type { Action, ActionStatus, RedactedAction } from '../domain/action.ts'
import { overdueFacts } from '../domain/action-rules.ts'
import type { Person } from '../domain/person.ts'
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
    return (await deps.store.listBoardActions(boardId, filter.status)).sort(byRaisedThenRef).map(view)
  const statuses = filter.status ? [filter.status] : (['open', 'discharged'] as const)
  const links = (
    await Promise.all(
      statuses.map((status) => deps.store.listOwnerLinks(filter.ownerId ?? '', { status, boardId })),
    )
  ).flat()
  const actions = await deps.store.batchGetActions(links.map((l) => l.actionId))
  return actions.sort(byRaisedThenRef).map(view)
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
  const actions = await deps.store.batchGetActions([...via.keys()])
  return actions.sort(byRaisedThenRef).map((a) => ({ ...view(a), via: via.get(a.id) ?? [] }))
}

export type OverdueItem = RedactedAction & { ageDays: number; pastDue: boolean; carriedTooOften: boolean }
export type OverdueGroup = {
  owner: Pick<Person, 'id' | 'name' | 'initials' | 'kind'>
  actions: OverdueItem[]
}
export type OverdueReport = {
  boardId: string
  asOf: string
  carryThreshold: number
  total: number
  owners: OverdueGroup[]
}

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
  const now = deps.now()
  const overdue: OverdueItem[] = []
  for (const a of await deps.store.listOpenActions(boardId)) {
    const facts = overdueFacts(a, board, now)
    if (facts) overdue.push({ ...a, redacted: false, ...facts })
  }
  overdue.sort(byRaisedThenRef)
  const people = new Map(
    (await deps.store.batchGetPeople([...new Set(overdue.flatMap((a) => a.ownerIds))])).map((p) => [p.id, p]),
  )
  const groups = new Map<string, OverdueGroup>()
  for (const a of overdue) {
    for (const ownerId of a.ownerIds) {
      const p = people.get(ownerId)
      const owner = p
        ? { id: p.id, name: p.name, initials: p.initials, kind: p.kind }
        : { id: ownerId, name: '(removed)', initials: '?', kind: 'person' as const }
      const group = groups.get(ownerId) ?? { owner, actions: [] }
      group.actions.push(a)
      groups.set(ownerId, group)
    }
  }
  // The owner with the oldest overdue action comes first; within an owner, oldest first.
  const owners = [...groups.values()].sort(
    (x, y) =>
      byRaisedThenRef(x.actions[0] as Action, y.actions[0] as Action) ||
      x.owner.initials.localeCompare(y.owner.initials),
  )
  return {
    boardId,
    asOf: now.toISOString(),
    carryThreshold: board.overdueCarryThreshold,
    total: overdue.length,
    owners,
  }
}

function byRaisedThenRef(a: Action, b: Action): number {
  return a.raisedAt.localeCompare(b.raisedAt) || a.itemNumber - b.itemNumber || a.ref.localeCompare(b.ref)
}
