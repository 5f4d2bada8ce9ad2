import { describe, expect, it } from 'vitest'
import type { Action } from '#shared/domain/action.ts'
import { isDueAt } from '#shared/domain/action-rules.ts'
import { overdueItems, overdueReportOf } from '#shared/domain/overdue.ts'
import type { Person } from '#shared/domain/person.ts'
import { bouncedAmong, summaryRecipients } from '#shared/domain/summary.ts'
import type { Suppression } from '#shared/domain/suppression.ts'
import { aBoard, aMeeting, anAction, aPerson, id, OWNER_ID } from './factories.ts'

const board = aBoard({ overdueCarryThreshold: 2 })
const NOW = new Date('2026-06-20T07:00:00Z')
const PAST = { dueMeetingId: id(90), dueMeetingStartsAt: '2026-05-26T09:00:00.000Z' }

const DT = aPerson({ id: id(10), name: 'Dana Taylor', initials: 'DT', email: 'dt@force.example' })
const BS = aPerson({ id: id(11), name: 'Bo Smith', initials: 'BS', email: 'bs@force.example' })
const AB = aPerson({ id: id(12), name: 'Ash Brown', initials: 'AB', email: 'ab@force.example' })

const directory = (...people: Person[]) => new Map(people.map((p) => [p.id, p]))
const refs = (actions: readonly Action[]) => actions.map((a) => a.ref)

let seq = 600
/** An action raised at `raisedAt` and past its due meeting. */
function overdue(ref: string, raisedAt: string, ownerIds: string[], extra: Partial<Action> = {}): Action {
  return anAction({ id: id(seq++), ref, raisedAt, ownerIds, ...PAST, ...extra })
}

describe('overdueItems and overdueReportOf', () => {
  it('groups by owner, oldest first within an owner, owners by their oldest action', () => {
    // Prepare: given in an order that is neither by age nor by owner.
    const open = [
      overdue('01.26/05/2026', '2026-05-26T09:00:00.000Z', [DT.id]),
      overdue('04.24/02/2026', '2026-02-24T10:00:00.000Z', [BS.id]),
      overdue('02.24/03/2026', '2026-03-24T10:00:00.000Z', [DT.id]),
      overdue('03.27/01/2026', '2026-01-27T10:00:00.000Z', [DT.id, AB.id]),
      overdue('05.24/02/2026', '2026-02-24T10:00:00.000Z', [BS.id], { itemNumber: 1 }),
    ]

    // Act
    const report = overdueReportOf(board, overdueItems(board, open, NOW), directory(DT, BS, AB), NOW)

    // Assess: AB and DT share the oldest action; initials break the tie.
    expect(report.owners.map((g) => g.owner.initials)).toEqual(['AB', 'DT', 'BS'])
    expect(refs(report.owners[1]?.actions ?? [])).toEqual(['03.27/01/2026', '02.24/03/2026', '01.26/05/2026'])
    // Same meeting: minutes order (item 1 before item 3).
    expect(refs(report.owners[2]?.actions ?? [])).toEqual(['05.24/02/2026', '04.24/02/2026'])
    for (const g of report.owners) {
      const ages = g.actions.map((a) => a.ageDays)
      expect(ages).toEqual([...ages].sort((x, y) => y - x))
    }
    expect(report.total).toBe(5)
    expect(report.owners[1]?.actions[0]).toMatchObject({
      ageDays: 143,
      pastDue: true,
      carriedTooOften: false,
    })
  })

  it('leaves out what is not overdue and keeps an owner who left the directory', () => {
    // Prepare
    const gone = id(99)
    const open = [
      overdue('01.28/04/2026', '2026-04-28T09:00:00.000Z', [gone]),
      anAction({ id: id(40), ref: '02.26/05/2026', dueMeetingStartsAt: '2026-06-23T09:00:00.000Z' }),
      anAction({
        id: id(41),
        ref: '03.26/05/2026',
        carryCount: 2,
        dueMeetingStartsAt: '2026-06-23T09:00:00.000Z',
      }),
    ]

    // Act
    const report = overdueReportOf(board, overdueItems(board, open, NOW), directory(DT), NOW)

    // Assess
    expect(report.total).toBe(2)
    expect(report.owners.map((g) => g.owner)).toEqual([
      { id: gone, name: '(removed)', initials: '?', kind: 'person' },
      { id: OWNER_ID, name: '(removed)', initials: '?', kind: 'person' },
    ])
    expect(report.owners[1]?.actions[0]).toMatchObject({ pastDue: false, carriedTooOften: true })
    expect(report).toMatchObject({ boardId: board.id, asOf: NOW.toISOString(), carryThreshold: 2 })
  })
})

