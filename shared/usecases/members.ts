import type { Board } from '../domain/board.ts'
import type { Page, PageRequest } from '../domain/page.ts'
import { describeClash, initialsKey, nameClashes, type Person } from '../domain/person.ts'
import { mayManagePeople } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import { ConflictError } from '../errors.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'
import { loadBoard, loadPerson, loadWritableBoard } from './load.ts'

/**
 * Every member of a board (people and teams), by initials: the attendance list and the owner
 * lookup. One query of the board's member rows and one BatchGet, as long as the board is big.
 */
export async function listMembers(deps: Deps, boardId: string): Promise<Person[]> {
  const people = await deps.store.people.batchGet(await deps.store.members.ids(boardId))
  return people.sort((a, b) => initialsKey(a.initials).localeCompare(initialsKey(b.initials)))
}

/** A page of a board's members (by when each was entered in the directory). */
export async function pageMembers(deps: Deps, boardId: string, page: PageRequest): Promise<Page<Person>> {
  await loadBoard(deps, boardId)
  const ids = await deps.store.members.page(boardId, page)
  const byId = new Map((await deps.store.people.batchGet(ids.items)).map((p) => [p.id, p]))
  return { items: ids.items.flatMap((id) => byId.get(id) ?? []), next: ids.next }
}

/** The boards a person or team is a member of, by name: one query of their index and one BatchGet. */
export async function boardsOfMember(deps: Deps, personId: string): Promise<Board[]> {
  const boards = await deps.store.boards.batchGet(await deps.store.members.boardsOf(personId))
  return boards.sort((a, b) => a.name.localeCompare(b.name))
}

/** A change to one person's or team's membership of one board, made by `principal`. */
export type MemberChange = (
  deps: Deps,
  principal: Principal,
  boardId: string,
  personId: string,
) => Promise<void>

/**
 * `apply` as a membership change, run once what adding and removing a member both check
 * holds: the principal may manage people, the board takes changes, the person or team exists.
 */
function memberChange(apply: (deps: Deps, boardId: string, person: Person) => Promise<void>): MemberChange {
  return async (deps, principal, boardId, personId) => {
    authorize(principal, mayManagePeople)
    await loadWritableBoard(deps, boardId)
    await apply(deps, boardId, await loadPerson(deps, personId))
  }
}

/**
 * Adds a person or team to a board; adding a member again changes nothing. Their initials and
 * aliases must be free among the board's members (409 naming both), not across the directory.
 */
export const addMember = memberChange(async (deps, boardId, person) => {
  if (person.retiredAt) {
    throw new ConflictError('illegal-transition', `${person.name} is retired and cannot become a member`)
  }
  if (await deps.store.members.isMember(boardId, person.id)) return
  const clashes = nameClashes(person, await listMembers(deps, boardId))
  if (clashes.length > 0) throw new ConflictError('duplicate', describeClash(person, clashes))
  await deps.store.members.add(boardId, person, deps.now().toISOString())
})

/** Takes a person or team off a board; their actions and past attendance stay as they are. */
export const removeMember = memberChange(async (deps, boardId, person) => {
  if (!(await deps.store.members.isMember(boardId, person.id))) return
  await deps.store.members.remove(boardId, person)
})
