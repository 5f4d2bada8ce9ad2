import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { exportAll, RECORD_KINDS } from '#shared/export/records.ts'
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
  it('writes every board, person, membership, meeting, action and history entry as JSON and CSV, without a Scan', async () => {
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
    const lines: string[] = []

    const manifest = await exportAll(api.deps.store, dir, { source: 'test', progress: (l) => lines.push(l) })

    const peopleCount = Object.keys(people).length + 1
    expect(manifest.counts).toEqual({
      boards: 2,
      people: peopleCount,
      members: 3,
      meetings: 3,
      actions: 4,
      // Created once each, the traced one edited twice, the withdrawn one withdrawn.
      actionHistory: 4 + 2 + 1,
    })
    expect(json('manifest').counts).toEqual(manifest.counts)
    for (const kind of RECORD_KINDS) {
      expect(json(kind), kind).toHaveLength(manifest.counts[kind])
      expect(csv(kind), kind).toHaveLength(manifest.counts[kind])
    }
    expect(
      json('actions')
        .map((a: { status: string }) => a.status)
        .sort(),
    ).toEqual(['open', 'open', 'open', 'withdrawn'])
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
    expect(lines.at(-1)).toContain('7 actionHistory')
  })
})
