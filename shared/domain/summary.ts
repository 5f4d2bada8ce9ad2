import type { Board } from './board.ts'
import type { Person } from './person.ts'
import { type Recipients, recipientsFor } from './recipients.ts'
import { addressKey, type Suppression } from './suppression.ts'

/** Who the chair's summary actually reaches: the chair, their deputy standing in, or the secretariat. */
export type SummaryReach = 'chair' | 'deputy' | 'secretariat'
export type SummaryRecipients = Recipients & { reaches: SummaryReach }

/**
 * Who receives the chair's overdue summary: the chair (or, if the chair's address cannot be
 * reached, their deputy, as for any owner), with the secretariat in copy. With no chair
 * recorded, or neither the chair nor a deputy reachable, it goes to the secretariat
 * instead: the list is meant to be acted on before the meeting, so it must reach someone
 * who can. Suppressed addresses are left out and no address appears twice.
 */
export function summaryRecipients(
  board: Pick<Board, 'chairId' | 'secretariatEmails'>,
  people: ReadonlyMap<string, Person>,
  suppressed: ReadonlySet<string>,
): SummaryRecipients {
  const secretariat = distinct(board.secretariatEmails.filter((e) => !suppressed.has(addressKey(e))))
  const toSecretariat: SummaryRecipients = { to: secretariat, cc: [], reaches: 'secretariat' }
  const chair = board.chairId ? people.get(board.chairId) : undefined
  if (!chair) return toSecretariat
  const viaChair = recipientsFor(chair, people, suppressed)
  if (viaChair.to.length === 0) return toSecretariat
  const chairReachable = recipientsFor({ ...chair, deputyId: null }, people, suppressed).to.length > 0
  const to = new Set(viaChair.to.map(addressKey))
  const cc = distinct([...viaChair.cc, ...secretariat]).filter((e) => !to.has(addressKey(e)))
  return { to: viaChair.to, cc, reaches: chairReachable ? 'chair' : 'deputy' }
}

/** A suppressed address as the chair's summary lists it, with whose it is. */
export type BouncedAddress = Suppression & {
  /** "Dana Taylor (DT)", "the secretariat", or several of these. */
  belongsTo: string
}

/**
 * The suppressed addresses that matter to a board: those of the people its emails go to
 * (owners of its open actions, their team members and deputies, the chair and deputy) and
 * its secretariat mailboxes. Addresses belonging to other boards' people are left out,
 * so one board's chair does not learn about another's directory. Most recent first.
 */
export function bouncedAmong(
  suppressions: readonly Suppression[],
  people: Iterable<Person>,
  board: Pick<Board, 'secretariatEmails'>,
): BouncedAddress[] {
  const whose = new Map<string, string[]>()
  const add = (email: string, label: string) => {
    const k = addressKey(email)
    const labels = whose.get(k) ?? []
    if (!labels.includes(label)) whose.set(k, [...labels, label])
  }
  for (const p of people) if (p.email) add(p.email, `${p.name} (${p.initials})`)
  for (const e of board.secretariatEmails) add(e, 'the secretariat')
  return suppressions
    .flatMap((s) => {
      const labels = whose.get(addressKey(s.email))
      return labels ? [{ ...s, belongsTo: labels.join(', ') }] : []
    })
    .sort((a, b) => b.at.localeCompare(a.at) || a.email.localeCompare(b.email))
}

function distinct(addresses: readonly string[]): string[] {
  const seen = new Set<string>()
  return addresses.filter((a) => !seen.has(addressKey(a)) && seen.add(addressKey(a)))
}
