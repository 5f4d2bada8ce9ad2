import { expect } from 'vitest'
import type { Api } from './harness.ts'

/**
 * Every item of a paged list route, following each page's `next` (at the largest page
 * size); every page must be a 200. For tests that need the whole list, not its paging.
 */
export async function allItems<T = any>(
  api: Pick<Api, 'get'>,
  path: string,
  opts: Parameters<Api['get']>[1] = {},
): Promise<T[]> {
  const items: T[] = []
  const sep = path.includes('?') ? '&' : '?'
  let cursor: string | null = null
  do {
    const res: { status: number; body: { items: T[]; next: string | null } } = await api.get(
      `${path}${sep}limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      opts,
    )
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    items.push(...res.body.items)
    cursor = res.body.next
  } while (cursor)
  return items
}
