import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyRollover } from '#shared/usecases/rollover.ts'
import { sendOverdueSummaries } from '#shared/usecases/summaries.ts'
import { readZip } from '#test/unit/file-readers.ts'
import { type Api, meeting, newBoard, newPerson, raise, seedBoard, startApi } from './harness.ts'
import { reminderFixture, reminders } from './reminder-fixture.ts'

/**
 * The secretariat's bulk calls: many actions raised and many Actions Arising decided in one
 * call, each row saved or refused on its own; every field edited with the history saying
 * from what to what; and an action raised in error withdrawn out of every list and log.
 */
let api: Api
let boardId: string
let people: Awaited<ReturnType<typeof seedBoard>>['people']
let opcc: string

beforeAll(async () => {
  api = await startApi()
  ;({ boardId, people } = await seedBoard(api))
  opcc = (await newPerson(api, 'OPCC', { kind: 'team', email: undefined, memberIds: [people.sr] })).id
})
afterAll(() => api.close())

const text = (n: number) => `Written response ${n} to be provided by the Force`

describe('raising several actions in one call', () => {
  it('raises 12 rows, resolving typed owners, keeping a legacy reference and an exemption; an unknown initials fails alone', async () => {
    const m1 = await meeting(api, boardId, '2020-06-23T10:00:00+01:00')
    const m2 = await meeting(api, boardId, '2020-07-21T10:00:00+01:00')
    const rows: Record<string, unknown>[] = Array.from({ length: 12 }, (_, i) => ({
      itemNumber: 3,
      itemTitle: 'Performance Scrutiny Report',
      description: text(i),
      ownerIds: [people.dt],
    }))
    rows[1] = { itemNumber: 4, description: text(1), owners: 'DT / OPCC', dueMeetingId: m2 }
    rows[2] = { itemNumber: 1, description: text(2), owners: 'DT', ref: 'Action 1 02.21/12/21' }
    rows[3] = {
      itemNumber: 5,
      description: text(3),
      ownerIds: [people.dt],
      exempt: { section: 'S.31 (Law Enforcement)' },
      dueDate: '2020-08-01',
    }
    rows[4] = { itemNumber: 6, description: text(4), owners: 'DT / XY' }
    const res = await api.post(`/meetings/${m1}/actions`, { actions: rows })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ saved: 11, failed: 1 })
    const results = res.body.results as any[]
    expect(results.map((r) => r.row)).toEqual([...Array(12).keys()])
    expect(results[4]).toEqual({
      row: 4,
      actionId: null,
      ref: null,
      ok: false,
      status: 400,
      field: 'owners',
      detail: 'owners: no one on this board has the initials "XY"',
    })
    expect(results[1].action).toMatchObject({
      ownerIds: [people.dt, opcc],
      dueMeetingId: m2,
      ref: '04.23/06/2020',
    })
    expect(results[2].action.ref).toBe('Action 1 02.21/12/21')
    expect(results[3].action.exempt).toEqual({
      section: 'S.31 (Law Enforcement)',
      publicWording: 'Exempt FOIA under Section S.31 (Law Enforcement)',
    })
    // The item-3 rows number as the minutes would, in the order sent.
    expect(results.filter((r) => r.ok && r.action.itemNumber === 3).map((r) => r.ref)).toEqual([
      '03.23/06/2020',
      ...[2, 3, 4, 5, 6, 7, 8].map((n) => `03.23/06/2020 (${n})`),
    ])
    expect(results[0].action.itemTitle).toBe('Performance Scrutiny Report')
    // The failed row was not written; the others were.
    const listed = await api.get(`/meetings/${m1}/actions?limit=100`)
    expect(listed.body.items).toHaveLength(11)
    expect(listed.body.items.map((a: any) => a.description)).not.toContain(text(4))
  })

  it('answers 201 when every row was raised, refuses a row that reuses a reference, and still takes the single form', async () => {
    const m = await meeting(api, boardId, '2020-09-22T10:00:00+01:00')
    const all = await api.post(`/meetings/${m}/actions`, {
      actions: [
        { itemNumber: 1, description: 'a', ownerIds: [people.dt], ref: 'LEGACY 7' },
        { itemNumber: 2, description: 'b', owners: 'A&SI' },
      ],
    })
    expect(all.status).toBe(201)
    const again = await api.post(`/meetings/${m}/actions`, {
      actions: [
        { itemNumber: 1, description: 'c', ownerIds: [people.dt], ref: 'legacy  7' },
        { itemNumber: 1, description: 'd', ownerIds: [people.dt], extra: true },
        { itemNumber: 1, description: 'e', ownerIds: [people.dt], owners: 'DT' },
      ],
    })
    expect(again.status).toBe(200)
    expect(again.body.results.map((r: any) => [r.status, r.field])).toEqual([
      [409, 'ref'],
      [400, '(root)'],
      [400, 'owners'],
    ])
    const single = await api.post(`/meetings/${m}/actions`, { itemNumber: 9, description: 'f', owners: 'SR' })
    expect(single.status).toBe(201)
    expect(single.body.ownerIds).toEqual([people.sr])
    const bad = await api.post(`/meetings/${m}/actions`, { itemNumber: 'x', description: 'f', ownerIds: [] })
    expect(bad.status).toBe(400)
    expect(bad.body.issues.map((i: any) => i.path)).toEqual(['itemNumber', 'ownerIds'])
    expect((await api.post(`/meetings/${m}/actions`, { actions: [] })).status).toBe(400)
  })
})

