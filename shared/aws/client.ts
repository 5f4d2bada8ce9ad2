import { randomInt } from 'node:crypto'
import * as http from 'node:http'
import * as https from 'node:https'
import { crc32 } from 'node:zlib'
import { type Credentials, sign } from './sigv4.ts'

/**
 * A small client for AWS's JSON APIs, in place of the AWS SDK (issue #5). The SDK's clients
 * cost a function 100–140 ms of cold start to load and, bundled, 250–370 KB; the three calls
 * this product makes (DynamoDB, SES v2 SendEmail, Secrets Manager GetSecretValue) need only
 * SigV4, JSON over a keep-alive HTTPS connection, the SDK's retry rules and its error
 * names. Tests and the local stack's tooling still use the SDK (devDependencies).
 */

/** One call as interceptors see it: the API operation (the IAM action's name) and its input. */
export type Call = { operation: string; input: Record<string, unknown> }
export type Next = (call: Call) => Promise<Record<string, unknown>>
/** Sees, and may change or refuse, every call: tests record and inject failures with these. */
export type Interceptor = (call: Call, next: Next) => Promise<Record<string, unknown>>

export type AwsClientOptions = {
  region: string
  /** Set only in the local stack and tests (DynamoDB Local, the SES emulator). */
  endpoint?: string | undefined
  /** Attempts per call, counting the first, for the errors AWS says are safe to retry. Default 3. */
  maxAttempts?: number | undefined
  /** Default 3 s. */
  connectionTimeoutMs?: number | undefined
  /** No answer within this (default 10 s) fails the attempt, so a hung call cannot hold a function. */
  requestTimeoutMs?: number | undefined
}

/** An error AWS answered (or a transport failure), named as the SDK names it. */
export class AwsError extends Error {
  readonly status: number | undefined
  readonly retryable: boolean
  /** The error body's other fields, e.g. DynamoDB's `CancellationReasons`. */
  readonly details: Record<string, unknown>
  constructor(
    name: string,
    message: string,
    status: number | undefined,
    details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = name
    this.status = status
    this.details = details
    this.retryable = isRetryable(name, status)
  }
}

/** The SDK's standard retry mode: throttling (by name, or a 429), transient and 5xx errors. */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'LimitExceededException',
  'SlowDown',
])
const TRANSIENT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
  // A 2xx whose body is cut short or mangled on the way: asking again is safe, guessing is not.
  'DeserializationError',
  'ChecksumError',
])
function isRetryable(name: string, status: number | undefined): boolean {
  return (
    THROTTLING.has(name) ||
    TRANSIENT.has(name) ||
    (status !== undefined && [429, 500, 502, 503, 504].includes(status))
  )
}

