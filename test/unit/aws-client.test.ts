import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32 } from 'node:zlib'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { AwsClient, type AwsClientOptions, AwsError } from '#shared/aws/client.ts'
import { DynamoDocClient } from '#shared/aws/dynamodb.ts'
import { getSecretString } from '#shared/aws/secrets-manager.ts'
import { SesClient } from '#shared/aws/sesv2.ts'
import { Sha256 } from './sha256.ts'

/**
 * The AWS client against a stand-in for AWS on loopback: what goes over the wire (marshalled
 * DynamoDB JSON, targets, content types, a signature the SDK's signer agrees with), how AWS's
 * answers come back (native values, SDK error names), retries, timeouts and interceptors.
 *
 * Two modules are stubbed for the client only: `randomInt` (the retry jitter), so that the
 * retry tests wait 0 ms and record the jitter caps they were given, and `https.request`, so
 * that a test without an endpoint (which would go to AWS) fails before any network use and
 * shows what it would have sent.
 */
const { jitterCaps, httpsRequest } = vi.hoisted(() => ({
  jitterCaps: [] as number[],
  httpsRequest: vi.fn((..._args: unknown[]): never => {
    throw new Error('no network in unit tests')
  }),
}))
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>()
  return {
    ...real,
    randomInt: (min: number, max: number) => {
      jitterCaps.push(max - min)
      return min
    },
  }
})
vi.mock('node:https', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:https')>()
  return { ...real, request: httpsRequest }
})

// ---------------------------------------------------------------------------------------------
// The stand-in: records each request, answers from a script (the last answer repeats).

type Seen = { method: string; path: string; headers: IncomingHttpHeaders; body: string; json: any }
type Answer = (res: ServerResponse) => void

const answer =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (res) => {
    res
      .writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...headers })
      .end(typeof body === 'string' ? body : JSON.stringify(body))
  }
const ok = (body: unknown = {}) => answer(200, body)
const dynamoError = (status: number, type: string, message = 'x', extra: Record<string, unknown> = {}) =>
  answer(status, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, ...extra })
/** Reads the request and never answers. */
const never: Answer = () => {}

let server: Server
let port: number
let endpoint: string
let seen: Seen[] = []
let script: Answer[] = []
const answerWith = (...answers: Answer[]) => {
  script = answers
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      let json: unknown
      try {
        json = JSON.parse(body)
      } catch {
        json = undefined
      }
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json })
      const next = script.length > 1 ? script.shift() : script[0]
      next?.(res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  endpoint = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const clients: AwsClient[] = []
const doc = (options: Partial<AwsClientOptions> = {}) => {
  const client = new DynamoDocClient({ region: 'eu-west-2', endpoint, maxAttempts: 3, ...options })
  clients.push(client)
  return client
}
const ses = (options: Partial<AwsClientOptions> = {}) => {
  const client = new SesClient({ region: 'eu-west-2', endpoint, maxAttempts: 3, ...options })
  clients.push(client)
  return client
}

beforeEach(() => {
  seen = []
  script = [ok()]
  jitterCaps.length = 0
  httpsRequest.mockClear()
})

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
})

/** The rejection of `p`, which must reject. */
async function rejectionOf(p: Promise<unknown>): Promise<AwsError & Record<string, unknown>> {
  try {
    await p
  } catch (e) {
    return e as AwsError & Record<string, unknown>
  }
  throw new Error('expected the call to fail')
}

// ---------------------------------------------------------------------------------------------
// The signature the stand-in received, checked by the SDK's own signer.

async function expectValidSignature(request: Seen, service: string): Promise<void> {
  const authorization = String(request.headers.authorization)
  const parts =
    /^AWS4-HMAC-SHA256 Credential=local\/(\d{8})\/eu-west-2\/([a-z]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(
      authorization,
    )
  expect(parts, authorization).not.toBeNull()
  const [, day = '', signedService, list = ''] = parts ?? []
  expect(signedService).toBe(service)
  const signedHeaders = list.split(';')
  expect(signedHeaders).toEqual(
    expect.arrayContaining(['content-length', 'content-type', 'host', 'x-amz-date']),
  )
  const amzDate = String(request.headers['x-amz-date'])
  expect(amzDate.slice(0, 8)).toBe(day)
  const when = new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'))
  const url = new URL(request.path, endpoint)
  const sdk = await new SignatureV4({
    service,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    sha256: Sha256,
    applyChecksum: false,
  }).sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(signedHeaders.map((n) => [n, String(request.headers[n])])),
      body: request.body,
    },
    { signingDate: when },
  )
  expect(authorization).toBe(sdk.headers.authorization)
}

