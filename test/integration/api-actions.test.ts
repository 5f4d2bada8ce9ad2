import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { historyEntry } from '#shared/domain/history.ts'
import { SYSTEM_ACTOR } from '#shared/domain/principal.ts'
import { type Api, meeting, seedBoard, startApi } from './harness.ts'

let api: Api
let boardId: string
let people: Awaited<ReturnType<typeof seedBoard>>['people']
let m1: string
let m2: string
let m3: string

// Past meetings 23/06/2020 and 21/07/2020 (BST, 10:00 local), the next one far ahead.
beforeAll(async () => {
  api = await startApi()
  ;({ boardId, people } = await seedBoard(api))
  m1 = await meeting(api, boardId, '2020-06-23T10:00:00+01:00')
  m2 = await meeting(api, boardId, '2020-07-21T10:00:00+01:00')
  m3 = await meeting(api, boardId, '2099-01-20T10:00:00Z')
})
afterAll(() => api.close())

const raise = (meetingId: string, body: Record<string, unknown>) =>
  api.post(`/meetings/${meetingId}/actions`, body)

describe('meetings', () => {
  it('lists a board’s meetings by start, within a range', async () => {
    const all = await api.get(`/boards/${boardId}/meetings`)
    expect(all.body.items.map((m: { id: string }) => m.id)).toEqual([m1, m2, m3])
    expect(all.body.items[0]).toMatchObject({
      title: 'PAM 23 June 2020',
      startsAt: '2020-06-23T09:00:00.000Z',
      status: 'scheduled',
    })
    const range = await api.get(
      `/boards/${boardId}/meetings?from=2020-07-01T00:00:00Z&to=2020-12-31T00:00:00Z`,
    )
    expect(range.body.items.map((m: { id: string }) => m.id)).toEqual([m2])
    expect((await api.get(`/boards/${boardId}/meetings?from=yesterday`)).status).toBe(400)
  })

  it('allows only legal status changes', async () => {
    const m = await meeting(api, boardId, '2098-05-01T09:00:00Z')
    expect((await api.patch(`/meetings/${m}`, { status: 'cancelled' })).body.status).toBe('cancelled')
    const r = await api.patch(`/meetings/${m}`, { status: 'held' })
    expect(r.status).toBe(409)
    expect(r.body.reason).toBe('illegal-transition')
    expect((await api.patch(`/meetings/${m}`, { status: 'minutes-approved' })).status).toBe(400)
    expect((await raise(m, { itemNumber: 1, description: 'x', ownerIds: [people.dt] })).status).toBe(409)
  })

  it('records attendance of known people only', async () => {
    const ok = await api.patch(`/meetings/${m1}`, {
      attendance: [
        { personId: people.dt, status: 'present' },
        { personId: people.afs, status: 'apologies' },
      ],
    })
    expect(ok.status).toBe(200)
    const bad = await api.patch(`/meetings/${m1}`, {
      attendance: [{ personId: '01JC2ZQ8M6X4W3V2T1S0R9P8N7', status: 'present' }],
    })
    expect(bad.status).toBe(400)
  })
})

