import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, meeting, seedBoard, startApi } from './harness.ts'

/**
 * Property: whatever JSON body a client sends to any write route, the answer is never a
 * 5xx. Bodies are drawn from arbitrary JSON, from valid bodies with fields replaced by
 * arbitrary values or removed, and from hostile strings (CR/LF, huge, unicode, ids).
 */
let api: Api
let targets: {
  method: 'POST' | 'PATCH' | 'PUT'
  path: string
  valid: Record<string, unknown>
  ifMatch?: boolean
}[]

beforeAll(async () => {
  api = await startApi()
  const { boardId, people } = await seedBoard(api)
  const m1 = await meeting(api, boardId, '2020-06-23T10:00:00+01:00')
  const m2 = await meeting(api, boardId, '2099-06-23T10:00:00+01:00')
  const action = (
    await api.post(`/meetings/${m1}/actions`, { itemNumber: 1, description: 'x', ownerIds: [people.dt] })
  ).body
  const withdrawn = (
    await api.post(`/meetings/${m1}/actions`, { itemNumber: 9, description: 'y', ownerIds: [people.dt] })
  ).body
  targets = [
    {
      method: 'POST',
      path: '/boards',
      valid: { name: 'B', shortName: 'B', secretariatEmails: ['a@b.example'] },
    },
    { method: 'PATCH', path: `/boards/${boardId}`, valid: { overdueCarryThreshold: 3 } },
    {
      method: 'POST',
      path: '/people',
      valid: {
        name: 'P',
        initials: 'ZZ',
        aliases: ['ZY'],
        kind: 'person',
        email: 'z@z.example',
        organisation: 'OPCC',
      },
    },
    {
      method: 'PATCH',
      path: `/people/${people.sr}`,
      valid: { deputyId: people.afs, aliases: ['PS'], organisation: 'Police' },
    },
    // No body is read: whatever is sent, the answer is a 204 or a 4xx.
    { method: 'PUT', path: `/boards/${boardId}/members/${people.dt}`, valid: { ignored: true } },
    { method: 'POST', path: `/boards/${boardId}/meetings`, valid: { startsAt: '2030-01-01T10:00:00Z' } },
    {
      method: 'PATCH',
      path: `/meetings/${m2}`,
      valid: {
        location: 'Room 2',
        guestIds: [people.sr],
        attendance: [{ personId: people.sr, status: 'present' }],
      },
    },
    {
      method: 'POST',
      path: `/meetings/${m1}/actions`,
      valid: { itemNumber: 2, description: 'd', ownerIds: [people.dt], dueMeetingId: m2 },
    },
    {
      method: 'PATCH',
      path: `/actions/${action.id}`,
      valid: { description: 'e', dueDate: '2030-01-01' },
      ifMatch: true,
    },
    { method: 'POST', path: `/actions/${action.id}/updates`, valid: { text: 'u', proposeComplete: true } },
    {
      method: 'POST',
      path: `/meetings/${m2}/outcomes`,
      valid: { actionId: action.id, outcome: 'discharged', note: 'n' },
    },
    {
      method: 'POST',
      path: `/meetings/${m1}/actions`,
      valid: {
        actions: [
          { itemNumber: 3, description: 'd', owners: 'DT / A&SI', ref: 'Action 1 02.21/12/21' },
          { itemNumber: 4, description: 'e', ownerIds: [people.dt], exempt: { section: 'S.31' } },
        ],
      },
    },
    {
      method: 'POST',
      path: `/meetings/${m2}/outcomes`,
      valid: { outcomes: [{ actionId: action.id, outcome: 'carried-forward' }], carryForwardRest: true },
    },
    { method: 'POST', path: `/actions/${withdrawn.id}/withdraw`, valid: { reason: 'raised in error' } },
    { method: 'POST', path: `/meetings/${m1}/minutes-approval`, valid: { approvedOn: '2020-07-01' } },
  ]
})
afterAll(() => api.close())

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    'a\r\nBcc: x@evil.example',
    '',
    ' ',
    '\u0000',
    '01JC2ZQ8M6X4W3V2T1S0R9P8N7',
    '2026-02-30',
    '9999-99-99T99:99:99Z',
  ),
  fc.string({ minLength: 5000, maxLength: 20_000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 30 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
)

const bodyFor = (valid: Record<string, unknown>) =>
  fc.oneof(
    fc.jsonValue(),
    fc.record(
      Object.fromEntries(Object.keys(valid).map((k) => [k, fc.oneof(hostile, fc.constant(valid[k]))])),
      {
        requiredKeys: [],
      },
    ),
    fc.tuple(fc.constantFrom(...Object.keys(valid)), hostile).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.tuple(fc.string({ maxLength: 12 }), hostile).map(([k, v]) => ({ ...valid, [k]: v })),
  )

describe('no client input yields a 5xx', () => {
  it('holds for arbitrary bodies on every write route', async () => {
    let calls = 0
    for (const t of targets) {
      await fc.assert(
        fc.asyncProperty(
          bodyFor(t.valid),
          fc.constantFrom('"1"', '"2"', 'x', '"999999"'),
          async (body, version) => {
            calls++
            const res = await api.call(t.method, t.path, {
              body,
              headers: t.ifMatch ? { 'if-match': version } : {},
            })
            expect(res.status, `${t.method} ${t.path} ${JSON.stringify(body).slice(0, 300)}`).toBeLessThan(
              500,
            )
          },
        ),
        { numRuns: 60, seed: Number(process.env.FC_SEED ?? Date.now() % 100_000) },
      )
    }
    expect(calls).toBe(targets.length * 60)
  })

  it('holds for arbitrary query strings on the list routes', async () => {
    const boardId = targets[1]?.path.split('/')[2]
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (a, b) => {
        for (const path of [
          `/boards/${boardId}/meetings?from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}`,
          `/boards/${boardId}/actions?status=${encodeURIComponent(a)}&ownerId=${encodeURIComponent(b)}`,
          `/people/${encodeURIComponent(a)}/actions?status=${encodeURIComponent(b)}`,
          `/boards/${boardId}/members?limit=${encodeURIComponent(a)}&cursor=${encodeURIComponent(b)}`,
          `/people?include=${encodeURIComponent(a)}&cursor=${encodeURIComponent(b)}`,
        ]) {
          expect((await api.get(path)).status).toBeLessThan(500)
        }
      }),
      { numRuns: 40 },
    )
  })
})