describe('deciding many Actions Arising in one call', () => {
  it('saves 11 of 12 decisions, names the reference of the one without a discharge note, then carries the rest', async () => {
    // A board of its own, so that no other test's open actions arise at its meeting.
    const own = (await newBoard(api, { name: 'Governance and Performance Board', shortName: 'GPB' })).id
    const raisedAt = await meeting(api, own, '2021-01-26T10:00:00Z')
    const arising = await meeting(api, own, '2021-02-23T10:00:00Z')
    const raised = await api.post(`/meetings/${raisedAt}/actions`, {
      actions: Array.from({ length: 15 }, (_, i) => ({
        itemNumber: i + 1,
        description: text(i),
        ownerIds: [people.dt],
        dueMeetingId: arising,
      })),
    })
    expect(raised.status).toBe(201)
    const ids: string[] = raised.body.results.map((r: any) => r.actionId)
    const outcomes = ids
      .slice(0, 12)
      .map((actionId, i) =>
        i % 2 === 0
          ? { actionId, outcome: 'discharged', note: 'Discharged – response received' }
          : { actionId, outcome: 'carried-forward', note: 'Update – meeting scheduled' },
      )
    outcomes[4] = { actionId: ids[4] as string, outcome: 'discharged' } as (typeof outcomes)[number]
    const res = await api.post(`/meetings/${arising}/outcomes`, { outcomes })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ saved: 11, failed: 1 })
    expect(res.body.results[4]).toEqual({
      row: 4,
      actionId: ids[4],
      ref: '05.26/01/2021',
      ok: false,
      status: 400,
      field: 'note',
      detail: '05.26/01/2021: enter a discharge note',
    })
    expect(res.body.results[0].action.proposedOutcome).toMatchObject({ outcome: 'discharged' })

    // An unknown action, one not arising here, and a stale version each fail alone.
    const notHere = await raise(api, arising, { itemNumber: 1, description: 'later', ownerIds: [people.dt] })
    const UNKNOWN = '01JC2ZQ8M6X4W3V2T1S0R9P8N7'
    const mixed = await api.post(`/meetings/${arising}/outcomes`, {
      outcomes: [
        { actionId: UNKNOWN, outcome: 'carried-forward' },
        { actionId: notHere.id, outcome: 'carried-forward' },
        { actionId: ids[1], outcome: 'carried-forward', version: 1 },
        { actionId: ids[4], outcome: 'discharged', note: 'Discharged' },
      ],
    })
    expect(mixed.body.results.map((r: any) => [r.status ?? 'ok', r.field ?? null])).toEqual([
      [404, 'actionId'],
      [409, 'actionId'],
      [409, 'actionId'],
      ['ok', null],
    ])
    expect(mixed.body.results[0].detail).toBe(`${UNKNOWN}: action ${UNKNOWN} was not found`)
    expect(mixed.body.results[1].detail).toMatch(/^\d\d\.23\/02\/2021: the action is not due at or before/)

    // "Carry forward everything not decided": the three left out, nothing already decided.
    const rest = await api.post(`/meetings/${arising}/outcomes`, { outcomes: [], carryForwardRest: true })
    expect(rest.status).toBe(200)
    expect(rest.body.results.map((r: any) => r.actionId)).toEqual(ids.slice(12))
    expect(rest.body.results.every((r: any) => r.action.proposedOutcome.outcome === 'carried-forward')).toBe(
      true,
    )
    const after = await api.get(`/meetings/${arising}/actions-arising?limit=100`)
    expect(after.body.items.every((a: any) => a.proposedOutcome?.meetingId === arising)).toBe(true)
    // The single form is still taken.
    const single = await api.post(`/meetings/${arising}/outcomes`, {
      actionId: ids[0],
      outcome: 'carried-forward',
      note: 'Changed our mind',
    })
    expect(single.status).toBe(200)
    expect(single.body.proposedOutcome.outcome).toBe('carried-forward')
  })
})

