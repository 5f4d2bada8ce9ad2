import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { ulid } from 'ulid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAction } from '#infra/local/seed.ts'
import { BOARD_LOG_CSV_HEADER } from '#shared/export/csv.ts'
import { actionItem } from '#shared/store/actions.ts'
import { type Api, meeting, newBoard, newPerson, raise, startApi } from './harness.ts'

let api: Api
beforeAll(async () => {
  api = await startApi()
})
afterAll(async () => {
  await api.close()
})

const DAY = 86_400_000
const tag = () => ulid().slice(-4).toUpperCase()

/** A board with a handful of actions of every kind the filters tell apart. */
async function boardLog() {
  const t = tag()
  const dt = await newPerson(api, `DT${t}`)
  const nt = await newPerson(api, `NT${t}`)
  const board = await newBoard(api)
  const held = await meeting(api, board.id, new Date(Date.now() - 20 * DAY).toISOString())
  const past = await meeting(api, board.id, new Date(Date.now() - 2 * DAY).toISOString())
  const next = await meeting(api, board.id, new Date(Date.now() + 20 * DAY).toISOString())
  const deepDive = await raise(api, held, {
    itemNumber: 2,
    description: 'Repeat Victims – Deep-Dive report to the next PAM',
    ownerIds: [dt.id],
    dueMeetingId: next,
  })
  const legacy = await raise(api, held, {
    itemNumber: 1,
    ref: 'Action 1 02.21/12/21',
    description: 'Written response on stop and search',
    ownerIds: [nt.id],
    dueMeetingId: past,
  })
  const exempt = await raise(api, held, {
    itemNumber: 3,
    description: 'Covert tactics briefing on the Sycamore operation',
    ownerIds: [dt.id],
    dueMeetingId: next,
    exempt: { section: 'S.31 (Law Enforcement)' },
  })
  const raisedNext = await raise(api, past, {
    itemNumber: 4,
    description: 'SOH links on the OPCC website',
    ownerIds: [nt.id, dt.id],
    dueMeetingId: next,
  })
  // Carried three times already (as if three approvals had rolled it on).
  const meetingOf = async (id: string) => {
    const m = await api.deps.store.meetings.get(id)
    if (!m) throw new Error('meeting missing')
    return m
  }
  const carried = {
    ...openAction({
      id: ulid(),
      boardId: board.id,
      ref: `05.${t}`,
      itemNumber: 5,
      description: 'Estates strategy update',
      ownerIds: [dt.id],
      raisedAt: await meetingOf(held),
      due: await meetingOf(next),
      now: new Date().toISOString(),
    }),
    carryCount: 3,
  }
  await api.doc.send(new PutCommand({ TableName: api.tableName, Item: actionItem(carried) }))
  return { board, dt, nt, held, past, next, deepDive, legacy, exempt, raisedNext, carried, t }
}

const refsOf = (body: { items: { ref: string }[] }) => body.items.map((a) => a.ref).sort()

