import { describe, expect, it } from 'vitest'
import { Attendance, type Meeting, type MeetingStatus } from '#shared/domain/meeting.ts'
import {
  acceptsOutcomes,
  canBeDueMeeting,
  canPatchStatus,
  minutesApprovalBlocker,
  withCalendarSequence,
} from '#shared/domain/meeting-rules.ts'
import { aMeeting, OWNER_ID, SECRETARIAT } from './factories.ts'

const LONDON = 'Europe/London'
const STATUSES: MeetingStatus[] = ['scheduled', 'held', 'minutes-approved', 'cancelled']

describe('canPatchStatus', () => {
  // Every pair not listed is refused; staying put is always allowed.
  const allowed = new Set([
    'scheduled→scheduled',
    'scheduled→held',
    'scheduled→cancelled',
    'held→held',
    'held→scheduled',
    'cancelled→cancelled',
    'cancelled→scheduled',
    'minutes-approved→minutes-approved',
  ])
  const matrix = STATUSES.flatMap((from) =>
    STATUSES.map((to) => ({ from, to, expected: allowed.has(`${from}→${to}`) })),
  )

  it.each(matrix)('$from → $to is $expected', ({ from, to, expected }) => {
    // Act
    const ok = canPatchStatus(from, to)

    // Assess
    expect(ok).toBe(expected)
  })

  it('never reaches minutes-approved by PATCH, nor leaves it', () => {
    // Act
    const into = STATUSES.filter((s) => s !== 'minutes-approved' && canPatchStatus(s, 'minutes-approved'))
    const outOf = STATUSES.filter((s) => s !== 'minutes-approved' && canPatchStatus('minutes-approved', s))

    // Assess
    expect(into).toEqual([])
    expect(outOf).toEqual([])
  })
})

describe('minutesApprovalBlocker', () => {
  // 23:30Z on 22 June is 00:30 BST on the 23rd: the meeting's local date is 2026-06-23.
  const startsAt = '2026-06-22T23:30:00.000Z'
  const approval = {
    approvedOn: '2026-06-23',
    signatories: [],
    amendments: null,
    recordedBy: SECRETARIAT,
    recordedAt: '2026-07-21T10:00:00.000Z',
    notifyOwners: true,
  }

  it.each([
    {
      name: 'already approved',
      meeting: aMeeting({ startsAt, status: 'minutes-approved', minutesApproval: approval }),
      approvedOn: '2026-07-21',
      now: '2026-07-21T12:00:00Z',
      expected: 'the minutes of this meeting are already approved',
    },
    {
      name: 'cancelled',
      meeting: aMeeting({ startsAt, status: 'cancelled' }),
      approvedOn: '2026-07-21',
      now: '2026-07-21T12:00:00Z',
      expected: 'the meeting was cancelled',
    },
    {
      name: 'not started',
      meeting: aMeeting({ startsAt, status: 'held' }),
      approvedOn: '2026-06-22',
      now: '2026-06-22T23:29:59Z',
      expected: 'the meeting has not started yet',
    },
    {
      name: "approved on the UTC date, which is before the meeting's local date",
      meeting: aMeeting({ startsAt, status: 'held' }),
      approvedOn: '2026-06-22',
      now: '2026-07-21T12:00:00Z',
      expected: 'minutes cannot be approved before the meeting took place',
    },
    {
      name: 'approved on a date still in the future in London',
      meeting: aMeeting({ startsAt, status: 'held' }),
      approvedOn: '2026-07-22',
      now: '2026-07-21T22:59:59Z',
      expected: 'approvedOn is in the future',
    },
    {
      name: 'approved on the local date of the meeting itself',
      meeting: aMeeting({ startsAt, status: 'held' }),
      approvedOn: '2026-06-23',
      now: '2026-06-23T10:00:00Z',
      expected: null,
    },
    {
      name: "approved on today's London date, which UTC has not reached",
      meeting: aMeeting({ startsAt, status: 'held' }),
      approvedOn: '2026-07-22',
      now: '2026-07-21T23:00:00Z',
      expected: null,
    },
    {
      name: 'still marked scheduled but already started',
      meeting: aMeeting({ startsAt, status: 'scheduled' }),
      approvedOn: '2026-07-21',
      now: '2026-07-21T12:00:00Z',
      expected: null,
    },
  ])('$name → $expected', ({ meeting, approvedOn, now, expected }) => {
    // Act
    const why = minutesApprovalBlocker(meeting, approvedOn, new Date(now), LONDON)

    // Assess
    expect(why).toBe(expected)
  })
})

describe('acceptsOutcomes and canBeDueMeeting', () => {
  it.each([
    { status: 'scheduled', outcomes: true, due: true },
    { status: 'held', outcomes: true, due: false },
    { status: 'minutes-approved', outcomes: false, due: false },
    { status: 'cancelled', outcomes: false, due: false },
  ] as const)('a $status meeting: outcomes $outcomes, due meeting $due', ({ status, outcomes, due }) => {
    // Prepare
    const meeting = aMeeting({ status })

    // Act
    const result = { outcomes: acceptsOutcomes(meeting), due: canBeDueMeeting(meeting) }

    // Assess
    expect(result).toEqual({ outcomes, due })
  })
})

describe('withCalendarSequence', () => {
  const cancelled = { status: 'cancelled' } as const
  it.each<{ change: string; from: Partial<Meeting>; to: Partial<Meeting>; step: number }>([
    { change: 'a new start', from: {}, to: { startsAt: '2026-06-30T09:00:00.000Z' }, step: 1 },
    { change: 'a new place', from: {}, to: { location: 'Council House' }, step: 1 },
    { change: 'a place removed', from: {}, to: { location: null }, step: 1 },
    { change: 'a cancellation', from: {}, to: cancelled, step: 1 },
    { change: 'a reinstatement', from: cancelled, to: { status: 'scheduled' }, step: 1 },
    { change: 'a new title', from: {}, to: { title: 'PAM (rearranged)' }, step: 0 },
    {
      change: 'attendance',
      from: {},
      to: { attendance: [Attendance.parse({ personId: OWNER_ID, status: 'apologies' })] },
      step: 0,
    },
    { change: 'marking it held', from: {}, to: { status: 'held' }, step: 0 },
    { change: 'the same start again', from: {}, to: { startsAt: '2026-06-23T09:00:00.000Z' }, step: 0 },
  ])('moves SEQUENCE on by $step for $change', ({ from, to, step }) => {
    // Prepare
    const prev = aMeeting({ ...from, calendarSequence: 3 })

    // Act
    const next = withCalendarSequence(prev, { ...prev, ...to, version: prev.version + 1 })

    // Assess
    expect(next.calendarSequence).toBe(3 + step)
    expect(next).toMatchObject(to)
  })
})
