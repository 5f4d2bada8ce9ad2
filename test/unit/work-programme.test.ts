import { describe, expect, it } from 'vitest'
import { redact } from '#shared/domain/action-rules.ts'
import { FORWARD_PLAN_COLUMNS, forwardPlan, forwardPlanCells } from '#shared/domain/forward-plan.ts'
import {
  lastReportOf,
  outsideDueIndex,
  recorded,
  recordRefusal,
  WorkProgrammeItemInput,
} from '#shared/domain/work-programme.ts'
import { renderForwardPlanHtml } from '#shared/export/forward-plan.ts'
import { actionKeys } from '#shared/store/keys.ts'
import {
  aBoard,
  aMeeting,
  anAction,
  aPerson,
  id,
  OTHER_BOARD_ID,
  OWNER_ID,
  SECRETARIAT,
} from './factories.ts'

const m1 = aMeeting({ id: id(101), startsAt: '2026-06-23T09:00:00.000Z', title: 'PCP 23 June 2026' })
const m2 = aMeeting({ id: id(102), startsAt: '2026-09-22T09:00:00.000Z', title: 'PCP 22 September 2026' })
const m3 = aMeeting({ id: id(103), startsAt: '2026-12-15T10:00:00.000Z', title: 'PCP 15 December 2026' })
const report = (o: Parameters<typeof anAction>[0] = {}) =>
  anAction({
    kind: 'report',
    title: 'Repeat Victimisation',
    detail: 'The Panel requests that the PCC bring a report on Repeat Victimisation',
    dueMeetingId: m2.id,
    dueMeetingStartsAt: m2.startsAt,
    ...o,
  })
const standing = (o: Parameters<typeof anAction>[0] = {}) =>
  anAction({
    id: id(600),
    kind: 'standing',
    title: 'Complaints',
    dueMeetingId: null,
    dueMeetingStartsAt: null,
    ...o,
  })

describe('work-programme items as actions of a kind', () => {
  it('reads a stored action without the fields as an ordinary one', () => {
    expect(anAction()).toMatchObject({ kind: 'action', title: null, detail: null, lastReport: null })
  })

  it('keeps standing items and items to be timetabled out of the due index, and no ordinary action', () => {
    expect(outsideDueIndex(standing())).toBe(true)
    expect(outsideDueIndex(report({ dueMeetingId: null, dueMeetingStartsAt: null }))).toBe(true)
    // Carried from a meeting with none after it: it waits for the next, as an action does.
    expect(
      outsideDueIndex(report({ dueMeetingId: null, dueMeetingStartsAt: null, waitingAfter: m1.startsAt })),
    ).toBe(false)
    expect(outsideDueIndex(report())).toBe(false)
    expect(outsideDueIndex(anAction({ dueMeetingId: null, dueMeetingStartsAt: null }))).toBe(false)
    expect(actionKeys(standing()).GSI2PK).toBeUndefined()
    expect(actionKeys(report()).GSI2PK).toBeDefined()
  })

  it('asks a report for a due meeting or toBeTimetabled, and a standing item for neither', () => {
    const base = { title: 'x', owners: 'PCC' }
    const issues = (v: unknown) =>
      WorkProgrammeItemInput.safeParse(v).error?.issues.map((i) => i.path.join('.'))
    expect(issues(base)).toEqual(['dueMeetingId'])
    expect(issues({ ...base, dueMeetingId: m1.id, toBeTimetabled: true })).toEqual(['dueMeetingId'])
    expect(issues({ ...base, toBeTimetabled: true })).toBeUndefined()
    expect(issues({ ...base, kind: 'standing' })).toBeUndefined()
    expect(issues({ ...base, kind: 'standing', toBeTimetabled: true })).toEqual(['dueMeetingId'])
    expect(issues({ ...base, kind: 'action', toBeTimetabled: true })).toEqual(['kind'])
  })
})

