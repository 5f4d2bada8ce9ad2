import * as z from 'zod'

/** Every list answers in pages of `limit` items (DESIGN.md §2, pattern 9): no response grows with the table. */
export const PAGE_LIMIT = { default: 50, max: 100 } as const

/**
 * A page size as a query parameter: digits only, 1 to 100 (a query value is text; "1e1",
 * " 5" or "07" are refused rather than read loosely).
 */
export const Limit = z
  .string()
  .regex(/^(?:[1-9]\d?|100)$/, `must be a whole number from 1 to ${PAGE_LIMIT.max}`)
  .default(String(PAGE_LIMIT.default))
  .transform(Number)
  .meta({ description: `Items per page, 1–${PAGE_LIMIT.max} (default ${PAGE_LIMIT.default})` })

/** Where the previous page stopped, exactly as its `next` gave it; opaque to clients. */
export const Cursor = z
  .string()
  .max(2048, 'must be the `next` of a previous page of this list')
  .regex(/^[A-Za-z0-9_-]+$/, 'must be the `next` of a previous page of this list')
  .meta({ description: 'The `next` of the previous page of this same list; omit for the first page' })

/** The query parameters every list takes. */
export const pageQuery = { limit: Limit, cursor: Cursor.optional() }

/** What a list is asked for: how many items, and after which page. */
export type PageRequest = { limit: number; cursor?: string | undefined }

/** One page of a list: its items, and the cursor of the page after it (null on the last). */
export type Page<T> = { items: T[]; next: string | null }

/** The JSON shape of a page of `item`s, for the route table and so the OpenAPI document. */
export const pageOf = (item: z.ZodType) =>
  z.object({
    items: z.array(item),
    next: z
      .string()
      .nullable()
      .meta({ description: 'Send as `cursor` for the next page; null on the last page' }),
  })

/** Whether a list of boards or people shows the retired ones (left out unless asked for). */
export type RetiredOption = { includeRetired?: boolean }

/**
 * A page read without its retired entries unless they are asked for: left out of the page
 * read, so a page may hold fewer than `limit` (retiring is for the odd entry made in error or
 * gone, so few are ever skipped).
 */
export const withoutRetired = <T extends { retiredAt: string | null }>(
  page: Page<T>,
  opts: RetiredOption,
): Page<T> =>
  opts.includeRetired ? page : { items: page.items.filter((x) => !x.retiredAt), next: page.next }

export const mapPage = <T, U>(page: Page<T>, f: (item: T) => U): Page<U> => ({
  items: page.items.map(f),
  next: page.next,
})