describe('raising actions', () => {
  it('numbers references from the item and the meeting’s local date, due at the next meeting', async () => {
    const r = await raise(m1, {
      itemNumber: 3,
      description: 'Written response to be provided by the Force to OPCC',
      ownerIds: [people.dt],
    })
    expect(r.status).toBe(201)
    expect(r.headers.get('location')).toBe(`/actions/${r.body.id}`)
    expect(r.body).toMatchObject({
      ref: '03.23/06/2020',
      status: 'open',
      dueMeetingId: m2,
      carryCount: 0,
      version: 1,
      raisedAtMeetingId: m1,
    })
    const second = await raise(m1, {
      itemNumber: 3,
      description: 'A second action on the same item',
      ownerIds: [people.dt],
    })
    expect(second.body.ref).toBe('03.23/06/2020 (2)')
  })

  it('keeps a legacy reference, and refuses a duplicate one', async () => {
    const legacy = await raise(m1, {
      itemNumber: 2,
      description: 'Legacy',
      ownerIds: [people.dt],
      ref: 'Action 1 02.21/12/21',
    })
    expect(legacy.body.ref).toBe('Action 1 02.21/12/21')
    const dup = await raise(m1, {
      itemNumber: 2,
      description: 'Again',
      ownerIds: [people.dt],
      ref: 'action 1 02.21/12/21',
    })
    expect(dup.status).toBe(409)
    expect(dup.body.reason).toBe('duplicate')
  })

  it('validates owners, due meeting and due date by field', async () => {
    const ghost = await raise(m1, {
      itemNumber: 1,
      description: 'x',
      ownerIds: [people.dt, '01JC2ZQ8M6X4W3V2T1S0R9P8N7'],
    })
    expect(ghost.status).toBe(400)
    expect(ghost.body.issues[0].path).toBe('ownerIds.1')
    const early = await raise(m2, {
      itemNumber: 1,
      description: 'x',
      ownerIds: [people.dt],
      dueMeetingId: m1,
    })
    expect(early.status).toBe(400)
    expect(early.body.issues[0].path).toBe('dueMeetingId')
    const before = await raise(m2, {
      itemNumber: 1,
      description: 'x',
      ownerIds: [people.dt],
      dueDate: '2020-07-01',
    })
    expect(before.body.issues[0].path).toBe('dueDate')
    const massAssign = await raise(m2, {
      itemNumber: 1,
      description: 'x',
      ownerIds: [people.dt],
      status: 'discharged',
      carryCount: 9,
    })
    expect(massAssign.status).toBe(400)
    expect(massAssign.body.issues[0].message).toContain('status')
  })

  it('lists actions raised at a meeting in minutes order', async () => {
    const m = await meeting(api, boardId, '2021-04-27T09:00:00+01:00')
    await raise(m, { itemNumber: 4, description: 'Fourth item', ownerIds: [people.dt] })
    await raise(m, { itemNumber: 2, description: 'Second item', ownerIds: [people.dt] })
    await raise(m, { itemNumber: 2, description: 'Second item again', ownerIds: [people.dt] })
    const list = await api.get(`/meetings/${m}/actions`)
    expect(list.body.items.map((a: { ref: string }) => a.ref)).toEqual([
      '02.27/04/2021',
      '02.27/04/2021 (2)',
      '04.27/04/2021',
    ])
  })
})

describe('changing an action', () => {
  it('needs If-Match, refuses a stale one, and records what changed', async () => {
    const a = (await raise(m1, { itemNumber: 5, description: 'Original wording', ownerIds: [people.dt] }))
      .body
    expect((await api.patch(`/actions/${a.id}`, { description: 'New' })).status).toBe(428)
    expect(
      (await api.patch(`/actions/${a.id}`, { description: 'New' }, { headers: { 'if-match': 'abc' } }))
        .status,
    ).toBe(400)
    const ok = await api.patch(
      `/actions/${a.id}`,
      { description: 'New wording', ownerIds: [people.dt, people.team] },
      { headers: { 'if-match': '"1"' } },
    )
    expect(ok).toMatchObject({ status: 200, body: { version: 2, description: 'New wording' } })
    expect(
      (await api.patch(`/actions/${a.id}`, { description: 'Late' }, { headers: { 'if-match': '"1"' } }))
        .status,
    ).toBe(409)
    const history = (await api.get(`/actions/${a.id}/history`)).body.items
    expect(history.map((h: { kind: string }) => h.kind)).toEqual(['created', 'edited'])
    expect(history[1].changes).toEqual({
      description: { from: 'Original wording', to: 'New wording' },
      ownerIds: { from: [people.dt], to: [people.dt, people.team] },
    })
    // The owner index follows: the team now sees it.
    const teamActions = await api.get(`/boards/${boardId}/actions?ownerId=${people.team}`)
    expect(teamActions.body.items.map((x: { id: string }) => x.id)).toContain(a.id)
  })

  it('lets exactly one of two concurrent PATCHes with the same version win', async () => {
    const a = (await raise(m1, { itemNumber: 6, description: 'Contended', ownerIds: [people.dt] })).body
    const [x, y] = await Promise.all([
      api.patch(`/actions/${a.id}`, { description: 'Writer X' }, { headers: { 'if-match': '"1"' } }),
      api.patch(`/actions/${a.id}`, { description: 'Writer Y' }, { headers: { 'if-match': '"1"' } }),
    ])
    expect([x.status, y.status].sort()).toEqual([200, 409])
    const winner = x.status === 200 ? 'Writer X' : 'Writer Y'
    expect((await api.get(`/actions/${a.id}`)).body).toMatchObject({ description: winner, version: 2 })
    const history = (await api.get(`/actions/${a.id}/history`)).body.items
    expect(history.filter((h: { kind: string }) => h.kind === 'edited')).toHaveLength(1)
  })

  it('moves due actions with a rescheduled meeting', async () => {
    const later = await meeting(api, boardId, '2097-03-03T10:00:00Z')
    const a = (
      await raise(m2, { itemNumber: 7, description: 'Due later', ownerIds: [people.dt], dueMeetingId: later })
    ).body
    await api.patch(`/meetings/${later}`, { startsAt: '2097-03-10T10:00:00Z' })
    expect((await api.get(`/actions/${a.id}`)).body).toMatchObject({
      dueMeetingStartsAt: '2097-03-10T10:00:00.000Z',
      version: 2,
    })
    const history = (await api.get(`/actions/${a.id}/history`)).body.items
    expect(history.at(-1)).toMatchObject({ kind: 'due-meeting-moved', meetingId: later, version: 2 })
    const arising = await api.get(`/meetings/${later}/actions-arising`)
    expect(arising.body.items.map((x: { id: string }) => x.id)).toContain(a.id)
  })
})