describe('editing every field', () => {
  it('changes the reference, adds, changes and lifts an exemption, moves the due date, with history from and to', async () => {
    const m = await meeting(api, boardId, '2021-06-22T10:00:00+01:00')
    const a = await raise(api, m, { itemNumber: 2, description: 'Review', ownerIds: [people.dt] })
    const edit = async (version: number, body: Record<string, unknown>) => {
      const res = await api.patch(`/actions/${a.id}`, body, { headers: { 'if-match': `"${version}"` } })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body
    }
    await edit(1, { ref: 'Action 2 22.06/21', itemTitle: 'Estates', owners: 'DT / A&SI' })
    await edit(2, { exempt: { section: 'S.31', publicWording: 'Exempt (S.31)' } })
    await edit(3, { exempt: { section: 'S.40' } })
    const last = await edit(4, { exempt: null, dueDate: '2021-09-30' })
    expect(last).toMatchObject({
      ref: 'Action 2 22.06/21',
      exempt: null,
      dueDate: '2021-09-30',
      itemTitle: 'Estates',
    })
    const history = (await api.get(`/actions/${a.id}/history`)).body.items
    expect(history.map((h: any) => h.changes)).toEqual([
      null,
      {
        ref: { from: '02.22/06/2021', to: 'Action 2 22.06/21' },
        itemTitle: { from: null, to: 'Estates' },
        ownerIds: { from: [people.dt], to: [people.dt, people.team] },
      },
      { exempt: { from: null, to: { section: 'S.31', publicWording: 'Exempt (S.31)' } } },
      {
        exempt: {
          from: { section: 'S.31', publicWording: 'Exempt (S.31)' },
          to: { section: 'S.40', publicWording: 'Exempt FOIA under Section S.40' },
        },
      },
      {
        dueDate: { from: null, to: '2021-09-30' },
        exempt: { from: { section: 'S.40', publicWording: 'Exempt FOIA under Section S.40' }, to: null },
      },
    ])
    // A member who does not own it (the chair, as a member) sees the edits made while it was
    // exempt without their texts.
    const member = await api.token('member', people.chair)
    const seen = (await api.get(`/actions/${a.id}/history`, { token: member })).body.items
    expect(seen.map((h: any) => h.redacted)).toEqual([false, false, true, true, true])
    expect(seen[2].changes).toBeNull()

    // The old reference is free again, the new one is taken; a due date before the meeting is refused.
    await raise(api, m, { itemNumber: 3, description: 'x', ownerIds: [people.dt], ref: '02.22/06/2021' })
    const b = await raise(api, m, { itemNumber: 4, description: 'y', ownerIds: [people.dt] })
    const taken = await api.patch(
      `/actions/${b.id}`,
      { ref: 'action 2 22.06/21' },
      { headers: { 'if-match': '"1"' } },
    )
    expect(taken.status).toBe(409)
    const early = await api.patch(
      `/actions/${b.id}`,
      { dueDate: '2021-06-01' },
      { headers: { 'if-match': '"1"' } },
    )
    expect(early.status).toBe(400)
    expect(early.body.issues[0].path).toBe('dueDate')
    const unknown = await api.patch(`/actions/${b.id}`, { owners: 'QQ' }, { headers: { 'if-match': '"1"' } })
    expect(unknown.body.issues).toEqual([
      { path: 'owners', message: 'no one on this board has the initials "QQ"' },
    ])
  })
})

