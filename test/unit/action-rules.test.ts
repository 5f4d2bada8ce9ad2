import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Action, type ProposedOutcome } from '#shared/domain/action.ts'
import {
  AWAITING_MEETING,
  changedFields,
  dueSortKey,
  isArisingAt,
  outcomeBlocker,
  overdueFacts,
  redact,
  withUpdate,
} from '#shared/domain/action-rules.ts'
import { planRollover } from '#shared/domain/rollover.ts'
import { aBoard, aMeeting, anAction, id, OTHER_BOARD_ID, OWNER_LINK, SECRETARIAT } from './factories.ts'

// The meeting under review (June), an earlier one (May) and the board's next (July).
const MAY = { id: id(99), startsAt: '2026-05-26T09:00:00.000Z' }
const JUNE = { id: id(100), startsAt: '2026-06-23T09:00:00.000Z' }
const JULY = { id: id(101), startsAt: '2026-07-21T09:00:00.000Z' }

const dueAt = (m: { id: string; startsAt: string }) => ({
  dueMeetingId: m.id,
  dueMeetingStartsAt: m.startsAt,
})
const AWAITING = { dueMeetingId: null, dueMeetingStartsAt: null }

function proposal(meetingId: string, outcome: ProposedOutcome['outcome'], note: string): ProposedOutcome {
  return { meetingId, outcome, note, by: SECRETARIAT, at: '2026-06-23T10:15:00.000Z' }
}

describe('isArisingAt and outcomeBlocker', () => {
  const june = aMeeting({ id: JUNE.id, startsAt: JUNE.startsAt })

  it.each([
    { name: 'due at the meeting', action: anAction(dueAt(JUNE)), arising: true, blocker: null },
    { name: 'due at an earlier meeting', action: anAction(dueAt(MAY)), arising: true, blocker: null },
    {
      name: 'due at a later meeting',
      action: anAction(dueAt(JULY)),
      arising: false,
      blocker: 'the action is not due at or before this meeting',
    },
    {
      name: 'awaiting a meeting',
      action: anAction(AWAITING),
      arising: false,
      blocker: 'the action is not due at or before this meeting',
    },
    {
      name: 'discharged',
      action: anAction({
        ...dueAt(JUNE),
        status: 'discharged',
        discharge: { meetingId: MAY.id, note: 'Discharged', on: '2026-06-01' },
      }),
      arising: false,
      blocker: 'the action is already discharged',
    },
    {
      name: "of another board, though due at the meeting's time",
      action: anAction({ ...dueAt(JUNE), boardId: OTHER_BOARD_ID }),
      arising: false,
      blocker: 'the action belongs to another board',
    },
  ])('an action $name', ({ action, arising, blocker }) => {
    // Act
    const isArising = isArisingAt(action, june)
    const why = outcomeBlocker(action, june)

    // Assess
    expect(isArising).toBe(arising)
    expect(why).toBe(blocker)
  })
})

