import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '#test/unit/file-readers.ts'
import { type Api, meeting, newBoard, newPerson, raise, startApi } from './harness.ts'
import { pagesClient } from './pages.ts'

/**
 * Meetings as they really run (issue 17): a series made from a pattern in one call, the
 * approval of minutes as minuted (signatories and who recorded it), and updates the
 * secretariat types for an owner, dated the day they were given.
 */
let api: Api
// "Now" is a week after the PAM of 23 June 2026 (BST).
const NOW = new Date('2026-07-01T09:00:00Z')
const web = pagesClient(() => api.url)

beforeAll(async () => {
  api = await startApi({ now: () => NOW })
})
afterAll(() => api.close())

/** Board-local wall clock of an instant, read by Intl. */
const london = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso))

const FOURTH_TUESDAY = { every: 'month', week: 'fourth', weekday: 'tuesday' }

describe('POST /boards/{boardId}/meeting-series', () => {
  it('creates a year of monthly meetings in one call, at 10:00 London time across both clock changes', async () => {
    // Prepare
    const board = await newBoard(api)
    const body = {
      pattern: FOURTH_TUESDAY,
      time: '10:00',
      from: '2026-09-01',
      count: 12,
      location: 'OPCC HQ',
    }
    // Act
    const res = await api.post(`/boards/${board.id}/meeting-series`, body)
    // Assess: September 2026 to August 2027, over 25 October 2026 and 28 March 2027.
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const created = res.body.created as {
      startsAt: string
      seriesId: string
      title: string
      location: string
    }[]
    expect(created).toHaveLength(12)
    expect(res.body.skipped).toEqual([])
    expect(created.map((m) => m.startsAt)).toEqual([
      '2026-09-22T09:00:00.000Z',
      '2026-10-27T10:00:00.000Z',
      '2026-11-24T10:00:00.000Z',
      '2026-12-22T10:00:00.000Z',
      '2027-01-26T10:00:00.000Z',
      '2027-02-23T10:00:00.000Z',
      '2027-03-23T10:00:00.000Z',
      '2027-04-27T09:00:00.000Z',
      '2027-05-25T09:00:00.000Z',
      '2027-06-22T09:00:00.000Z',
      '2027-07-27T09:00:00.000Z',
      '2027-08-24T09:00:00.000Z',
    ])
    for (const m of created) {
      expect(london(m.startsAt)).toBe('Tuesday 10:00')
      expect(m.seriesId).toBe(res.body.seriesId)
      expect(m.location).toBe('OPCC HQ')
    }
    expect(created[1]?.title).toBe('PAM 27 October 2026')
    const listed = await api.get(`/boards/${board.id}/meetings?limit=50`)
    expect(listed.body.items.map((m: { startsAt: string }) => m.startsAt)).toEqual(
      created.map((m) => m.startsAt),
    )
  })

  it('skips a time the board already meets at, and a retry of the same call creates nothing twice', async () => {
    // Prepare: the board already meets on 27 October 2026 at 10:00 (GMT).
    const board = await newBoard(api)
    const there = await meeting(api, board.id, '2026-10-27T10:00:00Z')
    const body = { pattern: FOURTH_TUESDAY, time: '10:00', from: '2026-09-01', until: '2026-12-31' }
    // Act
    const first = await api.post(`/boards/${board.id}/meeting-series`, body)
    const again = await api.post(`/boards/${board.id}/meeting-series`, body)
    // Assess
    expect(first.status).toBe(201)
    expect(first.body.created.map((m: { startsAt: string }) => m.startsAt)).toEqual([
      '2026-09-22T09:00:00.000Z',
      '2026-11-24T10:00:00.000Z',
      '2026-12-22T10:00:00.000Z',
    ])
    expect(first.body.skipped).toEqual([
      {
        date: '2026-10-27',
        startsAt: '2026-10-27T10:00:00.000Z',
        meeting: { id: there, title: 'PAM 27 October 2026', status: 'scheduled', seriesId: null },
      },
    ])
    expect(again.status).toBe(200)
    expect(again.body.created).toEqual([])
    expect(again.body.skipped).toHaveLength(4)
    expect((await api.get(`/boards/${board.id}/meetings?limit=50`)).body.items).toHaveLength(4)
  })

  it('moves one meeting of a series and cancels another without touching the rest', async () => {
    // Prepare
    const board = await newBoard(api)
    const res = await api.post(`/boards/${board.id}/meeting-series`, {
      pattern: { every: 'fortnight', weekday: 'monday' },
      time: '14:00',
      from: '2026-09-01',
      count: 4,
    })
    const [a, b, c, d] = res.body.created as { id: string; startsAt: string }[]
    // Act
    const moved = await api.patch(`/meetings/${b?.id}`, { startsAt: '2026-09-22T13:00:00Z' })
    const cancelled = await api.patch(`/meetings/${c?.id}`, { status: 'cancelled' })
    // Assess
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    expect(moved.body).toMatchObject({ startsAt: '2026-09-22T13:00:00.000Z', seriesId: res.body.seriesId })
    expect(cancelled.body).toMatchObject({ status: 'cancelled', seriesId: res.body.seriesId })
    const after = (await api.get(`/boards/${board.id}/meetings`)).body.items as {
      id: string
      startsAt: string
      status: string
    }[]
    expect(after.find((m) => m.id === a?.id)).toMatchObject({ startsAt: a?.startsAt, status: 'scheduled' })
    expect(after.find((m) => m.id === d?.id)).toMatchObject({ startsAt: d?.startsAt, status: 'scheduled' })
  })

  it.each([
    ['neither count nor until', { pattern: FOURTH_TUESDAY, time: '10:00', from: '2026-09-01' }, 'count'],
    [
      'a monthly pattern without its week',
      { pattern: { every: 'month', weekday: 'tuesday' }, time: '10:00', from: '2026-09-01', count: 2 },
      'pattern.week',
    ],
    [
      'more than 24 meetings',
      {
        pattern: { every: 'week', weekday: 'monday' },
        time: '10:00',
        from: '2026-09-01',
        until: '2027-09-01',
      },
      'until',
    ],
    ['a count of 25', { pattern: FOURTH_TUESDAY, time: '10:00', from: '2026-09-01', count: 25 }, 'count'],
    ['a time of 25:00', { pattern: FOURTH_TUESDAY, time: '25:00', from: '2026-09-01', count: 2 }, 'time'],
    ['a year 20266', { pattern: FOURTH_TUESDAY, time: '10:00', from: '20266-09-01', count: 2 }, 'from'],
    [
      'an unknown field',
      { pattern: FOURTH_TUESDAY, time: '10:00', from: '2026-09-01', count: 2, every: 'day' },
      '(root)',
    ],
  ])('answers 400 naming the field for %s, and makes nothing', async (_name, body, path) => {
    const board = await newBoard(api)
    const res = await api.post(`/boards/${board.id}/meeting-series`, body)
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(JSON.stringify(res.body)).toContain(`"${path}"`)
    expect((await api.get(`/boards/${board.id}/meetings`)).body.items).toEqual([])
  })

  it('is for the secretariat, on a board that exists', async () => {
    const board = await newBoard(api)
    const body = { pattern: FOURTH_TUESDAY, time: '10:00', from: '2026-09-01', count: 2 }
    expect(
      (await api.post(`/boards/${board.id}/meeting-series`, body, { token: api.tokens.chair })).status,
    ).toBe(403)
    expect((await api.post('/boards/01JC2ZQ8M6X4W3V2T1S0R9P8N7/meeting-series', body)).status).toBe(404)
  })
})