describe('updates, outcomes and minutes approval', () => {
  it('lets owners, their team members and deputies post updates, and no one else', async () => {
    const a = (
      await raise(m1, { itemNumber: 8, description: 'Owner work', ownerIds: [people.dt, people.team] })
    ).body
    const asOwner = await api.post(
      `/actions/${a.id}/updates`,
      { text: 'Meeting booked' },
      { token: await api.token('member', people.dt) },
    )
    expect(asOwner.status).toBe(201)
    const asDeputy = await api.post(
      `/actions/${a.id}/updates`,
      { text: 'Covering for DT' },
      { token: await api.token('member', people.afs) },
    )
    expect(asDeputy.status).toBe(201)
    const asTeamMember = await api.post(
      `/actions/${a.id}/updates`,
      { text: 'Data ready', proposeComplete: true },
      { token: await api.token('member', people.sr) },
    )
    expect(asTeamMember.status).toBe(201)
    expect(asTeamMember.body.updates.map((u: { text: string }) => u.text)).toEqual([
      'Meeting booked',
      'Covering for DT',
      'Data ready',
    ])
    expect(asTeamMember.body.updates[2]).toMatchObject({ proposeComplete: true, by: { personId: people.sr } })
    const stranger = await api.post(
      `/actions/${a.id}/updates`,
      { text: 'Me too' },
      { token: await api.token('member', people.chair) },
    )
    expect(stranger.status).toBe(403)
    expect((await api.post(`/actions/${a.id}/updates`, { text: '' })).status).toBe(400)
  })

  it('records outcomes only for actions arising at an open meeting', async () => {
    const a = (await raise(m1, { itemNumber: 9, description: 'Review me', ownerIds: [people.dt] })).body
    const notYet = await api.post(`/meetings/${m1}/outcomes`, {
      actionId: a.id,
      outcome: 'discharged',
      note: 'Done',
    })
    expect(notYet.status).toBe(409)
    const proposed = await api.post(`/meetings/${m2}/outcomes`, {
      actionId: a.id,
      outcome: 'discharged',
      note: 'Discharged – done',
    })
    expect(proposed.status).toBe(200)
    expect(proposed.body.proposedOutcome).toMatchObject({
      meetingId: m2,
      outcome: 'discharged',
      note: 'Discharged – done',
    })
    expect(proposed.body.status).toBe('open')
    const arising = (await api.get(`/meetings/${m2}/actions-arising`)).body.items
    expect(arising.find((x: { id: string }) => x.id === a.id).proposedOutcome.outcome).toBe('discharged')
    const unknown = await api.post(`/meetings/${m2}/outcomes`, {
      actionId: '01JC2ZQ8M6X4W3V2T1S0R9P8N7',
      outcome: 'discharged',
      note: 'x',
    })
    expect(unknown.status).toBe(404)
    const badOutcome = await api.post(`/meetings/${m2}/outcomes`, {
      actionId: a.id,
      outcome: 'closed',
      note: 'x',
    })
    expect(badOutcome.body.issues[0].path).toBe('outcome')
  })

  it('records minutes approval once, by the secretariat or the chair, after the meeting', async () => {
    expect(
      (
        await api.post(
          `/meetings/${m1}/minutes-approval`,
          { approvedOn: '2020-07-21' },
          { token: await api.token('member', people.dt) },
        )
      ).status,
    ).toBe(403)
    expect((await api.post(`/meetings/${m3}/minutes-approval`, { approvedOn: '2020-07-21' })).status).toBe(
      409,
    )
    expect((await api.post(`/meetings/${m1}/minutes-approval`, { approvedOn: '2020-06-01' })).status).toBe(
      409,
    )
    // A chair approves only the minutes of a board they chair.
    const otherChair = await api.token('chair', people.dt)
    expect(
      (
        await api.post(
          `/meetings/${m1}/minutes-approval`,
          { approvedOn: '2020-07-21' },
          { token: otherChair },
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await api.post(
          `/meetings/${m1}/minutes-approval`,
          { approvedOn: '2020-07-21' },
          { token: api.tokens.chair },
        )
      ).status,
    ).toBe(403)
    const ok = await api.post(
      `/meetings/${m1}/minutes-approval`,
      { approvedOn: '2020-07-21', amendments: 'Item 2 corrected' },
      { token: await api.token('chair', people.chair) },
    )
    expect(ok.status).toBe(202)
    expect(ok.body).toMatchObject({
      status: 'minutes-approved',
      minutesApproval: {
        approvedOn: '2020-07-21',
        amendments: 'Item 2 corrected',
        recordedBy: { role: 'chair' },
      },
    })
    const again = await api.post(`/meetings/${m1}/minutes-approval`, { approvedOn: '2020-07-21' })
    expect(again.status).toBe(409)
    expect(again.body.reason).toBe('illegal-transition')
    expect(
      (
        await api.post(`/meetings/${m1}/outcomes`, {
          actionId: '01JC2ZQ8M6X4W3V2T1S0R9P8N7',
          outcome: 'discharged',
          note: 'x',
        })
      ).status,
    ).toBe(409)
  })
})

describe('reading the log', () => {
  it('filters a board’s log by status and owner, and lists a person’s actions with the reason', async () => {
    const mine = (await raise(m2, { itemNumber: 10, description: 'For SR’s team', ownerIds: [people.team] }))
      .body
    const open = await api.get(`/boards/${boardId}/actions?status=open`)
    expect(open.body.items.every((a: { status: string }) => a.status === 'open')).toBe(true)
    expect(open.body.items.map((a: { id: string }) => a.id)).toContain(mine.id)
    expect((await api.get(`/boards/${boardId}/actions?status=discharged`)).body.items).toEqual([])
    expect((await api.get(`/boards/${boardId}/actions?status=closed`)).status).toBe(400)

    const sr = await api.get(`/people/${people.sr}/actions?status=open`, {
      token: await api.token('member', people.sr),
    })
    expect(sr.status).toBe(200)
    expect(sr.body.items.find((a: { id: string }) => a.id === mine.id).via).toEqual([
      { kind: 'team', ownerId: people.team },
    ])
    const afs = await api.get(`/people/${people.afs}/actions`, { token: api.tokens.chair })
    expect(afs.body.items.length).toBeGreaterThan(0)
    expect(
      afs.body.items.every((a: { via: { kind: string }[] }) => a.via.some((v) => v.kind === 'deputy')),
    ).toBe(true)
    expect(
      (await api.get(`/people/${people.sr}/actions`, { token: await api.token('member', people.dt) })).status,
    ).toBe(403)
  })

  it('shows exempt actions in full to owners, secretariat and chair, and the public wording to others', async () => {
    const a = (
      await raise(m2, {
        itemNumber: 4,
        description: 'Regional governance: sensitive detail',
        ownerIds: [people.dt],
        exempt: { section: 'S.31 (Law Enforcement)' },
      })
    ).body
    expect(a.exempt).toEqual({
      section: 'S.31 (Law Enforcement)',
      publicWording: 'Exempt FOIA under Section S.31 (Law Enforcement)',
    })
    const owner = await api.get(`/actions/${a.id}`, { token: await api.token('member', people.dt) })
    expect(owner.body).toMatchObject({
      description: 'Regional governance: sensitive detail',
      redacted: false,
    })
    const other = await api.get(`/actions/${a.id}`, { token: await api.token('member', people.sr) })
    expect(other.body).toMatchObject({
      description: 'Exempt FOIA under Section S.31 (Law Enforcement)',
      redacted: true,
    })
    const inList = await api.get(`/meetings/${m2}/actions`, { token: await api.token('member', people.sr) })
    expect(JSON.stringify(inList.body)).not.toContain('sensitive detail')
    expect(
      (await api.get(`/actions/${a.id}/history`, { token: await api.token('member', people.sr) })).status,
    ).toBe(403)
    expect((await api.get(`/actions/${a.id}`, { token: api.tokens.chair })).body.description).toBe(
      'Regional governance: sensitive detail',
    )
  })

  it('gives the chair overdue actions grouped by owner, oldest first, and refuses members', async () => {
    const report = await api.get(`/boards/${boardId}/overdue`, { token: api.tokens.chair })
    expect(report.status).toBe(200)
    expect(report.body.total).toBeGreaterThan(0)
    for (const group of report.body.owners) {
      const raised = group.actions.map((a: { raisedAt: string }) => a.raisedAt)
      expect(raised).toEqual([...raised].sort())
      for (const a of group.actions) {
        expect(a.ownerIds).toContain(group.owner.id)
        expect(a.pastDue || a.carriedTooOften).toBe(true)
        expect(a.proposedOutcome?.outcome).not.toBe('discharged')
      }
    }
    expect(
      (await api.get(`/boards/${boardId}/overdue`, { token: await api.token('member', people.dt) })).status,
    ).toBe(403)
  })
})

describe('regressions from review', () => {
  it('moves the actions of a cancelled meeting to the next one, or leaves them waiting', async () => {
    const a = await meeting(api, boardId, '2096-01-06T10:00:00Z')
    const b = await meeting(api, boardId, '2096-02-03T10:00:00Z')
    const dueA = (
      await raise(m2, { itemNumber: 11, description: 'Due at A', ownerIds: [people.dt], dueMeetingId: a })
    ).body
    const dueB = (
      await raise(m2, { itemNumber: 12, description: 'Due at B', ownerIds: [people.dt], dueMeetingId: b })
    ).body
    expect((await api.patch(`/meetings/${a}`, { status: 'cancelled' })).status).toBe(200)
    expect((await api.get(`/actions/${dueA.id}`)).body).toMatchObject({
      dueMeetingId: b,
      dueMeetingStartsAt: '2096-02-03T10:00:00.000Z',
    })
    const history = (await api.get(`/actions/${dueA.id}/history`)).body.items
    expect(history.at(-1)).toMatchObject({
      kind: 'due-meeting-moved',
      note: 'PAM 6 January 2096 was cancelled',
    })
    // Cancelling b too sends its actions on to the board's next scheduled meeting after it.
    expect((await api.patch(`/meetings/${b}`, { status: 'cancelled' })).status).toBe(200)
    const moved = (await api.get(`/actions/${dueB.id}`)).body
    expect(moved.dueMeetingId).not.toBe(b)
    expect(moved.dueMeetingStartsAt > '2096-02-03T10:00:00.000Z').toBe(true)
  })

  it('keeps exempt text out of a member’s view of the history after the exemption is lifted', async () => {
    const a = (
      await raise(m2, {
        itemNumber: 13,
        description: 'SECRET operational detail',
        ownerIds: [people.dt],
        exempt: { section: 'S.31' },
      })
    ).body
    await api.patch(
      `/actions/${a.id}`,
      { description: 'Public summary', exempt: null },
      { headers: { 'if-match': '"1"' } },
    )
    const asStranger = await api.get(`/actions/${a.id}/history`, {
      token: await api.token('member', people.sr),
    })
    expect(asStranger.status).toBe(200)
    expect(JSON.stringify(asStranger.body)).not.toContain('SECRET')
    expect(asStranger.body.items.map((h: { redacted: boolean }) => h.redacted)).toEqual([true, true])
    const asOwner = await api.get(`/actions/${a.id}/history`, { token: await api.token('member', people.dt) })
    expect(JSON.stringify(asOwner.body)).toContain('SECRET')
  })

  it('bounds the updates kept inline so an action never outgrows its item, and keeps them all in the history', async () => {
    const a = (await raise(m2, { itemNumber: 14, description: 'Busy action', ownerIds: [people.dt] })).body
    const big = '漢'.repeat(3990)
    for (let i = 0; i < 40; i++) {
      const r = await api.post(`/actions/${a.id}/updates`, { text: `${i} ${big}` })
      expect(r.status).toBe(201)
    }
    const now = (await api.get(`/actions/${a.id}`)).body
    expect(now.updates.length).toBeLessThan(40)
    expect(now.updates.at(-1).text.startsWith('39 ')).toBe(true)
    const history = (await api.get(`/actions/${a.id}/history`)).body.items
    expect(history.filter((h: { kind: string }) => h.kind === 'update-posted')).toHaveLength(40)
  })

  it('refuses an inverted meeting range and separators that break lines', async () => {
    const r = await api.get(`/boards/${boardId}/meetings?from=2031-01-01T00:00:00Z&to=2030-01-01T00:00:00Z`)
    expect(r.status).toBe(400)
    expect(r.body.issues[0].path).toBe('from')
    const sep = await api.post('/boards', {
      name: 'Evil\u2028Bcc: x@evil.example',
      shortName: 'X',
      secretariatEmails: ['a@b.example'],
    })
    expect(sep.status).toBe(400)
    // The last day an instant may have (1990–2100, the OpenAPI document says).
    const late = await meeting(api, boardId, '2100-12-31T10:00:00Z')
    expect(
      (await api.get(`/boards/${boardId}/meetings?from=2100-12-31T00:00:00Z`)).body.items.map(
        (m: { id: string }) => m.id,
      ),
    ).toEqual([late])
  })

  it('refuses to copy a due meeting that changed since it was read', async () => {
    const due = await meeting(api, boardId, '2095-01-03T10:00:00Z')
    const a = (
      await raise(m2, {
        itemNumber: 15,
        description: 'Racing a reschedule',
        ownerIds: [people.dt],
        dueMeetingId: due,
      })
    ).body
    const stale = {
      ...a,
      dueMeetingStartsAt: '2095-01-01T10:00:00.000Z',
      version: 2,
      updatedAt: new Date().toISOString(),
    }
    const edit = (after: typeof stale) => historyEntry(after, SYSTEM_ACTOR, 'edited')
    // The copy a was read with still matches the meeting: the write goes through.
    await expect(
      api.deps.store.actions.save(a, { ...stale, dueMeetingId: due }, edit(stale)),
    ).resolves.toBeUndefined()
    // Moving it to a meeting whose start it copied wrongly is refused.
    const other = await meeting(api, boardId, '2095-02-07T10:00:00Z')
    const moved = {
      ...stale,
      dueMeetingId: other,
      dueMeetingStartsAt: '2095-02-01T00:00:00.000Z',
      version: 3,
    }
    await expect(
      api.deps.store.actions.save({ ...stale, dueMeetingId: due }, moved, edit(moved)),
    ).rejects.toMatchObject({
      reason: 'stale-version',
    })
  })
})
