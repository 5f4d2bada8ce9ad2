import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemo } from '#infra/local/demo.ts'
import type { Person } from '#shared/domain/person.ts'
import { resolveOwners } from '#shared/usecases/owners.ts'
import { sendReminders } from '#shared/usecases/reminders.ts'
import { sendOverdueSummaries } from '#shared/usecases/summaries.ts'
import { type Api, meeting, newBoard, newPerson, raise, startApi } from './harness.ts'

let api: Api
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

const addMember = (boardId: string, personId: string) =>
  api.call('PUT', `/boards/${boardId}/members/${personId}`)
const removeMember = (boardId: string, personId: string) =>
  api.call('DELETE', `/boards/${boardId}/members/${personId}`)
const memberIds = async (boardId: string) =>
  (await api.get(`/boards/${boardId}/members`)).body.items.map((p: Person) => p.id)
const owners = (boardId: string, text: string) => resolveOwners(api.deps, boardId, text)
const ids = (items: { id: string }[]) => items.map((x) => x.id)

describe('initials are unique among a board’s members, not across the organisation', () => {
  let poole: Person
  let patterson: Person
  let panel: string
  let pam: string

  beforeAll(async () => {
    poole = await newPerson(api, 'DP', { name: 'Cllr Derek Poole', organisation: 'Council' })
    patterson = await newPerson(api, 'dp', {
      name: 'David Patterson',
      email: 'david.patterson@force.example',
      organisation: 'Police',
      role: 'Director of Finance',
    })
    panel = (await newBoard(api, { name: 'Police and Crime Panel', shortName: 'PCP' })).id
    pam = (await newBoard(api)).id
  })

  it('lets two people with the initials DP each be a member of their own board', async () => {
    expect(patterson).toMatchObject({ organisation: 'Police', role: 'Director of Finance', aliases: [] })
    expect((await addMember(panel, poole.id)).status).toBe(204)
    expect((await addMember(pam, patterson.id)).status).toBe(204)
    // Adding a member again changes nothing.
    expect((await addMember(panel, poole.id)).status).toBe(204)
    expect(await memberIds(panel)).toEqual([poole.id])
    expect(await memberIds(pam)).toEqual([patterson.id])
  })

  it('resolves DP to the right one on each board', async () => {
    expect(await owners(panel, 'DP')).toEqual({ ids: [poole.id], unknown: [] })
    expect(await owners(pam, 'dp')).toEqual({ ids: [patterson.id], unknown: [] })
  })

  it('refuses both on one board with a 409 naming both', async () => {
    const clash = await addMember(pam, poole.id)
    expect(clash.status).toBe(409)
    expect(clash.body.reason).toBe('duplicate')
    expect(clash.body.detail).toContain('Cllr Derek Poole')
    expect(clash.body.detail).toContain('David Patterson')
    expect(await memberIds(pam)).toEqual([patterson.id])
  })

  it('refuses an alias that clashes with another member, and moves names that change', async () => {
    const kb = await newPerson(api, 'KB')
    expect((await addMember(pam, kb.id)).status).toBe(204)
    const clash = await api.patch(`/people/${kb.id}`, { aliases: ['DP'] })
    expect(clash.status).toBe(409)
    expect(clash.body.detail).toContain('David Patterson')
    // Patterson takes other initials: DP is free on the PAM, and his new ones are taken there.
    expect((await api.patch(`/people/${patterson.id}`, { initials: 'DPa', aliases: ['CFO'] })).status).toBe(
      200,
    )
    expect((await addMember(pam, poole.id)).status).toBe(204)
    expect(await owners(pam, 'DP / CFO')).toEqual({ ids: [poole.id, patterson.id], unknown: [] })
    expect((await api.patch(`/people/${kb.id}`, { aliases: ['cfo'] })).status).toBe(409)
    // Taking a member off frees their names on that board.
    expect((await removeMember(pam, patterson.id)).status).toBe(204)
    expect((await removeMember(pam, patterson.id)).status).toBe(204)
    expect((await api.patch(`/people/${kb.id}`, { aliases: ['cfo'] })).status).toBe(200)
    expect(await owners(pam, 'CFO')).toEqual({ ids: [kb.id], unknown: [] })
  })

  it('falls back to the whole directory on a board without members, only where one person matches', async () => {
    const empty = (await newBoard(api, { name: 'Audit Committee', shortName: 'JAC' })).id
    await newPerson(api, 'DQ', { name: 'Dana Quinn' })
    await newPerson(api, 'dq', { name: 'Dev Quayle', email: 'dev.quayle@force.example' })
    const unique = await newPerson(api, 'QZ')
    expect(await owners(empty, 'DQ QZ')).toEqual({ ids: [unique.id], unknown: ['DQ'] })
  })
})

