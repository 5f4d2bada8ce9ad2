import type { Exemption, HistoryEntry } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import { longDate } from '#shared/mail/templates.ts'
import { dateIn, names, type People } from '../shell.tsx'

/**
 * What a history entry changed, in words: "Owners: from DT to DT, NT". The entry's `changes`
 * are the use case's `{ field: { from, to } }`; an entry redacted for this reader has none.
 */
export type HistoryContext = { board: Board; people: People; meetings: ReadonlyMap<string, Meeting> }

const FIELD: Record<string, string> = {
  itemNumber: 'Agenda item',
  itemTitle: 'Agenda item title',
  title: 'Item',
  detail: 'Report detail',
  description: 'What is to be done',
  ownerIds: 'Owners',
  dueMeetingId: 'Due at',
  dueMeetingStartsAt: 'Due at',
  dueDate: 'Due date',
  ref: 'Reference',
  exempt: 'Exemption',
  status: 'Status',
  carryCount: 'Times carried forward',
}

/** Fields whose change the entry's kind or note already says (a decision's note, a discharge). */
const SAID_BY_KIND = new Set(['proposedOutcome', 'discharge', 'withdrawal', 'waitingAfter', 'updates'])

function valueText(field: string, value: unknown, ctx: HistoryContext): string {
  if (value === null || value === undefined || value === '') {
    if (field === 'dueMeetingId' || field === 'dueMeetingStartsAt') return 'awaiting the next meeting'
    if (field === 'exempt') return 'not exempt'
    return 'none'
  }
  switch (field) {
    case 'ownerIds':
      return Array.isArray(value) ? names(value.map(String), ctx.people) : String(value)
    case 'dueMeetingId': {
      const m = ctx.meetings.get(String(value))
      return m ? `${m.title} (${dateIn(m.startsAt, ctx.board)})` : 'another meeting'
    }
    case 'dueMeetingStartsAt':
      return dateIn(String(value), ctx.board)
    case 'dueDate':
      return longDate(String(value))
    case 'exempt': {
      const e = value as Exemption
      return `exempt under ${e.section} (“${e.publicWording}”)`
    }
    case 'status':
      return String(value)
    default:
      return typeof value === 'string' ? `“${value}”` : String(value)
  }
}

/** One line per changed field, "Owners: from DT to DT, NT"; the meeting's date once, not twice. */
export function changeLines(h: HistoryEntry, ctx: HistoryContext): string[] {
  const changes = h.changes ?? {}
  return Object.entries(changes).flatMap(([field, { from, to }]) => {
    if (SAID_BY_KIND.has(field)) return []
    if (field === 'dueMeetingStartsAt' && 'dueMeetingId' in changes) return []
    return [`${FIELD[field] ?? field}: from ${valueText(field, from, ctx)} to ${valueText(field, to, ctx)}`]
  })
}

/** "Recorded by Sam Clerk on behalf of Dana Turner, given 23 June 2020", for an update typed for its owner. */
export function givenLine(h: HistoryEntry, people: People): string | null {
  if (!h.onBehalfOf && !h.givenOn) return null
  const typed = h.by.personId ? (people.get(h.by.personId)?.name ?? 'the secretariat') : 'the secretariat'
  const from = h.onBehalfOf ? ` on behalf of ${people.get(h.onBehalfOf)?.name ?? 'an owner'}` : ''
  return `Recorded by ${typed}${from}${h.givenOn ? `, given ${longDate(h.givenOn)}` : ''}`
}

export function HistoryDetails({ h, ctx }: { h: HistoryEntry; ctx: HistoryContext }) {
  const given = givenLine(h, ctx.people)
  if (given)
    return (
      <>
        <p class="govuk-body">{given}</p>
        {h.note ? <p class="govuk-body">{h.note}</p> : null}
      </>
    )
  const lines = changeLines(h, ctx)
  if (lines.length === 0) return <>{h.note ?? ''}</>
  return (
    <>
      <ul class="govuk-list">
        {lines.map((l) => (
          <li>{l}</li>
        ))}
      </ul>
      {h.note ? <p class="govuk-body">{h.note}</p> : null}
    </>
  )
}
