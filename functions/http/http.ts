import { Logger } from '@aws-lambda-powertools/logger'
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda'
import { type Context, Hono } from 'hono'
import { defaultIsContentTypeBinary, handle } from 'hono/aws-lambda'
import type { z } from 'zod'
import { MAX_TOKEN_LIFETIME_SECONDS, withinTokenLifetime } from '#shared/auth/token-lifetime.ts'
import type { BaseConfig } from '#shared/config.ts'
import { type Principal, principalFromClaims } from '#shared/domain/principal.ts'
import {
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionRequiredError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#shared/errors.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { fromZod, type Problem, problemHeaders, toProblem } from './problem.ts'
import type { RouteDef, UploadedFile } from './route.ts'

/**
 * The adapter decodes a text body as UTF-8, which drops a CSV's byte-order mark (Excel needs
 * it to read UTF-8): CSV goes out base64, byte for byte, like a binary body.
 */
const LAMBDA_BODIES = {
  isContentTypeBinary: (type: string) => defaultIsContentTypeBinary(type) || /^text\/csv\b/i.test(type),
}

/**
 * An HTTP function's cold start: its logger named for the service, and its app built once
 * with it, behind the Lambda adapter.
 */
export function httpHandler(
  serviceName: string,
  config: Pick<BaseConfig, 'LOG_LEVEL'>,
  app: (logger: Logger) => Hono<Env>,
) {
  return handle(app(new Logger({ serviceName, logLevel: config.LOG_LEVEL })), LAMBDA_BODIES)
}

/**
 * What every HTTP function shares: the Hono app with the house headers and the one error
 * mapping, and the machinery that serves a route table (the API's, or the action log's in
 * its own function). Authentication has already happened at the edge (API Gateway's JWT
 * authorizer, or the local stack's emulation of it); routes read the verified claims from
 * the Lambda event.
 */
export type Env = { Bindings: { event?: APIGatewayProxyEventV2WithJWTAuthorizer } }

export function httpApp(logger: Pick<Logger, 'error' | 'info'>): Hono<Env> {
  const app = new Hono<Env>()
  app.use(async (c, next) => {
    await next()
    // A fingerprinted asset says it may be kept; everything else is never cached.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store')
    c.header('X-Content-Type-Options', 'nosniff')
  })
  app.notFound((c) => respond(c, toProblem(new NotFoundError('route', `${c.req.method} ${c.req.path}`))))
  app.onError((err, c) => {
    const p = toProblem(err)
    const where = { method: c.req.method, path: loggablePath(c.req.path) }
    if (p.status >= 500) logger.error('request failed', { error: err, ...where })
    else logger.info('request refused', { status: p.status, detail: p.detail, ...where })
    return respond(c, p)
  })
  return app
}

/** Serves each route: role gate first, then params, query, body and If-Match, then the handler. */
export function mountRoutes(
  app: Hono<Env>,
  routes: readonly RouteDef[],
  { deps, maxBodyBytes }: { deps: Deps; maxBodyBytes: number },
): void {
  for (const r of routes) {
    app.on(r.method.toUpperCase(), r.path.replace(/\{(\w+)\}/g, ':$1'), async (c) => {
      const principal = authenticate(c, r)
      if (r.allow && principal && !r.allow.includes(principal.role)) {
        throw new ForbiddenError(`this needs the ${r.allow.join(' or ')} role; you are ${principal.role}`)
      }
      const req = {
        principal,
        params: parseParams(r.params, c.req.param(), c.req.path),
        query: parse(r.query, c.req.query(), 'query'),
        body: r.body ? parse(r.body, await readBody(c, r, maxBodyBytes), 'body') : undefined,
        ifMatch: readIfMatch(c, r),
      }
      const result = await r.handle(req, deps)
      // A file route (the action log) answers with its own bytes and headers, not JSON.
      if (result.raw !== undefined) return c.body(result.raw, result.status as 200, result.headers)
      if (result.body === undefined) return c.body(null, result.status as 204, result.headers)
      return c.json(result.body, result.status as 200, result.headers)
    })
  }
}

/** An owner's path carries a signed link, which is a credential: it never reaches the logs. */
export function loggablePath(path: string): string {
  return path.replace(/^\/respond\/[^/]+/, '/respond/{token}')
}

function respond(c: Context<Env>, p: Problem) {
  return c.body(JSON.stringify(p), p.status as 400, {
    'Content-Type': 'application/problem+json',
    ...problemHeaders(p),
  })
}

function authenticate(c: Context<Env>, r: RouteDef): Principal | null {
  if (r.auth === 'public') return null
  const claims = c.env?.event?.requestContext?.authorizer?.jwt?.claims
  const principal = claims ? principalFromClaims(claims) : null
  if (!claims || !principal) throw new UnauthorizedError('a valid bearer token with a role is required')
  // The authorizer checks the signature and that the token has not expired; its lifetime is ours.
  if (!withinTokenLifetime(claims, new Date())) {
    throw new UnauthorizedError(
      `the token must carry exp and iat and live at most ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours`,
    )
  }
  return principal
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query'): unknown {
  if (!schema) return where === 'body' ? undefined : {}
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw fromZod(parsed.error, where)
}

/** A malformed id in the path names nothing that exists: 404, like an unknown one. */
function parseParams(schema: z.ZodType | undefined, value: unknown, path: string): unknown {
  if (!schema) return {}
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new NotFoundError('resource', path)
}

/** JSON, or on an upload route a multipart form whose file field becomes an UploadedFile. */
async function readBody(c: Context<Env>, r: RouteDef, maxBodyBytes: number): Promise<unknown> {
  const maxBytes = r.upload?.maxBytes ?? maxBodyBytes
  if (r.upload && /^multipart\/form-data\b/i.test(c.req.header('content-type') ?? ''))
    return readUpload(c, r.upload.field, maxBytes)
  return readJson(c, maxBytes)
}

async function readUpload(c: Context<Env>, field: string, maxBytes: number): Promise<unknown> {
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > maxBytes) throw new PayloadTooLargeError(`the body is larger than ${maxBytes} bytes`)
  let form: FormData
  try {
    form = await c.req.raw.formData()
  } catch (e) {
    throw new ValidationError(
      'the body is not a valid multipart form',
      [{ path: field, message: 'the form arrived damaged or cut short: send it again' }],
      { cause: e },
    )
  }
  const value = form.get(field)
  if (!(value instanceof Blob))
    throw new ValidationError('no file', [
      { path: field, message: `send the file as the form's "${field}" field` },
    ])
  if (value.size > maxBytes) throw new PayloadTooLargeError(`the file is larger than ${maxBytes} bytes`)
  return { [field]: await uploadedFile(value) }
}

