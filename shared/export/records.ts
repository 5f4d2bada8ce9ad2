import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Action, ActionStatus, type HistoryEntry } from '../domain/action.ts'
import type { Board } from '../domain/board.ts'
import type { Meeting } from '../domain/meeting.ts'
import type { MinutesImport, StoredDraft } from '../domain/minutes-import.ts'
import type { Person } from '../domain/person.ts'
import type { Suppression } from '../domain/suppression.ts'
import type { RolloverEntry, Store, UnreadableItem } from '../store/store.ts'
import { toCsv } from './csv.ts'

/**
 * Everything the records manager keeps, for `npm run export-all`: every board, person,
 * membership, meeting, action and action history entry, what each approved minutes' rollover
 * discharged and carried, every minutes import with its drafts, and the suppressed addresses;
 * each kind as JSON (the records as the API gives them) and as CSV (one row each, nested fields
 * as JSON in their cell, every value as stored), and a manifest of the counts. It reads through
 * the repositories' own queries, board by board, meeting by meeting and action by action, so it
 * issues no Scan (the Lambdas' rule) and pages through any size. An item that does not parse is
 * reported with its key (the manifest's `unreadable`) and the export goes on without it.
 */
export const RECORD_KINDS = [
  'boards',
  'people',
  'members',
  'meetings',
  'actions',
  'actionHistory',
  'rolloverEntries',
  'minutesImports',
  'drafts',
  'suppressions',
] as const
export type RecordKind = (typeof RECORD_KINDS)[number]
export type ExportCounts = Record<RecordKind, number>

export type Manifest = {
  exportedAt: string
  source: string
  counts: ExportCounts
  files: string[]
  /** Items the export read past because they did not parse: none, or the export is incomplete. */
  unreadable: UnreadableItem[]
}

const PAGE = 100

/** Every action of a board, whatever its status (withdrawn ones too), a page at a time. */
async function boardActions(store: Store, boardId: string): Promise<Action[]> {
  const all: Action[] = []
  for (const status of ActionStatus.options) {
    let cursor: string | undefined
    do {
      const page = await store.actions.pageByBoard(boardId, status, { limit: PAGE, cursor })
      all.push(...page.items)
      cursor = page.next ?? undefined
    } while (cursor)
  }
  return all
}

/** A cell: text as it is, nested values as JSON, absent as empty. */
const cell = (v: unknown): string =>
  v === undefined || v === null
    ? ''
    : typeof v === 'string'
      ? v
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v)

/** Rows as CSV, the columns every record has between them, in first-seen order. */
export function recordsCsv(rows: readonly Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  return toCsv([columns, ...rows.map((r) => columns.map((c) => cell(r[c])))])
}

export async function exportAll(
  strict: Store,
  dir: string,
  opts: { source: string; now?: Date; progress?: (line: string) => void } = { source: 'the table' },
): Promise<Manifest> {
  const progress = opts.progress ?? (() => {})
  const unreadable: UnreadableItem[] = []
  const store = strict.readingPast((item) => {
    unreadable.push(item)
    progress(`unreadable ${item.type ?? 'item'} ${item.key.PK} ${item.key.SK}: ${item.error}`)
  })
  const boards: Board[] = await store.boards.list()
  const people: Person[] = await store.people.list()
  const suppressions: Suppression[] = await store.suppressions.list()
  progress(`${boards.length} boards, ${people.length} people, ${suppressions.length} suppressed addresses`)
  const members: { boardId: string; personId: string }[] = []
  const meetings: Meeting[] = []
  const actions: Action[] = []
  const history: HistoryEntry[] = []
  const rolloverEntries: ({ meetingId: string } & RolloverEntry)[] = []
  const imports: MinutesImport[] = []
  const drafts: StoredDraft[] = []
  for (const [i, board] of boards.entries()) {
    for (const personId of await store.members.ids(board.id)) members.push({ boardId: board.id, personId })
    const itsMeetings = await store.meetings.list(board.id)
    const itsActions = await boardActions(store, board.id)
    meetings.push(...itsMeetings)
    actions.push(...itsActions)
    let entries = 0
    for (const action of itsActions) {
      const its = await store.actions.listHistory(action.id)
      entries += its.length
      history.push(...its)
    }
    let itsImports = 0
    for (const meeting of itsMeetings) {
      const [entries, imps] = await Promise.all([
        store.actions.listRolloverEntries(meeting.id),
        store.imports.listForMeeting(meeting.id),
      ])
      for (const entry of entries) rolloverEntries.push({ meetingId: meeting.id, ...entry })
      for (const imp of imps) {
        imports.push(imp)
        drafts.push(...(await store.imports.drafts(imp.id)))
        itsImports++
      }
    }
    progress(
      `board ${i + 1}/${boards.length} ${board.name}: ${itsMeetings.length} meetings, ${itsActions.length} actions, ${entries} history entries, ${itsImports} minutes imports`,
    )
  }
  const records: Record<RecordKind, readonly object[]> = {
    boards,
    people,
    members,
    meetings,
    actions,
    actionHistory: history,
    rolloverEntries,
    minutesImports: imports,
    drafts,
    suppressions,
  }
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  for (const kind of RECORD_KINDS) {
    const rows = records[kind] as Record<string, unknown>[]
    writeFileSync(join(dir, `${kind}.json`), `${JSON.stringify(rows, null, 2)}\n`)
    writeFileSync(join(dir, `${kind}.csv`), recordsCsv(rows))
    files.push(`${kind}.json`, `${kind}.csv`)
  }
  const counts = Object.fromEntries(RECORD_KINDS.map((k) => [k, records[k].length])) as ExportCounts
  const manifest: Manifest = {
    exportedAt: (opts.now ?? new Date()).toISOString(),
    source: opts.source,
    counts,
    files,
    unreadable,
  }
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  progress(
    `wrote ${RECORD_KINDS.map((k) => `${counts[k]} ${k}`).join(', ')} to ${dir} (JSON and CSV, and manifest.json)`,
  )
  if (unreadable.length)
    progress(
      `${unreadable.length} items could not be read and are not in the export (manifest.json lists them)`,
    )
  return manifest
}
