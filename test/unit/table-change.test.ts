import { marshall } from '@aws-sdk/util-dynamodb'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Action } from '#shared/domain/action.ts'
import type { Meeting, MeetingStatus } from '#shared/domain/meeting.ts'
import {
  classify,
  matchesFilter,
  passesFilters,
  type StreamRecord,
  TABLE_CHANGE_FILTERS,
} from '#shared/events/table-change.ts'
import { aMeeting, anAction, id, OWNER_ID, SECRETARIAT } from './factories.ts'

const MEETING_ID = id(100)
const ACTION_ID = id(500)
const SECOND_OWNER = id(6)
const THIRD_OWNER = id(7)

const APPROVAL = {
  approvedOn: '2026-07-21',
  signatories: [],
  amendments: null,
  recordedBy: SECRETARIAT,
  recordedAt: '2026-07-21T10:00:00.000Z',
  notifyOwners: true,
}

type EventName = 'INSERT' | 'MODIFY' | 'REMOVE'

/** A stored item as the table holds it: keys, a `type` discriminator and the entity's fields. */
function stored(item: Record<string, unknown>) {
  return marshall(item, { removeUndefinedValues: true })
}

function meetingItem(m: Meeting) {
  return stored({ PK: `MEETING#${m.id}`, SK: 'MEETING', type: 'Meeting', ...m })
}

function actionItem(a: Action) {
  return stored({ PK: `ACTION#${a.id}`, SK: 'ACTION', type: 'Action', ...a })
}

function meetingRecord(eventName: EventName, next: Meeting | null, prev: Meeting | null): StreamRecord {
  return {
    eventName,
    dynamodb: {
      NewImage: next ? meetingItem(next) : undefined,
      OldImage: prev ? meetingItem(prev) : undefined,
      SequenceNumber: '100',
    },
  }
}

function actionRecord(eventName: EventName, next: Action | null, prev: Action | null): StreamRecord {
  return {
    eventName,
    dynamodb: {
      NewImage: next ? actionItem(next) : undefined,
      OldImage: prev ? actionItem(prev) : undefined,
      SequenceNumber: '200',
    },
  }
}

function meetingIn(status: MeetingStatus, overrides: Partial<Meeting> = {}): Meeting {
  return aMeeting({
    status,
    minutesApproval: status === 'minutes-approved' ? APPROVAL : null,
    ...overrides,
  })
}

const historyItem = stored({
  PK: `ACTION#${ACTION_ID}`,
  SK: 'HISTORY#0001',
  type: 'History',
  actionId: ACTION_ID,
  version: 1,
  at: '2026-05-26T10:00:00.000Z',
  by: SECRETARIAT,
  kind: 'created',
  meetingId: id(99),
  changes: null,
  note: null,
})

const ownerIndexItem = stored({
  PK: `OWNER#${OWNER_ID}`,
  SK: `ACTION#${ACTION_ID}`,
  type: 'OwnerIndexRow',
  actionId: ACTION_ID,
  personId: OWNER_ID,
  boardId: id(1),
  status: 'open',
})

describe('classify: meetings', () => {
  it('reports minutes-approved when a held meeting has its minutes approved', () => {
    // Prepare
    const record = meetingRecord('MODIFY', meetingIn('minutes-approved', { version: 3 }), meetingIn('held'))

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([{ kind: 'minutes-approved', meetingId: MEETING_ID }])
  })

  it('ignores a later edit to a meeting whose minutes were already approved', () => {
    // Prepare
    const before = meetingIn('minutes-approved', { version: 3 })
    const after = meetingIn('minutes-approved', { version: 4, location: 'Council Chamber' })
    const record = meetingRecord('MODIFY', after, before)

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([])
  })

  it('reports meeting-scheduled when a scheduled meeting is inserted', () => {
    // Prepare
    const record = meetingRecord('INSERT', meetingIn('scheduled'), null)

    // Act
    const change = classify(record)

    // Assess
    expect(change).toMatchObject([{ kind: 'meeting-scheduled', meetingId: MEETING_ID }])
  })

  it('reports meeting-scheduled when a cancelled meeting is reinstated', () => {
    // Prepare
    const record = meetingRecord('MODIFY', meetingIn('scheduled', { version: 3 }), meetingIn('cancelled'))

    // Act
    const change = classify(record)

    // Assess
    expect(change).toMatchObject([{ kind: 'meeting-scheduled', meetingId: MEETING_ID }])
  })

  it('ignores an edit to a meeting that stays scheduled', () => {
    // Prepare
    const before = meetingIn('scheduled')
    const after = meetingIn('scheduled', { version: 2, location: 'Council Chamber' })
    const record = meetingRecord('MODIFY', after, before)

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([])
  })

  it.each([
    { from: 'scheduled', to: 'held' },
    { from: 'scheduled', to: 'cancelled' },
    { from: 'held', to: 'held' },
  ] as const)('ignores a meeting moving $from → $to', ({ from, to }) => {
    // Prepare
    const record = meetingRecord('MODIFY', meetingIn(to, { version: 2 }), meetingIn(from))

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([])
  })
})

