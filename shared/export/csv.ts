import { stringify } from 'csv-stringify/sync'
import type { RedactedAction } from '../domain/action.ts'
import {
  type ActionLog,
  type ActionLogRow,
  approvalLabel,
  exemptLabel,
  noteLabel,
  ownerNamesLabel,
  ownersLabel,
  STATUS_LABEL,
} from '../domain/action-log.ts'
import type { Person } from '../domain/person.ts'
import { isoDateIn } from '../domain/time.ts'

/** One header row, then one row per action; the section is a column so the file stays one table. */
export const CSV_HEADER = [
  'Section',
  'Reference',
  'Action',
  'Owners',
  'Owner names',
  'Raised',
  'Due meeting',
  'Due date',
  'Status',
  'Last update or note',
  'Times carried forward',
  'Exempt',
] as const

/**
 * The action log as CSV: UTF-8 with a byte-order mark (so Excel reads the £ and the dashes
 * right), RFC 4180 quoting, CRLF between records. Dates are ISO so no locale misreads them.
 */
export function renderCsv(log: ActionLog): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(toCsv([[...CSV_HEADER], ...logRecords(log)]))
}

/**
 * One record per row, section by section, each ending with `extra`; then the approval as
 * minuted, a record of its own with its words in the Action column.
 */
function logRecords(log: ActionLog, extra: readonly string[] = []): string[][] {
  const records = log.sections.flatMap((section) =>
    section.rows.map((row) => [...csvRecord(section.title, row, log), ...extra]),
  )
  if (log.approval)
    records.push([
      'Minutes approval',
      '',
      approvalLabel(log.approval),
      ...CSV_HEADER.slice(3).map(() => ''),
      ...extra,
    ])
  return records
}

/**
 * The published action log as CSV: the same columns and a last one, `Licence`, in every
 * record (a comment line or a trailing note would break parsers, and a row cut out of the
 * file still says how it may be reused). Only the open version is published.
 */
export const PUBLISHED_CSV_HEADER = [...CSV_HEADER, 'Licence'] as const

export function renderPublishedCsv(log: ActionLog, licence: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(toCsv([[...PUBLISHED_CSV_HEADER], ...logRecords(log, [licence])]))
}

/**
 * Records as CSV text: the BOM, each field neutralised with line breaks inside it made LF (so
 * CRLF only ever ends a record), quoted by RFC 4180 when it holds a quote, comma or line break,
 * and every record ended by CRLF.
 */
export function toCsv(records: string[][]): string {
  return stringify(records, {
    bom: true,
    record_delimiter: '\r\n',
    // With a record delimiter given, the library would quote only fields holding all of it.
    quote_record_delimiter: true,
    cast: { string: (value) => neutralise(value).replace(/\r\n?/g, '\n') },
  })
}

function csvRecord(section: string, row: ActionLogRow, log: ActionLog): string[] {
  return [
    section,
    row.ref,
    row.text,
    ownersLabel(row),
    ownerNamesLabel(row),
    row.raisedOn,
    row.dueMeetingOn ?? row.dueWording ?? '',
    row.dueDate ?? '',
    STATUS_LABEL[row.status],
    noteLabel(row),
    String(row.carryCount),
    exemptLabel(row, log.version),
  ]
}

/**
 * Characters that make a spreadsheet read a cell as a formula (or, for tab and CR, that some
 * importers strip to reach one): such a cell gets a leading apostrophe, which spreadsheets
 * show as text and do not evaluate (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

const ACTION_STATUS_LABEL: Record<RedactedAction['status'], string> = {
  open: 'Open',
  discharged: 'Discharged',
  withdrawn: 'Withdrawn',
}

/** The action log's columns without its section: a board log is one list. */
export const BOARD_LOG_CSV_HEADER = CSV_HEADER.slice(1)

/**
 * A board log's rows as the page shows them (the reader's view: an exempt action they may
 * not see is its public wording), one record per action, dates ISO in the board's zone.
 */
export function renderBoardLogCsv(
  actions: readonly RedactedAction[],
  people: ReadonlyMap<string, Pick<Person, 'initials' | 'name'>>,
  timeZone: string,
): Uint8Array<ArrayBuffer> {
  const records: string[][] = [[...BOARD_LOG_CSV_HEADER]]
  const day = (instant: string | null) => (instant ? isoDateIn(new Date(instant), timeZone) : '')
  for (const a of actions) {
    const owners = a.ownerIds.map((id) => people.get(id))
    records.push([
      a.ref,
      a.description,
      owners.map((p) => p?.initials ?? '?').join(', '),
      owners.map((p) => p?.name ?? 'unknown owner').join(', '),
      day(a.raisedAt),
      day(a.dueMeetingStartsAt),
      a.dueDate ?? '',
      ACTION_STATUS_LABEL[a.status],
      a.discharge?.note ?? a.updates.at(-1)?.text ?? '',
      String(a.carryCount),
      a.exempt ? (a.redacted ? 'Exempt' : `Exempt – ${a.exempt.section}`) : '',
    ])
  }
  return new TextEncoder().encode(toCsv(records))
}