describe('overdueFacts', () => {
  const board = aBoard({ overdueCarryThreshold: 2 })

  it('is past due only once the due date is over in the board time zone', () => {
    // Prepare: due on 22 June; 22:30Z is still 23:30 BST on the 22nd, 23:30Z is already the 23rd.
    const action = anAction({ ...dueAt(JULY), dueDate: '2026-06-22' })

    // Act
    const lateEvening = overdueFacts(action, board, new Date('2026-06-22T22:30:00Z'))
    const afterMidnight = overdueFacts(action, board, new Date('2026-06-22T23:30:00Z'))

    // Assess
    expect(lateEvening).toBeNull()
    expect(afterMidnight).toEqual({ pastDue: true, carriedTooOften: false, ageDays: 27 })
  })

  it('without a due date is past due once the due meeting has started', () => {
    // Prepare
    const action = anAction(dueAt(JUNE))

    // Act
    const before = overdueFacts(action, board, new Date('2026-06-23T08:59:00Z'))
    const after = overdueFacts(action, board, new Date('2026-06-23T09:01:00Z'))

    // Assess
    expect(before).toBeNull()
    expect(after).toEqual({ pastDue: true, carriedTooOften: false, ageDays: 28 })
  })

  it('prefers its own due date to the due meeting', () => {
    // Prepare: the due meeting has passed but the action's own date has not.
    const action = anAction({ ...dueAt(MAY), dueDate: '2026-07-31' })

    // Act
    const facts = overdueFacts(action, board, new Date('2026-06-01T12:00:00Z'))

    // Assess
    expect(facts).toBeNull()
  })

  it.each([
    { carryCount: 1, threshold: 2, expected: null },
    { carryCount: 2, threshold: 2, expected: { pastDue: false, carriedTooOften: true, ageDays: 6 } },
    { carryCount: 5, threshold: 2, expected: { pastDue: false, carriedTooOften: true, ageDays: 6 } },
    { carryCount: 2, threshold: 3, expected: null },
  ])('carried $carryCount times against a threshold of $threshold', ({ carryCount, threshold, expected }) => {
    // Prepare: not yet due, so only the carry count can make it overdue.
    const action = anAction({ ...dueAt(JULY), carryCount })

    // Act
    const facts = overdueFacts(
      action,
      aBoard({ overdueCarryThreshold: threshold }),
      new Date('2026-06-01T12:00:00Z'),
    )

    // Assess
    expect(facts).toEqual(expected)
  })

  it('does not chase an action the meeting proposed to discharge', () => {
    // Prepare: past due and carried too often, but proposed for discharge.
    const action = anAction({
      ...dueAt(JUNE),
      carryCount: 3,
      proposedOutcome: proposal(JUNE.id, 'discharged', 'Discharged – report received'),
    })

    // Act
    const facts = overdueFacts(action, board, new Date('2026-06-24T12:00:00Z'))

    // Assess
    expect(facts).toBeNull()
  })

  it('still chases an action the meeting proposed to carry forward', () => {
    // Prepare
    const action = anAction({
      ...dueAt(JUNE),
      proposedOutcome: proposal(JUNE.id, 'carried-forward', 'Update – meeting scheduled for 7 February 2022'),
    })

    // Act
    const facts = overdueFacts(action, board, new Date('2026-06-24T12:00:00Z'))

    // Assess
    expect(facts).toEqual({ pastDue: true, carriedTooOften: false, ageDays: 29 })
  })

  it('ignores discharged actions and open ones awaiting a meeting', () => {
    // Prepare
    const discharged = anAction({
      ...dueAt(MAY),
      carryCount: 4,
      status: 'discharged',
      discharge: { meetingId: MAY.id, note: 'Discharged', on: '2026-06-01' },
    })
    const awaiting = anAction(AWAITING)
    const now = new Date('2026-06-24T12:00:00Z')

    // Act
    const facts = [overdueFacts(discharged, board, now), overdueFacts(awaiting, board, now)]

    // Assess
    expect(facts).toEqual([null, null])
  })
})

