import { describe, expect, it } from 'vitest'
import type { StoredDraft } from '#shared/domain/minutes-import.ts'
import {
  approvedMeeting,
  type MatchContext,
  otherMeetingDate,
  referenceForms,
  sameDescription,
  unknownInitials,
  viewDraft,
} from '#shared/domain/minutes-match.ts'
import type { MinutesRead } from '#shared/domain/minutes-read.ts'
import { ownerLookup } from '#shared/domain/owners.ts'
import { aMeeting, anAction, aPerson, id } from './factories.ts'

const june = aMeeting({ id: id(20), startsAt: '2020-06-23T09:00:00.000Z' })
const may = aMeeting({ id: id(21), startsAt: '2020-05-26T09:00:00.000Z', status: 'minutes-approved' })
const april = aMeeting({ id: id(22), startsAt: '2020-04-28T09:00:00.000Z' })
const dt = aPerson({ id: id(30), name: 'Debbie Tedds', initials: 'DT' })
const opcc = aPerson({
  id: id(31),
  name: 'Office of the PCC',
  initials: 'OPCC',
  kind: 'team',
  aliases: ['PCC Office'],
})
const raisedHere = anAction({
  id: id(40),
  ref: '01.23/06/2020',
  description: 'NT to add SOH links to OPCC website',
  raisedAtMeetingId: june.id,
})
const earlier = anAction({ id: id(41), ref: '02.21/12/2021', raisedAtMeetingId: may.id })

const ctx: MatchContext = {
  meeting: june,
  timeZone: 'Europe/London',
  people: [dt, opcc],
  lookup: ownerLookup([dt, opcc]),
  actionByRef: (ref) =>
    [raisedHere, earlier].find((a) => referenceForms(ref).some((f) => referenceForms(a.ref).includes(f))),
  raisedHere: [raisedHere],
  meetings: [april, may, june],
}

const draft = (read: Partial<MinutesRead> & Pick<MinutesRead, 'kind'>): StoredDraft =>
  ({
    importId: id(50),
    id: 'd001',
    read: { confidence: 'explicit', excerpt: 'x', line: 1, ...read },
    decision: 'pending',
    result: null,
    decidedBy: null,
    decidedAt: null,
    version: 1,
  }) as StoredDraft
const attendee = (name: string, initials: string | null) =>
  draft({
    kind: 'attendance',
    name,
    initials,
    capacity: null,
    status: 'present',
    mode: null,
    representative: null,
    role: null,
    timing: null,
  } as MinutesRead)
const action = (over: Record<string, unknown>) =>
  draft({
    kind: 'action',
    ref: null,
    itemNumber: 1,
    itemTitle: null,
    description: 'Something to do',
    owners: 'DT',
    dueHint: null,
    dueDate: null,
    exemptReason: null,
    ...over,
  } as MinutesRead)

describe('referenceForms', () => {
  it.each([
    ['03 25/01/22', ['03 25/01/22', '03.25/01/2022']],
    ['Action 1 02.21/12/21', ['ACTION 1 02.21/12/21', '02.21/12/2021']],
    ['1.5/6/2020', ['1.5/6/2020', '01.05/06/2020']],
    ['BULK-7', ['BULK-7']],
  ])('%s is also %s', (ref, forms) => {
    expect(referenceForms(ref)).toEqual(forms)
  })
})

describe('sameDescription', () => {
  it('ignores case, punctuation and spacing, but not words', () => {
    expect(
      sameDescription('NT to add SOH links to OPCC website.', ' nt to add  SOH links, to OPCC website'),
    ).toBe(true)
    expect(sameDescription('NT to add SOH links', 'NT to remove SOH links')).toBe(false)
  })
})

