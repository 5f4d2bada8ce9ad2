import type { Action, RedactedAction } from './action.ts'
import { type OverdueFacts, overdueFacts } from './action-rules.ts'
import type { Board } from './board.ts'
import type { Person } from './person.ts'

export type OverdueItem = RedactedAction & OverdueFacts
export type OverdueOwner = Pick<Person, 'id' | 'name' | 'initials' | 'kind'>
export type OverdueGroup = { owner: OverdueOwner; actions: OverdueItem[] }
export type OverdueReport = {
  boardId: string
  asOf: string
  carryThreshold: number
  /** Distinct overdue actions (an action with two owners is listed under both). */
  total: number
  owners: OverdueGroup[]
}

/**
 * The open actions the chair chases as of `asOf`: past due or carried at least the
 * board's threshold (the rule in `overdueFacts`), oldest first, each with its facts.
 */
export function overdueItems(board: Board, open: readonly Action[], asOf: Date): OverdueItem[] {
  const overdue: OverdueItem[] = []
  for (const a of open) {
    const facts = overdueFacts(a, board, asOf)
    // The list is for the secretariat and the chair, who see exempt actions in full.
    if (facts) overdue.push({ ...a, redacted: false, ...facts })
  }
  return overdue.sort(oldestFirst)
}

/**
 * The chair's overdue list: the overdue items grouped by owner. Within an owner the oldest
 * action comes first; owners are ordered by their oldest action, so the longest-standing
 * work heads the list. Age counts from the meeting that raised the action, so "oldest" and
 * "earliest raised" are the same order.
 *
 * The API, the chair's summary email and any dashboard all build the list here, so they
 * cannot disagree about what is overdue or in what order.
 */
export function overdueReportOf(
  board: Pick<Board, 'id' | 'overdueCarryThreshold'>,
  items: readonly OverdueItem[],
  people: ReadonlyMap<string, OverdueOwner>,
  asOf: Date,
): OverdueReport {
  const groups = new Map<string, OverdueGroup>()
  for (const a of [...items].sort(oldestFirst)) {
    for (const ownerId of a.ownerIds) {
      const group = groups.get(ownerId) ?? { owner: ownerOf(ownerId, people), actions: [] }
      group.actions.push(a)
      groups.set(ownerId, group)
    }
  }
  const owners = [...groups.values()].sort(
    (x, y) =>
      oldestFirst(x.actions[0] as Action, y.actions[0] as Action) ||
      x.owner.initials.localeCompare(y.owner.initials) ||
      x.owner.id.localeCompare(y.owner.id),
  )
  return {
    boardId: board.id,
    asOf: asOf.toISOString(),
    carryThreshold: board.overdueCarryThreshold,
    total: items.length,
    owners,
  }
}

/** Earliest raised first (so the greatest age first); minutes order within a meeting. */
export function oldestFirst(a: Action, b: Action): number {
  return a.raisedAt.localeCompare(b.raisedAt) || a.itemNumber - b.itemNumber || a.ref.localeCompare(b.ref)
}

function ownerOf(ownerId: string, people: ReadonlyMap<string, OverdueOwner>): OverdueOwner {
  const p = people.get(ownerId)
  // An owner deleted from the directory still has work outstanding: show it, not drop it.
  return p
    ? { id: p.id, name: p.name, initials: p.initials, kind: p.kind }
    : { id: ownerId, name: '(removed)', initials: '?', kind: 'person' }
}
