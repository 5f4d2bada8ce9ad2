import { createServer, type IncomingHttpHeaders, request } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as it reached the proxy: what it asked for and who says they sent it. */
export type RecordedRequest = {
  /** X-Amz-Target's operation (`GetItem`) for the JSON protocols, else `METHOD path` (SES v2's REST API). */
  operation: string
  userAgent: string
  amzUserAgent: string
  /** From the request's arrival to the end of the engine's answer. */
  ms: number
}

export type RecordingProxy = { endpoint: string; requests: RecordedRequest[]; stop: () => Promise<void> }

const header = (headers: IncomingHttpHeaders, name: string) => {
  const v = headers[name]
  return Array.isArray(v) ? v.join(', ') : (v ?? '')
}

/**
 * A loopback HTTP proxy in front of a local engine (DynamoDB Local, the SES emulator) that
 * records each request's operation and user-agent headers and forwards it unchanged, so a
 * test or bench can see which client made the calls without touching the client.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const to = new URL(target)
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    const arrived = performance.now()
    const amzTarget = header(req.headers, 'x-amz-target')
    const recorded: RecordedRequest = {
      operation: amzTarget ? (amzTarget.split('.').at(-1) ?? amzTarget) : `${req.method} ${req.url}`,
      userAgent: header(req.headers, 'user-agent'),
      amzUserAgent: header(req.headers, 'x-amz-user-agent'),
      ms: 0,
    }
    requests.push(recorded)
    res.on('finish', () => {
      recorded.ms = performance.now() - arrived
    })
    const upstream = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', (e) => {
      res.writeHead(502, { 'content-type': 'text/plain' })
      res.end(`recording proxy: ${e.message}`)
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        // The SDK keeps its connections alive; close them so the server can stop now.
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
