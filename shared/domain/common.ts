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

/**
 * Every instant and date the API or a page accepts lies in this span (instants compared in
 * UTC): a meeting, a due date or an approval of minutes falls in it, and a typo such as year
 * 0999 or 20266 is refused with the field named instead of being stored to break the
 * reminder sweep's date arithmetic later.
 */
export const EARLIEST_DATE = '1990-01-01'
export const LATEST_DATE = '2100-12-31'
const EARLIEST_MS = Date.parse(`${EARLIEST_DATE}T00:00:00Z`)
const LATEST_MS = Date.parse(`${LATEST_DATE}T23:59:59.999Z`)
const OUT_OF_RANGE = `must lie between ${EARLIEST_DATE} and ${LATEST_DATE}`

/**
 * An instant, accepted with any offset within the span and stored as UTC ISO-8601 so it
 * sorts as text. (A malformed one gets only the format's message: NaN passes the range check.)
 */
export const Instant = z.iso
  .datetime({ offset: true })
  .refine((s) => !(Date.parse(s) < EARLIEST_MS || Date.parse(s) > LATEST_MS), OUT_OF_RANGE)
  .transform((s) => new Date(s).toISOString())
  .meta({
    description: `ISO-8601 date-time with offset, from ${EARLIEST_DATE}T00:00:00Z to ${LATEST_DATE}T23:59:59Z; returned in UTC`,
    example: '2026-03-24T10:00:00Z',
    formatMinimum: `${EARLIEST_DATE}T00:00:00Z`,
    formatMaximum: `${LATEST_DATE}T23:59:59Z`,
  })

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/

export const IsoDate = z.iso
  .date()
  .refine((s) => !CALENDAR_DATE.test(s) || (s >= EARLIEST_DATE && s <= LATEST_DATE), OUT_OF_RANGE)
  .meta({
    description: `ISO-8601 calendar date, from ${EARLIEST_DATE} to ${LATEST_DATE}`,
    example: '2026-03-24',
    formatMinimum: EARLIEST_DATE,
    formatMaximum: LATEST_DATE,
  })

/**
 * A date as a stored record holds it: read as it was written, so a row stored before the
 * span was enforced still reads (IsoDate is for what comes in).
 */
export const StoredIsoDate = z.iso
  .date()
  .meta({ description: 'ISO-8601 calendar date', example: '2026-03-24' })

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

/**
 * What the OpenAPI document shows for a schema whose validation is done another way (below):
 * the generator looks a schema up here and documents the one it names instead.
 */
export const documentedAs = new WeakMap<z.ZodType, z.ZodType>()

/**
 * A row of a list that is validated row by row by its use case, so that one bad row fails
 * alone instead of the whole request: it passes through as it came, documented as `row`.
 */
export function perRow(row: z.ZodType): z.ZodType<unknown> {
  const schema = z.unknown()
  documentedAs.set(schema, row)
  return schema
}

/**
 * A body taking one form, or a second one when it has one of `keys` (`{ "actions": [ … ] }` beside
 * the single action): validated as the form it has, so its errors name that form's fields
 * (a plain union would only say "Invalid input").
 */
export function oneOrMany<S extends z.ZodType, M extends z.ZodType>(
  keys: readonly string[],
  one: S,
  many: M,
) {
  const schema = z.unknown().transform((v, ctx): z.output<S> | z.output<M> => {
    const form = typeof v === 'object' && v !== null && keys.some((k) => k in v) ? many : one
    const parsed = form.safeParse(v)
    if (parsed.success) return parsed.data
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: v } as never)
    return z.NEVER
  })
  documentedAs.set(schema, z.union([one, many]))
  return schema
}