describe('aliases and teams', () => {
  it('resolves "PCC" to the Commissioner and "DT / OPCC" to a person and a team', async () => {
    const commissioner = await newPerson(api, 'DBo', {
      name: 'The Police and Crime Commissioner',
      aliases: ['PCC', 'Commissioner'],
      organisation: 'OPCC',
    })
    const dt = await newPerson(api, 'DT')
    const opcc = await newPerson(api, 'OPCC', {
      kind: 'team',
      name: 'Office of the PCC',
      email: 'opcc@opcc.example',
    })
    const board = (await newBoard(api)).id
    for (const p of [commissioner, dt, opcc]) expect((await addMember(board, p.id)).status).toBe(204)
    expect(await owners(board, 'PCC')).toEqual({ ids: [commissioner.id], unknown: [] })
    expect(await owners(board, 'DT / OPCC')).toEqual({ ids: [dt.id, opcc.id], unknown: [] })
    expect(await owners(board, 'commissioner and DT & XY')).toEqual({
      ids: [commissioner.id, dt.id],
      unknown: ['XY'],
    })
    const members = (await api.get(`/boards/${board}/members?limit=2`)).body
    expect(members.items).toHaveLength(2)
    const rest = (await api.get(`/boards/${board}/members?limit=2&cursor=${members.next}`)).body
    expect(ids([...members.items, ...rest.items]).sort()).toEqual([commissioner.id, dt.id, opcc.id].sort())
    expect(rest.next).toBeNull()
  })

  it('lets a person become a team unless they are some team’s member', async () => {
    const member = await newPerson(api, 'TM')
    const loner = await newPerson(api, 'LN')
    await newPerson(api, 'TTM', { kind: 'team', name: 'Team TM', memberIds: [member.id], email: null })
    const refused = await api.patch(`/people/${member.id}`, { kind: 'team' })
    expect(refused.status).toBe(400)
    expect(refused.body.issues[0].path).toBe('kind')
    expect((await api.patch(`/people/${loner.id}`, { kind: 'team' })).body.kind).toBe('team')
  })

  it('seeds the demo PAM with its members, so its owners resolve as its minutes write them', async () => {
    const own = await startApi()
    try {
      const demo = await loadDemo(own.deps)
      const members = (await own.get(`/boards/${demo.boardId}/members`)).body.items.map(
        (p: Person) => p.initials,
      )
      expect(members.sort()).toEqual(['A&SI', 'AFS', 'BS', 'DT', 'PCC', 'PR', 'SE', 'SR'])
      const resolved = await resolveOwners(own.deps, demo.boardId, 'DT / A&SI')
      expect(resolved.unknown).toEqual([])
      expect(resolved.ids).toHaveLength(2)
    } finally {
      await own.close()
    }
  })

  it('refuses an alias that repeats the initials, naming the field', async () => {
    const r = await api.post('/people', {
      name: 'X',
      initials: 'XA',
      aliases: ['PS', 'xa'],
      kind: 'person',
      email: 'x@x.example',
    })
    expect(r.status).toBe(400)
    expect(r.body.issues).toEqual([{ path: 'aliases.1', message: 'an alias must differ from the initials' }])
  })
})

