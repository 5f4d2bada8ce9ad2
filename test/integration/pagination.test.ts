import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hook, unhook } from '#infra/local/sdk-hooks.ts'
import { CreateBoardInput } from '#shared/domain/board.ts'
import type { Principal } from '#shared/domain/principal.ts'
import { createBoard } from '#shared/usecases/boards.ts'
import { applyRollover } from '#shared/usecases/rollover.ts'
import { type Api, meeting, seedBoard, startApi } from './harness.ts'

/**
 * Every list route answers one page at a time (issue #14, item 5): `limit` (default 50, at
 * most 100) and an opaque `cursor`, the next cursor in the body and in a `Link` header, and
 * a cursor that is not one this list gave out is a 400 naming `cursor`, never a 500.
 */
let api: Api
let ctx: {
  boardId: string
  otherBoardId: string
  people: Awaited<ReturnType<typeof seedBoard>>['people']
  m1: string
  m3: string
  historyOf: string
}

const SEC: Principal = { subject: 'pagination-test', role: 'secretariat', personId: null }

type Page = { items: Record<string, unknown>[]; next: string | null }

/** A board made through the use case (faster than the API for many). */
const aBoard = (name: string, shortName: string) =>
  createBoard(api.deps, SEC, CreateBoardInput.parse({ name, shortName, secretariatEmails: ['s@x.example'] }))