describe('redact', () => {
  const wording = 'Exempt FOIA under Section S.31 (Law Enforcement)'
  const exemptAction = () =>
    anAction({
      description: 'SECRET description of an operation',
      exempt: { section: 'S.31 (Law Enforcement)', publicWording: wording },
      updates: [
        {
          at: '2026-06-01T10:00:00.000Z',
          by: OWNER_LINK,
          text: 'SECRET update from owner',
          proposeComplete: false,
        },
      ],
      proposedOutcome: proposal(JUNE.id, 'carried-forward', 'SECRET proposal note'),
      discharge: { meetingId: MAY.id, note: 'SECRET discharge note', on: '2026-06-01' },
    })

  it('puts the public wording in place of every text of an exempt action', () => {
    // Prepare
    const action = exemptAction()

    // Act
    const open = redact(action)

    // Assess
    expect(open.redacted).toBe(true)
    expect(open.description).toBe(wording)
    expect(open.proposedOutcome?.note).toBe(wording)
    expect(open.discharge?.note).toBe(wording)
    expect(open.updates.map((u) => u.text).filter((t) => t !== wording)).toEqual([])
    expect(JSON.stringify(open)).not.toContain('SECRET')
  })

  it('keeps the identifying fields of an exempt action and does not change the original', () => {
    // Prepare
    const action = exemptAction()
    const original = structuredClone(action)

    // Act
    const open = redact(action)

    // Assess
    expect(open).toMatchObject({
      id: action.id,
      ref: action.ref,
      ownerIds: action.ownerIds,
      dueMeetingId: action.dueMeetingId,
      carryCount: action.carryCount,
      exempt: action.exempt,
      discharge: { meetingId: MAY.id, on: '2026-06-01' },
    })
    expect(action).toEqual(original)
  })

  it('leaves a non-exempt action untouched', () => {
    // Prepare
    const action = anAction({
      updates: [
        { at: '2026-06-01T10:00:00.000Z', by: OWNER_LINK, text: 'Meeting booked', proposeComplete: false },
      ],
      proposedOutcome: proposal(JUNE.id, 'discharged', 'Discharged – done'),
    })

    // Act
    const open = redact(action)

    // Assess
    expect(open).toEqual({ ...action, redacted: false })
  })
})

describe('changedFields', () => {
  it('lists only the named fields whose values differ, by value', () => {
    // Prepare
    const before = anAction()
    const after: Action = {
      ...before,
      description: 'Revised wording',
      ownerIds: [...before.ownerIds],
      dueDate: '2026-07-01',
      updatedAt: '2026-06-02T00:00:00.000Z',
    }

    // Act
    const changes = changedFields(before, after, ['description', 'ownerIds', 'dueDate', 'itemNumber'])

    // Assess
    expect(changes).toEqual({
      description: { from: before.description, to: 'Revised wording' },
      dueDate: { from: null, to: '2026-07-01' },
    })
  })

  it('sees a change inside a nested value', () => {
    // Prepare
    const before = anAction({ exempt: { section: 'S.31', publicWording: 'Exempt FOIA under Section S.31' } })
    const after: Action = {
      ...before,
      exempt: { section: 'S.40', publicWording: 'Exempt FOIA under Section S.31' },
    }

    // Act
    const changes = changedFields(before, after, ['exempt'])

    // Assess
    expect(Object.keys(changes)).toEqual(['exempt'])
    expect(changes.exempt?.to).toEqual({ section: 'S.40', publicWording: 'Exempt FOIA under Section S.31' })
  })
})

describe('dueSortKey', () => {
  // The key is a DynamoDB sort key, so it must order by code units, not by locale collation.
  const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

  it('sorts by due meeting start with actions awaiting a meeting last', () => {
    // Prepare
    const actions = [
      anAction({ id: id(1), ...AWAITING }),
      anAction({ id: id(2), ...dueAt(JULY) }),
      anAction({ id: id(3), ...dueAt(MAY) }),
    ]

    // Act
    const order = [...actions].sort((a, b) => byCodeUnits(dueSortKey(a), dueSortKey(b))).map((a) => a.id)
    const keys = actions.map(dueSortKey)

    // Assess
    expect(order).toEqual([id(3), id(2), id(1)])
    expect(keys).toEqual([AWAITING_MEETING, JULY.startsAt, MAY.startsAt])
  })
})