describe('recording an item at a meeting', () => {
  const board = aBoard()
  it('taken: the date of last report moves to the meeting (its local date); it closes or is timetabled again', () => {
    // 23:30 UTC on 22 June is 00:30 on 23 June in London (BST).
    const late = aMeeting({ id: id(110), startsAt: '2026-06-22T23:30:00.000Z' })
    expect(recorded(report(), late, null, { outcome: 'taken' }, board.timeZone)).toMatchObject({
      status: 'discharged',
      lastReport: { meetingId: late.id, on: '2026-06-23' },
      discharge: { meetingId: late.id, note: 'Taken', on: '2026-06-23' },
    })
    expect(recorded(report({ carryCount: 2 }), m2, m3, { outcome: 'taken' }, board.timeZone)).toMatchObject({
      dueMeetingId: m3.id,
      dueMeetingStartsAt: m3.startsAt,
      carryCount: 0,
      lastReport: { meetingId: m2.id, on: '2026-09-22' },
    })
    const later = recorded(report(), m2, null, { outcome: 'taken', toBeTimetabled: true }, board.timeZone)
    expect(later).toMatchObject({ dueMeetingId: null, waitingAfter: null })
    expect(later.status).toBeUndefined()
  })

  it('a standing item taken moves only its last report', () => {
    expect(recorded(standing(), m1, null, { outcome: 'taken' }, board.timeZone)).toEqual({
      lastReport: { meetingId: m1.id, on: '2026-06-23' },
    })
  })

  it('refuses what the programme cannot do, naming the field', () => {
    const path = (...a: Parameters<typeof recordRefusal>) => recordRefusal(...a)?.problem.path ?? null
    expect(path(report(), m1, null, { outcome: 'deferred' })).toBe('nextMeetingId')
    expect(path(report(), m1, m3, { outcome: 'deferred', nextMeetingId: m3.id })).toBeNull()
    expect(path(report(), m1, m1, { outcome: 'deferred', nextMeetingId: m1.id })).toBe('nextMeetingId')
    expect(path(report(), m1, m1, { outcome: 'brought-forward', nextMeetingId: m1.id })).toBeNull()
    expect(path(report(), m1, m3, { outcome: 'brought-forward', nextMeetingId: m3.id })).toBe('nextMeetingId')
    expect(path(report(), m2, m1, { outcome: 'taken', nextMeetingId: m1.id })).toBe('nextMeetingId')
    expect(path(standing(), m1, m2, { outcome: 'deferred', nextMeetingId: m2.id })).toBe('outcome')
    expect(path(standing(), m1, m2, { outcome: 'taken', nextMeetingId: m2.id })).toBe('nextMeetingId')
    expect(path(report(), aMeeting({ boardId: OTHER_BOARD_ID }), null, { outcome: 'taken' })).toBe(
      'meetingId',
    )
    expect(path(report(), aMeeting({ status: 'cancelled' }), null, { outcome: 'taken' })).toBe('meetingId')
    const other = aMeeting({ id: id(120), boardId: OTHER_BOARD_ID, startsAt: m3.startsAt })
    expect(path(report(), m1, other, { outcome: 'deferred', nextMeetingId: other.id })).toBe('nextMeetingId')
    expect(recordRefusal(report({ status: 'discharged' }), m1, null, { outcome: 'taken' })?.conflict).toBe(
      true,
    )
  })

  it('derives the date of last report from the history', () => {
    const entry = (version: number, to: unknown) => ({
      actionId: id(500),
      version,
      at: '2026-01-01T00:00:00.000Z',
      by: SECRETARIAT,
      kind: 'taken' as const,
      meetingId: null,
      changes: to === undefined ? null : { lastReport: { from: null, to } },
      note: null,
      exempt: false,
    })
    expect(lastReportOf([])).toBeNull()
    const first = { meetingId: null, on: '2020-01-22' }
    const second = { meetingId: m1.id, on: '2026-06-23' }
    expect(lastReportOf([entry(1, first), entry(3, undefined), entry(2, second)])).toEqual(second)
  })
})

