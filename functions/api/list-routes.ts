import * as z from 'zod'
import { type Page, pageOf, pageQuery } from '#shared/domain/page.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { type RouteDef, type RouteRequest, route } from '../http/route.ts'

export type PageParams = { limit: number; cursor?: string | undefined }

/** What a list route is given like any other: the list's own schemas and answer are built for it. */
type ListDef = Omit<RouteDef, 'params' | 'query' | 'body' | 'ifMatch' | 'response' | 'handle'>

/**
 * A list route (DESIGN.md §2, pattern 9): `limit` and `cursor` beside its own query, its
 * answer one page `{ items, next }` and, when there is more, a `Link` header (RFC 8288) to
 * the next page with the same filters.
 */
export function listRoute<P extends z.ZodType, Q extends z.ZodObject = z.ZodObject<Record<string, never>>>(
  def: ListDef & {
    params?: P
    query?: Q
    item: z.ZodType
    description: string
    list: (
      req: RouteRequest<z.output<P>, z.output<Q> & PageParams, undefined>,
      deps: Deps,
    ) => Promise<Page<unknown>>
  },
): RouteDef {
  const { item, description, list, query, ...rest } = def
  return route({
    ...rest,
    query: (query ?? z.strictObject({})).extend(pageQuery),
    response: {
      status: 200,
      description: `${description}, a page at a time`,
      schema: pageOf(item),
      headers: {
        Link: {
          description: 'When there is a next page: `<…?cursor=…&limit=…>; rel="next"` (RFC 8288)',
          schema: { type: 'string' },
        },
      },
    },
    handle: async (req, deps) => {
      const page = await list(req as Parameters<typeof list>[0], deps)
      const link = page.next ? nextLink(def.path, req, page.next) : undefined
      return { status: 200, body: page, ...(link ? { headers: { Link: link } } : {}) }
    },
  })
}

/** The next page's address: this route's path, its filters, the same limit and the cursor. */
function nextLink(path: string, req: { params: unknown; query: unknown }, next: string): string {
  const params = req.params as Record<string, string>
  const { cursor: _, limit, ...filters } = req.query as Record<string, unknown> & PageParams
  const target = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''))
  const query = new URLSearchParams()
  for (const [k, v] of Object.entries(filters)) if (v !== undefined) query.set(k, String(v))
  query.set('cursor', next)
  query.set('limit', String(limit))
  return `<${target}?${query}>; rel="next"`
}

/** A list short enough to answer whole, as `{ items }`: no `limit`, no `cursor`. */
export function itemsRoute<P extends z.ZodType>(
  def: ListDef & {
    params?: P
    item: z.ZodType
    description: string
    list: (req: RouteRequest<z.output<P>, unknown, unknown>, deps: Deps) => Promise<unknown[]>
  },
): RouteDef {
  const { item, description, list, ...rest } = def
  return route({
    ...rest,
    response: { status: 200, description, schema: z.object({ items: z.array(item) }) },
    handle: async (req, deps) => ({ status: 200, body: { items: await list(req, deps) } }),
  })
}
