import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionLogRoutes } from '#functions/action-log/routes.ts'
import { routes as apiRoutes } from '#functions/api/routes.ts'

/** Every route behind the gateway, whichever function serves it. */
const routes = [...apiRoutes, ...actionLogRoutes]

import { type Api, meeting, seedBoard, startApi } from './harness.ts'

/**
 * Checks driven by the route table itself, so a new route cannot escape them: every
 * protected route refuses a missing token, every route with an id refuses an unknown one,
 * and every secretariat-only write refuses a member.
 */
let api: Api
let ids: Record<string, string>

beforeAll(async () => {
  api = await startApi()
  const { boardId, people } = await seedBoard(api)
  const meetingId = await meeting(api, boardId, '2020-06-23T10:00:00+01:00')
  const action = await api.post(`/meetings/${meetingId}/actions`, {
    itemNumber: 1,
    description: 'x',
    ownerIds: [people.dt],
  })
  ids = { boardId, personId: people.dt, meetingId, actionId: action.body.id }
})
afterAll(() => api.close())

const UNKNOWN = '01JC2ZQ8M6X4W3V2T1S0R9P8N7'
const fill = (path: string, with_: (name: string) => string) =>
  path.replace(/\{(\w+)\}/g, (_, n: string) => with_(n))

describe('every route', () => {
  it.each(routes.filter((r) => r.auth === 'jwt').map((r) => [r.method.toUpperCase(), r.path] as const))(
    '%s %s refuses a request without a token (401)',
    async (method, path) => {
      const res = await api.call(
        method,
        fill(path, (n) => ids[n] ?? UNKNOWN),
        { token: null, body: method === 'GET' ? undefined : {} },
      )
      expect(res.status).toBe(401)
    },
  )

  it.each(routes.filter((r) => r.params).map((r) => [r.method.toUpperCase(), r.path] as const))(
    '%s %s answers 404 for an unknown id',
    async (method, path) => {
      const valid: Record<string, unknown> = {
        '/boards/{boardId}': { name: 'x' },
        '/people/{personId}': { name: 'x' },
        '/boards/{boardId}/meetings': { startsAt: '2030-01-01T10:00:00Z' },
        '/boards/{boardId}/meeting-series': {
          pattern: { every: 'week', weekday: 'monday' },
          time: '10:00',
          from: '2030-01-01',
          count: 2,
        },
        '/meetings/{meetingId}': { title: 'x' },
        '/meetings/{meetingId}/actions': { itemNumber: 1, description: 'x', ownerIds: [ids.personId] },
        '/meetings/{meetingId}/outcomes': { actionId: ids.actionId, outcome: 'discharged', note: 'x' },
        '/meetings/{meetingId}/minutes-approval': { approvedOn: '2020-07-01' },
        '/actions/{actionId}': { description: 'x' },
        '/actions/{actionId}/updates': { text: 'x' },
        '/actions/{actionId}/withdraw': { reason: 'x' },
        '/meetings/{meetingId}/owner-links/revoke': { ownerId: ids.personId },
        '/minutes-imports/{importId}/accept': { reject: ['d001'] },
        '/meetings/{meetingId}/publication': { withheld: false },
        '/boards/{boardId}/work-programme': { title: 'x', owners: 'DT', toBeTimetabled: true },
        '/boards/{boardId}/work-programme/{itemId}/record': { meetingId: UNKNOWN, outcome: 'taken' },
      }
      const res = await api.call(
        method,
        fill(path, () => UNKNOWN),
        {
          body: method === 'GET' ? undefined : valid[path],
          headers: { 'if-match': '"1"' },
        },
      )
      expect(res.status).toBe(404)
    },
  )

  it.each(
    routes
      .filter((r) => r.allow && !r.allow.includes('member'))
      .map((r) => [r.method.toUpperCase(), r.path] as const),
  )('%s %s is refused to a member (403)', async (method, path) => {
    const member = await api.token('member', ids.personId)
    const res = await api.call(
      method,
      fill(path, (n) => ids[n] ?? UNKNOWN),
      {
        token: member,
        body: method === 'GET' ? undefined : { unexpected: true },
        headers: { 'if-match': '"1"' },
      },
    )
    // The body is deliberately invalid for every route: the role must be judged first.
    expect(res.status).toBe(403)
  })

  it('reads a meeting by id', async () => {
    const res = await api.get(`/meetings/${ids.meetingId}`, {
      token: await api.token('member', ids.personId),
    })
    expect(res).toMatchObject({
      status: 200,
      body: { id: ids.meetingId, boardId: ids.boardId, status: 'scheduled' },
    })
    expect(res.headers.get('etag')).toBe('"1"')
  })
})
