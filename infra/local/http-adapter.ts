import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'
import type { ApiHandler } from '#functions/api/lambda.ts'
import { httpApiEvent } from './http-api-event.ts'
import { closeServer, listen } from './processes.ts'

export type HttpAdapterOptions = {
  handler: ApiHandler
  /** Verifies a bearer token and returns its claims, or throws. */
  verify: (token: string) => Promise<Record<string, string>>
  publicRoutes: readonly { method: string; path: string }[]
  port: number
  host?: string
  /** API Gateway's payload limit. */
  maxBodyBytes?: number
}

/**
 * Plays API Gateway (HTTP API, payload v2) in front of the Lambda handler: builds the
 * event, runs the JWT authorizer on every non-public route (401 before the handler runs,
 * as in AWS), and writes the handler's result back as an HTTP response.
 */
export async function startHttpAdapter(
  opts: HttpAdapterOptions,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const publicMatchers = opts.publicRoutes.map((r) => ({
    method: r.method.toUpperCase(),
    // `{name}` is one path segment; API Gateway's greedy `{name+}` is the rest of the path.
    pattern: new RegExp(`^${r.path.replace(/\{\w+\+\}/g, '.+').replace(/\{\w+\}/g, '[^/]+')}$`),
  }))
  const isPublic = (method: string, path: string) =>
    publicMatchers.some((m) => m.method === method && m.pattern.test(path))

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: 'Internal Server Error', detail: String(e) }))
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local')
    const method = (req.method ?? 'GET').toUpperCase()
    const body = await readBody(req, opts.maxBodyBytes ?? 10 * 1024 * 1024)
    if (body === null)
      return send(res, { statusCode: 413, body: JSON.stringify({ message: 'Request Entity Too Large' }) })

    let claims: Record<string, string> | undefined
    if (!isPublic(method, url.pathname)) {
      const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]
      claims = token ? await opts.verify(token).catch(() => undefined) : undefined
      if (!claims)
        return send(res, {
          statusCode: 401,
          headers: { 'content-type': 'application/json' },
          body: '{"message":"Unauthorized"}',
        })
    }

    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v
    const event = httpApiEvent({
      method,
      path: `${url.pathname}${url.search}`,
      headers,
      claims,
      body,
      sourceIp: req.socket.remoteAddress ?? '',
    })
    send(res, await opts.handler(event, lambdaContext()))
  }

  return { url: await listen(server, opts.port, opts.host), server, close: () => closeServer(server) }
}

function send(res: ServerResponse, r: APIGatewayProxyStructuredResultV2) {
  const headers: Record<string, string | string[]> = {}
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k] = String(v)
  if (r.cookies?.length) headers['set-cookie'] = r.cookies
  res.writeHead(r.statusCode ?? 200, headers)
  res.end(r.body ? Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8') : undefined)
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > max) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'api-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:api-local',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }
}
