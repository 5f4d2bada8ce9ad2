import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { LinkSigner } from '#shared/auth/signed-link.ts'
import { type Api, meeting, seedBoard, startApi, TEST_LINK_SECRET } from './harness.ts'
import { pagesClient } from './pages.ts'

/**
 * A DynamoDB outage answers 503 with Retry-After, never 500: on the API (a problem document),
 * the web pages and the owner's page (a page saying to try again shortly) and the action log.
 * The API reaches DynamoDB Local through a loopback relay the test cuts (connections refused)
 * or turns into a black hole (connections accepted, never answered: the SDK's timeouts).
 */
let api: Api
let relay: Awaited<ReturnType<typeof startRelay>>
let meetingId: string
let ownerLink: string
let session: string
const { get } = pagesClient(() => api.url)

/** A TCP relay on loopback to `target` that can be cut, made to hang, and restored. */
async function startRelay(target: URL) {
  const sockets = new Set<Socket>()
  let hang = false
  const track = (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => s.destroy())
  }
  const server: Server = createServer((client) => {
    track(client)
    if (hang) return
    const upstream = connect(Number(target.port), target.hostname)
    track(upstream)
    upstream.on('close', () => client.destroy())
    client.on('close', () => upstream.destroy())
    client.pipe(upstream).pipe(client)
  })
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve((server.address() as { port: number }).port)
      })
    })
  const port = await listen(0)
  const dropConnections = () => {
    for (const s of sockets) s.destroy()
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Nothing listens any more: every connection is refused. */
    cut: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        dropConnections()
      })
    },
    /** Connections are accepted and never answered. */
    blackHole: () => {
      hang = true
      dropConnections()
    },
    restore: async () => {
      hang = false
      dropConnections()
      if (!server.listening) await listen(port)
    },
    stop: async () => {
      dropConnections()
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const expectRetryAfter = (res: Response) => {
  expect(res.status).toBe(503)
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(30)
}

beforeAll(async () => {
  relay = await startRelay(new URL(inject('dynamoEndpoint')))
  api = await startApi({ dynamoEndpoint: relay.endpoint })
  const { boardId, people } = await seedBoard(api)
  meetingId = await meeting(api, boardId, '2030-06-23T10:00:00+01:00')
  ownerLink = `/respond/${new LinkSigner(TEST_LINK_SECRET).sign({
    p: 'owner-page',
    o: people.dt,
    m: meetingId,
    e: Math.floor(Date.now() / 1000) + 7 * 86_400,
    i: Math.floor(Date.now() / 1000),
  })}`
  session = await pagesClient(() => api.url).signIn('secretariat')
})

afterAll(async () => {
  await relay?.restore()
  await api?.close()
  await relay?.stop()
})

describe('while DynamoDB answers', () => {
  it('is ready, and every surface answers', async () => {
    const ready = await fetch(`${api.url}/health/ready`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready' })
    expect((await api.get('/boards')).status).toBe(200)
    expect((await get('/ui/boards', session)).status).toBe(200)
    expect((await get(ownerLink)).status).toBe(200)
  })
})

describe('when DynamoDB refuses connections', () => {
  beforeAll(() => relay.cut())
  afterAll(() => relay.restore())

  it('says it is not ready, while /health, which needs no table, stays up', async () => {
    const ready = await fetch(`${api.url}/health/ready`)
    expectRetryAfter(ready)
    expect(ready.headers.get('content-type')).toBe('application/problem+json')
    expect(await ready.json()).toMatchObject({
      status: 503,
      type: 'urn:action-tracker:problem:dependency-unavailable',
    })
    expect((await fetch(`${api.url}/health`)).status).toBe(200)
  })

  it('answers the API’s reads and writes and the action log with a 503 problem document', async () => {
    for (const res of [
      await api.get('/boards'),
      await api.post('/boards', { name: 'B', shortName: 'B', secretariatEmails: ['b@x.example'] }),
      await api.get(`/meetings/${meetingId}/action-log?format=csv`),
    ]) {
      expect(res.status).toBe(503)
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(res.body).toMatchObject({
        type: 'urn:action-tracker:problem:dependency-unavailable',
        title: 'Service unavailable',
        status: 503,
      })
    }
  })

  it('answers the web pages, the owner’s page and the action log download with a try-again page', async () => {
    for (const res of [
      await get('/ui/boards', session),
      await get(`/ui/meetings/${meetingId}`, session),
      await get(`/ui/meetings/${meetingId}/action-log?format=csv`, session),
      await get(ownerLink),
    ]) {
      expectRetryAfter(res)
      expect(res.headers.get('content-type')).toContain('text/html')
      const html = await res.text()
      expect(html).toContain('Sorry, the service is busy')
      expect(html).toMatch(/try again in a few seconds/i)
    }
  })
})

describe('when DynamoDB accepts connections but never answers', () => {
  beforeAll(() => relay.blackHole())
  afterAll(() => relay.restore())

  it('says it is not ready within its short time limit', async () => {
    const started = Date.now()
    expectRetryAfter(await fetch(`${api.url}/health/ready`))
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('answers a 503 once the client’s timeouts run out, not a 500', async () => {
    const res = await api.get('/boards')
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
  })
})

describe('when DynamoDB is back', () => {
  it('is ready again, and answers as before', async () => {
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(200)
    expect((await api.get('/boards')).status).toBe(200)
    expect((await get('/ui/boards', session)).status).toBe(200)
  })
})
