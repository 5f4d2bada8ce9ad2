import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, seedBoard, startApi } from './harness.ts'

let api: Api
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

describe('health, OpenAPI and the edge', () => {
  it('serves /health and /openapi.json without a token', async () => {
    expect(await api.get('/health', { token: null })).toMatchObject({ status: 200, body: { status: 'ok' } })
    const doc = await api.get('/openapi.json', { token: null })
    expect(doc.status).toBe(200)
    expect(doc.body.openapi).toBe('3.1.0')
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/boards',
        '/boards/{boardId}',
        '/people/{personId}/actions',
        '/meetings/{meetingId}/actions-arising',
        '/meetings/{meetingId}/minutes-approval',
        '/actions/{actionId}',
        '/boards/{boardId}/overdue',
        '/boards/{boardId}/members',
        '/boards/{boardId}/members/{personId}',
        '/boards/{boardId}/retire',
        '/people/{personId}/retire',
      ]),
    )
    // One action, or several with `actions`: each row documented as the single form.
    const createAction = doc.body.paths['/meetings/{meetingId}/actions'].post
    const [one, many] = createAction.requestBody.content['application/json'].schema.anyOf
    expect(one.required).toEqual(expect.arrayContaining(['itemNumber', 'description']))
    expect(Object.keys(one.properties)).toEqual(expect.arrayContaining(['ownerIds', 'owners', 'itemTitle']))
    expect(many.required).toEqual(['actions'])
    expect(many.properties.actions.items.required).toEqual(one.required)
  })

  it('refuses a missing, malformed or foreign token with 401 before the handler', async () => {
    expect((await api.get('/boards', { token: null })).status).toBe(401)
    expect((await api.get('/boards', { token: 'not-a-jwt' })).status).toBe(401)
    const otherStack = await startApi()
    const foreign = await otherStack.token('secretariat')
    await otherStack.close()
    expect((await api.get('/boards', { token: foreign })).status).toBe(401)
  })

  it('answers unknown routes and malformed ids with 404 problems', async () => {
    const r = await api.get('/nowhere')
    expect(r.status).toBe(404)
    expect(r.headers.get('content-type')).toContain('application/problem+json')
    expect((await api.get('/boards/not-an-id')).status).toBe(404)
    expect((await api.get('/boards/01JC2ZQ8M6X4W3V2T1S0R9P8N7')).body).toMatchObject({
      status: 404,
      detail: 'board 01JC2ZQ8M6X4W3V2T1S0R9P8N7 was not found',
    })
  })

  it('refuses oversized bodies with 413, non-JSON with 415 and broken JSON with 400', async () => {
    const big = { name: 'x'.repeat(120_000) }
    expect((await api.post('/boards', big)).status).toBe(413)
    const form = await api.call('POST', '/boards', {
      raw: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(form.status).toBe(415)
    const broken = await api.call('POST', '/boards', {
      raw: '{"name":',
      headers: { 'content-type': 'application/json' },
    })
    expect(broken.status).toBe(400)
    expect(broken.body.detail).toBe('the body is not valid JSON')
  })
})

