import {
  type ClientRequest,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http'
import { closeServer, listen } from './processes.ts'

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
 * `req` as it was asked (method, path, headers) sent on to `to`, for a proxy to write its body
 * to; if `to` cannot be reached, `res` answers 502 naming the proxy (`who`).
 */
export function forward(
  to: URL,
  req: IncomingMessage,
  res: ServerResponse,
  who: string,
  onAnswer: (answer: IncomingMessage) => void,
): ClientRequest {
  const upstream = request(
    { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
    onAnswer,
  )
  upstream.on('error', (e) => {
    res.writeHead(502, { 'content-type': 'text/plain' })
    res.end(`${who}: ${e.message}`)
  })
  return upstream
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
    const upstream = forward(to, req, res, 'recording proxy', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    req.pipe(upstream)
  })
  return { endpoint: await listen(server), requests, stop: () => closeServer(server) }
}
