import * as z from 'zod'
import type { Action } from './action.ts'
import { redact, updateDay } from './action-rules.ts'
import type { Board } from './board.ts'
import { type Actor, IsoDate } from './common.ts'
import type { Meeting } from './meeting.ts'
import type { Person } from './person.ts'
import { isoDateIn } from './time.ts'

/**
 * The action log of a meeting, as it goes into the meeting pack: the Actions Arising at the
 * meeting and the actions raised at it, one row per action, with the exempt items already
 * redacted for the open version. Renderers (Word, CSV, HTML) only lay these rows out, so the
 * redaction rule lives here once and no renderer can forget it.
 */

export const ActionLogFormat = z.enum(['docx', 'csv', 'html'])
export type ActionLogFormat = z.infer<typeof ActionLogFormat>

/** `open` is the publishable paper (exempt items redacted); `full` is for the secretariat and chair. */
export const ActionLogVersion = z.enum(['open', 'full'])
export type ActionLogVersion = z.infer<typeof ActionLogVersion>

/** Word's media type, for the route's description and the file it sends. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export const ActionLogQuery = z.strictObject({
  // A default keeps a bare GET meaningful (and an unknown meeting a 404, not a 400).
  format: ActionLogFormat.default('docx').meta({
    description: 'Word (default), CSV or a print-ready HTML page',
  }),
  version: ActionLogVersion.default('open').meta({
    description: 'open (default): exempt items show their public wording; full: secretariat and chair only',
  }),
})
export type ActionLogQuery = z.infer<typeof ActionLogQuery>

/**
 * Where an action stands as seen from the meeting: settled by that meeting's approved
 * minutes (discharged / carried forward), proposed there and waiting for the approval, or open.
 */
export const RowStatus = z.enum([
  'open',
  'discharge-proposed',
  'carry-proposed',
  'carried-forward',
  'discharged',
])
export type RowStatus = z.infer<typeof RowStatus>

export const RowNote = z.object({
  /** `exempt`: the public wording standing in for whatever note the action has (or has not). */
  kind: z.enum(['update', 'outcome', 'discharge', 'exempt']),
  text: z.string(),
  on: IsoDate.nullable(),
})
export type RowNote = z.infer<typeof RowNote>

export const ActionLogRow = z.object({
  ref: z.string(),
  /** The action's text, or the exemption's public wording in the open version. */
  text: z.string(),
  owners: z.array(z.object({ initials: z.string(), name: z.string() })),
  raisedOn: IsoDate,
  dueMeetingOn: IsoDate.nullable(),
  dueDate: IsoDate.nullable(),
  /** A work-programme item due at no one meeting: "Every meeting" or "To be timetabled". */
  dueWording: z.string().nullable(),
  status: RowStatus,
  note: RowNote.nullable(),
  carryCount: z.number().int().min(0),
  /**
   * Set on exempt actions. The section is given only in the full version: a custom public
   * wording may deliberately not name it.
   */
  exempt: z.object({ section: z.string().nullable() }).nullable(),
})
export type ActionLogRow = z.infer<typeof ActionLogRow>

export const ActionLogSection = z.object({
  key: z.enum(['arising', 'raised']),
  title: z.string(),
  rows: z.array(ActionLogRow),
})
export type ActionLogSection = z.infer<typeof ActionLogSection>

export const ActionLog = z.object({
  version: ActionLogVersion,
  board: z.object({ name: z.string(), shortName: z.string() }),
  meeting: z.object({
    title: z.string(),
    date: IsoDate,
    /** "23 June 2020", in the board's time zone. */
    dateLabel: z.string(),
    location: z.string().nullable(),
  }),
  /** Document title: board short name, meeting date and version, never any action's text. */
  title: z.string(),
  /** File name without extension, from the same parts only (so nothing exempt can reach a header). */
  fileBaseName: z.string(),
  producedOn: IsoDate,
  /** The approval of this meeting's minutes as minuted, once recorded. */
  approval: z
    .object({
      approvedOn: IsoDate,
      signatories: z.array(z.object({ name: z.string(), signedOn: IsoDate })),
      recordedBy: z.string(),
    })
    .nullable(),
  sections: z.tuple([ActionLogSection, ActionLogSection]),
})
export type ActionLog = z.infer<typeof ActionLog>

export type ActionLogInput = {
  meeting: Meeting
  board: Board
  /** Actions Arising at the meeting: open ones due at or before it, and those its approved minutes settled. */
  arising: readonly Action[]
  raised: readonly Action[]
  /** What the meeting's approved minutes did to an action (from the rollover's log). */
  settled: ReadonlyMap<string, 'discharged' | 'carried-forward'>
  /** The owners, and whoever recorded the minutes approval. */
  people: ReadonlyMap<string, Pick<Person, 'initials' | 'name'>>
  version: ActionLogVersion
  now: Date
}

