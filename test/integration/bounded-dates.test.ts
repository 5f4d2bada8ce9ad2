import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, meeting, seedBoard, startApi } from './harness.ts'
import { fieldOf, pagesClient } from './pages.ts'

/**
 * Every instant and date the API or a page accepts lies in 1990-01-01 … 2100-12-31; anything
 * else is a 400 naming the field (a meeting in year 0999 once broke every reminder run).
 */
let api: Api
let boardId: string
let people: Awaited<ReturnType<typeof seedBoard>>['people']
let held: string
const { get, post, formKey, signIn } = pagesClient(() => api.url)

const OUTSIDE = ['0999-06-01', '2101-01-01', '1989-12-31']
const EDGES = ['1990-01-01', '2100-12-31']

/** The fields a 400 problem document names. */
const named = (res: { status: number; body: { issues?: { path: string }[] } }) =>
  res.status === 400 ? (res.body.issues ?? []).map((i) => i.path) : [`status ${res.status}`]

beforeAll(async () => {
  api = await startApi()
  ;({ boardId, people } = await seedBoard(api))
  held = await meeting(api, boardId, '2026-06-23T10:00:00+01:00')
})
afterAll(() => api?.close())

describe('dates and instants through the API', () => {
  it('refuse a meeting outside 1990–2100 when created or moved, naming startsAt, and take the edges', async () => {
    const m = (await api.get(`/meetings/${held}`)).body
    for (const day of OUTSIDE) {
      const startsAt = `${day}T10:00:00Z`
      expect(named(await api.post(`/boards/${boardId}/meetings`, { startsAt })), day).toEqual(['startsAt'])
      const moved = await api.patch(
        `/meetings/${held}`,
        { startsAt },
        { headers: { 'if-match': `"${m.version}"` } },
      )
      expect(named(moved), day).toEqual(['startsAt'])
    }
    // An offset that carries the instant past the end counts as past it.
    expect(
      named(await api.post(`/boards/${boardId}/meetings`, { startsAt: '2100-12-31T23:30:00-01:00' })),
    ).toEqual(['startsAt'])
    for (const day of EDGES) {
      const res = await api.post(`/boards/${boardId}/meetings`, { startsAt: `${day}T10:00:00Z` })
      expect(res.status, day).toBe(201)
      expect(res.body.startsAt).toBe(`${day}T10:00:00.000Z`)
    }
    const first = await api.post(`/boards/${boardId}/meetings`, { startsAt: '1990-01-01T00:00:00Z' })
    const last = await api.post(`/boards/${boardId}/meetings`, { startsAt: '2100-12-31T23:59:59Z' })
    expect([first.status, last.status]).toEqual([201, 201])
    expect((await api.get(`/meetings/${held}`)).body.startsAt).toBe('2026-06-23T09:00:00.000Z')
  })

  it('refuse a due date, an approval date or a list bound outside 1990–2100, naming the field', async () => {
    for (const day of OUTSIDE) {
      const raised = await api.post(`/meetings/${held}/actions`, {
        itemNumber: 1,
        description: 'Report back',
        ownerIds: [people.dt],
        dueDate: day,
      })
      expect(named(raised), day).toEqual(['dueDate'])
      expect(named(await api.post(`/meetings/${held}/minutes-approval`, { approvedOn: day })), day).toEqual([
        'approvedOn',
      ])
      const listed = await api.get(`/boards/${boardId}/meetings?from=${day}T00:00:00Z`)
      expect(named(listed), day).toEqual(['from'])
    }
    // Raised at a meeting on the first day, so the earliest due date is not before it.
    const first = await meeting(api, boardId, '1990-01-01T09:00:00Z')
    const action = await api.post(`/meetings/${first}/actions`, {
      itemNumber: 2,
      description: 'Report back',
      ownerIds: [people.dt],
      dueDate: '1990-01-01',
    })
    expect(action.status, JSON.stringify(action.body)).toBe(201)
    let version = action.body.version
    for (const day of OUTSIDE) {
      const res = await api.patch(
        `/actions/${action.body.id}`,
        { dueDate: day },
        { headers: { 'if-match': `"${version}"` } },
      )
      expect(named(res), day).toEqual(['dueDate'])
    }
    for (const day of EDGES) {
      const res = await api.patch(
        `/actions/${action.body.id}`,
        { dueDate: day },
        { headers: { 'if-match': `"${version}"` } },
      )
      expect(res.status, day).toBe(200)
      expect(res.body.dueDate).toBe(day)
      version = res.body.version
    }
  })
})

describe('dates through the web pages', () => {
  it('refuse a meeting date outside 1990–2100 on the field, when scheduled and when moved', async () => {
    const sec = await signIn('secretariat')
    const boardPage = `/ui/boards/${boardId}`
    for (const date of OUTSIDE) {
      const res = await post(
        `${boardPage}/meetings`,
        { date, time: '10:00', location: 'HQ', formKey: await formKey(boardPage, sec) },
        { cookie: sec },
      )
      expect(res.status, date).toBe(400)
      const html = await res.text()
      expect(html).toContain('href="#meeting-date"')
      expect(html).toMatch(
        /id="meeting-date-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:<\/span> Must lie between 1990-01-01 and 2100-12-31/,
      )
    }
    for (const date of EDGES) {
      const res = await post(
        `${boardPage}/meetings`,
        { date, time: '10:00', location: 'HQ', formKey: await formKey(boardPage, sec) },
        { cookie: sec },
      )
      expect(res.status, date).toBe(303)
    }

    const page = `/ui/meetings/${held}`
    for (const date of OUTSIDE) {
      const html = await (await get(page, sec)).text()
      const field = (name: string) => fieldOf(html, name, page)
      const res = await post(
        page,
        {
          version: field('version'),
          date,
          time: '10:00',
          location: 'HQ',
          status: 'scheduled',
          formKey: field('formKey'),
        },
        { cookie: sec },
      )
      expect(res.status, date).toBe(400)
      const redrawn = await res.text()
      expect(redrawn).toContain('href="#change-date"')
      expect(redrawn).toContain('id="change-date-error"')
    }
    expect((await api.get(`/meetings/${held}`)).body.startsAt).toBe('2026-06-23T09:00:00.000Z')
  })

  it('refuse an action’s due date outside 1990–2100 on the field', async () => {
    const sec = await signIn('secretariat')
    const action = (
      await api.post(`/meetings/${held}/actions`, {
        itemNumber: 3,
        description: 'Brief',
        ownerIds: [people.dt],
      })
    ).body
    const page = `/ui/actions/${action.id}`
    const html = await (await get(page, sec)).text()
    const field = (name: string) => fieldOf(html, name, page)
    const fields = {
      version: field('version'),
      description: 'Brief',
      owners: 'DT',
      dueMeetingId: field('dueMeetingId'),
      dueWas: field('dueWas'),
      formKey: field('formKey'),
    }
    const res = await post(page, { ...fields, dueDate: '0999-06-01' }, { cookie: sec })
    expect(res.status, await res.clone().text()).toBe(400)
    const redrawn = await res.text()
    expect(redrawn).toContain('href="#edit-dueDate"')
    expect(redrawn).toContain('id="edit-dueDate-error"')
    expect((await api.get(`/actions/${action.id}`)).body.dueDate).toBeNull()
    const ok = await post(page, { ...fields, dueDate: '2100-12-31' }, { cookie: sec })
    expect(ok.status).toBe(303)
    expect((await api.get(`/actions/${action.id}`)).body.dueDate).toBe('2100-12-31')
  })
})