describe('classify: actions', () => {
  it('tells every owner of a newly raised action (the API wrote their links)', () => {
    // Prepare
    const action = anAction({ ownerIds: [OWNER_ID, SECOND_OWNER] })
    const record = actionRecord('INSERT', action, null)

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([{ kind: 'owners-assigned', action, newOwnerIds: [OWNER_ID, SECOND_OWNER] }])
  })

  it('tells only the owner added by an edit', () => {
    // Prepare
    const before = anAction({ ownerIds: [OWNER_ID] })
    const after = anAction({ ownerIds: [OWNER_ID, SECOND_OWNER], version: 2 })
    const record = actionRecord('MODIFY', after, before)

    // Act
    const change = classify(record)

    // Assess
    expect(change).toContainEqual({ kind: 'owners-assigned', action: after, newOwnerIds: [SECOND_OWNER] })
  })

  it('tells only the new owner when one owner replaces another (the API moved the links)', () => {
    // Prepare
    const before = anAction({ ownerIds: [OWNER_ID, SECOND_OWNER] })
    const after = anAction({ ownerIds: [SECOND_OWNER, THIRD_OWNER], version: 2 })
    const record = actionRecord('MODIFY', after, before)

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([{ kind: 'owners-assigned', action: after, newOwnerIds: [THIRD_OWNER] }])
  })

  it.each([
    { name: 'the same owners', after: [OWNER_ID, SECOND_OWNER] },
    { name: 'the same owners reordered', after: [SECOND_OWNER, OWNER_ID] },
  ])('ignores an edit that leaves $name', ({ after }) => {
    // Prepare
    const before = anAction({ ownerIds: [OWNER_ID, SECOND_OWNER] })
    const edited = anAction({ ownerIds: after, description: 'Reworded', version: 2 })
    const record = actionRecord('MODIFY', edited, before)

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([])
  })

  it('does nothing when an owner is removed (the API dropped the link in its transaction)', () => {
    // Prepare
    const before = anAction({ ownerIds: [OWNER_ID, SECOND_OWNER] })
    const after = anAction({ ownerIds: [SECOND_OWNER], version: 2 })
    const record = actionRecord('MODIFY', after, before)

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([])
  })

  it('brings the owner-index rows of an action the rollover discharged to its new status', () => {
    // Prepare
    const before = anAction({ ownerIds: [OWNER_ID, SECOND_OWNER], version: 3 })
    const after = anAction({
      ownerIds: [OWNER_ID, SECOND_OWNER],
      status: 'discharged',
      discharge: { meetingId: MEETING_ID, note: 'Discharged', on: '2026-07-21' },
      version: 4,
    })
    const record = actionRecord('MODIFY', after, before)

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([
      { kind: 'owner-index-changed', action: after, previousOwnerIds: [OWNER_ID, SECOND_OWNER] },
    ])
  })

  it('leaves the owner-index rows of an action carried forward alone (they do not encode the due meeting)', () => {
    // Prepare
    const before = anAction({ version: 3 })
    const after = anAction({
      dueMeetingId: id(101),
      dueMeetingStartsAt: '2026-08-18T09:00:00.000Z',
      carryCount: 1,
      version: 4,
    })
    const record = actionRecord('MODIFY', after, before)

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([])
  })

  it('reads the action from an image that also holds the store-only rollover history', () => {
    // Prepare
    const before = anAction({ version: 3 })
    const after = anAction({ status: 'discharged', version: 4 })
    const record = actionRecord('MODIFY', after, before)
    const entry = { actionId: ACTION_ID, version: 4, kind: 'discharged' }
    record.dynamodb = {
      ...record.dynamodb,
      NewImage: stored({
        PK: `ACTION#${ACTION_ID}`,
        SK: 'ACTION',
        type: 'Action',
        ...after,
        rolloverHistory: [entry],
      }),
    }

    // Act
    const change = classify(record)

    // Assess: the action handed on is the domain action, without the store's list.
    expect(change).toEqual([{ kind: 'owner-index-changed', action: after, previousOwnerIds: [OWNER_ID] }])
  })
})

