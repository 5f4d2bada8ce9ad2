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

const personFields = {
  name: singleLine(120),
  initials: Initials,
  kind: z.enum(['person', 'team']),
  email: Email.nullable(),
  memberIds: z
    .array(Id)
    // 45 keeps replacing every member (45 deletes + 45 puts) within one 100-item transaction.
    .max(45)
    .refine((a) => new Set(a).size === a.length, 'members must not repeat'),
  deputyId: Id.nullable(),
  role: singleLine(120)
    .nullable()
    .meta({ description: 'Capacity, as in the attendance list (e.g. "Chief Constable")' }),
}

export const Person = z.object({ id: Id, ...personFields, ...Audit })
export type Person = z.infer<typeof Person>

export const CreatePersonInput = z.strictObject({
  ...personFields,
  email: personFields.email.optional(),
  memberIds: personFields.memberIds.optional(),
  deputyId: personFields.deputyId.optional(),
  role: personFields.role.optional(),
})
export type CreatePersonInput = z.infer<typeof CreatePersonInput>

export const PatchPersonInput = nonEmptyPatch(z.strictObject(personFields).omit({ kind: true }).partial())
export type PatchPersonInput = z.infer<typeof PatchPersonInput>

/** Uniqueness of initials is case-insensitive: `dt` and `DT` are the same owner. */
export function initialsKey(initials: string): string {
  return initials.trim().toUpperCase()
}
