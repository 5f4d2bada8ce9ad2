import type { Person } from './person.ts'

export type Recipients = { to: string[]; cc: string[] }

/**
 * Who receives an owner's email: a person at their mailbox; a team at its own mailbox, or
 * else at its members' mailboxes; the owner's deputy (and a team's members' deputies are
 * not added: the team is the owner) in copy. Suppressed addresses are left out.
 */
export function recipientsFor(
  owner: Person,
  people: ReadonlyMap<string, Person>,
  suppressed: ReadonlySet<string> = new Set(),
): Recipients {
  const to =
    owner.email !== null
      ? [owner.email]
      : owner.memberIds.flatMap((id) => {
          const email = people.get(id)?.email
          return email ? [email] : []
        })
  const deputyEmail = owner.deputyId ? people.get(owner.deputyId)?.email : null
  // Mailboxes are compared without regard to case (as mail servers treat them in practice).
  const keep = (e: string) => !suppressed.has(e.toLowerCase())
  const toKept = uniqueAddresses(to).filter(keep)
  const inTo = new Set(toKept.map((e) => e.toLowerCase()))
  const cc = deputyEmail && keep(deputyEmail) && !inTo.has(deputyEmail.toLowerCase()) ? [deputyEmail] : []
  // An owner who cannot be reached is still covered by their deputy.
  return toKept.length === 0 ? { to: cc, cc: [] } : { to: toKept, cc }
}

/** Every person a recipient list needs loaded: the owners, their members and deputies. */
export function peopleNeededFor(owners: readonly Person[]): string[] {
  return unique(owners.flatMap((o) => [...o.memberIds, ...(o.deputyId ? [o.deputyId] : [])]))
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)]
}

function uniqueAddresses(xs: readonly string[]): string[] {
  const seen = new Set<string>()
  return xs.filter((x) => !seen.has(x.toLowerCase()) && seen.add(x.toLowerCase()))
}