describe('the board log', () => {
  it('finds an action by a word of its description, any case, and by its legacy reference', async () => {
    const b = await boardLog()
    const search = async (q: string) =>
      (await api.get(`/boards/${b.board.id}/actions?q=${encodeURIComponent(q)}`)).body
    expect(refsOf(await search('deep dive'))).toEqual([b.deepDive.ref])
    expect(refsOf(await search('VICTIMS'))).toEqual([b.deepDive.ref])
    expect(refsOf(await search('Action 1 02.21/12/21'))).toEqual(['Action 1 02.21/12/21'])
    expect(refsOf(await search('02.21/12/21'))).toEqual(['Action 1 02.21/12/21'])
    expect(refsOf(await search('no such words'))).toEqual([])
  })

  it('filters by owner, meeting raised at and due at, overdue, times carried and exemption', async () => {
    const b = await boardLog()
    const list = async (query: string) =>
      refsOf((await api.get(`/boards/${b.board.id}/actions?${query}`)).body)
    expect(await list(`raisedAt=${b.past}`)).toEqual([b.raisedNext.ref])
    expect(await list(`dueAt=${b.past}`)).toEqual([b.legacy.ref])
    expect(await list('overdue=true')).toEqual([b.carried.ref, b.legacy.ref].sort())
    expect(await list('carried=2')).toEqual([b.carried.ref])
    expect(await list('exempt=true')).toEqual([b.exempt.ref])
    expect(await list(`exempt=false&ownerId=${b.nt.id}`)).toEqual([b.legacy.ref, b.raisedNext.ref].sort())
    expect(await list(`ownerId=${b.nt.id}&q=website`)).toEqual([b.raisedNext.ref])
    expect(await list('status=discharged&q=website')).toEqual([])
  })

  it('names the field of a bad filter', async () => {
    const b = await boardLog()
    for (const [query, field] of [
      ['carried=0', 'carried'],
      ['carried=abc', 'carried'],
      ['overdue=yes', 'overdue'],
      ['raisedAt=nope', 'raisedAt'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ] as const) {
      const res = await api.get(`/boards/${b.board.id}/actions?${query}`)
      expect(res.status, query).toBe(400)
      expect(JSON.stringify(res.body), query).toContain(field)
    }
  })

  it('does not search what an exemption hides from a member', async () => {
    const b = await boardLog()
    const member = await api.token('member', b.nt.id)
    const asMember = await api.get(`/boards/${b.board.id}/actions?q=Sycamore`, { token: member })
    expect(asMember.status).toBe(200)
    expect(asMember.body.items).toEqual([])
    const byWording = await api.get(`/boards/${b.board.id}/actions?q=exempt`, { token: member })
    expect(refsOf(byWording.body)).toEqual([b.exempt.ref])
    expect(refsOf((await api.get(`/boards/${b.board.id}/actions?q=Sycamore`)).body)).toEqual([b.exempt.ref])
  })

  it('downloads as CSV exactly what the filter shows', async () => {
    const b = await boardLog()
    const query = `ownerId=${b.dt.id}&exempt=false`
    const shown = refsOf((await api.get(`/boards/${b.board.id}/actions?${query}`)).body)
    expect(shown).toHaveLength(3)
    const res = await api.get(`/boards/${b.board.id}/actions/export?${query}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="PAM-action-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const lines = String(res.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe(BOARD_LOG_CSV_HEADER.join(','))
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(shown)
    expect((await api.get(`/boards/${b.board.id}/actions/export?format=docx`)).status).toBe(400)
  })
})

describe('a filtered page', () => {
  it('reads at most its bound: a short page with a cursor that goes on, each match once, and no cursor from another filter', async () => {
    const b = await boardLog()
    // Eight more, three of which match.
    for (let i = 0; i < 8; i++)
      await raise(api, b.held, {
        itemNumber: 10 + i,
        description: i % 3 === 0 ? `Needle ${i}` : `Hay ${i}`,
        ownerIds: [b.dt.id],
        dueMeetingId: b.next,
      })
    const keep = (a: { description: string }) => a.description.startsWith('Needle')
    const seen: string[] = []
    const pageSizes: number[] = []
    let cursor: string | undefined
    do {
      const page = await api.deps.store.actions.searchByBoard(
        b.board.id,
        undefined,
        'needles',
        keep,
        { limit: 2, cursor },
        4,
      )
      pageSizes.push(page.items.length)
      seen.push(...page.items.map((a) => a.description))
      cursor = page.next ?? undefined
    } while (cursor && pageSizes.length < 20)
    expect(seen.sort()).toEqual(['Needle 0', 'Needle 3', 'Needle 6'])
    // 13 actions read 4 at a time: at least four requests, none returning more than 2.
    expect(pageSizes.length).toBeGreaterThanOrEqual(4)
    expect(Math.max(...pageSizes)).toBeLessThanOrEqual(2)

    const first = await api.get(`/boards/${b.board.id}/actions?q=needle&limit=1`)
    expect(first.body.items).toHaveLength(1)
    expect(first.body.next).toEqual(expect.any(String))
    const other = await api.get(`/boards/${b.board.id}/actions?q=hay&limit=1&cursor=${first.body.next}`)
    expect(other.status).toBe(400)
    expect(JSON.stringify(other.body)).toContain('cursor')
  })
})
