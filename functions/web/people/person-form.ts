import { ownerLookup, parseOwners } from '#shared/domain/owners.ts'
import { initialsKey, type Person } from '#shared/domain/person.ts'
import { ValidationError } from '#shared/errors.ts'
import { list } from '../form-input.ts'

/**
 * The add form and the edit form of a person or team have the same fields; this reads them
 * into the use cases' input shape (the schemas validate it), members and a deputy typed by
 * initials or aliases as the minutes name them.
 */

/** The fields, as the form labels them (the error summary names them so). */
export const PERSON_LABELS: Record<string, string> = {
  kind: 'Person or team',
  name: 'Name',
  initials: 'Initials',
  aliases: 'Aliases',
  role: 'Capacity',
  organisation: 'Organisation',
  email: 'Mailbox',
  members: 'Team members',
  deputy: 'Deputy',
}

/** The use cases' names for the form's fields (`aliases.2` is the aliases field's). */
export const PERSON_RENAMES = { memberIds: 'members', deputyId: 'deputy', aliases: 'aliases' }

export type PersonFields = {
  kind?: string | undefined
  name?: string
  initials?: string
  aliases?: string[]
  role?: string | null
  organisation?: string | null
  email?: string | null
  memberIds?: string[]
  deputyId?: string | null
}

const optional = (raw: string) => (raw.trim() ? raw.trim() : null)

/**
 * What the form says, field by field. A field the form did not send at all is left out (the
 * edit keeps it as it is); one sent empty clears it. `current` is the entry being edited:
 * its members and deputy are found by their initials even if retired since (they may stay).
 */
export function personFields(
  form: Record<string, string>,
  people: readonly Person[],
  current?: Person,
): PersonFields {
  const out: PersonFields = {}
  const sent = (name: string): string | undefined => form[name]
  if (sent('kind') !== undefined || !current) out.kind = sent('kind')
  if (sent('name') !== undefined || !current) out.name = sent('name') ?? ''
  if (sent('initials') !== undefined || !current) out.initials = sent('initials') ?? ''
  const aliases = sent('aliases')
  if (aliases !== undefined) out.aliases = list(aliases)
  for (const name of ['role', 'organisation', 'email'] as const) {
    const raw = sent(name)
    if (raw !== undefined) out[name] = optional(raw)
  }
  const named = (field: 'members' | 'deputy') => namedPeople(sent(field) ?? '', field, people, current)
  if (sent('members') !== undefined) out.memberIds = named('members')
  const deputy = sent('deputy')
  if (deputy !== undefined) {
    const ids = named('deputy')
    if (ids.length > 1)
      throw new ValidationError('one deputy', [{ path: 'deputy', message: 'Name one deputy' }])
    out.deputyId = ids[0] ?? null
  }
  return out
}

/**
 * People named by initials or aliases: the entry's own members and deputy first (so an
 * unchanged form round-trips), then everyone in use. A name no one in use has, or that two
 * share, is an error on the field: the directory spans every board, so initials can repeat.
 */
function namedPeople(
  raw: string,
  field: string,
  people: readonly Person[],
  current: Person | undefined,
): string[] {
  const related = new Set(
    current ? [...current.memberIds, ...(current.deputyId ? [current.deputyId] : [])] : [],
  )
  const own = ownerLookup(people.filter((p) => related.has(p.id)))
  const inUse = people.filter((p) => !p.retiredAt)
  const anyone = ownerLookup(inUse)
  const { ids, unknown } = parseOwners(raw, (token) => own(token) ?? anyone(token))
  if (unknown.length === 0) return ids
  const shared = unknown.filter((t) => inUse.filter((p) => namesMatch(p, t)).length > 1)
  const message =
    shared.length > 0
      ? `More than one person or team answers to ${shared.join(', ')}: change one of their initials first`
      : `No one in use has the initials or alias ${unknown.join(', ')}`
  throw new ValidationError('unknown initials', [{ path: field, message }])
}

const namesMatch = (p: Person, token: string) =>
  [p.initials, ...p.aliases].some((n) => initialsKey(n) === initialsKey(token))