const proposal = (outcome: 'discharged' | 'carried-forward') => ({
  meetingId: id(90),
  outcome,
  note: 'Reviewed',
  by: { kind: 'system' as const, role: null, personId: null, subject: 'test' },
  at: '2026-05-26T10:00:00.000Z',
})

describe('isDueAt', () => {
  const june = aMeeting()
  it.each([
    { name: 'due at the meeting', extra: {}, due: true },
    { name: 'due at an earlier meeting, still open', extra: PAST, due: true },
    { name: 'due at a later meeting', extra: { dueMeetingStartsAt: '2026-07-21T09:00:00.000Z' }, due: false },
    { name: 'proposed for discharge', extra: { proposedOutcome: proposal('discharged') }, due: false },
    { name: 'proposed to carry forward', extra: { proposedOutcome: proposal('carried-forward') }, due: true },
  ])('an action $name', ({ extra, due }) => {
    expect(isDueAt(anAction(extra), june)).toBe(due)
  })
})

describe('summaryRecipients', () => {
  const CHAIR = aPerson({ id: id(20), name: 'Pat Chair', initials: 'PCC', email: 'pcc@opcc.example' })
  const DEPUTY = aPerson({ id: id(21), name: 'Dee Puty', initials: 'DPCC', email: 'dpcc@opcc.example' })
  const withDeputy = { ...CHAIR, deputyId: DEPUTY.id }
  const chaired = aBoard({ chairId: CHAIR.id, secretariatEmails: ['sec@opcc.example', 'PCC@opcc.example'] })

  it('goes to the chair with the secretariat in copy, without repeating the chair', () => {
    expect(summaryRecipients(chaired, directory(CHAIR), new Set())).toEqual({
      to: ['pcc@opcc.example'],
      cc: ['sec@opcc.example'],
      reaches: 'chair',
    })
  })

  it("copies the chair's deputy, and lets the deputy stand in when the chair's address is suppressed", () => {
    const people = directory(withDeputy, DEPUTY)
    expect(summaryRecipients(chaired, people, new Set())).toEqual({
      to: ['pcc@opcc.example'],
      cc: ['dpcc@opcc.example', 'sec@opcc.example'],
      reaches: 'chair',
    })
    expect(summaryRecipients(chaired, people, new Set(['pcc@opcc.example']))).toEqual({
      to: ['dpcc@opcc.example'],
      cc: ['sec@opcc.example'],
      reaches: 'deputy',
    })
  })

  it('goes to the secretariat when there is no chair, or nobody in the chair’s place can be reached', () => {
    const sec = { to: ['sec@opcc.example', 'PCC@opcc.example'], cc: [], reaches: 'secretariat' }
    expect(summaryRecipients({ ...chaired, chairId: null }, directory(CHAIR), new Set())).toEqual(sec)
    expect(
      summaryRecipients(chaired, directory({ ...CHAIR, email: null }), new Set(['nobody@x.example'])),
    ).toEqual(sec)
    expect(
      summaryRecipients(
        chaired,
        directory(withDeputy, DEPUTY),
        new Set(['pcc@opcc.example', 'dpcc@opcc.example']),
      ),
    ).toEqual({ to: ['sec@opcc.example'], cc: [], reaches: 'secretariat' })
  })
})

describe('bouncedAmong', () => {
  const suppression = (email: string, at: string, reason: Suppression['reason'] = 'bounce'): Suppression => ({
    email,
    reason,
    detail: reason === 'bounce' ? 'Permanent/General' : 'abuse',
    at,
    messageId: null,
  })

  it("lists only the board's people and secretariat, named, newest first", () => {
    // Prepare: addresses compared without regard to case; one belongs to nobody on this board.
    const suppressions = [
      suppression('DT@force.example', '2026-06-01T10:00:00Z'),
      suppression('stranger@elsewhere.example', '2026-06-02T10:00:00Z'),
      suppression('sec@opcc.example', '2026-06-03T10:00:00Z', 'complaint'),
    ]

    // Act
    const bounced = bouncedAmong(suppressions, [DT, BS], { secretariatEmails: ['Sec@opcc.example'] })

    // Assess
    expect(bounced.map((b) => [b.email, b.belongsTo, b.reason])).toEqual([
      ['sec@opcc.example', 'the secretariat', 'complaint'],
      ['DT@force.example', 'Dana Taylor (DT)', 'bounce'],
    ])
  })
})