describe('minutes approval as minuted', () => {
  it('keeps two signatories and who recorded it, and shows them on the meeting page and in the action log', async () => {
    // Prepare: the PAM of 23 June 2026, approved on 30 June.
    const clerk = await newPerson(api, 'SC', { name: 'Sam Clerk' })
    const pcc = await newPerson(api, 'PS', { name: 'Philip Seccombe' })
    const board = await newBoard(api)
    const m = await meeting(api, board.id, '2026-06-23T10:00:00+01:00')
    const token = await api.token('secretariat', clerk.id)
    // Act
    const res = await api.post(
      `/meetings/${m}/minutes-approval`,
      {
        approvedOn: '2026-06-30',
        signatories: [
          { personId: pcc.id, signedOn: '2026-06-30' },
          { name: 'D. Tedds', signedOn: '2026-07-01' },
        ],
      },
      { token },
    )
    // Assess
    expect(res.status, JSON.stringify(res.body)).toBe(202)
    expect(res.body.minutesApproval).toMatchObject({
      signatories: [
        { personId: pcc.id, name: 'Philip Seccombe', signedOn: '2026-06-30' },
        { personId: null, name: 'D. Tedds', signedOn: '2026-07-01' },
      ],
      recordedBy: { personId: clerk.id, role: 'secretariat' },
    })
    const line =
      'Minutes approved on 30 June 2026, signed by Philip Seccombe (30 June 2026) and D. Tedds (1 July 2026); recorded by Sam Clerk.'
    const html = await api.get(`/meetings/${m}/action-log?format=html`)
    expect(html.body).toContain(line)
    const csv = await api.get(`/meetings/${m}/action-log?format=csv`)
    expect(
      parseCsv(String(csv.body).replace(/^\uFEFF/, ''))
        .at(-1)
        ?.slice(0, 3),
    ).toEqual(['Minutes approval', '', line])
    const cookie = await web.signIn('secretariat')
    expect(await (await web.get(`/ui/meetings/${m}`, cookie)).text()).toContain(line)
  })

  it.each([
    [
      'a signing date in the future',
      [{ name: 'P. Secombe', signedOn: '2026-07-02' }],
      'signatories.0.signedOn',
    ],
    [
      'a signing date before the meeting',
      [{ name: 'P. Secombe', signedOn: '2026-06-01' }],
      'signatories.0.signedOn',
    ],
    [
      'both a person and a name',
      [{ name: 'P. Secombe', personId: '01JC2ZQ8M6X4W3V2T1S0R9P8N7', signedOn: '2026-06-30' }],
      'signatories.0.personId',
    ],
    ['neither a person nor a name', [{ signedOn: '2026-06-30' }], 'signatories.0.personId'],
    [
      'someone not in the directory',
      [{ personId: '01JC2ZQ8M6X4W3V2T1S0R9P8N7', signedOn: '2026-06-30' }],
      'signatories.0.personId',
    ],
    ['a name with a line break', [{ name: 'P.\nSecombe', signedOn: '2026-06-30' }], 'signatories.0.name'],
  ])('answers 400 naming the field for %s, and records no approval', async (_name, signatories, path) => {
    const board = await newBoard(api)
    const m = await meeting(api, board.id, '2026-06-23T10:00:00+01:00')
    const res = await api.post(`/meetings/${m}/minutes-approval`, { approvedOn: '2026-06-30', signatories })
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(JSON.stringify(res.body)).toContain(`"${path}"`)
    expect((await api.get(`/meetings/${m}`)).body.minutesApproval).toBeNull()
  })
})