beforeAll(async () => {
  api = await startApi()
  const { boardId, people } = await seedBoard(api)
  const m1 = await meeting(api, boardId, '2019-01-08T10:00:00Z')
  const m2 = await meeting(api, boardId, '2019-02-05T10:00:00Z')
  const m3 = await meeting(api, boardId, '2099-03-05T10:00:00Z')
  // Owners mixed so that a person's list merges their own, their team's and their deputy's.
  const owners = [[people.dt], [people.team], [people.sr], [people.dt, people.team]]
  const raised: string[] = []
  for (let i = 0; i < 9; i++) {
    const res = await api.post(`/meetings/${m1}/actions`, {
      itemNumber: i + 1,
      description: `Action ${i + 1}`,
      ownerIds: owners[i % owners.length],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    raised.push(res.body.id)
  }
  const [historyOf = '', dischargeA = '', dischargeB = ''] = raised
  for (const text of ['First update', 'Second update'])
    await api.post(`/actions/${historyOf}/updates`, { text, proposeComplete: false })
  for (const actionId of [dischargeA, dischargeB])
    await api.post(`/meetings/${m2}/outcomes`, { actionId, outcome: 'discharged', note: 'Done' })
  expect((await api.post(`/meetings/${m2}/minutes-approval`, { approvedOn: '2019-03-05' })).status).toBe(202)
  // The rollover (the stream's work, run here directly) puts its history entries on the action item.
  expect(await applyRollover(api.deps, m2)).toMatchObject({ discharged: 2, carried: 7 })
  for (const text of ['Third update', 'Fourth update'])
    await api.post(`/actions/${historyOf}/updates`, { text, proposeComplete: false })

  const other = await aBoard('Police and Crime Panel', 'PCP')
  const om = await meeting(api, other.id, '2019-01-15T10:00:00Z')
  for (let i = 0; i < 3; i++)
    await api.post(`/meetings/${om}/actions`, { itemNumber: i + 1, description: 'x', ownerIds: [people.dt] })
  for (const n of [1, 2, 3]) await aBoard(`Board ${n}`, `B${n}`)
  for (const n of [1, 2, 3, 4, 5])
    await api.deps.store.suppressions.save({
      email: `bounced${n}@force.example`,
      reason: 'bounce',
      detail: null,
      at: `2026-01-0${n}T00:00:00.000Z`,
      messageId: null,
    })
  ctx = { boardId, otherBoardId: other.id, people, m1, m3, historyOf }
})

afterAll(async () => {
  await api?.close()
})

/** Every list route, and what tells its items apart. */
const lists = () => {
  const { boardId, people, m1, m3, historyOf } = ctx
  const byId = (x: Record<string, unknown>) => String(x.id)
  return [
    { path: '/boards', key: byId },
    { path: '/people', key: byId },
    { path: `/boards/${boardId}/meetings`, key: byId },
    {
      path: `/boards/${boardId}/meetings?from=2019-01-01T00:00:00.000Z&to=2019-12-31T00:00:00.000Z`,
      key: byId,
    },
    { path: `/meetings/${m1}/actions`, key: byId },
    { path: `/meetings/${m3}/actions-arising`, key: byId },
    { path: `/actions/${historyOf}/history`, key: (h: Record<string, unknown>) => String(h.version) },
    { path: `/boards/${boardId}/actions`, key: byId },
    { path: `/boards/${boardId}/actions?status=open`, key: byId },
    { path: `/boards/${boardId}/actions?status=discharged`, key: byId },
    { path: `/boards/${boardId}/actions?ownerId=${people.dt}`, key: byId },
    { path: `/boards/${boardId}/actions?ownerId=${people.team}&status=open`, key: byId },
    { path: `/people/${people.sr}/actions`, key: byId },
    { path: `/people/${people.afs}/actions?status=open`, key: byId },
    { path: '/suppressions', key: (s: Record<string, unknown>) => String(s.email) },
  ]
}

const withQuery = (path: string, more: string) => `${path}${path.includes('?') ? '&' : '?'}${more}`

/** Follows a list's `Link` headers from its first page, checking each page on the way. */
async function walk(path: string, limit: number): Promise<Record<string, unknown>[]> {
  const want = new URL(path, api.url)
  const seen: Record<string, unknown>[] = []
  let url = withQuery(path, `limit=${limit}`)
  for (let pages = 0; pages < 100; pages++) {
    const res = await api.get<Page>(url)
    expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(['items', 'next'])
    expect(res.body.items.length).toBeLessThanOrEqual(limit)
    seen.push(...res.body.items)
    const link = res.headers.get('link')
    if (res.body.next === null) {
      expect(link).toBeNull()
      return seen
    }
    const target = /^<([^>]+)>; rel="next"$/.exec(link ?? '')?.[1] ?? ''
    const next = new URL(target, api.url)
    expect(next.pathname).toBe(want.pathname)
    expect(next.searchParams.get('cursor')).toBe(res.body.next)
    expect(next.searchParams.get('limit')).toBe(String(limit))
    for (const [k, v] of want.searchParams) expect(next.searchParams.get(k)).toBe(v)
    url = target
  }
  throw new Error(`${path} did not end`)
}

describe('every list route', () => {
  it('pages with limit and cursor: following the Link headers visits every item once, in order', async () => {
    for (const { path, key } of lists()) {
      const whole = await api.get<Page>(withQuery(path, 'limit=100'))
      expect(whole.status).toBe(200)
      expect(whole.body.next, path).toBeNull()
      // More than one item, so that a page of one has to follow a cursor.
      expect(whole.body.items.length, path).toBeGreaterThan(1)
      for (const limit of [1, 2, 3]) {
        const walked = (await walk(path, limit)).map(key)
        expect(walked, `${path} limit=${limit}`).toEqual(whole.body.items.map(key))
        expect(new Set(walked).size).toBe(walked.length)
      }
    }
  })

  it('merges a person’s own, team and deputy actions across pages, each once with why it is theirs', async () => {
    const { people } = ctx
    const walked = await walk(`/people/${people.sr}/actions`, 2)
    // SR's own (2 of the 9) and the team's (4, two of them shared with DT), open or discharged.
    expect(walked).toHaveLength(6)
    const via = walked.map((a) => (a.via as { kind: string }[]).map((v) => v.kind))
    expect(via.filter((v) => v.includes('team'))).toHaveLength(4)
    expect(via.filter((v) => v.includes('owner'))).toHaveLength(2)
    const deputy = await walk(`/people/${people.afs}/actions`, 1)
    expect(deputy.map((a) => (a.via as { kind: string }[])[0]?.kind)).toEqual(deputy.map(() => 'deputy'))
  })

  it('pages an action’s history across its rollover entry, oldest first', async () => {
    const history = await walk(`/actions/${ctx.historyOf}/history`, 2)
    expect(history.map((h) => [h.version, h.kind])).toEqual([
      [1, 'created'],
      [2, 'update-posted'],
      [3, 'update-posted'],
      [4, 'carried-forward'],
      [5, 'update-posted'],
      [6, 'update-posted'],
    ])
  })

  it('answers 50 items when no limit is given, and at most 100', async () => {
    // Ten at a time: 110 at once outran the client's 2 s connection timeout on a loaded CI machine.
    for (let start = 0; start < 110; start += 10)
      await Promise.all(
        Array.from({ length: 10 }, (_, j) => start + j).map((i) =>
          aBoard(`Bulk ${String(i).padStart(3, '0')}`, `K${i}`),
        ),
      )
    const first = await api.get<Page>('/boards')
    expect(first.body.items).toHaveLength(50)
    expect(first.headers.get('link')).toBe(`</boards?cursor=${first.body.next}&limit=50>; rel="next"`)
    const most = await api.get<Page>('/boards?limit=100')
    expect(most.body.items).toHaveLength(100)
    expect(most.body.next).not.toBeNull()
  })

  it('refuses any other limit with a 400 naming limit', async () => {
    for (const limit of [
      '0',
      '101',
      '-1',
      '1.5',
      '1e1',
      '007',
      ' 5',
      '5 ',
      '',
      'x',
      '10000000000000000000',
    ]) {
      for (const { path } of lists()) {
        const res = await api.get(withQuery(path, `limit=${encodeURIComponent(limit)}`))
        expect(res.status, `${path} limit=${JSON.stringify(limit)}`).toBe(400)
        expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual(['limit'])
      }
    }
    expect((await api.get('/boards?limit=100')).status).toBe(200)
    expect((await api.get('/boards?limit=1')).status).toBe(200)
  })
})

/** The `next` of the first page of `path` at `limit`. */
async function cursorOf(path: string, limit = 1): Promise<string> {
  const res = await api.get<Page>(withQuery(path, `limit=${limit}`))
  expect(res.body.next, path).toBeTruthy()
  return res.body.next ?? ''
}

const decoded = (cursor: string) =>
  JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { s: string; a: unknown }
const encoded = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url')

describe('a cursor', () => {
  async function refused(path: string, cursor: string) {
    const res = await api.get(withQuery(path, `limit=2&cursor=${encodeURIComponent(cursor)}`))
    expect(res.status, `${path} cursor=${cursor}: ${JSON.stringify(res.body)}`).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual(['cursor'])
  }

  it('that is junk, truncated or tampered with is a 400 naming cursor on every list', async () => {
    for (const { path } of lists()) {
      const good = await cursorOf(path)
      const { s, a } = decoded(good)
      const junk = [
        'not a cursor',
        'abc',
        'x'.repeat(3000),
        good.slice(0, -2),
        good.slice(2),
        `${good}A`,
        // The same bytes spelt another way (padding): only the canonical spelling is taken.
        `${good}==`,
        encoded({ s, a, extra: 1 }),
        encoded({ s }),
        encoded({ s: `${s}x`, a }),
        encoded({ s, a: typeof a === 'number' ? 'x' : 7 }),
        encoded({ s, a: '' }),
        encoded({ s, a: 'zzz' }),
        encoded({ s, a: typeof a === 'number' ? -1 : `${a}#` }),
        encoded({ s, a: typeof a === 'number' ? 2.5 : `${'x'.repeat(1100)}${a}` }),
        encoded({ s, a: typeof a === 'number' ? 1e9 : `${a} ` }),
        encoded([s, a]),
        encoded(null),
      ]
      for (const cursor of junk) await refused(path, cursor)
      // The cursor itself still works.
      expect((await api.get(withQuery(path, `limit=2&cursor=${good}`))).status).toBe(200)
    }
  })

  it('from another list, or another board’s, is a 400 naming cursor', async () => {
    const { boardId, otherBoardId, people, m1 } = ctx
    const other = await cursorOf(`/boards/${otherBoardId}/actions`)
    await refused(`/boards/${boardId}/actions`, other)
    await refused(`/boards/${boardId}/actions?status=open`, await cursorOf(`/boards/${boardId}/actions`))
    await refused(
      `/boards/${boardId}/actions?status=discharged`,
      await cursorOf(`/boards/${boardId}/actions?status=open`),
    )
    await refused('/boards', await cursorOf('/people'))
    await refused(`/boards/${boardId}/meetings`, await cursorOf(`/meetings/${m1}/actions`))
    await refused(`/people/${people.dt}/actions`, await cursorOf(`/people/${people.sr}/actions`))
    await refused(
      `/boards/${otherBoardId}/actions?ownerId=${people.dt}`,
      await cursorOf(`/boards/${boardId}/actions?ownerId=${people.dt}`),
    )
    // A cursor whose position lies outside the range asked for now.
    await refused(
      `/boards/${boardId}/meetings?from=2030-01-01T00:00:00.000Z`,
      await cursorOf(`/boards/${boardId}/meetings`),
    )
  })

  it('takes each page in one bounded Query, however long the list', async () => {
    const queries: QueryCommandInput[] = []
    hook(api.doc, 'recordQueries', (call, next) => {
      if (call.operation === 'Query') queries.push(call.input as QueryCommandInput)
      return next(call)
    })
    try {
      const cursor = await cursorOf(`/boards/${ctx.boardId}/actions`, 3)
      queries.length = 0
      const res = await api.get<Page>(`/boards/${ctx.boardId}/actions?limit=3&cursor=${cursor}`)
      expect(res.status).toBe(200)
      expect(queries).toHaveLength(1)
      expect(queries[0]).toMatchObject({ Limit: 4, IndexName: 'GSI3' })
      expect(queries[0]?.ExclusiveStartKey).toBeDefined()
      expect(queries[0]?.FilterExpression).toBeUndefined()
    } finally {
      unhook(api.doc, 'recordQueries')
    }
  })
})

describe('the OpenAPI document', () => {
  it('describes limit, cursor, the page and its Link header on every list route', async () => {
    const doc = (await api.get('/openapi.json', { token: null })).body
    const listPaths = [
      '/boards',
      '/people',
      '/people/{personId}/actions',
      '/boards/{boardId}/meetings',
      '/meetings/{meetingId}/actions',
      '/meetings/{meetingId}/actions-arising',
      '/actions/{actionId}/history',
      '/boards/{boardId}/actions',
      '/suppressions',
    ]
    for (const p of listPaths) {
      const op = doc.paths[p].get
      expect(op.parameters.map((x: { name: string }) => x.name)).toEqual(
        expect.arrayContaining(['limit', 'cursor']),
      )
      const ok = op.responses['200']
      expect(Object.keys(ok.content['application/json'].schema.properties)).toEqual(['items', 'next'])
      expect(ok.headers.Link.description).toContain('rel="next"')
      expect(op.responses['400']).toBeDefined()
    }
  })
})
