import type { Action } from './action.ts'
import type { Meeting } from './meeting.ts'
import type { Draft, DraftMatch, StoredDraft } from './minutes-import.ts'
import type { ApprovalRead, MinutesRead } from './minutes-read.ts'
import { type OwnerLookup, parseOwners } from './owners.ts'
import type { Person } from './person.ts'
import { initialsKey } from './person.ts'
import { normaliseReference } from './reference.ts'
import { isoDateIn } from './time.ts'

/**
 * How a draft stands against the board as it is now: who its initials name, and whether the
 * log already holds it. Worked out on every view, never stored, so a person added or an alias
 * given since the import counts at once.
 */
export type MatchContext = {
  meeting: Pick<Meeting, 'id' | 'startsAt' | 'status' | 'minutesApproval'>
  timeZone: string
  /** The board's members and the meeting's guests. */
  people: readonly Pick<Person, 'id' | 'name' | 'initials' | 'aliases'>[]
  lookup: OwnerLookup
  /** The board's action holding a reference (any of referenceForms), if any. */
  actionByRef: (ref: string) => Action | undefined
  /** Actions raised at the meeting, for drafts the minutes give no reference. */
  raisedHere: readonly Action[]
  /** The board's meetings, for approvals and next meetings named by date. */
  meetings: readonly Pick<Meeting, 'id' | 'startsAt' | 'status' | 'minutesApproval'>[]
}

/**
 * The ways one reference may be written: as given, and as NN.DD/MM/YYYY, so "03 25/01/22" and
 * "Action 1 02.21/12/21" find "03.25/01/2022" and "02.21/12/2021" as well as themselves.
 */