describe('boards', () => {
  it('creates a board with defaults, lists, reads and patches it', async () => {
    const created = await api.post('/boards', {
      name: 'Governance & Performance Board',
      shortName: 'GPB',
      secretariatEmails: ['gpb@opcc.example'],
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      timeZone: 'Europe/London',
      reminderDaysBefore: [7, 2],
      summaryDaysBefore: 3,
      overdueCarryThreshold: 2,
      chairId: null,
      version: 1,
    })
    expect(created.headers.get('etag')).toBe('"1"')
    const id = created.body.id
    expect((await api.get('/boards')).body.items.map((b: { id: string }) => b.id)).toContain(id)
    expect((await api.get(`/boards/${id}`, { token: api.tokens.chair })).body.name).toBe(
      'Governance & Performance Board',
    )

    const patched = await api.patch(
      `/boards/${id}`,
      { reminderDaysBefore: [10, 3] },
      { headers: { 'if-match': '"1"' } },
    )
    expect(patched).toMatchObject({ status: 200, body: { reminderDaysBefore: [10, 3], version: 2 } })
    const stale = await api.patch(
      `/boards/${id}`,
      { summaryDaysBefore: 1 },
      { headers: { 'if-match': '"1"' } },
    )
    expect(stale.status).toBe(409)
    expect(stale.body.reason).toBe('stale-version')
  })

  it('reports each invalid field by path', async () => {
    const r = await api.post('/boards', {
      name: 'Bad\r\nBcc: x@evil.example',
      shortName: '',
      timeZone: 'Mars/Olympus',
      secretariatEmails: ['not-an-email'],
      status: 'open',
    })
    expect(r.status).toBe(400)
    const paths = r.body.issues.map((i: { path: string }) => i.path)
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'shortName', 'timeZone', 'secretariatEmails.0', '(root)']),
    )
  })

  it('lets only the secretariat write', async () => {
    const body = { name: 'Panel', shortName: 'PCP', secretariatEmails: ['p@council.example'] }
    expect((await api.post('/boards', body, { token: api.tokens.chair })).status).toBe(403)
    expect((await api.post('/boards', body, { token: await api.token('member') })).status).toBe(403)
  })

  it('refuses an unknown chair as a bad field, not a missing resource', async () => {
    const r = await api.post('/boards', {
      name: 'Panel',
      shortName: 'PCP',
      chairId: '01JC2ZQ8M6X4W3V2T1S0R9P8N7',
      secretariatEmails: ['p@council.example'],
    })
    expect(r.status).toBe(400)
    expect(r.body.issues).toEqual([{ path: 'chairId', message: 'no person 01JC2ZQ8M6X4W3V2T1S0R9P8N7' }])
  })
})

describe('people and teams', () => {
  it('lets two people share initials in the directory (they are unique among a board’s members)', async () => {
    const a = await api.post('/people', {
      name: 'Kim Taylor',
      initials: 'KT',
      kind: 'person',
      email: 'kt@force.example',
    })
    expect(a.status).toBe(201)
    const b = await api.post('/people', {
      name: 'Kit Tam',
      initials: 'kt',
      kind: 'person',
      email: 'kt2@force.example',
    })
    expect(b.status).toBe(201)
    expect(b.body.id).not.toBe(a.body.id)
  })

  it('applies the directory rules', async () => {
    const noMail = await api.post('/people', { name: 'No Mail', initials: 'NM', kind: 'person' })
    expect(noMail.status).toBe(400)
    expect(noMail.body.issues[0].path).toBe('email')
    const emptyTeam = await api.post('/people', { name: 'Empty', initials: 'EMP', kind: 'team' })
    expect(emptyTeam.status).toBe(400)
    const ghostMember = await api.post('/people', {
      name: 'Ghosts',
      initials: 'GH',
      kind: 'team',
      memberIds: ['01JC2ZQ8M6X4W3V2T1S0R9P8N7'],
    })
    expect(ghostMember.status).toBe(400)
    expect(ghostMember.body.issues[0].path).toBe('memberIds.0')
  })

  it('changes members, deputy and initials consistently', async () => {
    const { people } = await seedBoard(api)
    const renamed = await api.patch(`/people/${people.sr}`, {
      initials: 'SRX',
      aliases: ['PS'],
      organisation: 'Police',
      role: 'Superintendent',
    })
    expect(renamed.body).toMatchObject({
      initials: 'SRX',
      aliases: ['PS'],
      organisation: 'Police',
      role: 'Superintendent',
    })
    const list = await api.get('/people', { token: api.tokens.chair })
    expect(list.body.items.map((p: { initials: string }) => p.initials)).toEqual(
      [...list.body.items.map((p: { initials: string }) => p.initials)].sort((a: string, b: string) =>
        a.toUpperCase() < b.toUpperCase() ? -1 : 1,
      ),
    )
    expect((await api.get(`/people/${people.team}`)).body).toMatchObject({
      kind: 'team',
      memberIds: [people.sr],
    })
    expect((await api.get(`/people/${people.dt}`)).body.deputyId).toBe(people.afs)
  })
})
