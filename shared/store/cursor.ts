import { createHash } from 'node:crypto'
import * as z from 'zod'
import { ValidationError } from '../errors.ts'

/**
 * A page's cursor: base64url of `{ s, a }`, where `a` is the position the page stopped at
 * (the sort key of its last item, or a history version) and `s` names the list it belongs
 * to (a digest of the index, partition, key range and order). A cursor comes back from the
 * client, so it is parsed strictly: canonical base64url, JSON of exactly that shape, the
 * same list, and a position the list's own rules accept (in its key range, a key the store
 * can turn back into a start key). Anything else is a 400 naming `cursor`, never a query
 * DynamoDB refuses. Not signed: a position is no secret (it is a key of an item the
 * client was just shown) and a forged one that passes these checks only starts the same
 * list somewhere else.
 */
export type Position = string | number

export function encodeCursor(scope: string, after: Position): string {
  return Buffer.from(JSON.stringify({ s: digest(scope), a: after })).toString('base64url')
}

export function decodeCursor<T extends Position>(raw: string, scope: string, position: z.ZodType<T>): T {
  const bytes = Buffer.from(raw, 'base64url')
  // Node's decoder skips what is not base64url and ignores spare bits: insist on the one spelling.
  if (bytes.toString('base64url') !== raw) throw invalidCursor('it is not a cursor this API gave out')
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch (e) {
    throw invalidCursor('it is not a cursor this API gave out', e)
  }
  const parsed = z.strictObject({ s: z.string(), a: z.unknown() }).safeParse(json)
  if (!parsed.success) throw invalidCursor('it is not a cursor this API gave out')
  if (parsed.data.s !== digest(scope)) throw invalidCursor('it belongs to another list')
  const at = position.safeParse(parsed.data.a)
  if (!at.success) throw invalidCursor('it points outside this list')
  return at.data
}

export function invalidCursor(why: string, cause?: unknown): ValidationError {
  return new ValidationError(
    'invalid cursor',
    [{ path: 'cursor', message: `not a cursor of this list (${why}): start again from the first page` }],
    cause === undefined ? undefined : { cause },
  )
}

const digest = (scope: string) => createHash('sha256').update(scope).digest('base64url').slice(0, 16)
