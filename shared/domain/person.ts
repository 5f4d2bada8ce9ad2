import * as z from 'zod'
import { Audit, Email, Id, nonEmptyPatch, singleLine } from './common.ts'

/** Initials as the minutes use them: `DT`, `A&SI`, `OPCC`. */
export const Initials = z
  .string()
  .trim()
  .min(1)
  .max(12)
  .regex(/^[A-Za-z0-9&.'-]+$/, "letters, digits and & . ' - only")
  .meta({ example: 'A&SI' })

/** Most people have none or one ("PCC"); ten covers every capacity an office holder is named by. */
export const MAX_ALIASES = 10

const personFields = {
  name: singleLine(120),
  initials: Initials,
  /** Other names the minutes use for the same owner ("PCC" for the Commissioner), spelt like initials. */
  aliases: z
    .array(Initials)
    .max(MAX_ALIASES)
    .refine((a) => new Set(a.map(initialsKey)).size === a.length, 'aliases must not repeat')
    .meta({
      description:
        'Other names the minutes use ("PCC", "PS"), spelt like initials; unique among a board\'s members together with initials',
      example: ['PCC'],
    }),
  kind: z.enum(['person', 'team']),
  email: Email.nullable(),
  memberIds: z
    .array(Id)
    // 45 keeps replacing every member (45 deletes + 45 puts) within one 100-item transaction.
    .max(45)
    .refine((a) => new Set(a).size === a.length, 'members must not repeat'),
  deputyId: Id.nullable(),
  // Named `role` since the first release; what it holds is the capacity.
  role: singleLine(120)
    .nullable()
    .meta({ description: 'Capacity, as in the attendance list (e.g. "Chief Constable")' }),
  organisation: singleLine(120)
    .nullable()
    .meta({ description: 'The body they belong to, e.g. "OPCC", "Police", "Council"', example: 'OPCC' }),
}

export const Person = z.object({
  id: Id,
  ...personFields,
  // Entries stored before these fields existed read as having none.
  aliases: z.array(z.string()).default([]),
  organisation: personFields.organisation.default(null),
  retiredAt: z
    .string()
    .nullable()
    .default(null)
    .meta({ description: 'When the entry was retired (created in error or gone); null while in use' }),
  ...Audit,
})
export type Person = z.infer<typeof Person>

export const CreatePersonInput = z.strictObject({
  ...personFields,
  aliases: personFields.aliases.optional(),
  email: personFields.email.optional(),
  memberIds: personFields.memberIds.optional(),
  deputyId: personFields.deputyId.optional(),
  role: personFields.role.optional(),
  organisation: personFields.organisation.optional(),
})
export type CreatePersonInput = z.infer<typeof CreatePersonInput>

/** Every field of the create input, each optional: the edit form is the add form. */
export const PatchPersonInput = nonEmptyPatch(z.strictObject(personFields).partial())
export type PatchPersonInput = z.infer<typeof PatchPersonInput>

/** Uniqueness of initials and aliases is case-insensitive: `dt` and `DT` are the same owner. */
export function initialsKey(initials: string): string {
  return initials.trim().toUpperCase()
}

/** The names an owner answers to on a board: initials, then aliases, as keys. */
export function namesOf(p: Pick<Person, 'initials' | 'aliases'>): string[] {
  return [...new Set([p.initials, ...p.aliases].map(initialsKey))]
}

export function isRetired(p: { retiredAt: string | null }): boolean {
  return p.retiredAt !== null
}

/** A name `candidate` would share with a member already on the board, and that member. */
export type NameClash = { name: string; with: Pick<Person, 'id' | 'name' | 'initials'> }

/**
 * Initials and aliases are unique among a board's members (not across the organisation: two
 * boards may each have a "DP"). What `candidate` would share with the other members.
 */
export function nameClashes(
  candidate: Pick<Person, 'id' | 'initials' | 'aliases'>,
  members: readonly Pick<Person, 'id' | 'name' | 'initials' | 'aliases'>[],
): NameClash[] {
  const mine = new Set(namesOf(candidate))
  return members
    .filter((m) => m.id !== candidate.id)
    .flatMap((m) => namesOf(m).flatMap((name) => (mine.has(name) ? [{ name, with: m }] : [])))
}

/** "DP (also David Patterson's initials)" — the 409's words, naming both people. */
export function describeClash(candidate: Pick<Person, 'name'>, clashes: readonly NameClash[]): string {
  const parts = clashes.map((c) => `${c.name} is already ${c.with.name}'s (${c.with.initials})`)
  return `${candidate.name} cannot be a member of this board: ${parts.join('; ')}`
}