/** A form's file field as routes see it: its bytes, and the name and type the browser gave. */
export async function uploadedFile(value: Blob): Promise<UploadedFile> {
  return {
    bytes: new Uint8Array(await value.arrayBuffer()),
    name: value instanceof File && value.name ? value.name : null,
    contentType: value.type || null,
  }
}

async function readJson(c: Context<Env>, maxBytes: number): Promise<unknown> {
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > maxBytes) throw new PayloadTooLargeError(`the body is larger than ${maxBytes} bytes`)
  const text = await c.req.text()
  if (Buffer.byteLength(text) > maxBytes)
    throw new PayloadTooLargeError(`the body is larger than ${maxBytes} bytes`)
  const type = c.req.header('content-type') ?? ''
  // Requiring JSON also keeps plain HTML forms on other sites from posting here.
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new UnsupportedMediaTypeError('send the body as application/json')
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new ValidationError('the body is not valid JSON', [{ path: '(root)', message: String(e) }], {
      cause: e,
    })
  }
}

/** `If-Match: "3"` (also W/"3" or a bare 3) → 3. */
function readIfMatch(c: Context<Env>, r: RouteDef): number | undefined {
  if (!r.ifMatch) return undefined
  const raw = c.req.header('if-match')
  if (raw === undefined) {
    if (r.ifMatch === 'required') {
      throw new PreconditionRequiredError(
        'send If-Match with the version you read (its ETag) so no change is lost',
      )
    }
    return undefined
  }
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw)
  if (!m?.[1] || Number(m[1]) < 1) {
    throw new ValidationError('invalid If-Match', [
      { path: 'If-Match', message: 'must be a version number such as "3"' },
    ])
  }
  return Number(m[1])
}
