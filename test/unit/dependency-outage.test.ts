import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createTcpServer, type Socket } from 'node:net'
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { problemHeaders, toProblem } from '#functions/http/problem.ts'
import { asDependencyOutage, ConflictError, DependencyUnavailableError } from '#shared/errors.ts'

/**
 * Which SDK errors count as an outage (503 with Retry-After), on the errors the SDK itself
 * makes of DynamoDB's answers. DynamoDB Local never throttles nor fails, so a loopback server
 * answers as DynamoDB does (its JSON protocol); refused connections and timeouts are real.
 */
let dynamo: Server
let endpoint: string
/** The answer the stand-in gives next: status and DynamoDB's error body. */
let answer: { status: number; body: Record<string, unknown> }

const listen = (server: Server | ReturnType<typeof createTcpServer>) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`),
    ),
  )
const client = (at: string, requestTimeout?: number) =>
  new DynamoDBClient({
    endpoint: at,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // The retries are the SDK's business; what is classified is the error it ends with.
    maxAttempts: 1,
    ...(requestTimeout ? { requestHandler: { requestTimeout, throwOnRequestTimeout: true } } : {}),
  })
const get = (at = endpoint, requestTimeout?: number, abortSignal?: AbortSignal) =>
  client(at, requestTimeout)
    .send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'a' }, SK: { S: 'b' } } }), { abortSignal })
    .then(
      () => null,
      (e: unknown) => e,
    )
const dynamoError = (status: number, type: string, extra: Record<string, unknown> = {}) => {
  answer = { status, body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: type, ...extra } }
}

beforeAll(async () => {
  dynamo = createHttpServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' })
      res.end(JSON.stringify(answer.body))
    })
  })
  endpoint = await listen(dynamo)
})
afterAll(() => new Promise<void>((resolve) => dynamo.close(() => resolve())))

describe('a dependency outage', () => {
  it('is throttling, a server error or no answer, as the SDK reports them', async () => {
    for (const [status, type] of [
      [400, 'ProvisionedThroughputExceededException'],
      [400, 'ThrottlingException'],
      [400, 'RequestLimitExceeded'],
      [500, 'InternalServerError'],
      [503, 'ServiceUnavailable'],
    ] as const) {
      dynamoError(status, type)
      const e = await get()
      expect((e as Error).name, type).toBe(type)
      expect(asDependencyOutage(e), type).toBeInstanceOf(DependencyUnavailableError)
    }
    // A transaction DynamoDB cancelled because it throttled an item.
    dynamoError(400, 'TransactionCanceledException', {
      CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError', Message: 'Throughput exceeds' }],
    })
    const tx = await client(endpoint)
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: 't', Item: { PK: { S: 'a' }, SK: { S: 'b' } } } }],
        }),
      )
      .catch((e: unknown) => e)
    expect(asDependencyOutage(tx)).toBeInstanceOf(DependencyUnavailableError)
  })

  it('is a refused connection, a timeout or an abort', async () => {
    const closed = createTcpServer()
    const closedAt = await listen(closed)
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const refused = await get(closedAt)
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED')
    expect(asDependencyOutage(refused)).toBeInstanceOf(DependencyUnavailableError)

    // Accepts connections and never answers.
    const held = new Set<Socket>()
    const silent = createTcpServer((socket) => held.add(socket))
    const silentAt = await listen(silent)
    const timedOut = await get(silentAt, 200)
    expect((timedOut as Error).name).toBe('TimeoutError')
    expect(asDependencyOutage(timedOut)).toBeInstanceOf(DependencyUnavailableError)
    const aborted = await get(silentAt, undefined, AbortSignal.timeout(100))
    expect((aborted as Error).name).toBe('AbortError')
    expect(asDependencyOutage(aborted)).toBeInstanceOf(DependencyUnavailableError)
    await new Promise<void>((resolve) => {
      silent.close(() => resolve())
      for (const socket of held) socket.destroy()
    })
  })

  it('is not a refused condition, a bad request, our own error or a bug', async () => {
    for (const type of [
      'ConditionalCheckFailedException',
      'ValidationException',
      'ResourceNotFoundException',
    ]) {
      dynamoError(400, type)
      expect(asDependencyOutage(await get()), type).toBeNull()
    }
    dynamoError(400, 'TransactionCanceledException', {
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
    })
    expect(asDependencyOutage(await get())).toBeNull()
    dynamoError(503, 'ServiceUnavailable')
    const sdkOutage = await get()
    // Our taxonomy wins over its cause: a conflict stays a conflict.
    expect(asDependencyOutage(new ConflictError('stale-version', 'lost', { cause: sdkOutage }))).toBeNull()
    const ours = Object.assign(new Error('a bug of ours'), { name: 'TimeoutError', code: 'ECONNREFUSED' })
    expect(asDependencyOutage(ours)).toBeNull()
    expect(asDependencyOutage('ECONNREFUSED')).toBeNull()
    // Wrapped in a plain error, it is still an outage.
    expect(asDependencyOutage(new Error('while loading', { cause: sdkOutage }))).toBeInstanceOf(
      DependencyUnavailableError,
    )
  })

  it('maps to a 503 problem document with Retry-After in the one mapping', async () => {
    dynamoError(400, 'ProvisionedThroughputExceededException')
    const p = toProblem(await get())
    expect(p).toMatchObject({
      status: 503,
      title: 'Service unavailable',
      type: 'urn:action-tracker:problem:dependency-unavailable',
    })
    expect(problemHeaders(p)).toEqual({ 'Retry-After': '5' })
    expect(problemHeaders(toProblem(new Error('a bug')))).toEqual({})
    expect(toProblem(new Error('a bug')).status).toBe(500)
  })
})
