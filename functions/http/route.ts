import type { z } from 'zod'
import type { Role } from '#shared/domain/common.ts'
import type { Principal } from '#shared/domain/principal.ts'
import type { Deps } from '#shared/usecases/deps.ts'

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete'

export type RouteRequest<P, Q, B> = {
  params: P
  query: Q
  body: B
  /** Present on every `auth: 'jwt'` route; null only on public routes. */
  principal: Principal | null
  /** The version named by `If-Match`, when the route reads it. */
  ifMatch: number | undefined
}

export type RouteResult = {
  status: number
  body?: unknown
  headers?: Record<string, string>
  /**
   * A file sent as it is (CSV, Word, HTML) instead of `body` as JSON; the route sets its
   * Content-Type and Content-Disposition in `headers`.
   */
  raw?: string | Uint8Array<ArrayBuffer>
}

/**
 * One route: the schemas it validates with (which also generate the OpenAPI document)
 * and a thin `handle` that calls one use case.
 */
export type RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> = {
  method: Method
  /** OpenAPI style: `/boards/{boardId}`. */
  path: string
  summary: string
  tag: string
  auth: 'public' | 'jwt'
  /**
   * Roles let through at the edge, before the body is even parsed (a member probing a
   * secretariat route learns nothing about its schema). Use cases check again.
   */
  allow?: readonly Role[]
  /** Who else may call it, decided by the use case on the object itself. */
  alsoAllowed?: string
  params?: P
  query?: Q
  body?: B
  ifMatch?: 'required' | 'optional'
  /**
   * The route also takes a file as multipart/form-data (field `field`); the body schema then
   * sees `{ [field]: UploadedFile }`. `maxBytes` is this route's body limit, either way.
   */
  upload?: { field: string; maxBytes: number }
  response: {
    status: number
    description: string
    schema?: z.ZodType
    /** For a `raw` response: the media types it may have (OpenAPI documents each as a string body). */
    mediaTypes?: readonly string[]
    /** Headers the answer may carry, as OpenAPI header objects (e.g. a list's `Link`). */
    headers?: Record<string, { description: string; schema: Record<string, unknown> }>
  }
  handle: (req: RouteRequest<z.output<P>, z.output<Q>, z.output<B>>, deps: Deps) => Promise<RouteResult>
}

/** A file sent as multipart/form-data, as a route's body schema sees it. */
export type UploadedFile = { bytes: Uint8Array; name: string | null; contentType: string | null }

/** What the OpenAPI document needs of a route: everything but the handler. */
export type RouteSpec = Omit<RouteDef, 'handle'>

/** Keeps each route's types precise while the table holds them as one list. */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  def: RouteDef<P, Q, B>,
): RouteDef {
  return def as unknown as RouteDef
}

export function principalOf<P, Q, B>(req: RouteRequest<P, Q, B>): Principal {
  if (!req.principal) throw new Error('route is missing auth: jwt')
  return req.principal
}

export const ok = (body: unknown, status = 200): RouteResult => ({
  status,
  body,
  ...(isVersioned(body) ? { headers: { ETag: `"${body.version}"` } } : {}),
})

/** A file download: `attachment` unless `inline`, named by a file name that must already be header-safe. */
export const file = (
  f: { body: string | Uint8Array<ArrayBuffer>; contentType: string; fileName: string; inline: boolean },
  headers: Record<string, string> = {},
): RouteResult => ({
  status: 200,
  raw: f.body,
  headers: {
    'Content-Type': f.contentType,
    'Content-Disposition': `${f.inline ? 'inline' : 'attachment'}; filename="${f.fileName}"`,
    ...headers,
  },
})

function isVersioned(body: unknown): body is { version: number } {
  return (
    typeof body === 'object' && body !== null && typeof (body as { version?: unknown }).version === 'number'
  )
}