/** What the SDK would find first in a Lambda function: the role's keys in the environment. */
function credentialsFromEnv(endpoint: string | undefined): Credentials {
  // DynamoDB Local and the SES emulator check no signature, but want one.
  if (endpoint) return { accessKeyId: 'local', secretAccessKey: 'local' }
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
    throw new AwsError(
      'CredentialsError',
      'no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function role)',
      undefined,
    )
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    sessionToken: AWS_SESSION_TOKEN,
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export type Protocol =
  /** DynamoDB (1.0) and Secrets Manager (1.1): POST / with the operation in `X-Amz-Target`. */
  | { kind: 'json'; version: '1.0' | '1.1'; targetPrefix: string }
  /** SES v2: one path per operation. */
  | { kind: 'rest-json'; routes: Record<string, { method: string; path: string }> }

export class AwsClient {
  private readonly interceptors: { name: string; fn: Interceptor }[] = []
  private readonly agent: http.Agent
  private readonly base: URL

  constructor(
    private readonly service: { signingName: string; hostPrefix: string; protocol: Protocol },
    private readonly options: AwsClientOptions,
  ) {
    this.base = new URL(options.endpoint ?? `https://${service.hostPrefix}.${options.region}.amazonaws.com`)
    const Agent = this.base.protocol === 'http:' ? http.Agent : https.Agent
    this.agent = new Agent({ keepAlive: true, maxSockets: 50 })
  }

  /** Adds an interceptor (outermost last), named so it can be removed. */
  use(name: string, fn: Interceptor): void {
    this.interceptors.push({ name, fn })
  }

  remove(name: string): void {
    const at = this.interceptors.findIndex((i) => i.name === name)
    if (at >= 0) this.interceptors.splice(at, 1)
  }

  /** Closes the kept-alive connections. */
  destroy(): void {
    this.agent.destroy()
  }

  /** Runs `operation` through the interceptors, then over the wire with retries. */
  protected call(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.intercept({ operation, input }, (c) => this.request(c))
  }

  /**
   * Runs the interceptors around `inner`. A subclass whose callers speak another shape than
   * the wire (DynamoDB's native values) converts inside `inner`, so interceptors see the callers'.
   */
  protected intercept(call: Call, inner: Next): Promise<Record<string, unknown>> {
    const chain = this.interceptors.reduce<Next>(
      (next, { fn }) =>
        (c) =>
          fn(c, next),
      inner,
    )
    return chain(call)
  }

  /** One call over the wire, retried as the SDK's standard mode would. */
  protected async request(call: Call): Promise<Record<string, unknown>> {
    const maxAttempts = this.options.maxAttempts ?? 3
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(call)
      } catch (e) {
        if (!(e instanceof AwsError) || !e.retryable || attempt >= maxAttempts) throw e
        // Full jitter on 100 ms doubling, capped at 20 s (the SDK's standard mode).
        await sleep(randomInt(0, Math.min(20_000, 100 * 2 ** attempt) + 1))
      }
    }
  }

  private async send({ operation, input }: Call): Promise<Record<string, unknown>> {
    const { protocol } = this.service
    const body = JSON.stringify(input)
    let url: URL
    let method = 'POST'
    const headers: Record<string, string> = {}
    if (protocol.kind === 'json') {
      url = new URL('/', this.base)
      headers['content-type'] = `application/x-amz-json-${protocol.version}`
      headers['x-amz-target'] = `${protocol.targetPrefix}.${operation}`
    } else {
      const route = protocol.routes[operation]
      if (!route) throw new Error(`no route for ${operation}`)
      url = new URL(route.path, this.base)
      method = route.method
      headers['content-type'] = 'application/json'
    }
    headers['content-length'] = String(Buffer.byteLength(body))
    const signed = sign({
      method,
      url,
      headers,
      body,
      service: this.service.signingName,
      region: this.options.region,
      credentials: credentialsFromEnv(this.options.endpoint),
      now: new Date(),
    })
    const { status, bytes, errorType, crc } = await this.exchange(url, method, signed, body)
    // DynamoDB sends the CRC32 of every body, which the SDK checks too.
    if (crc !== undefined && Number(crc) !== crc32(bytes))
      throw new AwsError('ChecksumError', `${operation}: the answer's CRC32 does not match`, status)
    const text = bytes.toString('utf8')
    const parsed = parseJson(text)
    if (status >= 200 && status < 300) {
      if (parsed) return parsed
      throw new AwsError('DeserializationError', `${operation}: the answer is not a JSON object`, status)
    }
    throw errorFrom(status, errorType, parsed ?? {}, text)
  }

  private exchange(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<{ status: number; bytes: Buffer; errorType: string | undefined; crc: string | undefined }> {
    const request = url.protocol === 'http:' ? http.request : https.request
    const connectMs = this.options.connectionTimeoutMs ?? 3_000
    const requestMs = this.options.requestTimeoutMs ?? 10_000
    return new Promise((resolve, reject) => {
      const fail = (name: string, message: string) => {
        req.destroy()
        reject(new AwsError(name, message, undefined))
      }
      const req = request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', (e) => fail('NetworkingError', e.message))
        res.on('end', () => {
          clearTimeout(overall)
          const errorType = res.headers['x-amzn-errortype']
          const crc = res.headers['x-amz-crc32']
          resolve({
            status: res.statusCode ?? 0,
            bytes: Buffer.concat(chunks),
            errorType: Array.isArray(errorType) ? errorType[0] : errorType,
            crc: Array.isArray(crc) ? crc[0] : crc,
          })
        })
      })
      const overall = setTimeout(() => fail('TimeoutError', `no answer within ${requestMs} ms`), requestMs)
      req.on('socket', (socket) => {
        if (socket.connecting) {
          const connect = setTimeout(
            () => fail('TimeoutError', `no connection within ${connectMs} ms`),
            connectMs,
          )
          socket.once('connect', () => clearTimeout(connect))
          socket.once('secureConnect', () => clearTimeout(connect))
          socket.once('close', () => clearTimeout(connect))
        }
      })
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(overall)
        reject(new AwsError('NetworkingError', `${e.code ?? ''} ${e.message}`.trim(), undefined))
      })
      req.end(body)
    })
  }
}

/** The body as a JSON object; an empty body is an empty object; anything else is null. */
function parseJson(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return {}
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/**
 * The error's name as the SDK gives it: the `x-amzn-errortype` header (REST APIs) or the
 * body's `__type`/`code`, without the namespace before `#` or the URL after `:`.
 */
function errorFrom(
  status: number,
  header: string | undefined,
  body: Record<string, unknown>,
  text: string,
): AwsError {
  const raw = header ?? (body.__type as string | undefined) ?? (body.code as string | undefined) ?? ''
  const name = raw.split(':')[0]?.split('#').at(-1) || `Http${status}`
  const message = String(body.message ?? body.Message ?? (text.slice(0, 200) || `HTTP ${status}`))
  const { __type: _t, message: _m, Message: _M, ...details } = body
  return new AwsError(name, message, status, details)
}