describe('the attendance list is the board’s members and the meeting’s guests', () => {
  it('refuses a non-member who is not a guest, naming the field, and takes a guest', async () => {
    const member = await newPerson(api, 'ME')
    const guest = await newPerson(api, 'GU')
    const board = (await newBoard(api)).id
    expect((await addMember(board, member.id)).status).toBe(204)
    const m = await meeting(api, board, '2030-03-01T10:00:00Z')
    const refused = await api.patch(`/meetings/${m}`, {
      attendance: [
        { personId: member.id, status: 'present' },
        { personId: guest.id, status: 'present' },
      ],
    })
    expect(refused.status).toBe(400)
    expect(refused.body.issues).toEqual([
      {
        path: 'attendance.1.personId',
        message: expect.stringContaining('neither a member of the board nor a guest'),
      },
    ])
    const invited = await api.patch(`/meetings/${m}`, {
      guestIds: [guest.id],
      attendance: [
        { personId: member.id, status: 'present' },
        { personId: guest.id, status: 'apologies' },
      ],
    })
    expect(invited.status).toBe(200)
    expect(invited.body).toMatchObject({
      guestIds: [guest.id],
      attendance: [{ personId: member.id }, { personId: guest.id }],
    })
    const ghost = await api.patch(`/meetings/${m}`, { guestIds: ['01JC2ZQ8M6X4W3V2T1S0R9P8N7'] })
    expect(ghost.status).toBe(400)
    expect(ghost.body.issues[0].path).toBe('guestIds.0')
  })

  it('still reads and keeps attendance recorded before the board had members', async () => {
    const old = await newPerson(api, 'OL')
    const member = await newPerson(api, 'MB')
    const board = (await newBoard(api)).id
    const m = await meeting(api, board, '2021-04-27T10:00:00+01:00')
    expect(
      (await api.patch(`/meetings/${m}`, { attendance: [{ personId: old.id, status: 'present' }] })).status,
    ).toBe(200)
    expect((await addMember(board, member.id)).status).toBe(204)
    expect((await api.get(`/meetings/${m}`)).body.attendance).toEqual([
      expect.objectContaining({ personId: old.id, status: 'present' }),
    ])
    const kept = await api.patch(`/meetings/${m}`, {
      attendance: [
        { personId: old.id, status: 'apologies' },
        { personId: member.id, status: 'present' },
      ],
    })
    expect(kept.status).toBe(200)
  })
})