export function buildActionLog(input: ActionLogInput): ActionLog {
  const { meeting, board, version } = input
  const date = isoDateIn(new Date(meeting.startsAt), board.timeZone)
  const dateLabel = longDate(meeting.startsAt, board.timeZone)
  const toRow = (a: Action) => rowOf(a, input)
  const arising = [...input.arising].sort(byRaisedThenRef).map(toRow)
  const raised = input.raised.map(toRow)
  return {
    version,
    board: { name: board.name, shortName: board.shortName },
    meeting: { title: meeting.title, date, dateLabel, location: meeting.location },
    title: `${board.shortName} ${dateLabel} – action log (${version} version)`,
    fileBaseName: `${fileSafe(board.shortName)}-${date}-action-log-${version}`,
    producedOn: isoDateIn(input.now, board.timeZone),
    approval: minutesApprovalView(meeting, input.people),
    sections: [
      { key: 'arising', title: 'Actions Arising', rows: arising },
      { key: 'raised', title: 'Actions raised at this meeting', rows: raised },
    ],
  }
}

function rowOf(original: Action, input: ActionLogInput): ActionLogRow {
  const { board, meeting, version } = input
  // The open version is built from the same redacted view the API gives members, so the
  // two cannot disagree about what an exempt action shows.
  const a = version === 'open' ? redact(original) : { ...original, redacted: false }
  const tz = board.timeZone
  const status = statusAt(a, meeting, input.settled.get(a.id))
  const wording = original.exempt?.publicWording
  const note: RowNote | null =
    version === 'open' && wording !== undefined
      ? // Whether an exempt action has a note, and when, is not for publication either.
        { kind: 'exempt', text: wording, on: null }
      : noteOf(a, status, meeting, tz)
  return {
    ref: a.ref,
    text: a.description,
    owners: a.ownerIds.map((id) => {
      const p = input.people.get(id)
      return p ? { initials: p.initials, name: p.name } : { initials: '?', name: 'unknown owner' }
    }),
    raisedOn: isoDateIn(new Date(a.raisedAt), tz),
    dueMeetingOn: a.dueMeetingStartsAt ? isoDateIn(new Date(a.dueMeetingStartsAt), tz) : null,
    dueDate: a.dueDate,
    dueWording: undatedWording(a),
    status,
    note,
    carryCount: a.carryCount,
    exempt: original.exempt ? { section: version === 'full' ? original.exempt.section : null } : null,
  }
}

function statusAt(
  a: Action,
  meeting: Meeting,
  settled: 'discharged' | 'carried-forward' | undefined,
): RowStatus {
  if (settled) return settled
  if (a.status === 'discharged') return 'discharged'
  const proposal = a.proposedOutcome?.meetingId === meeting.id ? a.proposedOutcome : null
  if (proposal) return proposal.outcome === 'discharged' ? 'discharge-proposed' : 'carry-proposed'
  return 'open'
}

/** The last word on an action: its discharge note, the outcome proposed at this meeting, or its latest update. */
function noteOf(a: Action, status: RowStatus, meeting: Meeting, tz: string): RowNote | null {
  if (status === 'discharged' && a.discharge)
    return { kind: 'discharge', text: a.discharge.note, on: a.discharge.on }
  const proposal = a.proposedOutcome?.meetingId === meeting.id ? a.proposedOutcome : null
  if (proposal) return { kind: 'outcome', text: proposal.note, on: isoDateIn(new Date(proposal.at), tz) }
  const last = a.updates.at(-1)
  // An update typed later for its owner is dated the day it was given (e.g. at the meeting).
  return last ? { kind: 'update', text: last.text, on: updateDay(last, tz) } : null
}

/** The meeting's minutes approval by names: its signatories and who recorded it. */
export function minutesApprovalView(
  meeting: Pick<Meeting, 'minutesApproval'>,
  people: ReadonlyMap<string, Pick<Person, 'name'>>,
): ActionLog['approval'] {
  const a = meeting.minutesApproval
  if (!a) return null
  return {
    approvedOn: a.approvedOn,
    signatories: a.signatories.map((s) => ({ name: s.name, signedOn: s.signedOn })),
    recordedBy: actorName(a.recordedBy, people),
  }
}

/** Who did something, by name where the directory knows them ("Sam Clerk"), else by role. */
export function actorName(by: Actor, people: ReadonlyMap<string, Pick<Person, 'name'>>): string {
  const named = by.personId ? people.get(by.personId)?.name : undefined
  if (named) return named
  if (by.kind === 'system') return 'the tracker'
  return by.role ? `the ${by.role}` : 'someone'
}