describe('planRollover', () => {
  const june = aMeeting({
    id: JUNE.id,
    startsAt: JUNE.startsAt,
    status: 'minutes-approved',
    minutesApproval: {
      approvedOn: '2026-07-21',
      signatories: [],
      amendments: null,
      recordedBy: SECRETARIAT,
      recordedAt: '2026-07-21T11:00:00.000Z',
      notifyOwners: true,
    },
  })
  const runAt = '2026-07-21T11:00:01.000Z'

  it('plans nothing for a meeting whose minutes are not approved', () => {
    // Prepare
    const held = aMeeting({ id: JUNE.id, startsAt: JUNE.startsAt, status: 'held' })
    const open = anAction({ ...dueAt(JUNE), proposedOutcome: proposal(JUNE.id, 'discharged', 'Done') })

    // Act
    const changes = planRollover(held, [open], JULY, runAt)

    // Assess
    expect(changes).toEqual([])
  })

  it('discharges a discharge proposed at the meeting, with its note, the meeting and the approval date', () => {
    // Prepare
    const note = 'Discharged – monthly updates will be provided at meetings going forward'
    const before = anAction({
      ...dueAt(JUNE),
      carryCount: 1,
      proposedOutcome: proposal(JUNE.id, 'discharged', note),
    })

    // Act
    const changes = planRollover(june, [before], JULY, runAt)

    // Assess
    expect(changes).toHaveLength(1)
    expect(changes[0]?.kind).toBe('discharged')
    expect(changes[0]?.before).toBe(before)
    expect(changes[0]?.after).toEqual({
      ...before,
      status: 'discharged',
      discharge: { meetingId: JUNE.id, note, on: '2026-07-21' },
      proposedOutcome: null,
      updatedAt: runAt,
      version: before.version + 1,
    })
  })

  it('carries an action with a carry-forward proposal to the next meeting, keeping the note as an update', () => {
    // Prepare
    const earlier = {
      at: '2026-06-01T10:00:00.000Z',
      by: OWNER_LINK,
      text: 'Draft circulated',
      proposeComplete: true,
    }
    const carry = proposal(JUNE.id, 'carried-forward', 'Update – meeting scheduled for 7 February 2022')
    const before = anAction({ ...dueAt(JUNE), carryCount: 1, updates: [earlier], proposedOutcome: carry })

    // Act
    const changes = planRollover(june, [before], JULY, runAt)

    // Assess
    expect(changes.map((c) => c.kind)).toEqual(['carried-forward'])
    expect(changes[0]?.after).toEqual({
      ...before,
      dueMeetingId: JULY.id,
      dueMeetingStartsAt: JULY.startsAt,
      carryCount: 2,
      updates: [earlier, { at: carry.at, by: carry.by, text: carry.note, proposeComplete: false }],
      proposedOutcome: null,
      updatedAt: runAt,
      version: before.version + 1,
    })
  })

  it('leaves an action with an outcome proposed at another meeting for that meeting to settle', () => {
    // Prepare: a discharge proposed in May, whose minutes are not yet approved.
    const before = anAction({
      ...dueAt(MAY),
      proposedOutcome: proposal(MAY.id, 'discharged', 'Discharged in May'),
    })

    // Act
    const whileMayPending = planRollover(june, [before], JULY, runAt, new Set([MAY.id]))
    const onceMayCancelled = planRollover(june, [before], JULY, runAt, new Set())

    // Assess: June's approval leaves it to May's; if May can no longer be approved, it is carried.
    expect(whileMayPending).toEqual([])
    expect(
      planRollover({ ...june, id: MAY.id, startsAt: MAY.startsAt }, [before], JULY, runAt).map((c) => c.kind),
    ).toEqual(['discharged'])
    expect(onceMayCancelled.map((c) => c.kind)).toEqual(['carried-forward'])
    expect(onceMayCancelled[0]?.after.proposedOutcome).toBeNull()
  })

  it('leaves the action awaiting a meeting when the board has no next one', () => {
    // Prepare
    const before = anAction({ ...dueAt(JUNE), carryCount: 2 })

    // Act
    const changes = planRollover(june, [before], null, runAt)

    // Assess
    expect(changes[0]?.after).toMatchObject({ dueMeetingId: null, dueMeetingStartsAt: null, carryCount: 3 })
  })

  it('plans only what arises at the meeting, in order, and every result is a valid Action', () => {
    // Prepare
    const actions = [
      anAction({ id: id(1), ...dueAt(JUNE), proposedOutcome: proposal(JUNE.id, 'discharged', 'Done') }),
      anAction({ id: id(2), ...dueAt(JULY) }),
      anAction({ id: id(3), ...dueAt(MAY) }),
      anAction({ id: id(4), ...AWAITING }),
      anAction({ id: id(5), ...dueAt(JUNE), boardId: OTHER_BOARD_ID }),
      anAction({
        id: id(6),
        ...dueAt(JUNE),
        status: 'discharged',
        discharge: { meetingId: MAY.id, note: 'Discharged', on: '2026-06-01' },
      }),
    ]

    // Act
    const changes = planRollover(june, actions, JULY, runAt)

    // Assess
    expect(changes.map((c) => [c.after.id, c.kind])).toEqual([
      [id(1), 'discharged'],
      [id(3), 'carried-forward'],
    ])
    for (const c of changes) expect(Action.parse(c.after)).toEqual(c.after)
  })

  it('changes nothing when replayed on its own output', () => {
    const meetingRef = fc.constantFrom(MAY, JUNE, JULY, null)
    const anyAction = fc.record({
      due: meetingRef,
      discharged: fc.boolean(),
      proposalAt: meetingRef,
      outcome: fc.constantFrom('discharged' as const, 'carried-forward' as const),
      carryCount: fc.integer({ min: 0, max: 5 }),
    })

    fc.assert(
      fc.property(fc.array(anyAction, { maxLength: 8 }), fc.constantFrom(JULY, null), (specs, next) => {
        // Prepare
        const actions = specs.map((s, i) =>
          anAction({
            id: id(1000 + i),
            ...(s.due ? dueAt(s.due) : AWAITING),
            carryCount: s.carryCount,
            status: s.discharged ? 'discharged' : 'open',
            discharge: s.discharged ? { meetingId: MAY.id, note: 'Discharged', on: '2026-06-01' } : null,
            proposedOutcome: s.proposalAt ? proposal(s.proposalAt.id, s.outcome, 'Note') : null,
          }),
        )
        // May's minutes can still be approved: its proposals are left for it.
        const pending = new Set([MAY.id])
        const first = planRollover(june, actions, next, runAt, pending)
        const changed = new Map(first.map((c) => [c.after.id, c.after]))
        const applied = actions.map((a) => changed.get(a.id) ?? a)

        // Act
        const replay = planRollover(june, applied, next, '2026-07-21T11:05:00.000Z', pending)

        // Assess
        const settledElsewhere = (a: (typeof actions)[number]) =>
          pending.has(a.proposedOutcome?.meetingId ?? '')
        expect(first.map((c) => c.before.id)).toEqual(
          actions.filter((a) => isArisingAt(a, june) && !settledElsewhere(a)).map((a) => a.id),
        )
        expect(replay).toEqual([])
      }),
    )
  })
})

