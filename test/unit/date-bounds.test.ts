import { describe, expect, it } from 'vitest'
import { Action } from '#shared/domain/action.ts'
import { EARLIEST_DATE, Instant, IsoDate, LATEST_DATE } from '#shared/domain/common.ts'
import { Meeting } from '#shared/domain/meeting.ts'
import { aMeeting, anAction, SECRETARIAT } from './factories.ts'

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : (r.error?.issues.map((i) => i.message) ?? [])

describe('the span of accepted dates and instants', () => {
  it('takes the first and the last day and refuses the days either side', () => {
    expect(IsoDate.parse(EARLIEST_DATE)).toBe('1990-01-01')
    expect(IsoDate.parse(LATEST_DATE)).toBe('2100-12-31')
    expect(Instant.parse('1990-01-01T00:00:00Z')).toBe('1990-01-01T00:00:00.000Z')
    expect(Instant.parse('2100-12-31T23:59:59.999Z')).toBe('2100-12-31T23:59:59.999Z')
    for (const d of ['0999-06-01', '1989-12-31', '2101-01-01', '0000-01-01', '9999-12-31']) {
      expect(messages(IsoDate.safeParse(d)), d).toEqual(['must lie between 1990-01-01 and 2100-12-31'])
      expect(messages(Instant.safeParse(`${d}T12:00:00Z`)), d).toEqual([
        'must lie between 1990-01-01 and 2100-12-31',
      ])
    }
    // Compared in UTC: an offset can carry an instant across either end.
    expect(Instant.safeParse('1990-01-01T00:30:00+01:00').success).toBe(false)
    expect(Instant.safeParse('2100-12-31T23:30:00-01:00').success).toBe(false)
  })

  it('gives a malformed value only the format’s message', () => {
    expect(messages(IsoDate.safeParse('31/12/2020'))).toEqual(['Invalid ISO date'])
    expect(messages(Instant.safeParse('tomorrow'))).toEqual(['Invalid ISO datetime'])
  })

  it('still reads a stored record whose dates lie outside the span', () => {
    // Rows written before the span was enforced must not make a board unreadable.
    const action = anAction()
    expect(
      Action.parse({
        ...action,
        dueDate: '0999-06-01',
        discharge: { meetingId: action.raisedAtMeetingId, note: 'n', on: '0999-06-01' },
      }).dueDate,
    ).toBe('0999-06-01')
    const meeting = aMeeting()
    const approval = {
      approvedOn: '0999-06-01',
      amendments: null,
      recordedBy: SECRETARIAT,
      recordedAt: '2026-01-01T00:00:00Z',
    }
    expect(Meeting.parse({ ...meeting, minutesApproval: approval }).minutesApproval?.approvedOn).toBe(
      '0999-06-01',
    )
  })
})