/**
 * "Minutes approved on 3 January 2023, signed by P. Secombe (3 January 2023) and D. Tedds
 * (3 January 2023); recorded by Sam Clerk.", as the log's readers would minute it.
 */
export function approvalLabel(approval: NonNullable<ActionLog['approval']>): string {
  const signed = approval.signatories.map((s) => `${s.name} (${longIsoDate(s.signedOn)})`)
  const list =
    signed.length <= 1 ? (signed[0] ?? '') : `${signed.slice(0, -1).join(', ')} and ${signed.at(-1)}`
  return `Minutes approved on ${longIsoDate(approval.approvedOn)}${
    list ? `, signed by ${list}` : ''
  }; recorded by ${approval.recordedBy}.`
}

/** 2023-01-03 → "3 January 2023". */
function longIsoDate(iso: string): string {
  return longDate(`${iso}T12:00:00Z`, 'UTC')
}

function byRaisedThenRef(x: Action, y: Action): number {
  return x.raisedAt.localeCompare(y.raisedAt) || x.ref.localeCompare(y.ref, 'en-GB', { numeric: true })
}

/** "23 June 2020", as the minutes date themselves. */
export function longDate(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(instant))
}

/** A board's short name as it may appear in a file name: ASCII letters, digits and dashes. */
export function fileSafe(s: string): string {
  return (
    s
      .normalize('NFKD')
      // é → e + accent: keep the letter, drop the accent.
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 20) || 'board'
  )
}

// ---- display: the cells every renderer shows, so Word, CSV and HTML say the same thing ----

export const STATUS_LABEL: Record<RowStatus, string> = {
  open: 'Open',
  'discharge-proposed': 'Discharge proposed',
  'carry-proposed': 'Carry forward proposed',
  'carried-forward': 'Carried forward',
  discharged: 'Discharged',
}

/** 2020-06-23 → 23/06/2020, the minutes' date style. */
export function ukDate(iso: string): string {
  const [y, m, d] = iso.split('-')
  return `${d}/${m}/${y}`
}

export function ownersLabel(row: ActionLogRow): string {
  return row.owners.map((o) => o.initials).join(' / ')
}

export function ownerNamesLabel(row: ActionLogRow): string {
  return row.owners.map((o) => o.name).join('; ')
}

export const STANDING_WHEN = 'Every meeting'
export const TO_BE_TIMETABLED = 'To be timetabled'
/** A briefing note asked for and due at no meeting. */
export const REQUESTED = 'Requested'

/** How a work-programme item due at no one meeting is due; null for everything else. */
export function undatedWording(a: Pick<Action, 'kind' | 'dueMeetingId' | 'waitingAfter'>): string | null {
  if (a.kind === 'standing') return STANDING_WHEN
  if (a.kind !== 'action' && a.dueMeetingId === null && a.waitingAfter === null)
    return a.kind === 'briefing' ? REQUESTED : TO_BE_TIMETABLED
  return null
}

export function dueLabel(row: ActionLogRow): string {
  if (row.dueWording) return row.dueWording
  const parts = [
    row.dueMeetingOn ? `Meeting ${ukDate(row.dueMeetingOn)}` : 'Next meeting (to be scheduled)',
    ...(row.dueDate ? [`by ${ukDate(row.dueDate)}`] : []),
  ]
  return parts.join(', ')
}

const NOTE_PREFIX: Record<'update' | 'discharge', string> = { update: 'Update', discharge: 'Discharged' }

/**
 * "Update (12/07/2020) – Meeting scheduled for 7 February 2022", the way the seeds write it.
 * An outcome proposed at this meeting is shown as written (the status says what it
 * proposes), and a note that already starts with its label ("Discharged – …") is not
 * labelled twice.
 */
export function noteLabel(row: ActionLogRow): string {
  const n = row.note
  if (!n) return ''
  if (n.kind === 'exempt' || n.kind === 'outcome') return n.text
  const prefix = NOTE_PREFIX[n.kind]
  const dated = `${prefix}${n.on ? ` (${ukDate(n.on)})` : ''}`
  const rest = n.text.replace(new RegExp(`^${prefix}\\b\\s*[-–:]?\\s*`, 'i'), '')
  return `${dated} – ${rest}`
}

/** The marker a full-version reader needs to keep an exempt item out of anything published. */
export function exemptLabel(row: ActionLogRow, version: ActionLogVersion): string {
  if (!row.exempt) return ''
  return version === 'full' ? `Exempt – ${row.exempt.section ?? ''} – not for publication` : 'Exempt'
}
