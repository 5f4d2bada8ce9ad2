import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { afterEach, describe, expect, it } from 'vitest'
import { createDocumentClient } from '#shared/aws-clients.ts'
import { Mailer } from '#shared/mail/mailer.ts'

/**
 * The SDK clients as shared/aws-clients.ts sets them up, against a loopback server that
 * answers as we tell it: what they retry, and that a call left unanswered ends.
 */
const servers: ReturnType<typeof createServer>[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    s.close()
  }
})

async function serve(answer: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  let requests = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => answer(req, res, ++requests))
  })
  servers.push(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return { endpoint: `http://127.0.0.1:${port}`, requests: () => requests }
}

const mailer = (endpoint: string) =>
  new Mailer({ region: 'eu-west-2', endpoint, from: 'actions@opcc.example', maxPerSecond: 1000 })
const email = { to: ['dt@force.example'], subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' }
const json = (res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))

describe('the SDK clients', () => {
  it('give up on a DynamoDB call the server never answers (TimeoutError), after the SDK’s attempts', async () => {
    const silent = await serve(() => undefined)
    const doc = createDocumentClient({ region: 'eu-west-2', endpoint: silent.endpoint })
    try {
      const call = doc.send(new GetCommand({ TableName: 't', Key: { PK: 'a', SK: 'b' } }))
      await expect(call).rejects.toMatchObject({ name: 'TimeoutError' })
      // The SDK's default for DynamoDB: 4 attempts, each ended by our 3 s request timeout.
      expect(silent.requests()).toBe(4)
    } finally {
      doc.destroy()
    }
  }, 30_000)

  it('send an email once when SES answers 500: it may have gone, so it is not sent again', async () => {
    const failing = await serve((_req, res) =>
      json(res, 500, { message: 'Internal failure' }, { 'x-amzn-errortype': 'InternalFailure' }),
    )
    const m = mailer(failing.endpoint)
    await expect(m.send(email)).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } })
    expect(failing.requests()).toBe(1)
    expect(m.takeCounts()).toEqual({ sent: 0, failed: 1, throttled: 0 })
  })

  it('retry a throttled send (SES refused it, so nothing went) and count the throttle', async () => {
    const throttling = await serve((_req, res, n) =>
      n === 1
        ? json(
            res,
            429,
            { message: 'Maximum sending rate exceeded.' },
            { 'x-amzn-errortype': 'TooManyRequestsException' },
          )
        : json(res, 200, { MessageId: 'm-1' }),
    )
    const m = mailer(throttling.endpoint)
    expect(await m.send(email)).toEqual({ messageId: 'm-1' })
    expect(throttling.requests()).toBe(2)
    expect(m.takeCounts()).toEqual({ sent: 1, failed: 0, throttled: 1 })
  })

  it('stop retrying a send that keeps being throttled, at the attempts allowed', async () => {
    const throttling = await serve((_req, res) =>
      json(
        res,
        429,
        { message: 'Maximum sending rate exceeded.' },
        { 'x-amzn-errortype': 'TooManyRequestsException' },
      ),
    )
    const m = new Mailer({
      region: 'eu-west-2',
      endpoint: throttling.endpoint,
      from: 'actions@opcc.example',
      maxAttempts: 2,
    })
    await expect(m.send(email)).rejects.toMatchObject({ name: 'TooManyRequestsException' })
    expect(throttling.requests()).toBe(2)
    expect(m.takeCounts()).toEqual({ sent: 0, failed: 1, throttled: 2 })
  })
})