describe('classify: other records', () => {
  it.each([
    { type: 'History', item: historyItem },
    { type: 'OwnerIndexRow', item: ownerIndexItem },
  ])('ignores an inserted $type item', ({ item }) => {
    // Prepare
    const record: StreamRecord = { eventName: 'INSERT', dynamodb: { NewImage: item } }

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([])
  })

  it('ignores a removal, which has no new image', () => {
    // Prepare
    const record = actionRecord('REMOVE', null, anAction())

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([])
  })

  it('ignores a record without any images', () => {
    // Prepare
    const record: StreamRecord = { eventName: 'MODIFY' }

    // Act
    const change = classify(record)

    // Assess
    expect(change).toEqual([])
  })
})

describe('passesFilters', () => {
  it.each([
    {
      name: 'minutes approval of a meeting',
      record: meetingRecord('MODIFY', meetingIn('minutes-approved', { version: 3 }), meetingIn('held')),
    },
    { name: 'a meeting scheduled', record: meetingRecord('INSERT', meetingIn('scheduled'), null) },
    {
      name: 'a meeting reinstated',
      record: meetingRecord('MODIFY', meetingIn('scheduled', { version: 3 }), meetingIn('cancelled')),
    },
    { name: 'an action raised', record: actionRecord('INSERT', anAction(), null) },
    {
      name: 'an action edited',
      record: actionRecord(
        'MODIFY',
        anAction({ ownerIds: [OWNER_ID, SECOND_OWNER], version: 2 }),
        anAction(),
      ),
    },
  ])('lets through $name', ({ record }) => {
    // Act
    const passes = passesFilters(record)

    // Assess
    expect(passes).toBe(true)
  })

  it.each([
    { name: 'a History item inserted', record: { eventName: 'INSERT', dynamodb: { NewImage: historyItem } } },
    {
      name: 'an OwnerIndexRow item inserted',
      record: { eventName: 'INSERT', dynamodb: { NewImage: ownerIndexItem } },
    },
    { name: 'an action removed', record: actionRecord('REMOVE', null, anAction()) },
    {
      name: 'a meeting marked held',
      record: meetingRecord('MODIFY', meetingIn('held', { version: 2 }), meetingIn('scheduled')),
    },
    {
      name: 'a meeting cancelled',
      record: meetingRecord('MODIFY', meetingIn('cancelled', { version: 2 }), meetingIn('scheduled')),
    },
    { name: 'a meeting removed', record: meetingRecord('REMOVE', null, meetingIn('scheduled')) },
  ])('holds back $name', ({ record }) => {
    // Act
    const passes = passesFilters(record)

    // Assess
    expect(passes).toBe(false)
  })

  it('lets through every record that classify acts on', () => {
    // Prepare: any owner change on an action, any status change on a meeting after it was created.
    const owners = fc.uniqueArray(fc.constantFrom(OWNER_ID, SECOND_OWNER, THIRD_OWNER), { maxLength: 3 })
    const status = fc.constantFrom<MeetingStatus>('scheduled', 'held', 'minutes-approved', 'cancelled')
    const actionStatus = fc.constantFrom<Action['status']>('open', 'discharged')
    const actionChange = fc
      .record({ insert: fc.boolean(), before: owners, after: owners, was: actionStatus, is: actionStatus })
      .map(({ insert, before, after, was, is }) =>
        insert
          ? actionRecord('INSERT', anAction({ ownerIds: after }), null)
          : actionRecord(
              'MODIFY',
              anAction({ ownerIds: after, status: is, version: 2 }),
              anAction({ ownerIds: before, status: was }),
            ),
      )
    const meetingChange = fc
      .record({ from: status, to: status })
      .map(({ from, to }) => meetingRecord('MODIFY', meetingIn(to, { version: 2 }), meetingIn(from)))
    const meetingCreated = fc.constant(meetingRecord('INSERT', meetingIn('scheduled'), null))

    // Act + Assess
    fc.assert(
      fc.property(fc.oneof(actionChange, meetingChange, meetingCreated), (record) => {
        if (classify(record).length > 0) expect(passesFilters(record)).toBe(true)
      }),
    )
  })
})