describe('withdrawing an action raised in error', () => {
  it('keeps it and its history, and leaves it out of every list, log, report, rollover and email', async () => {
    const f = await reminderFixture({ clock: { now: new Date('2026-03-01T09:00:00Z') } })
    try {
      const { api: fa, board } = f
      await fa.patch(`/boards/${board.id}`, { chairId: f.dt })
      const m1 = await meeting(fa, board.id, '2026-03-03T10:00:00Z')
      const m2 = await meeting(fa, board.id, '2026-03-24T10:00:00Z')
      const m3 = await meeting(fa, board.id, '2026-04-21T10:00:00Z')
      const kept = await raise(fa, m1, {
        itemNumber: 1,
        description: 'Kept',
        ownerIds: [f.bs],
        dueMeetingId: m2,
      })
      const gone = await raise(fa, m1, {
        itemNumber: 2,
        description: 'Raised in error',
        ownerIds: [f.dt],
        dueMeetingId: m2,
        dueDate: '2026-03-10',
      })
      const res = await fa.post(`/actions/${gone.id}/withdraw`, { reason: 'A duplicate of 01.03/03/2026' })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body).toMatchObject({
        status: 'withdrawn',
        withdrawal: { reason: 'A duplicate of 01.03/03/2026' },
      })
      expect((await fa.post(`/actions/${gone.id}/withdraw`, { reason: 'again' })).status).toBe(409)
      expect((await fa.get(`/actions/${gone.id}`)).body.status).toBe('withdrawn')
      const history = (await fa.get(`/actions/${gone.id}/history`)).body.items
      expect(history.at(-1)).toMatchObject({ kind: 'withdrawn', note: 'A duplicate of 01.03/03/2026' })

      const ids = async (path: string) =>
        ((await fa.get(path)).body.items as { id: string }[]).map((a) => a.id)
      expect(await ids(`/boards/${board.id}/actions`)).toEqual([kept.id])
      expect(await ids(`/boards/${board.id}/actions?status=withdrawn`)).toEqual([gone.id])
      expect(await ids(`/boards/${board.id}/actions?ownerId=${f.dt}`)).toEqual([])
      expect(await ids(`/boards/${board.id}/actions?ownerId=${f.dt}&status=withdrawn`)).toEqual([gone.id])
      expect(await ids(`/people/${f.dt}/actions`)).toEqual([])
      expect(await ids(`/meetings/${m1}/actions`)).toEqual([kept.id])
      expect(await ids(`/meetings/${m2}/actions-arising`)).toEqual([kept.id])
      for (const format of ['csv', 'html', 'docx']) {
        for (const meetingId of [m1, m2]) {
          const log = await fa.get(`/meetings/${meetingId}/action-log?format=${format}&version=full`)
          expect(log.status).toBe(200)
          const body = format === 'docx' ? await docxText(fa, meetingId) : String(log.body)
          expect(body).toContain('Kept')
          expect(body).not.toContain('Raised in error')
        }
      }
      // Its reference stays reserved.
      const reuse = await fa.post(`/meetings/${m1}/actions`, {
        itemNumber: 2,
        description: 'z',
        ownerIds: [f.dt],
        ref: gone.ref,
      })
      expect(reuse.status).toBe(409)

      // The chair's overdue report and summary, and DT's reminder: nothing of the withdrawn one.
      f.clock.now = new Date('2026-03-20T09:00:00Z')
      const overdue = await fa.get(`/boards/${board.id}/overdue`)
      expect(overdue.body.total).toBe(0)
      await f.sweep('2026-03-17T08:00:00Z')
      expect(await reminders(f.mail.dt)).toEqual([])
      expect((await reminders(f.mail.bs)).length).toBeGreaterThan(0)
      const summary = await sendOverdueSummaries(f.stream.deps, new Date('2026-03-21T08:00:00Z'))
      await f.stream.drain(new Date('2026-03-21T08:00:01Z'))
      expect(summary.failures).toEqual([])

      // Not rolled over: approving m2 carries the kept action to m3, and leaves the withdrawn one be.
      f.clock.now = new Date('2026-03-25T09:00:00Z')
      expect((await fa.post(`/meetings/${m2}/minutes-approval`, { approvedOn: '2026-03-25' })).status).toBe(
        202,
      )
      const rolled = await applyRollover(fa.deps, m2)
      expect(rolled).toMatchObject({ carried: 1, discharged: 0 })
      expect((await fa.get(`/actions/${gone.id}`)).body).toMatchObject({
        status: 'withdrawn',
        dueMeetingId: m2,
      })
      expect(await ids(`/meetings/${m3}/actions-arising`)).toEqual([kept.id])

      // A discharged action cannot be withdrawn; a withdrawn one cannot be edited or updated.
      const edit = await fa.patch(
        `/actions/${gone.id}`,
        { description: 'x' },
        { headers: { 'if-match': '"2"' } },
      )
      expect(edit.status).toBe(409)
      expect((await fa.post(`/actions/${gone.id}/updates`, { text: 'x' })).status).toBe(409)
    } finally {
      await f.close()
    }
  })

  it('refuses to withdraw a discharged action', async () => {
    const m1 = await meeting(api, boardId, '2022-01-25T10:00:00Z')
    const m2 = await meeting(api, boardId, '2022-02-22T10:00:00Z')
    const a = await raise(api, m1, {
      itemNumber: 1,
      description: 'x',
      ownerIds: [people.dt],
      dueMeetingId: m2,
    })
    await api.post(`/meetings/${m2}/outcomes`, { actionId: a.id, outcome: 'discharged', note: 'Done' })
    await api.post(`/meetings/${m2}/minutes-approval`, { approvedOn: '2022-03-01' })
    await applyRollover(api.deps, m2)
    const res = await api.post(`/actions/${a.id}/withdraw`, { reason: 'oops' })
    expect(res.status).toBe(409)
    expect(res.body.detail).toBe('a discharged action cannot be withdrawn')
  })
})

/** The text of a Word action log (its document.xml), to look for an action's words. */
async function docxText(a: Api, meetingId: string): Promise<string> {
  const res = await fetch(`${a.url}/meetings/${meetingId}/action-log?format=docx&version=full`, {
    headers: { authorization: `Bearer ${a.tokens.secretariat}` },
  })
  return readZip(new Uint8Array(await res.arrayBuffer())).get('word/document.xml') ?? ''
}
