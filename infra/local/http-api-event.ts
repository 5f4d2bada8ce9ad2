import { randomUUID } from 'node:crypto'
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda'

export type HttpRequest = {
  method: string
  /** Path and query, e.g. `/boards?limit=5`. */
  path: string
  headers?: Record<string, string>
  /** The JWT authorizer's claims, absent on public routes. */
  claims?: Record<string, string> | undefined
  body?: Buffer | string | undefined
  /** API Gateway base64-encodes what it does not take for text; `text` sends the body as it is. */
  bodyEncoding?: 'base64' | 'text'
  sourceIp?: string
}

/**
 * An HTTP API (payload 2.0) event as API Gateway sends it, after its JWT authorizer: the one
 * shape the local stack's adapter, the deployed-bundles test and the cold-start bench give
 * the HTTP functions. Bodies go base64-encoded unless `bodyEncoding` is `text`: the handlers
 * must read both, as API Gateway sends both.
 */
export function httpApiEvent(req: HttpRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  // Prefixed rather than resolved against a base, so a path starting `//` stays a path.
  const url = new URL(`http://local${req.path.startsWith('/') ? '' : '/'}${req.path}`)
  const headers = req.headers ?? {}
  const body = typeof req.body === 'string' ? Buffer.from(req.body) : req.body
  const text = req.bodyEncoding === 'text'
  const now = new Date()
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    cookies: headers.cookie?.split(/;\s*/),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method.toUpperCase(),
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: req.claims
        ? {
            principalId: req.claims.sub ?? '',
            integrationLatency: 0,
            jwt: { claims: req.claims, scopes: [] },
          }
        : undefined,
    },
    body: body && body.length > 0 ? body.toString(text ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: Boolean(body && body.length > 0 && !text),
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer
}

/**
 * A token's `iat` and `exp` as the JWT authorizer hands them on (strings of epoch seconds):
 * the HTTP functions refuse claims without them (shared/auth/token-lifetime.ts).
 */
export function tokenTimes(ttlSeconds = 3600, now = new Date()): { iat: string; exp: string } {
  const iat = Math.floor(now.getTime() / 1000)
  return { iat: String(iat), exp: String(iat + ttlSeconds) }
}