describe('viewDraft', () => {
  it('resolves owners among the people, and says which initials no one has', () => {
    const v = viewDraft(action({ owners: 'DT / OPCC and NT' }), ctx)
    expect(v).toMatchObject({ ownerIds: [dt.id, opcc.id], unknownInitials: ['NT'], match: 'new' })
  })

  it('finds an action by its reference however the minutes wrote it: the same one matches, another conflicts', () => {
    const same = viewDraft(
      action({ ref: '01.23/06/20', description: 'NT to add SOH links to OPCC website' }),
      ctx,
    )
    expect(same).toMatchObject({ match: 'matches', matchedActionId: raisedHere.id })
    const other = viewDraft(action({ ref: '01.23/06/2020', description: 'A different action' }), ctx)
    expect(other).toMatchObject({ match: 'conflicts', matchedActionId: raisedHere.id })
  })

  it('finds an action without a reference by its words among those raised at the meeting', () => {
    expect(viewDraft(action({ description: 'NT to add SOH links to OPCC website' }), ctx)).toMatchObject({
      match: 'matches',
      matchedActionId: raisedHere.id,
    })
  })

  it('matches an outcome to an earlier action, not to one raised at this meeting', () => {
    const outcome = (ref: string) =>
      draft({
        kind: 'outcome',
        ref,
        description: 'x',
        owners: null,
        outcome: 'discharged',
        note: null,
      } as MinutesRead)
    expect(viewDraft(outcome('Action 1 02.21/12/21'), ctx)).toMatchObject({
      match: 'matches',
      matchedActionId: earlier.id,
    })
    expect(viewDraft(outcome('01.23/06/2020'), ctx).match).toBe('not-found')
    expect(viewDraft(outcome('09.01/01/2019'), ctx).match).toBe('not-found')
  })

  it('finds an attendee by full name, else by initials or alias, else lists them as unknown', () => {
    expect(viewDraft(attendee('debbie  tedds', null), ctx)).toMatchObject({
      match: 'matches',
      matchedPersonId: dt.id,
    })
    expect(viewDraft(attendee('D. Tedds', 'DT'), ctx)).toMatchObject({ matchedPersonId: dt.id })
    expect(viewDraft(attendee('Kate Quilley', 'KQ'), ctx)).toMatchObject({
      match: 'not-found',
      unknownInitials: ['KQ'],
    })
  })

  it('places an attendee by initials only when the name minuted is that person’s, give or take a title', () => {
    const alex = aPerson({ id: id(32), name: 'Alex Morgan', initials: 'PCC' })
    const here = { ...ctx, people: [dt, opcc, alex], lookup: ownerLookup([dt, opcc, alex]) }
    // Another person holds the initials here: the name minuted decides.
    expect(viewDraft(attendee('Philip Seccombe PCC', 'PCC'), here)).toMatchObject({
      match: 'not-found',
      matchedPersonId: null,
      unknownInitials: ['Philip Seccombe PCC'],
    })
    const placed = { ...dt, aliases: ['Philip Seccombe PCC'] }
    expect(
      viewDraft(attendee('Philip Seccombe PCC', 'PCC'), {
        ...here,
        lookup: ownerLookup([placed, opcc, alex]),
      }),
    ).toMatchObject({ matchedPersonId: dt.id })
    expect(viewDraft(attendee('PCC', 'PCC'), here)).toMatchObject({ matchedPersonId: alex.id })
    expect(viewDraft(attendee('Alex Morgan PCC', 'PCC'), here)).toMatchObject({ matchedPersonId: alex.id })
    expect(viewDraft(attendee('Cllr Debbie Tedds (Vice Chair)', null), here)).toMatchObject({
      matchedPersonId: dt.id,
    })
    expect(viewDraft(attendee('Mrs Tedds', 'DT'), here)).toMatchObject({ matchedPersonId: dt.id })
    expect(viewDraft(attendee('Dawn Thomas', 'DT'), here)).toMatchObject({ match: 'not-found' })
  })
})

describe('approvedMeeting', () => {
  it('is this meeting for its own approval, and the earlier one for the previous minutes', () => {
    expect(approvedMeeting({ previous: false, meetingDate: null }, ctx)?.id).toBe(june.id)
    expect(approvedMeeting({ previous: true, meetingDate: '2020-05-26' }, ctx)?.id).toBe(may.id)
    // A mistyped date: the board's meeting before this one; a date no meeting has: none.
    expect(approvedMeeting({ previous: true, meetingDate: null }, ctx)?.id).toBe(may.id)
    expect(approvedMeeting({ previous: true, meetingDate: '2020-05-25' }, ctx)).toBeUndefined()
    expect(approvedMeeting({ previous: true, meetingDate: '2020-04-28' }, ctx)?.id).toBe(april.id)
    expect(
      approvedMeeting({ previous: true, meetingDate: null }, { ...ctx, meetings: [june] }),
    ).toBeUndefined()
  })
})

describe('otherMeetingDate', () => {
  const ref = (
    kind: 'action' | 'outcome',
    r: string,
    match: 'new' | 'matches' | 'not-found' = 'not-found',
  ) => ({
    read: { ...action({ ref: r }).read, kind } as MinutesRead,
    match,
  })
  it('names the date the references share when none is the meeting’s', () => {
    const reads = [
      ref('outcome', '01.23/06/2020'),
      ref('outcome', '02.23/06/2020'),
      ref('outcome', '02.26/05/2020'),
    ]
    expect(otherMeetingDate(reads, '2026-10-12')).toBe('2020-06-23')
    expect(otherMeetingDate([...reads, ref('action', '01.12/10/2026', 'new')], '2026-10-12')).toBeNull()
    // Actions Arising that find their actions are what they seem, however many.
    const arising = [ref('outcome', '02.21/12/2021', 'matches'), ref('outcome', '03.21/12/2021', 'matches')]
    expect(otherMeetingDate(arising, '2022-01-25')).toBeNull()
    expect(otherMeetingDate([ref('outcome', '02.26/05/2020')], '2020-06-23')).toBeNull()
    expect(otherMeetingDate([], '2020-06-23')).toBeNull()
  })
})

describe('unknownInitials', () => {
  it('lists each unknown name once, from pending drafts only', () => {
    const a = viewDraft(action({ owners: 'NT / nt' }), ctx)
    const b = viewDraft({ ...action({ owners: 'KQ' }), decision: 'rejected' }, ctx)
    const c = viewDraft(action({ owners: 'NT and ZG' }), ctx)
    expect(unknownInitials([a, b, c])).toEqual(['NT', 'ZG'])
  })
})