/** A DynamoDB JSON 1.0 request for `operation`, validly signed. */
async function expectDynamoRequest(request: Seen | undefined, operation: string): Promise<void> {
  expect(request).toBeDefined()
  if (!request) return
  expect(request.method).toBe('POST')
  expect(request.path).toBe('/')
  expect(request.headers['x-amz-target']).toBe(`DynamoDB_20120810.${operation}`)
  expect(request.headers['content-type']).toBe('application/x-amz-json-1.0')
  expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(request.body))
  await expectValidSignature(request, 'dynamodb')
}

// ---------------------------------------------------------------------------------------------

describe('errors AWS answers', () => {
  it('names a JSON 1.0 error by its __type, and does not retry a conditional check failure', async () => {
    // Arrange
    answerWith(dynamoError(400, 'ConditionalCheckFailedException', 'x'))

    // Act
    const e = await rejectionOf(
      doc().put({ TableName: 't', Item: { pk: 'a' }, ConditionExpression: 'attribute_not_exists(pk)' }),
    )

    // Assess
    expect(e).toBeInstanceOf(AwsError)
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('ConditionalCheckFailedException')
    expect(e.message).toBe('x')
    expect(e.status).toBe(400)
    expect(e.retryable).toBe(false)
    expect(seen).toHaveLength(1)
  })

  it('hands back a cancelled transaction’s CancellationReasons, with the Item as native values', async () => {
    // Arrange
    answerWith(
      answer(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        Message:
          'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
        CancellationReasons: [
          {
            Code: 'ConditionalCheckFailed',
            Message: 'The conditional request failed',
            Item: {
              pk: { S: 'ACTION#1' },
              version: { N: '3' },
              tags: { SS: ['a', 'b'] },
              done: { BOOL: false },
            },
          },
          { Code: 'None' },
        ],
      }),
    )

    // Act
    const e = await rejectionOf(
      doc().transactWrite({
        TransactItems: [
          {
            Put: {
              TableName: 't',
              Item: { pk: 'ACTION#1', version: 4 },
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': 3 },
            },
          },
          {
            ConditionCheck: {
              TableName: 't',
              Key: { pk: 'BOARD#1' },
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
        ],
      }),
    )

    // Assess
    expect(e).toBeInstanceOf(AwsError)
    expect(e.name).toBe('TransactionCanceledException')
    expect(e.message).toMatch(/^Transaction cancelled/)
    expect(e.CancellationReasons).toEqual([
      {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        Item: { pk: 'ACTION#1', version: 3, tags: new Set(['a', 'b']), done: false },
      },
      { Code: 'None' },
    ])
    expect(seen).toHaveLength(1)
  })

  it('names a REST error by its x-amzn-errortype header, without the URL after the colon', async () => {
    // Arrange
    answerWith(
      answer(
        429,
        { message: 'Maximum sending rate exceeded.' },
        {
          'content-type': 'application/json',
          'x-amzn-errortype':
            'TooManyRequestsException:http://internal.amazon.com/coral/com.amazon.coral.availability/',
        },
      ),
    )

    // Act
    const e = await rejectionOf(ses({ maxAttempts: 1 }).sendEmail(email()))

    // Assess
    expect(e).toBeInstanceOf(AwsError)
    expect(e.name).toBe('TooManyRequestsException')
    expect(e.message).toBe('Maximum sending rate exceeded.')
    expect(e.status).toBe(429)
    expect(e.retryable).toBe(true)
  })

  it('does not retry a REST client error such as SES’s MessageRejected', async () => {
    answerWith(
      answer(
        400,
        { message: 'Email address is not verified.' },
        { 'x-amzn-errortype': 'MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/' },
      ),
    )

    const e = await rejectionOf(ses().sendEmail(email()))

    expect(e.name).toBe('MessageRejected')
    expect(e.retryable).toBe(false)
    expect(seen).toHaveLength(1)
  })
})

describe('retries', () => {
  it.each([
    {
      what: '500 InternalServerError',
      reply: dynamoError(500, 'InternalServerError', 'boom'),
      name: 'InternalServerError',
    },
    { what: '503 without a body', reply: answer(503, ''), name: undefined },
    {
      what: '502 with an HTML body',
      reply: answer(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' }),
      name: undefined,
    },
    {
      what: 'ProvisionedThroughputExceededException (400)',
      reply: dynamoError(400, 'ProvisionedThroughputExceededException', 'slow down'),
      name: 'ProvisionedThroughputExceededException',
    },
    {
      what: 'ThrottlingException (400)',
      reply: dynamoError(400, 'ThrottlingException'),
      name: 'ThrottlingException',
    },
  ])('retries $what up to maxAttempts, then throws it', async ({ reply, name }) => {
    // Arrange
    answerWith(reply)

    // Act
    const e = await rejectionOf(doc({ maxAttempts: 3 }).get({ TableName: 't', Key: { pk: 'a' } }))

    // Assess
    expect(e).toBeInstanceOf(AwsError)
    if (name) expect(e.name).toBe(name)
    expect(e.retryable).toBe(true)
    expect(seen).toHaveLength(3)
    // One wait before each retry (none after the last attempt), on a growing jitter cap.
    expect(jitterCaps).toHaveLength(2)
    expect(jitterCaps[1]).toBeGreaterThan(jitterCaps[0] ?? Number.POSITIVE_INFINITY)
    for (const request of seen) await expectDynamoRequest(request, 'GetItem')
  })

  it.each([
    {
      what: 'a 200 whose body is not JSON',
      reply: answer(200, '{"Item": {"pk"'),
      name: 'DeserializationError',
    },
    { what: 'a 200 whose body is a JSON array', reply: answer(200, '[]'), name: 'DeserializationError' },
    {
      what: 'a 200 whose x-amz-crc32 does not match its body',
      reply: answer(200, { Item: { pk: { S: 'a' } } }, { 'x-amz-crc32': '12345' }),
      name: 'ChecksumError',
    },
  ])('never reads $what as an answer: retried, then thrown', async ({ reply, name }) => {
    answerWith(reply)

    const e = await rejectionOf(doc({ maxAttempts: 3 }).get({ TableName: 't', Key: { pk: 'a' } }))

    expect(e.name).toBe(name)
    expect(seen).toHaveLength(3)
  })

  it('accepts an answer whose x-amz-crc32 matches its body', async () => {
    const body = JSON.stringify({ Item: { pk: { S: 'a' } } })
    answerWith(answer(200, body, { 'x-amz-crc32': String(crc32(Buffer.from(body))) }))

    expect((await doc().get({ TableName: 't', Key: { pk: 'a' } })).Item).toEqual({ pk: 'a' })
    expect(seen).toHaveLength(1)
  })

  it('honours maxAttempts: 1 (no retry)', async () => {
    answerWith(dynamoError(500, 'InternalServerError'))

    const e = await rejectionOf(doc({ maxAttempts: 1 }).get({ TableName: 't', Key: { pk: 'a' } }))

    expect(e.name).toBe('InternalServerError')
    expect(seen).toHaveLength(1)
  })

  it('returns the value when the second attempt succeeds', async () => {
    // Arrange
    answerWith(dynamoError(503, 'ServiceUnavailable'), ok({ Item: { pk: { S: 'a' }, n: { N: '7' } } }))

    // Act
    const out = await doc().get({ TableName: 't', Key: { pk: 'a' } })

    // Assess
    expect(out.Item).toEqual({ pk: 'a', n: 7 })
    expect(seen).toHaveLength(2)
    expect(seen[1]?.json).toEqual(seen[0]?.json)
  })

  it('sends a transaction’s ClientRequestToken unchanged on every retry, a new one per call', async () => {
    // Arrange
    answerWith(dynamoError(500, 'InternalServerError'), dynamoError(500, 'InternalServerError'), ok())
    const client = doc()
    const input = { TransactItems: [{ Delete: { TableName: 't', Key: { pk: 'a' } } }] }

    // Act
    await client.transactWrite(input)
    await client.transactWrite(input)

    // Assess
    expect(seen).toHaveLength(4)
    const tokens = seen.map((r) => r.json.ClientRequestToken)
    expect(tokens[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(tokens[1]).toBe(tokens[0])
    expect(tokens[2]).toBe(tokens[0])
    expect(tokens[3]).not.toBe(tokens[0])
  })

  it('keeps a ClientRequestToken the caller gave', async () => {
    await doc().transactWrite({
      ClientRequestToken: 'caller-token',
      TransactItems: [{ Delete: { TableName: 't', Key: { pk: 'a' } } }],
    })

    expect(seen[0]?.json.ClientRequestToken).toBe('caller-token')
  })
})

describe('transport failures', () => {
  it('fails an attempt the server never answers with TimeoutError', async () => {
    // Arrange
    answerWith(never)

    // Act
    const e = await rejectionOf(
      doc({ requestTimeoutMs: 200, maxAttempts: 1 }).get({ TableName: 't', Key: { pk: 'a' } }),
    )

    // Assess
    expect(e).toBeInstanceOf(AwsError)
    expect(e.name).toBe('TimeoutError')
    expect(e.retryable).toBe(true)
    expect(seen).toHaveLength(1)
  })

  it('retries a timeout like any transient error', async () => {
    answerWith(never, ok({ Item: { pk: { S: 'a' } } }))

    const out = await doc({ requestTimeoutMs: 200, maxAttempts: 2 }).get({ TableName: 't', Key: { pk: 'a' } })

    expect(out.Item).toEqual({ pk: 'a' })
    expect(seen).toHaveLength(2)
  })

  it('fails a refused connection with NetworkingError (retried, then thrown)', async () => {
    // Arrange: a port that was just free, now closed.
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))

    // Act
    const e = await rejectionOf(
      doc({ endpoint: `http://127.0.0.1:${closedPort}`, maxAttempts: 2 }).get({
        TableName: 't',
        Key: { pk: 'a' },
      }),
    )

    // Assess
    expect(e).toBeInstanceOf(AwsError)
    expect(e.name).toBe('NetworkingError')
    expect(e.message).toContain('ECONNREFUSED')
    expect(e.status).toBeUndefined()
    expect(jitterCaps).toHaveLength(1)
  })
})

describe('interceptors', () => {
  it('see the native input and output of a DynamoDocClient call', async () => {
    // Arrange
    answerWith(ok({ Attributes: { pk: { S: 'a' }, n: { N: '1' } } }))
    const client = doc()
    const calls: unknown[] = []
    const outputs: unknown[] = []
    client.use('record', async (call, next) => {
      calls.push(structuredClone(call))
      const out = await next(call)
      outputs.push(out)
      return out
    })
    const item = { pk: 'a', n: 2, tags: new Set(['x']) }

    // Act
    await client.put({ TableName: 't', Item: item, ReturnValues: 'ALL_OLD' })

    // Assess
    expect(calls).toEqual([
      { operation: 'PutItem', input: { TableName: 't', Item: item, ReturnValues: 'ALL_OLD' } },
    ])
    expect(outputs).toEqual([{ Attributes: { pk: 'a', n: 1 } }])
    expect(seen[0]?.json.Item).toEqual({ pk: { S: 'a' }, n: { N: '2' }, tags: { SS: ['x'] } })
  })

  it('run outermost-last: the one added last sees the call first and the answer last', async () => {
    const client = doc()
    const log: string[] = []
    for (const name of ['first', 'second', 'third'])
      client.use(name, async (call, next) => {
        log.push(`${name}>`)
        const out = await next(call)
        log.push(`<${name}`)
        return out
      })

    await client.get({ TableName: 't', Key: { pk: 'a' } })

    expect(log).toEqual(['third>', 'second>', 'first>', '<first', '<second', '<third'])
  })

  it('may change the call: the change is what goes over the wire, marshalled', async () => {
    const client = doc()
    client.use('redirect', (call, next) =>
      next({ ...call, input: { ...call.input, Key: { pk: 'b', sk: 1 } } }),
    )

    await client.get({ TableName: 't', Key: { pk: 'a' } })

    expect(seen[0]?.json.Key).toEqual({ pk: { S: 'b' }, sk: { N: '1' } })
  })

  it('may short-circuit: nothing goes over the wire and their answer is the result', async () => {
    // Arrange
    const client = doc()
    client.use('cache', async (call) => ({ Item: { pk: call.input.Key, cached: true } }))

    // Act
    const out = await client.get({ TableName: 't', Key: { pk: 'a' } })

    // Assess
    expect(out).toEqual({ Item: { pk: { pk: 'a' }, cached: true } })
    expect(seen).toHaveLength(0)
  })

  it('may refuse a call with an error of their own', async () => {
    const client = doc()
    client.use('inject', async () => {
      throw new AwsError('ProvisionedThroughputExceededException', 'injected', 400)
    })

    const e = await rejectionOf(
      client.update({ TableName: 't', Key: { pk: 'a' }, UpdateExpression: 'SET n = :n' }),
    )

    expect(e.name).toBe('ProvisionedThroughputExceededException')
    expect(e.message).toBe('injected')
    expect(seen).toHaveLength(0)
  })

  it('wrap the retries: one interceptor call for a call the client attempted three times', async () => {
    answerWith(dynamoError(500, 'InternalServerError'))
    const client = doc()
    const results: string[] = []
    client.use('count', async (call, next) => {
      try {
        return await next(call)
      } catch (e) {
        results.push((e as Error).name)
        throw e
      }
    })

    await rejectionOf(client.get({ TableName: 't', Key: { pk: 'a' } }))

    expect(results).toEqual(['InternalServerError'])
    expect(seen).toHaveLength(3)
  })

  it('are removed by name, and removing an unknown name changes nothing', async () => {
    // Arrange
    const client = doc()
    const log: string[] = []
    client.use('a', (call, next) => {
      log.push('a')
      return next(call)
    })
    client.use('b', (call, next) => {
      log.push('b')
      return next(call)
    })

    // Act
    client.remove('a')
    client.remove('not-there')
    await client.get({ TableName: 't', Key: { pk: 'a' } })

    // Assess
    expect(log).toEqual(['b'])
    expect(seen).toHaveLength(1)
  })

  it('see the operation and input of a plain AwsClient call', async () => {
    // A client of the JSON 1.1 protocol that lets the test make a raw call.
    class JsonClient extends AwsClient {
      run(operation: string, input: Record<string, unknown>) {
        return this.call(operation, input)
      }
    }
    const client = new JsonClient(
      {
        signingName: 'secretsmanager',
        hostPrefix: 'secretsmanager',
        protocol: { kind: 'json', version: '1.1', targetPrefix: 'secretsmanager' },
      },
      { region: 'eu-west-2', endpoint },
    )
    clients.push(client)
    answerWith(answer(200, { SecretString: 's3cret' }, { 'content-type': 'application/x-amz-json-1.1' }))
    const calls: unknown[] = []
    client.use('record', (call, next) => {
      calls.push(call)
      return next(call)
    })

    const out = await client.run('GetSecretValue', { SecretId: 'app/secret' })

    expect(out).toEqual({ SecretString: 's3cret' })
    expect(calls).toEqual([{ operation: 'GetSecretValue', input: { SecretId: 'app/secret' } }])
    expect(seen[0]?.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue')
    expect(seen[0]?.headers['content-type']).toBe('application/x-amz-json-1.1')
    expect(seen[0]?.json).toEqual({ SecretId: 'app/secret' })
    if (seen[0]) await expectValidSignature(seen[0], 'secretsmanager')
  })
})

describe('DynamoDocClient marshalling', () => {
  it('GetItem: marshals the Key, unmarshals the Item', async () => {
    // Arrange
    answerWith(
      ok({
        Item: {
          pk: { S: 'BOARD#1' },
          sk: { N: '2' },
          tags: { SS: ['a', 'b'] },
          sizes: { NS: ['1', '2.5'] },
          blob: { B: 'AQID' },
          blobs: { BS: ['AQ==', 'Ag=='] },
          nested: {
            M: { list: { L: [{ N: '1' }, { NULL: true }, { BOOL: false }, { S: '' }, { B: '/w==' }] } },
          },
        },
      }),
    )

    // Act
    const out = await doc().get({ TableName: 't', Key: { pk: 'BOARD#1', sk: 2 }, ConsistentRead: true })

    // Assess
    await expectDynamoRequest(seen[0], 'GetItem')
    expect(seen[0]?.json).toEqual({
      TableName: 't',
      Key: { pk: { S: 'BOARD#1' }, sk: { N: '2' } },
      ConsistentRead: true,
    })
    expect(out.Item).toEqual({
      pk: 'BOARD#1',
      sk: 2,
      tags: new Set(['a', 'b']),
      sizes: new Set([1, 2.5]),
      blob: new Uint8Array([1, 2, 3]),
      blobs: new Set([new Uint8Array([1]), new Uint8Array([2])]),
      nested: { list: [1, null, false, '', new Uint8Array([255])] },
    })
  })

  it('GetItem: no Item when there is none', async () => {
    answerWith(ok({}))

    const out = await doc().get({ TableName: 't', Key: { pk: 'missing' } })

    expect(out.Item).toBeUndefined()
  })

  it('PutItem: marshals the Item (undefined attributes dropped, binary as base64), unmarshals Attributes', async () => {
    // Arrange
    answerWith(ok({ Attributes: { pk: { S: 'a' }, v: { N: '1' } } }))

    // Act
    const out = await doc().put({
      TableName: 't',
      Item: {
        pk: 'a',
        n: 1.5,
        nums: new Set([1, 2]),
        gone: undefined,
        blob: new Uint8Array([1, 2, 3]),
        buffer: Buffer.from('hi'),
        blobs: new Set([new Uint8Array([1]), new Uint8Array([2])]),
        m: { x: [true, null, 'y', new Uint8Array([255])], skip: undefined },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR v = :v',
      ExpressionAttributeValues: { ':v': 0 },
      ReturnValues: 'ALL_OLD',
    })

    // Assess
    await expectDynamoRequest(seen[0], 'PutItem')
    expect(seen[0]?.json).toEqual({
      TableName: 't',
      Item: {
        pk: { S: 'a' },
        n: { N: '1.5' },
        nums: { NS: ['1', '2'] },
        blob: { B: 'AQID' },
        buffer: { B: 'aGk=' },
        blobs: { BS: ['AQ==', 'Ag=='] },
        m: { M: { x: { L: [{ BOOL: true }, { NULL: true }, { S: 'y' }, { B: '/w==' }] } } },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR v = :v',
      ExpressionAttributeValues: { ':v': { N: '0' } },
      ReturnValues: 'ALL_OLD',
    })
    expect(out.Attributes).toEqual({ pk: 'a', v: 1 })
  })

  it('UpdateItem: marshals Key and ExpressionAttributeValues, unmarshals Attributes', async () => {
    answerWith(ok({ Attributes: { version: { N: '2' }, tags: { SS: ['x'] } } }))

    const out = await doc().update({
      TableName: 't',
      Key: { pk: 'a', sk: 'b' },
      UpdateExpression: 'SET #v = :v ADD tags :t',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':v': 2, ':t': new Set(['x']) },
      ReturnValues: 'ALL_NEW',
    })

    await expectDynamoRequest(seen[0], 'UpdateItem')
    expect(seen[0]?.json).toEqual({
      TableName: 't',
      Key: { pk: { S: 'a' }, sk: { S: 'b' } },
      UpdateExpression: 'SET #v = :v ADD tags :t',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':v': { N: '2' }, ':t': { SS: ['x'] } },
      ReturnValues: 'ALL_NEW',
    })
    expect(out.Attributes).toEqual({ version: 2, tags: new Set(['x']) })
  })

  it('DeleteItem: marshals the Key, unmarshals Attributes (absent when AWS sends none)', async () => {
    answerWith(ok({ Attributes: { pk: { S: 'a' } } }), ok({}))
    const client = doc()

    const first = await client.delete({ TableName: 't', Key: { pk: 'a' }, ReturnValues: 'ALL_OLD' })
    const second = await client.delete({ TableName: 't', Key: { pk: 'b' } })

    await expectDynamoRequest(seen[0], 'DeleteItem')
    expect(seen.map((r) => r.json.Key)).toEqual([{ pk: { S: 'a' } }, { pk: { S: 'b' } }])
    expect(first.Attributes).toEqual({ pk: 'a' })
    expect(second.Attributes).toBeUndefined()
  })

  it('Query: marshals ExpressionAttributeValues and ExclusiveStartKey, unmarshals Items and LastEvaluatedKey', async () => {
    answerWith(
      ok({
        Items: [
          { pk: { S: 'BOARD#1' }, sk: { S: 'A#2' }, n: { N: '1' } },
          { pk: { S: 'BOARD#1' }, sk: { S: 'A#3' }, n: { N: '2' } },
        ],
        Count: 2,
        ScannedCount: 2,
        LastEvaluatedKey: { pk: { S: 'BOARD#1' }, sk: { S: 'A#3' } },
      }),
    )

    const out = await doc().query({
      TableName: 't',
      IndexName: 'byBoard',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': 'BOARD#1', ':p': 'A#' },
      ExclusiveStartKey: { pk: 'BOARD#1', sk: 'A#1' },
      Limit: 2,
    })

    await expectDynamoRequest(seen[0], 'Query')
    expect(seen[0]?.json).toEqual({
      TableName: 't',
      IndexName: 'byBoard',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': { S: 'BOARD#1' }, ':p': { S: 'A#' } },
      ExclusiveStartKey: { pk: { S: 'BOARD#1' }, sk: { S: 'A#1' } },
      Limit: 2,
    })
    expect(out).toEqual({
      Items: [
        { pk: 'BOARD#1', sk: 'A#2', n: 1 },
        { pk: 'BOARD#1', sk: 'A#3', n: 2 },
      ],
      Count: 2,
      ScannedCount: 2,
      LastEvaluatedKey: { pk: 'BOARD#1', sk: 'A#3' },
    })
  })

  it('BatchGetItem: marshals RequestItems’ Keys, unmarshals Responses and UnprocessedKeys', async () => {
    answerWith(
      ok({
        Responses: { people: [{ pk: { S: 'P#1' }, name: { S: 'Ann' } }], boards: [] },
        UnprocessedKeys: { people: { Keys: [{ pk: { S: 'P#2' } }], ProjectionExpression: 'pk, #n' } },
      }),
    )

    const out = await doc().batchGet({
      RequestItems: {
        people: {
          Keys: [{ pk: 'P#1' }, { pk: 'P#2' }],
          ProjectionExpression: 'pk, #n',
          ExpressionAttributeNames: { '#n': 'name' },
        },
        boards: { Keys: [{ pk: 'B#1', sk: 0 }], ConsistentRead: true },
      },
    })

    await expectDynamoRequest(seen[0], 'BatchGetItem')
    expect(seen[0]?.json).toEqual({
      RequestItems: {
        people: {
          Keys: [{ pk: { S: 'P#1' } }, { pk: { S: 'P#2' } }],
          ProjectionExpression: 'pk, #n',
          ExpressionAttributeNames: { '#n': 'name' },
        },
        boards: { Keys: [{ pk: { S: 'B#1' }, sk: { N: '0' } }], ConsistentRead: true },
      },
    })
    expect(out.Responses).toEqual({ people: [{ pk: 'P#1', name: 'Ann' }], boards: [] })
    expect(out.UnprocessedKeys).toEqual({ people: { Keys: [{ pk: 'P#2' }], ProjectionExpression: 'pk, #n' } })
  })

  it('BatchWriteItem: marshals Put and Delete requests, unmarshals UnprocessedItems', async () => {
    answerWith(
      ok({
        UnprocessedItems: {
          t: [
            { PutRequest: { Item: { pk: { S: 'a' }, n: { N: '1' } } } },
            { DeleteRequest: { Key: { pk: { S: 'b' } } } },
          ],
        },
      }),
    )

    const out = await doc().batchWrite({
      RequestItems: {
        t: [
          { PutRequest: { Item: { pk: 'a', n: 1, gone: undefined } } },
          { DeleteRequest: { Key: { pk: 'b' } } },
        ],
      },
    })

    await expectDynamoRequest(seen[0], 'BatchWriteItem')
    expect(seen[0]?.json).toEqual({
      RequestItems: {
        t: [
          { PutRequest: { Item: { pk: { S: 'a' }, n: { N: '1' } } } },
          { DeleteRequest: { Key: { pk: { S: 'b' } } } },
        ],
      },
    })
    expect(out.UnprocessedItems).toEqual({
      t: [{ PutRequest: { Item: { pk: 'a', n: 1 } } }, { DeleteRequest: { Key: { pk: 'b' } } }],
    })
  })

  it('TransactWriteItems: marshals each Put, Update, Delete and ConditionCheck body', async () => {
    await doc().transactWrite({
      TransactItems: [
        { Put: { TableName: 't', Item: { pk: 'a', v: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Update: {
            TableName: 't',
            Key: { pk: 'b' },
            UpdateExpression: 'SET v = :v',
            ExpressionAttributeValues: { ':v': 2, ':old': null },
          },
        },
        { Delete: { TableName: 't', Key: { pk: 'c', sk: 1 } } },
        {
          ConditionCheck: {
            TableName: 't',
            Key: { pk: 'd' },
            ConditionExpression: 'contains(tags, :t)',
            ExpressionAttributeValues: { ':t': 'x' },
          },
        },
      ],
    })

    await expectDynamoRequest(seen[0], 'TransactWriteItems')
    expect(seen[0]?.json).toEqual({
      ClientRequestToken: expect.any(String),
      TransactItems: [
        {
          Put: {
            TableName: 't',
            Item: { pk: { S: 'a' }, v: { N: '1' } },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: 't',
            Key: { pk: { S: 'b' } },
            UpdateExpression: 'SET v = :v',
            ExpressionAttributeValues: { ':v': { N: '2' }, ':old': { NULL: true } },
          },
        },
        { Delete: { TableName: 't', Key: { pk: { S: 'c' }, sk: { N: '1' } } } },
        {
          ConditionCheck: {
            TableName: 't',
            Key: { pk: { S: 'd' } },
            ConditionExpression: 'contains(tags, :t)',
            ExpressionAttributeValues: { ':t': { S: 'x' } },
          },
        },
      ],
    })
  })

  it('refuses a class instance (a Date) in an Item, as the document client was configured, before any request', async () => {
    const e = await rejectionOf(doc().put({ TableName: 't', Item: { pk: 'a', at: new Date() } }))

    expect(e).toBeInstanceOf(Error)
    expect(seen).toHaveLength(0)
  })
})

function email() {
  return {
    FromEmailAddress: 'Secretariat <actions@opcc.example>',
    Destination: { ToAddresses: ['owner@opcc.example'], CcAddresses: ['chair@opcc.example'] },
    Content: {
      Simple: {
        Subject: { Data: 'Action log', Charset: 'UTF-8' },
        Body: { Text: { Data: 'Attached.', Charset: 'UTF-8' }, Html: { Data: '<p>Attached.</p>' } },
      },
    },
    ConfigurationSetName: 'actions',
  }
}

describe('SesClient.sendEmail', () => {
  it('posts to /v2/email/outbound-emails, with attachments’ RawContent as base64', async () => {
    // Arrange
    answerWith(answer(200, { MessageId: 'msg-1' }, { 'content-type': 'application/json' }))
    const csv = Buffer.from('ref,title\n1,Café ☕\n', 'utf8')
    const binary = new Uint8Array([0, 255, 128, 10])
    const input = email()

    // Act
    const out = await ses().sendEmail({
      ...input,
      Content: {
        Simple: {
          ...input.Content.Simple,
          Attachments: [
            {
              FileName: 'log.csv',
              RawContent: csv,
              ContentType: 'text/csv',
              ContentDisposition: 'ATTACHMENT',
            },
            { FileName: 'x.bin', RawContent: binary },
          ],
        },
      },
    })

    // Assess
    expect(out).toEqual({ MessageId: 'msg-1' })
    const request = seen[0]
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/v2/email/outbound-emails')
    expect(request?.headers['content-type']).toBe('application/json')
    expect(request?.headers['x-amz-target']).toBeUndefined()
    expect(request?.json).toEqual({
      ...input,
      Content: {
        Simple: {
          ...input.Content.Simple,
          Attachments: [
            {
              FileName: 'log.csv',
              RawContent: csv.toString('base64'),
              ContentType: 'text/csv',
              ContentDisposition: 'ATTACHMENT',
            },
            { FileName: 'x.bin', RawContent: 'AP+ACg==' },
          ],
        },
      },
    })
    if (request) await expectValidSignature(request, 'ses')
  })

  it('shows interceptors the input as given, attachments as bytes (base64 only on the wire)', async () => {
    answerWith(answer(200, { MessageId: 'msg-3' }, { 'content-type': 'application/json' }))
    const client = ses()
    const bytes: unknown[] = []
    client.use('record', (call, next) => {
      const simple = (call.input as { Content: { Simple: { Attachments: { RawContent: unknown }[] } } })
        .Content.Simple
      bytes.push(...simple.Attachments.map((a) => a.RawContent))
      return next(call)
    })
    const input = email()
    const raw = new Uint8Array([1, 2, 3])

    await client.sendEmail({
      ...input,
      Content: { Simple: { ...input.Content.Simple, Attachments: [{ FileName: 'a.bin', RawContent: raw }] } },
    })

    expect(bytes).toEqual([raw])
    expect(seen[0]?.json.Content.Simple.Attachments[0].RawContent).toBe('AQID')
  })

  it('sends an email without attachments as given', async () => {
    answerWith(answer(200, { MessageId: 'msg-2' }, { 'content-type': 'application/json' }))

    const out = await ses().sendEmail(email())

    expect(out.MessageId).toBe('msg-2')
    expect(seen[0]?.json).toEqual(email())
  })
})

describe('credentials', () => {
  const NAMES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const
  let saved: Record<string, string | undefined>
  beforeEach(() => {
    saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]))
    for (const n of NAMES) delete process.env[n]
  })
  afterEach(() => {
    for (const n of NAMES) {
      const value = saved[n]
      if (value === undefined) delete process.env[n]
      else process.env[n] = value
    }
  })

  it('without an endpoint or keys in the environment, fails with CredentialsError before any request', async () => {
    // Act
    const e = await rejectionOf(
      new DynamoDocClient({ region: 'eu-west-2' }).get({ TableName: 't', Key: { pk: 'a' } }),
    )

    // Assess
    expect(e).toBeInstanceOf(AwsError)
    expect(e.name).toBe('CredentialsError')
    expect(e.retryable).toBe(false)
    expect(httpsRequest).not.toHaveBeenCalled()
  })

  it('with keys in the environment, signs with them (and the session token) for the regional endpoint', async () => {
    // Arrange: what would go to AWS stops at the stubbed https.request.
    process.env.AWS_ACCESS_KEY_ID = 'ASIAUNITTEST'
    process.env.AWS_SECRET_ACCESS_KEY = 'unit-secret'
    process.env.AWS_SESSION_TOKEN = 'unit-session-token'

    // Act
    const e = await rejectionOf(
      new DynamoDocClient({ region: 'eu-west-2' }).get({ TableName: 't', Key: { pk: 'a' } }),
    )

    // Assess
    expect(e.message).toBe('no network in unit tests')
    expect(httpsRequest).toHaveBeenCalledTimes(1)
    const [url, options] = httpsRequest.mock.calls[0] as [
      URL,
      { method: string; headers: Record<string, string> },
    ]
    expect(url.href).toBe('https://dynamodb.eu-west-2.amazonaws.com/')
    expect(options.method).toBe('POST')
    expect(options.headers.host).toBe('dynamodb.eu-west-2.amazonaws.com')
    expect(options.headers['x-amz-security-token']).toBe('unit-session-token')
    expect(options.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAUNITTEST\/\d{8}\/eu-west-2\/dynamodb\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
    )
  })

  it('getSecretString calls Secrets Manager’s GetSecretValue in the region', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAUNITTEST'
    process.env.AWS_SECRET_ACCESS_KEY = 'unit-secret'

    await expect(getSecretString('eu-west-1', 'app/link-secret')).rejects.toThrow('no network in unit tests')

    const [url, options] = httpsRequest.mock.calls[0] as [URL, { headers: Record<string, string> }]
    expect(url.href).toBe('https://secretsmanager.eu-west-1.amazonaws.com/')
    expect(options.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue')
    expect(options.headers['content-type']).toBe('application/x-amz-json-1.1')
    expect(options.headers.authorization).toContain('Credential=AKIAUNITTEST/')
    expect(options.headers.authorization).toContain('/eu-west-1/secretsmanager/aws4_request')
    expect(options.headers['x-amz-security-token']).toBeUndefined()
  })
})
