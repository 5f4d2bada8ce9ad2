import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { ulid } from 'ulid'
import { afterAll, describe, expect, it } from 'vitest'
import { exportAll, RECORD_KINDS } from '#shared/export/records.ts'
import { applyRollover } from '#shared/usecases/rollover.ts'
import { parseCsv } from '#test/unit/file-readers.ts'
import { meeting, newBoard, newPerson, raise, seedBoard, startApi } from './harness.ts'

const api = await startApi()
const dir = mkdtempSync(join(tmpdir(), 'export-all-'))
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  // Fails the file if anything here, the export included, issued a Scan.
  await api.close()
})

const json = (kind: string) => JSON.parse(readFileSync(join(dir, `${kind}.json`), 'utf8'))
/** A CSV file's rows as records by its header (after the byte-order mark). */
const csv = (kind: string): Record<string, string>[] => {
  const [header = [], ...rows] = parseCsv(
    readFileSync(join(dir, `${kind}.csv`), 'utf8').replace(/^\uFEFF/, ''),
  )
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])))
}

describe('npm run export-all', () => {
  it('writes every board, person, membership, meeting, action, history entry, rollover entry, minutes import and draft, and suppression as JSON and CSV, without a Scan', async () => {
    const { boardId, people } = await seedBoard(api)
    const other = await newBoard(api, { name: 'Joint Audit Committee', shortName: 'JAC' })
    const member = await newPerson(api, 'JM')
    for (const [board, person] of [
      [boardId, people.dt],
      [boardId, people.sr],
      [other.id, member.id],
    ] as const)
      expect((await api.call('PUT', `/boards/${board}/members/${person}`)).status).toBeLessThan(300)
    const m1 = await meeting(api, boardId, '2026-01-13T10:00:00Z')
    const m2 = await meeting(api, boardId, '2026-02-10T10:00:00Z')
    const m3 = await meeting(api, other.id, '2026-01-20T10:00:00Z')
    const traced = await raise(api, m1, {
      itemNumber: 2,
      description: 'Review the estates strategy',
      ownerIds: [people.dt],
    })
    await raise(api, m1, {
      itemNumber: 3,
      description: 'Circulate the risk register',
      ownerIds: [people.team],
    })
    await raise(api, m2, { itemNumber: 4, description: 'Report on call handling', ownerIds: [people.sr] })
    const gone = await raise(api, m3, {
      itemNumber: 5,
      description: 'Raised in error',
      ownerIds: [member.id],
    })
    // Its history: created, edited twice ("quoted, with a comma" so the CSV must quote it).
    for (const [version, description] of [
      [1, 'Review the estates strategy, "phase 2"'],
      [2, 'Review the estates strategy, "phase 2", with costs'],
    ] as const) {
      const res = await api.patch(
        `/actions/${traced.id}`,
        { description },
        { headers: { 'if-match': `"${version}"` } },
      )
      expect(res.status).toBe(200)
    }
    // A withdrawn action is a record too.
    expect((await api.post(`/actions/${gone.id}/withdraw`, { reason: 'A duplicate' })).status).toBe(200)
    // Text a spreadsheet would take for a formula.
    const formulaLike = await raise(api, m2, {
      itemNumber: 6,
      description: '=SUM of the overtime budget, -3% on last year',
      ownerIds: [people.sr],
    })
    // The other board's next meeting approves its minutes, which discharge an action.
    const m4 = await meeting(api, other.id, '2026-02-17T10:00:00Z')
    const discharged = await raise(api, m3, {
      itemNumber: 6,
      description: 'Publish the audit plan',
      ownerIds: [member.id],
    })
    const outcome = await api.post(`/meetings/${m4}/outcomes`, {
      actionId: discharged.id,
      outcome: 'discharged',
      note: 'Published on 1 February',
    })
    expect(outcome.status, JSON.stringify(outcome.body)).toBeLessThan(300)
    const approval = await api.post(`/meetings/${m4}/minutes-approval`, { approvedOn: '2026-03-17' })
    expect(approval.status, JSON.stringify(approval.body)).toBe(202)
    // The rollover the stream would run.
    await applyRollover(api.deps, m4)
    // Minutes read into drafts, waiting for the secretariat.
    const imported = await api.post(`/meetings/${m2}/minutes-imports`, {
      text: 'ACTION: DT to circulate the revised budget\nDate of next meeting: 10 March 2026 at 10:00',
    })
    expect(imported.status, JSON.stringify(imported.body).slice(0, 300)).toBe(201)
    const draftCount = imported.body.drafts.length
    expect(draftCount).toBeGreaterThan(0)
    await api.deps.store.suppressions.save({
      email: 'bounced@force.example',
      reason: 'bounce',
      detail: 'smtp; 550 5.1.1 user unknown',
      at: '2026-02-01T09:00:00.000Z',
      messageId: null,
    })
    // Two items the code cannot read (a meeting with no status, a history entry with no version):
    // each is reported with its key, and everything else is still written.
    const badMeeting = ulid()
    const put = (Item: Record<string, unknown>) =>
      api.doc.send(new PutCommand({ TableName: api.tableName, Item }))
    await put({
      PK: `MEETING#${badMeeting}`,
      SK: 'MEETING',
      GSI1PK: `BOARD#${boardId}#MEETINGS`,
      GSI1SK: `2026-03-10T10:00:00Z#${badMeeting}`,
      type: 'Meeting',
      id: badMeeting,
      boardId,
      startsAt: '2026-03-10T10:00:00Z',
    })
    await put({ PK: `ACTION#${gone.id}`, SK: 'HIST#00000099', type: 'History', version: 'ninety-nine' })
    const lines: string[] = []

    const manifest = await exportAll(api.deps.store, dir, { source: 'test', progress: (l) => lines.push(l) })

    const peopleCount = Object.keys(people).length + 1
    expect(manifest.counts).toEqual({
      boards: 2,
      people: peopleCount,
      members: 3,
      meetings: 4,
      actions: 6,
      // Created once each, the traced one edited twice, the withdrawn one withdrawn, the
      // discharged one proposed and discharged by the rollover (the bad entry left out).
      actionHistory: 6 + 2 + 1 + 2,
      rolloverEntries: 1,
      minutesImports: 1,
      drafts: draftCount,
      suppressions: 1,
    })
    const unreadable = new Map(manifest.unreadable.map((u) => [`${u.type} ${u.key.PK} ${u.key.SK}`, u.error]))
    expect([...unreadable.keys()].sort()).toEqual(
      [`Meeting MEETING#${badMeeting} MEETING`, `History ACTION#${gone.id} HIST#00000099`].sort(),
    )
    expect(unreadable.get(`Meeting MEETING#${badMeeting} MEETING`)).toContain('status: Invalid option')
    expect(lines.filter((l) => l.startsWith('unreadable '))).toHaveLength(2)
    expect(
      json('actionHistory')
        .filter((h: { actionId: string }) => h.actionId === discharged.id)
        .map((h: { kind: string }) => h.kind),
    ).toEqual(['created', 'outcome-proposed', 'discharged'])
    expect(json('rolloverEntries')).toEqual([{ meetingId: m4, actionId: discharged.id, kind: 'discharged' }])
    expect(json('minutesImports')[0]).toMatchObject({ id: imported.body.id, meetingId: m2 })
    expect(new Set(json('drafts').map((d: { importId: string }) => d.importId))).toEqual(
      new Set([imported.body.id]),
    )
    expect(csv('suppressions')[0]).toMatchObject({ email: 'bounced@force.example', reason: 'bounce' })
    // The JSON holds the value as stored; the CSV, which people open in a spreadsheet, its safe form.
    expect(json('actions').find((a: { id: string }) => a.id === formulaLike.id)?.description).toBe(
      '=SUM of the overtime budget, -3% on last year',
    )
    expect(csv('actions').find((a) => a.id === formulaLike.id)?.description).toBe(
      "'=SUM of the overtime budget, -3% on last year",
    )
    expect(json('manifest').counts).toEqual(manifest.counts)
    for (const kind of RECORD_KINDS) {
      expect(json(kind), kind).toHaveLength(manifest.counts[kind])
      expect(csv(kind), kind).toHaveLength(manifest.counts[kind])
    }
    expect(
      json('actions')
        .map((a: { status: string }) => a.status)
        .sort(),
    ).toEqual(['discharged', 'open', 'open', 'open', 'open', 'withdrawn'])
    // One action's full history, oldest first, the same in both files.
    const fromJson = json('actionHistory').filter((h: { actionId: string }) => h.actionId === traced.id)
    expect(fromJson.map((h: { version: number; kind: string }) => [h.version, h.kind])).toEqual([
      [1, 'created'],
      [2, 'edited'],
      [3, 'edited'],
    ])
    expect(fromJson[2].changes.description).toEqual({
      from: 'Review the estates strategy, "phase 2"',
      to: 'Review the estates strategy, "phase 2", with costs',
    })
    const fromCsv = csv('actionHistory').filter((h) => h.actionId === traced.id)
    expect(fromCsv.map((h) => [Number(h.version), h.kind])).toEqual([
      [1, 'created'],
      [2, 'edited'],
      [3, 'edited'],
    ])
    expect(fromCsv.map((h) => (h.changes ? JSON.parse(h.changes) : null))).toEqual(
      fromJson.map((h: { changes: unknown }) => h.changes),
    )
    expect(csv('actions').find((a) => a.id === traced.id)?.description).toBe(
      'Review the estates strategy, "phase 2", with costs',
    )
    // Progress: a line per board, then what was written.
    expect(lines.filter((l) => l.startsWith('board '))).toHaveLength(2)
    expect(lines.find((l) => l.startsWith('wrote '))).toContain('11 actionHistory')
    expect(lines.at(-1)).toMatch(/^2 items could not be read/)
  })
})