describe('withUpdate', () => {
  const u = (text: string, at: string, givenOn?: string) => ({
    at,
    by: SECRETARIAT,
    text,
    proposeComplete: false,
    ...(givenOn ? { givenOn } : {}),
  })
  it('keeps the updates in the order they were given, so the last is the latest word', () => {
    const posted = [u('first', '2020-06-01T09:00:00Z'), u('owner yesterday', '2020-06-20T09:00:00Z')]
    // Typed today for its owner, given at the meeting a week ago: before yesterday's.
    const given = u('said at the meeting', '2020-06-21T10:00:00Z', '2020-06-14')
    expect(withUpdate(posted, given).map((x) => x.text)).toEqual([
      'first',
      'said at the meeting',
      'owner yesterday',
    ])
    // Given the same day as the last, or typed now: last.
    expect(withUpdate(posted, u('today', '2020-06-21T10:00:00Z')).at(-1)?.text).toBe('today')
    expect(withUpdate(posted, u('same day', '2020-06-21T10:00:00Z', '2020-06-20')).at(-1)?.text).toBe(
      'same day',
    )
    // One typed now is the latest word, whatever the days of those before it say.
    const backDated = [u('typed earlier, given later', '2020-06-01T09:00:00Z', '2020-06-30')]
    expect(withUpdate(backDated, u('now', '2020-06-21T23:30:00Z')).at(-1)?.text).toBe('now')
  })
})
