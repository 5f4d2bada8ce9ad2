import type { Page, PageRequest } from '../domain/page.ts'
import type { CreatePersonInput, PatchPersonInput, Person } from '../domain/person.ts'
import { mayManagePeople } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import type { IssueDetail } from '../errors.ts'
import { ValidationError } from '../errors.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'
import { checkVersion, loadPerson, resolvePeople } from './load.ts'

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
    kind: input.kind,
    email: input.email ?? null,
    memberIds: input.memberIds ?? [],
    deputyId: input.deputyId ?? null,
    role: input.role ?? null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
  await checkDirectoryRules(deps, person)
  await deps.store.people.create(person)
  return person
}

export function listPeople(deps: Deps): Promise<Person[]> {
  return deps.store.people.list()
}

export function pagePeople(deps: Deps, page: PageRequest): Promise<Page<Person>> {
  return deps.store.people.page(page)
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
  const prev = await loadPerson(deps, id)
  checkVersion(prev, expectedVersion, `person ${id}`)
  const next: Person = { ...prev, ...input, updatedAt: deps.now().toISOString(), version: prev.version + 1 }
  await checkDirectoryRules(deps, next)
  await deps.store.people.save(prev, next)
  return next
}

/**
 * The directory's shape rules: a person has a mailbox and no members; a team has a
 * mailbox and/or members, and its members are people (not teams); nobody deputises for
 * themselves or is their own member.
 */
async function checkDirectoryRules(deps: Deps, p: Person): Promise<void> {
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
  if (issues.length > 0) throw new ValidationError('invalid directory entry', issues)

  const related = [...p.memberIds, ...(p.deputyId ? [p.deputyId] : [])]
  if (related.length === 0) return
  const members = await resolvePeople(deps, p.memberIds, 'memberIds')
  if (p.deputyId) await resolvePeople(deps, [p.deputyId], 'deputyId')
  for (const [i, id] of p.memberIds.entries()) {
    if (members.get(id)?.kind === 'team')
      issues.push({ path: `memberIds.${i}`, message: 'a team member must be a person' })
  }
  if (issues.length > 0) throw new ValidationError('invalid directory entry', issues)
}