export function referenceForms(ref: string): string[] {
  const forms = [normaliseReference(ref)]
  const m = /(\d{1,2})[.\s]+(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\s*$/.exec(ref.trim())
  if (m) {
    const [, item, day, month, year] = m as unknown as [string, string, string, string, string]
    const yyyy = year.length === 2 ? `20${year}` : year
    forms.push(`${item.padStart(2, '0')}.${day.padStart(2, '0')}/${month.padStart(2, '0')}/${yyyy}`)
  }
  return [...new Set(forms)]
}

const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

/** Whether two descriptions say the same thing, give or take punctuation, case and spacing. */
export function sameDescription(a: string, b: string): boolean {
  return words(a) === words(b)
}

const none = { ownerIds: [], unknownInitials: [], matchedActionId: null, matchedPersonId: null }

export function viewDraft(d: StoredDraft, ctx: MatchContext): Draft {
  const { importId: _, ...rest } = d
  return { ...rest, ...standing(d.read, ctx) }
}

function standing(
  read: MinutesRead,
  ctx: MatchContext,
): Pick<Draft, 'ownerIds' | 'unknownInitials' | 'match' | 'matchedActionId' | 'matchedPersonId'> {
  switch (read.kind) {
    case 'action': {
      const owners = read.owners ? parseOwners(read.owners, ctx.lookup) : { ids: [], unknown: [] }
      const base = { ...none, ownerIds: owners.ids, unknownInitials: owners.unknown }
      const existing = read.ref
        ? ctx.actionByRef(read.ref)
        : ctx.raisedHere.find((a) => sameDescription(a.description, read.description))
      if (!existing) return { ...base, match: 'new' }
      const same =
        existing.raisedAtMeetingId === ctx.meeting.id &&
        sameDescription(existing.description, read.description)
      return { ...base, match: same ? 'matches' : 'conflicts', matchedActionId: existing.id }
    }
    case 'outcome': {
      const owners = read.owners ? parseOwners(read.owners, ctx.lookup) : { ids: [], unknown: [] }
      const action = read.ref ? ctx.actionByRef(read.ref) : undefined
      return {
        ...none,
        ownerIds: owners.ids,
        unknownInitials: owners.unknown,
        match: action && action.raisedAtMeetingId !== ctx.meeting.id ? 'matches' : 'not-found',
        matchedActionId: action?.id ?? null,
      }
    }
    case 'attendance': {
      const person = personNamed(read.name, read.initials, ctx)
      // Who attended in their place is placed too, or the record would leave them out.
      const standIn =
        read.representative && !personNamed(read.representative, null, ctx) ? [read.representative] : []
      return {
        ...none,
        // Initials someone else here holds cannot be placed for this attendee: their name can.
        unknownInitials: [
          ...(person ? [] : [read.initials && !ctx.lookup(read.initials) ? read.initials : read.name]),
          ...standIn,
        ],
        match: person ? 'matches' : 'not-found',
        matchedPersonId: person?.id ?? null,
      }
    }
    case 'approval': {
      const meeting = approvedMeeting(read, ctx)
      const match: DraftMatch = !meeting
        ? 'not-found'
        : meeting.status === 'minutes-approved'
          ? 'matches'
          : 'new'
      return { ...none, match }
    }
    case 'next-meeting': {
      if (!read.date) return { ...none, match: 'not-found' }
      return { ...none, match: meetingOn(read.date, ctx) ? 'matches' : 'new' }
    }
  }
}

/**
 * Whose minutes an approval approves: this meeting's own, or the earlier meeting's, found by
 * the date the minutes give, or when they give none that reads as a date (mistyped), the
 * board's meeting before this one. A date no meeting has finds none: approving another
 * meeting's minutes by guess would start the wrong rollover.
 */
export function approvedMeeting(
  read: Pick<ApprovalRead, 'previous' | 'meetingDate'>,
  ctx: Pick<MatchContext, 'meeting' | 'meetings' | 'timeZone'>,
) {
  if (!read.previous) return ctx.meeting
  if (read.meetingDate) {
    const onDate = meetingOn(read.meetingDate, ctx)
    return onDate && onDate.startsAt < ctx.meeting.startsAt ? onDate : undefined
  }
  return ctx.meetings
    .filter((m) => m.status !== 'cancelled' && m.startsAt < ctx.meeting.startsAt)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .at(-1)
}

/** A person of the meeting by full name, or failing that by initials or alias. */
export function personNamed(
  name: string,
  initials: string | null,
  ctx: Pick<MatchContext, 'people' | 'lookup'>,
): Pick<Person, 'id'> | undefined {
  const key = words(name)
  const byName = ctx.people.filter((p) => words(p.name) === key)
  if (byName.length === 1) return byName[0]
  // "Philip Seccombe PCC": the name with a title or capacity around it.
  const said = new Set(key.split(' '))
  const within = ctx.people.filter((p) =>
    words(p.name)
      .split(' ')
      .every((w) => said.has(w)),
  )
  if (within.length === 1) return within[0]
  // A name placed as someone's alias on the review page.
  const aliased = ctx.lookup(name)
  if (aliased) return ctx.people.find((p) => p.id === aliased)
  const id = initials ? ctx.lookup(initials) : null
  const found = id ? ctx.people.find((p) => p.id === id) : undefined
  return found && namesAgree(name, initials, found.name) ? found : undefined
}

/**
 * Whether a name as minuted may be the person its initials found: a name that says more than
 * the initials must share the person's surname, or initials another person holds here (the
 * demo's "PCC") would place a stranger on the attendance list.
 */
function namesAgree(said: string, initials: string | null, personName: string): boolean {
  const except = initials ? words(initials) : ''
  const spoken = words(said)
    .split(' ')
    .filter((w) => w.length > 1 && w !== except)
  if (spoken.length === 0) return true
  const surname = words(personName).split(' ').at(-1) ?? ''
  return spoken.includes(surname)
}

/** The board's meeting on a board-local date, if there is exactly one that day not cancelled. */
export function meetingOn(date: string, ctx: Pick<MatchContext, 'meetings' | 'timeZone'>) {
  const found = ctx.meetings.filter(
    (m) => m.status !== 'cancelled' && isoDateIn(new Date(m.startsAt), ctx.timeZone) === date,
  )
  return found.length === 1 ? found[0] : undefined
}

/** Initials or names a pending draft needs placed before it can be accepted, each once. */
export function unknownInitials(drafts: readonly Draft[]): string[] {
  const seen = new Map<string, string>()
  for (const d of drafts) {
    if (d.decision !== 'pending') continue
    for (const u of d.unknownInitials) if (!seen.has(initialsKey(u))) seen.set(initialsKey(u), u)
  }
  return [...seen.values()]
}

/**
 * The date the minutes' own references carry ("01.23/06/2020" → 2020-06-23) when none carries
 * the meeting's: they are likely another meeting's minutes, whose actions would read here as
 * earlier actions' outcomes. Outcomes that find their action in the log are Actions Arising as
 * they should be, and do not count. Null when the references agree, or too few say otherwise.
 */
export function otherMeetingDate(
  drafts: readonly Pick<Draft, 'read' | 'match'>[],
  meetingDate: string,
): string | null {
  const dates = new Map<string, number>()
  for (const { read: r, match } of drafts) {
    if ((r.kind !== 'action' && r.kind !== 'outcome') || !r.ref) continue
    const m = /(\d{2})\/(\d{2})\/(\d{4})$/.exec(referenceForms(r.ref).at(-1) ?? '')
    if (!m) continue
    const date = `${m[3]}-${m[2]}-${m[1]}`
    if (date === meetingDate) return null
    if (r.kind === 'outcome' && match === 'matches') continue
    dates.set(date, (dates.get(date) ?? 0) + 1)
  }
  const [top] = [...dates].sort((a, b) => b[1] - a[1])
  return top && top[1] >= 2 ? top[0] : null
}
