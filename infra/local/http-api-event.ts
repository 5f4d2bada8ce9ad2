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
  sourceIp?: string
}

/**
 * An HTTP API (payload 2.0) event as API Gateway sends it, after its JWT authorizer: the one
 * shape the local stack's adapter, the deployed-bundles test and the cold-start bench give
 * the HTTP functions. Bodies go base64-encoded, as API Gateway sends what it does not know
 * to be text.
 */
export function httpApiEvent(req: HttpRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const url = new URL(req.path, 'http://local')
  const headers = req.headers ?? {}
  const body = typeof req.body === 'string' ? Buffer.from(req.body) : req.body
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
    body: body && body.length > 0 ? body.toString('base64') : undefined,
    isBase64Encoded: Boolean(body && body.length > 0),
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer
}
