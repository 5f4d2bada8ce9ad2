import { type Page, type PageRequest, type RetiredOption, withoutRetired } from '../domain/page.ts'
import {
  type CreatePersonInput,
  describeClash,
  initialsKey,
  nameClashes,
  namesOf,
  type PatchPersonInput,
  type Person,
} from '../domain/person.ts'
import { mayManagePeople } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import type { IssueDetail } from '../errors.ts'
import { ConflictError, ValidationError } from '../errors.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'
import { loadPerson, resolvePeople } from './load.ts'
import { listMembers } from './members.ts'

export async function createPerson(
  deps: Deps,
  principal: Principal,
  input: CreatePersonInput,
): Promise<Person> {
  authorize(principal, mayManagePeople)
  const now = deps.now().toISOString()
  const person: Person = {
    id: deps.newId(),
    name: input.name,
    initials: input.initials,
    aliases: input.aliases ?? [],
    kind: input.kind,
    email: input.email ?? null,
    memberIds: input.memberIds ?? [],
    deputyId: input.deputyId ?? null,
    role: input.role ?? null,
    organisation: input.organisation ?? null,
    retiredAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
  await checkDirectoryRules(deps, person)
  await deps.store.people.create(person)
  return person
}

/** Every entry, retired ones too (old actions and attendance still name them). */
export function listPeople(deps: Deps): Promise<Person[]> {
  return deps.store.people.list()
}

/** A page of the directory by initials, without retired entries unless asked (see withoutRetired). */
export async function pagePeople(
  deps: Deps,
  page: PageRequest,
  opts: RetiredOption = {},
): Promise<Page<Person>> {
  return withoutRetired(await deps.store.people.page(page), opts)
}

/** The entries with these ids that exist, by id (to name the members and deputies a page shows). */
export async function peopleByIds(deps: Deps, ids: readonly string[]): Promise<Map<string, Person>> {
  return new Map((await deps.store.people.batchGet(ids)).map((p) => [p.id, p]))
}

export function getPerson(deps: Deps, id: string): Promise<Person> {
  return loadPerson(deps, id)
}

export async function patchPerson(
  deps: Deps,
  principal: Principal,
  id: string,
  input: PatchPersonInput,
  expectedVersion?: number,
): Promise<Person> {
  authorize(principal, mayManagePeople)
  const prev = await loadPerson(deps, id, expectedVersion)
  if (prev.retiredAt) throw new ConflictError('illegal-transition', `${prev.name} is retired`)
  const next: Person = { ...prev, ...input, updatedAt: deps.now().toISOString(), version: prev.version + 1 }
  await checkDirectoryRules(deps, next, prev)
  const renamed = namesOf(prev).join('|') !== namesOf(next).join('|')
  const boardIds = renamed ? await deps.store.members.boardsOf(id) : []
  for (const boardId of boardIds) {
    const clashes = nameClashes(next, await listMembers(deps, boardId))
    if (clashes.length > 0) throw new ConflictError('duplicate', describeClash(next, clashes))
  }
  await deps.store.people.save(prev, next, boardIds)
  return next
}

/**
 * Retires an entry made in error (or gone): it stays readable, since old actions and
 * minutes name it, but leaves the directory, its boards' members and every choice of owner,
 * member or chair; its names are free on its boards for whoever replaces it.
 */
export async function retirePerson(
  deps: Deps,
  principal: Principal,
  id: string,
  expectedVersion?: number,
): Promise<Person> {
  authorize(principal, mayManagePeople)
  const prev = await loadPerson(deps, id, expectedVersion)
  if (prev.retiredAt) throw new ConflictError('illegal-transition', `${prev.name} is already retired`)
  const now = deps.now().toISOString()
  const next: Person = { ...prev, retiredAt: now, updatedAt: now, version: prev.version + 1 }
  await deps.store.people.save(prev, next, await deps.store.members.boardsOf(id))
  return next
}

/**
 * The directory's shape rules: a person has a mailbox and no members; a team has a
 * mailbox and/or members, and its members are people (not teams); nobody deputises for
 * themselves or is their own member; an alias is not the entry's own initials. Members and a
 * deputy newly named must be in use (not retired); those already named may stay.
 */
async function checkDirectoryRules(deps: Deps, p: Person, prev?: Person): Promise<void> {
  const issues: IssueDetail[] = []
  if (p.kind === 'person') {
    if (!p.email) issues.push({ path: 'email', message: 'a person needs a mailbox for reminders' })
    if (p.memberIds.length > 0) issues.push({ path: 'memberIds', message: 'only a team has members' })
  } else if (!p.email && p.memberIds.length === 0) {
    issues.push({ path: 'memberIds', message: 'a team needs its own mailbox or at least one member' })
  }
  if (p.deputyId === p.id) issues.push({ path: 'deputyId', message: 'nobody can deputise for themselves' })
  if (p.memberIds.includes(p.id))
    issues.push({ path: 'memberIds', message: 'a team cannot be its own member' })
  for (const [i, alias] of p.aliases.entries()) {
    if (initialsKey(alias) === initialsKey(p.initials))
      issues.push({ path: `aliases.${i}`, message: 'an alias must differ from the initials' })
  }
  if (issues.length > 0) throw new ValidationError('invalid directory entry', issues)
  // A person who is some team's member cannot become a team: teams' members are people.
  if (prev && prev.kind === 'person' && p.kind === 'team') {
    if ((await deps.store.people.relationsOf(p.id)).teamIds.length > 0)
      throw new ValidationError('invalid directory entry', [
        { path: 'kind', message: 'a member of a team cannot become a team; take them out of it first' },
      ])
  }

  const related = [...p.memberIds, ...(p.deputyId ? [p.deputyId] : [])]
  if (related.length === 0) return
  const keep = prev ? [...prev.memberIds, ...(prev.deputyId ? [prev.deputyId] : [])] : []
  const members = await resolvePeople(deps, p.memberIds, 'memberIds', { keep })
  if (p.deputyId) await resolvePeople(deps, [p.deputyId], 'deputyId', { keep })
  for (const [i, id] of p.memberIds.entries()) {
    if (members.get(id)?.kind === 'team')
      issues.push({ path: `memberIds.${i}`, message: 'a team member must be a person' })
  }
  if (issues.length > 0) throw new ValidationError('invalid directory entry', issues)
}
