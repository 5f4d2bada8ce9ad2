import type { Action } from './action.ts'
import { longDate, REQUESTED, STANDING_WHEN, TO_BE_TIMETABLED } from './action-log.ts'
import type { Board } from './board.ts'
import type { Meeting } from './meeting.ts'
import type { Person } from './person.ts'
import type { WorkProgrammeKind } from './work-programme.ts'

/**
 * The forward plan: the work programme as the Panel's pack sets it out, in the seed's columns
 * (then the lead), one table per future meeting, then the standing items, the items to be
 * timetabled and the briefing notes. One pure function for the signed-in page, the exports and
 * the public page: with `public`, exempt items are only their exemption wording and no id,
 * reference or email address is in it (owners are named, never addressed).
 */
export const FORWARD_PLAN_COLUMNS = [
  'Date of next report/update',
  'Item',
  'Report detail',
  'Date of last report',
  'Lead',
] as const

export type ForwardPlanRow = {
  /** The item's id and version, for the secretariat's forms; null in the public plan. */
  id: string | null
  version: number | null
  ref: string | null
  kind: WorkProgrammeKind
  when: string
  item: string
  detail: string
  lastReport: string
  lead: string
  exempt: boolean
  carryCount: number
}

export type ForwardPlanSection = {
  key: string
  title: string
  /** The meeting a section of reports is due at; null for the other sections, and in public. */
  meetingId: string | null
  rows: ForwardPlanRow[]
}

export type ForwardPlan = {
  title: string
  board: { name: string; shortName: string }
  public: boolean
  sections: ForwardPlanSection[]
}

const AWAITING = 'Next meeting, once scheduled'

/**
 * `items`: the board's open work-programme items; `meetings`: the meetings to show a section
 * for even with nothing due (the board's future ones), each in start order.
 */
export function forwardPlan(
  items: readonly Action[],
  meetings: readonly Meeting[],
  people: ReadonlyMap<string, Pick<Person, 'name' | 'initials'>>,
  opts: { public: boolean; board: Pick<Board, 'name' | 'shortName' | 'timeZone'> },
): ForwardPlan {
  const tz = opts.board.timeZone
  const day = (instant: string) => longDate(instant, tz)
  // In public an exempt item shows only its wording, and its place must not hint at its title.
  const hidden = (a: Action) => opts.public && a.exempt !== null
  const row = (a: Action, when: string): ForwardPlanRow => ({
    id: opts.public ? null : a.id,
    version: opts.public ? null : a.version,
    ref: opts.public ? null : a.ref,
    kind: a.kind === 'action' ? 'report' : a.kind,
    when,
    item: hidden(a) ? (a.exempt?.publicWording ?? '') : (a.title ?? a.description),
    detail: hidden(a) ? '' : (a.detail ?? ''),
    lastReport: a.lastReport ? longDate(`${a.lastReport.on}T12:00:00Z`, 'UTC') : '',
    lead: a.ownerIds
      .map((id) => people.get(id))
      .map((p) => (p ? (opts.public ? p.name : `${p.name} (${p.initials})`) : 'unknown'))
      .join(', '),
    exempt: a.exempt !== null,
    carryCount: a.carryCount,
  })
  const open = items.filter((a) => a.status === 'open' && a.kind !== 'action')
  // Hidden rows go last, oldest first.
  const byTitle = (x: Action, y: Action) =>
    Number(hidden(x)) - Number(hidden(y)) ||
    (hidden(x)
      ? x.raisedAt.localeCompare(y.raisedAt)
      : (x.title ?? '').localeCompare(y.title ?? '', 'en-GB')) ||
    x.id.localeCompare(y.id)

  // Reports due at a meeting: a section per meeting, those given and any an item is due at.
  const due = new Map<string, { startsAt: string; title: string }>()
  for (const m of meetings) due.set(m.id, { startsAt: m.startsAt, title: m.title })
  const reports = open.filter((a) => a.kind === 'report' && a.dueMeetingId !== null)
  for (const a of reports)
    if (a.dueMeetingId && !due.has(a.dueMeetingId))
      due.set(a.dueMeetingId, { startsAt: a.dueMeetingStartsAt ?? '', title: '' })
  const meetingSections = [...due.entries()]
    .sort(([, x], [, y]) => x.startsAt.localeCompare(y.startsAt))
    .map(([id, m], i): ForwardPlanSection => {
      const when = m.startsAt ? day(m.startsAt) : ''
      return {
        // No internal id in the public plan, not even as an anchor.
        key: `meeting-${opts.public ? i + 1 : id}`,
        // A meeting's title names its date already ("PCP 24 March 2026"); in public, the date
        // alone (a meeting to come may be withheld, and its title is not yet a public record).
        title: opts.public ? when : m.title || when,
        meetingId: opts.public ? null : id,
        rows: reports
          .filter((a) => a.dueMeetingId === id)
          .sort(byTitle)
          .map((a) => row(a, when)),
      }
    })
  const undated = (a: Action) =>
    a.dueMeetingStartsAt ? day(a.dueMeetingStartsAt) : a.waitingAfter ? AWAITING : null
  return {
    title: `${opts.board.name}: work programme`,
    board: { name: opts.board.name, shortName: opts.board.shortName },
    public: opts.public,
    sections: [
      ...meetingSections,
      {
        key: 'standing',
        title: 'Standing items',
        meetingId: null,
        rows: open
          .filter((a) => a.kind === 'standing')
          .sort(byTitle)
          .map((a) => row(a, STANDING_WHEN)),
      },
      {
        key: 'to-be-timetabled',
        title: 'Items to be timetabled',
        meetingId: null,
        rows: open
          .filter((a) => a.kind === 'report' && a.dueMeetingId === null)
          .sort(byTitle)
          .map((a) => row(a, undated(a) ?? TO_BE_TIMETABLED)),
      },
      {
        key: 'briefings',
        title: 'Briefing notes',
        meetingId: null,
        rows: open
          .filter((a) => a.kind === 'briefing')
          .sort(byTitle)
          .map((a) => row(a, undated(a) ?? REQUESTED)),
      },
    ],
  }
}

/** The row's cells in the columns' order. */
export const forwardPlanCells = (r: ForwardPlanRow): string[] => [
  r.when,
  r.item,
  r.detail,
  r.lastReport,
  r.lead,
]