type FilterPattern = Parameters<typeof matchesFilter>[1]

describe('matchesFilter', () => {
  const record = meetingRecord('INSERT', meetingIn('scheduled'), null)

  it('matches nested fields against a list of allowed values', () => {
    // Prepare
    const pattern = { eventName: ['MODIFY', 'INSERT'], dynamodb: { NewImage: { type: { S: ['Meeting'] } } } }

    // Act
    const matches = matchesFilter(record, pattern)

    // Assess
    expect(matches).toBe(true)
  })

  it('fails when any one field has none of the allowed values', () => {
    // Prepare
    const pattern = { eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['held'] } } } }

    // Act
    const matches = matchesFilter(record, pattern)

    // Assess
    expect(matches).toBe(false)
  })

  it('fails when the record lacks a field the pattern names', () => {
    // Prepare
    const pattern = { dynamodb: { OldImage: { type: { S: ['Meeting'] } } } }

    // Act
    const matches = matchesFilter(record, pattern)

    // Assess
    expect(matches).toBe(false)
  })

  it.each<{ name: string; pattern: FilterPattern }>([
    { name: 'prefix', pattern: { eventName: [{ prefix: 'I' }] } },
    {
      name: 'anything-but',
      pattern: { dynamodb: { NewImage: { type: { S: [{ 'anything-but': ['x'] }] } } } },
    },
    { name: 'exists', pattern: { dynamodb: { OldImage: [{ exists: false }] } } },
  ])('refuses the unsupported $name operator', ({ pattern }) => {
    // Act
    const attempt = () => matchesFilter(record, pattern)

    // Assess
    expect(attempt).toThrow(/unsupported filter operator/)
  })

  it('is the evaluator for every declared filter pattern', () => {
    // Act: each pattern on its own is evaluated without refusing any operator.
    const results = TABLE_CHANGE_FILTERS.map((p) => matchesFilter(record, p))

    // Assess: only the "meeting scheduled" pattern matches an inserted scheduled meeting.
    expect(results).toEqual([false, true, false, false])
  })
})

describe('classify an outbox email', () => {
  const email = (state: string, eventName = 'INSERT') => ({
    eventName,
    dynamodb: {
      NewImage: marshall({ type: 'Email', key: 'reminder#a#b#7', state, dueAt: '2026-03-17T08:00:00.000Z' }),
    },
  })

  it('passes a queued email to the handler, to send if its time has come', () => {
    expect(passesFilters(email('queued'))).toBe(true)
    expect(classify(email('queued', 'MODIFY'))).toEqual([
      { kind: 'email-queued', key: 'reminder#a#b#7', dueAt: '2026-03-17T08:00:00.000Z' },
    ])
  })

  it('leaves out an email being sent or settled', () => {
    for (const state of ['sending', 'sent', 'failed', 'dropped']) {
      expect(passesFilters(email(state, 'MODIFY'))).toBe(false)
      expect(classify(email(state, 'MODIFY'))).toEqual([])
    }
  })
})
