import * as z from 'zod'
import { isValidTimeZone } from './time.ts'

/** ULIDs: sortable by creation, safe in keys, no guessable sequence. */
export const Id = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID')
  .meta({ description: 'ULID', example: '01JC2ZQ8M6X4W3V2T1S0R9P8N7' })

/**
 * What no text field may hold, whatever else it allows: an unpaired surrogate (half a
 * character, which no UTF-8 can encode) and the Unicode noncharacters, among them U+FFFE and
 * U+FFFF, which XML 1.0 cannot carry (a Word file holding one does not open). Refused with
 * the field named, like control characters, rather than stripped; C0 controls are each
 * builder's own rule below.
 */
const NOT_TEXT = /[\p{Cs}\p{Noncharacter_Code_Point}]/u

/** Free text, trimmed, 1 to `max` UTF-16 units, without what NOT_TEXT refuses. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(
      (s) => !NOT_TEXT.test(s),
      'must not contain characters that are not text (U+FFFE, U+FFFF, an unpaired surrogate)',
    )

/**
 * Text on one line. Anything that may reach an email header or subject (names, titles,
 * references) uses this, so a CR/LF can never smuggle a header in.
 */
export const singleLine = (max: number) =>
  text(max).regex(/^[^\p{Cc}\p{Zl}\p{Zp}]*$/u, 'must be a single line without control characters')

/** Multi-line prose (descriptions, notes): newlines allowed, other control characters not. */
export const prose = (max: number) =>
  text(max).regex(
    /^(?:[^\p{Cc}]|\r|\n|\t)*$/u,
    'must not contain control characters other than line breaks and tabs',
  )

export const Email = z.email().max(254)

/** An instant, accepted with any offset and stored as UTC ISO-8601 so it sorts as text. */
export const Instant = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .meta({ description: 'ISO-8601 date-time with offset; returned in UTC', example: '2026-03-24T10:00:00Z' })

export const IsoDate = z.iso.date().meta({ description: 'ISO-8601 calendar date', example: '2026-03-24' })

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London')

export const Version = z.number().int().positive()

export const Role = z.enum(['secretariat', 'chair', 'member'])
export type Role = z.infer<typeof Role>

/** Who did something: the authenticated principal, or the system itself (stream, schedules). */
export const Actor = z.object({
  kind: z.enum(['user', 'owner-link', 'system']),
  role: Role.nullable(),
  personId: Id.nullable(),
  subject: z.string(),
})
export type Actor = z.infer<typeof Actor>

export const Audit = {
  createdAt: z.string(),
  updatedAt: z.string(),
  version: Version,
}

/** A PATCH body must change something. */
export const nonEmptyPatch = <T extends z.ZodObject>(schema: T) =>
  schema.refine((v) => Object.keys(v).length > 0, 'at least one field must be given')