describe('an update given by an owner and typed by the secretariat', () => {
  it('keeps both names in the history and the day given in the log', async () => {
    // Prepare: Dana Turner gave her update at the PAM of 23 June 2026; Sam Clerk types it a week later.
    const clerk = await newPerson(api, 'SK', { name: 'Sam Clerk' })
    const dana = await newPerson(api, 'DTU', { name: 'Dana Turner' })
    const board = await newBoard(api)
    const raisedAt = await meeting(api, board.id, '2026-05-26T10:00:00+01:00')
    const givenAt = await meeting(api, board.id, '2026-06-23T10:00:00+01:00')
    const action = await raise(api, raisedAt, {
      itemNumber: 3,
      description: 'Report on repeat victims',
      ownerIds: [dana.id],
    })
    const token = await api.token('secretariat', clerk.id)
    // Act
    const res = await api.post(
      `/actions/${action.id}/updates`,
      { text: 'Pilot started in the north.', onBehalfOf: dana.id, givenOn: '2026-06-23' },
      { token },
    )
    // Assess
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.updates.at(-1)).toMatchObject({
      by: { personId: clerk.id, role: 'secretariat' },
      onBehalfOf: dana.id,
      givenOn: '2026-06-23',
      at: NOW.toISOString(),
    })
    const history = (await api.get(`/actions/${action.id}/history`)).body.items
    expect(history.at(-1)).toMatchObject({
      kind: 'update-posted',
      by: { personId: clerk.id },
      onBehalfOf: dana.id,
      givenOn: '2026-06-23',
    })
    const csv = parseCsv(
      String((await api.get(`/meetings/${givenAt}/action-log?format=csv`)).body).replace(/^\uFEFF/, ''),
    )
    expect(csv.find((r) => r[1] === action.ref)?.[9]).toBe(
      'Update (23/06/2026) – Pilot started in the north.',
    )
    const cookie = await web.signIn('secretariat', clerk.id)
    const page = await (await web.get(`/ui/actions/${action.id}`, cookie)).text()
    expect(page).toContain('Recorded by Sam Clerk on behalf of Dana Turner, given 23 June 2026')
    expect(page).toContain('Dana Turner, recorded by Sam Clerk (secretariat)')
  })

  it('refuses a day or a person that cannot be, naming the field, and owners may not use it', async () => {
    // Prepare
    const dana = await newPerson(api, 'DTV', { name: 'Dana Turner' })
    const other = await newPerson(api, 'OTH')
    const board = await newBoard(api)
    const m = await meeting(api, board.id, '2026-05-26T10:00:00+01:00')
    const action = await raise(api, m, { itemNumber: 3, description: 'Report', ownerIds: [dana.id] })
    const post = (body: Record<string, unknown>, token?: string) =>
      api.post(
        `/actions/${action.id}/updates`,
        { text: 'Given at the meeting', ...body },
        token ? { token } : {},
      )
    // Act / Assess
    const cases: [Record<string, unknown>, string][] = [
      [{ givenOn: '2026-07-02' }, 'givenOn'],
      [{ givenOn: '2026-05-25' }, 'givenOn'],
      [{ givenOn: '26/05/2026' }, 'givenOn'],
      [{ onBehalfOf: other.id }, 'onBehalfOf'],
      [{ onBehalfOf: '01JC2ZQ8M6X4W3V2T1S0R9P8N7' }, 'onBehalfOf'],
      [{ onBehalfOf: 'DT' }, 'onBehalfOf'],
    ]
    for (const [body, path] of cases) {
      const res = await post(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(JSON.stringify(res.body)).toContain(`"${path}"`)
    }
    const owner = await api.token('member', dana.id)
    expect((await post({ onBehalfOf: dana.id }, owner)).status).toBe(403)
    expect((await post({}, owner)).status).toBe(201)
    expect((await api.get(`/actions/${action.id}`)).body.updates).toHaveLength(1)
  })
})