describe('the forward plan', () => {
  const people = new Map([[OWNER_ID, aPerson({ name: 'Police and Crime Commissioner', initials: 'PCC' })]])
  const items = [
    report({ lastReport: { meetingId: null, on: '2020-01-22' } }),
    report({
      id: id(501),
      title: 'Precept',
      detail: null,
      dueMeetingId: m1.id,
      dueMeetingStartsAt: m1.startsAt,
    }),
    report({
      id: id(502),
      title: 'SECRET operation',
      detail: 'SECRET detail',
      exempt: { section: 'S.31', publicWording: 'Exempt FOIA under Section S.31' },
    }),
    standing(),
    report({ id: id(503), title: 'Rural crime', dueMeetingId: null, dueMeetingStartsAt: null }),
    report({ id: id(504), kind: 'briefing', title: 'Drones', dueMeetingId: null, dueMeetingStartsAt: null }),
    report({ id: id(505), title: 'Closed', status: 'discharged' }),
    anAction({ id: id(506) }),
  ]
  const board = aBoard({ name: 'Police and Crime Panel', shortName: 'PCP' })

  it('groups by meeting in start order, then the standing items, the items to be timetabled and the briefing notes', () => {
    const plan = forwardPlan(items, [m3, m1, m2], people, { public: false, board })
    expect(plan.sections.map((s) => s.title)).toEqual([
      'PCP 23 June 2026',
      'PCP 22 September 2026',
      'PCP 15 December 2026',
      'Standing items',
      'Items to be timetabled',
      'Briefing notes',
    ])
    expect(plan.sections.map((s) => s.rows.map((r) => r.item))).toEqual([
      ['Precept'],
      ['Repeat Victimisation', 'SECRET operation'],
      [],
      ['Complaints'],
      ['Rural crime'],
      ['Drones'],
    ])
    expect(FORWARD_PLAN_COLUMNS.slice(0, 4)).toEqual([
      'Date of next report/update',
      'Item',
      'Report detail',
      'Date of last report',
    ])
    const rv = plan.sections[1]?.rows[0]
    expect(rv && forwardPlanCells(rv)).toEqual([
      '22 September 2026',
      'Repeat Victimisation',
      'The Panel requests that the PCC bring a report on Repeat Victimisation',
      '22 January 2020',
      'Police and Crime Commissioner (PCC)',
    ])
    expect(plan.sections.at(-1)?.rows[0]?.when).toBe('Requested')
    expect(plan.sections[3]?.rows[0]?.when).toBe('Every meeting')
  })

  it('prints as a landscape page whose CSS is as written (a <style> element decodes no entities)', () => {
    const page = renderForwardPlanHtml(forwardPlan(items, [m1], people, { public: false, board }))
    expect(page).toContain('@page { size: A4 landscape;')
    expect(page).toContain('@bottom-right { content: "Page " counter(page) " of " counter(pages);')
    expect(page.match(/<\/style>/g)).toHaveLength(1)
    expect(page).toContain('<th scope="row">Precept</th>')
  })

  it('in public, an exempt item is only its wording and no id, reference or address is in it', () => {
    const plan = forwardPlan(items, [m1, m2], people, { public: true, board })
    const text = JSON.stringify(plan)
    expect(text).not.toContain('SECRET')
    expect(text).toContain('Exempt FOIA under Section S.31')
    expect(text).not.toMatch(/01J\d{23}/)
    expect(text).not.toContain('@')
    expect(text).not.toContain('03.26/05/2026')
    // Meetings by their date alone; a hidden row after the shown ones, whatever its title.
    expect(plan.sections.slice(0, 2).map((x) => x.title)).toEqual(['23 June 2026', '22 September 2026'])
    const sept = forwardPlan(
      [...items, report({ id: id(507), title: 'Zebra crossings' })],
      [m1, m2],
      people,
      {
        public: true,
        board,
      },
    ).sections[1]
    expect(sept?.rows.map((r) => r.item)).toEqual([
      'Repeat Victimisation',
      'Zebra crossings',
      'Exempt FOIA under Section S.31',
    ])
  })

  it('a member’s view of an exempt item hides its title and detail', () => {
    const r = redact(items[2] ?? report())
    expect(r.title).toBe('Exempt FOIA under Section S.31')
    expect(r.detail).toBeNull()
  })
})