describe('retiring', () => {
  it('keeps a retired person readable but out of the directory, owners, members and chairs', async () => {
    const mistake = await newPerson(api, 'RT', { name: 'Entered In Error' })
    const board = (await newBoard(api)).id
    expect((await addMember(board, mistake.id)).status).toBe(204)
    const m = await meeting(api, board, '2030-05-01T10:00:00Z')
    const old = await raise(api, m, { itemNumber: 1, description: 'x', ownerIds: [mistake.id] })

    const retired = await api.post(`/people/${mistake.id}/retire`, undefined)
    expect(retired.status).toBe(200)
    expect(retired.body.retiredAt).toEqual(expect.any(String))
    const again = await api.post(`/people/${mistake.id}/retire`, undefined)
    expect(again).toMatchObject({ status: 409, body: { reason: 'illegal-transition' } })

    expect((await api.get(`/people/${mistake.id}`)).body.retiredAt).toBe(retired.body.retiredAt)
    expect((await api.get(`/actions/${old.id}`)).body.ownerIds).toEqual([mistake.id])
    const listed = async (q: string) => ids((await api.get(`/people?limit=100${q}`)).body.items)
    expect(await listed('')).not.toContain(mistake.id)
    expect(await listed('&include=retired')).toContain(mistake.id)

    // Out of the board's members, its names free; not to be chosen again.
    expect(await memberIds(board)).toEqual([])
    expect(await owners(board, 'RT')).toEqual({ ids: [], unknown: ['RT'] })
    const owner = await api.post(`/meetings/${m}/actions`, {
      itemNumber: 2,
      description: 'y',
      ownerIds: [mistake.id],
    })
    expect(owner.status).toBe(400)
    expect(owner.body.issues[0]).toEqual({ path: 'ownerIds.0', message: 'Entered In Error (RT) is retired' })
    expect((await addMember(board, mistake.id)).status).toBe(409)
    const chair = await api.patch(`/boards/${board}`, { chairId: mistake.id })
    expect(chair.status).toBe(400)
    expect(chair.body.issues[0].path).toBe('chairId')
    const replacement = await newPerson(api, 'RT', { name: 'The Right One' })
    expect((await addMember(board, replacement.id)).status).toBe(204)
    expect(await owners(board, 'RT')).toEqual({ ids: [replacement.id], unknown: [] })
  })

  it('takes a retired team off its boards and out of owner lookups', async () => {
    const team = await newPerson(api, 'T&X', { kind: 'team', name: 'Team X', email: 'tx@opcc.example' })
    const board = (await newBoard(api)).id
    expect((await addMember(board, team.id)).status).toBe(204)
    expect(await owners(board, 'T&X')).toEqual({ ids: [team.id], unknown: [] })
    expect((await api.post(`/people/${team.id}/retire`, undefined)).status).toBe(200)
    expect(await owners(board, 'T&X')).toEqual({ ids: [], unknown: ['T&X'] })
    expect(await memberIds(board)).toEqual([])
    expect((await api.post(`/people/${team.id}/retire`, undefined)).status).toBe(409)
  })

  it('keeps a retired board readable, read-only and out of the list, and sends it nothing', async () => {
    const own = await startApi()
    try {
      const dt = await newPerson(own, 'DT')
      const now = new Date()
      const soon = new Date(now.getTime() + 2 * 86_400_000).toISOString()
      const boardWithWork = async (name: string) => {
        const b = (await newBoard(own, { name, chairId: dt.id })).id
        const past = await meeting(own, b, '2020-06-23T10:00:00+01:00')
        const next = await meeting(own, b, soon)
        const action = await raise(own, past, { itemNumber: 3, description: 'due soon', ownerIds: [dt.id] })
        return { b, past, next, action }
      }
      const live = await boardWithWork('Live Board')
      const gone = await boardWithWork('Gone Board')

      const retired = await own.post(`/boards/${gone.b}/retire`, undefined)
      expect(retired).toMatchObject({ status: 200, body: { retiredAt: expect.any(String), version: 2 } })
      expect((await own.post(`/boards/${gone.b}/retire`, undefined)).status).toBe(409)
      expect((await own.get(`/boards/${gone.b}`)).body.name).toBe('Gone Board')
      expect(ids((await own.get('/boards')).body.items)).toEqual([live.b])
      expect(ids((await own.get('/boards?include=retired')).body.items).sort()).toEqual(
        [live.b, gone.b].sort(),
      )

      for (const write of [
        own.patch(`/boards/${gone.b}`, { name: 'Renamed' }),
        own.call('PUT', `/boards/${gone.b}/members/${dt.id}`),
        own.call('DELETE', `/boards/${gone.b}/members/${dt.id}`),
        own.post(`/boards/${gone.b}/meetings`, { startsAt: '2031-01-01T10:00:00Z' }),
        own.patch(`/meetings/${gone.next}`, { location: 'Elsewhere' }),
        // Its actions are read-only too.
        own.post(`/meetings/${gone.past}/actions`, { itemNumber: 4, description: 'late', ownerIds: [dt.id] }),
        own.patch(
          `/actions/${gone.action.id}`,
          { description: 'changed' },
          { headers: { 'if-match': `"${gone.action.version}"` } },
        ),
        own.post(`/actions/${gone.action.id}/updates`, { text: 'an update' }),
        own.post(`/actions/${gone.action.id}/withdraw`, { reason: 'in error' }),
        own.post(`/meetings/${gone.past}/outcomes`, {
          outcomes: [{ actionId: gone.action.id, outcome: 'carried-forward' }],
        }),
      ]) {
        const res = await write
        expect(res.status, JSON.stringify(res.body)).toBe(409)
        expect(res.body.detail).toContain('retired')
      }

      const reminders = await sendReminders(own.deps, now)
      expect(reminders).toMatchObject({ boards: 1, emails: 1, failures: [] })
      const summaries = await sendOverdueSummaries(own.deps, now)
      expect(summaries).toMatchObject({ boards: 1, emails: 1, failures: [] })
    } finally {
      await own.close()
    }
  })
})

describe('a member’s actions say which board each is on', () => {
  it('carries the board of every action', async () => {
    const sr = await newPerson(api, 'SRb')
    const pam = await newBoard(api)
    const panel = await newBoard(api, { name: 'Police and Crime Panel', shortName: 'PCP' })
    for (const b of [pam, panel]) {
      const m = await meeting(api, b.id, '2022-01-25T10:00:00Z')
      await raise(api, m, { itemNumber: 1, description: `for ${b.shortName}`, ownerIds: [sr.id] })
    }
    const mine = await api.get(`/people/${sr.id}/actions`, { token: await api.token('member', sr.id) })
    expect(mine.status).toBe(200)
    const byBoard = mine.body.items.map((a: { description: string; board: unknown }) => [
      a.description,
      a.board,
    ])
    expect(byBoard.sort()).toEqual(
      [
        ['for PAM', { id: pam.id, name: pam.name, shortName: 'PAM' }],
        ['for PCP', { id: panel.id, name: 'Police and Crime Panel', shortName: 'PCP' }],
      ].sort(),
    )
  })
})
