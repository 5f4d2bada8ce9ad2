import { describe, expect, it } from 'vitest'
import { dueWindows, lookaheadDays, windowOpensAt } from '#shared/domain/reminders.ts'
import { aMeeting, id } from './factories.ts'

const LONDON = { timeZone: 'Europe/London' }

describe('windowOpensAt', () => {
  it('opens at 08:00 board-local time, on either side of a clock change', () => {
    // Meeting 31 March 2026 (BST); 7 days before is 24 March (GMT): 08:00Z.
    expect(windowOpensAt('2026-03-31T08:00:00Z', 7, 'Europe/London').toISOString()).toBe(
      '2026-03-24T08:00:00.000Z',
    )
    // Meeting 27 October 2026 (GMT); 7 days before is 20 October (BST): 07:00Z.
    expect(windowOpensAt('2026-10-27T09:00:00Z', 7, 'Europe/London').toISOString()).toBe(
      '2026-10-20T07:00:00.000Z',
    )
    // Sydney: 08:00 AEDT is 21:00Z the day before.
    expect(windowOpensAt('2026-12-15T00:00:00Z', 2, 'Australia/Sydney').toISOString()).toBe(
      '2026-12-12T21:00:00.000Z',
    )
  })

  it('counts days in the board’s calendar, not in UTC', () => {
    // 00:30 BST on 2 June is 1 June in UTC; two days before is 31 May local.
    expect(windowOpensAt('2026-06-01T23:30:00Z', 2, 'Europe/London').toISOString()).toBe(
      '2026-05-31T07:00:00.000Z',
    )
  })
})

describe('dueWindows', () => {
  const m = (n: number, startsAt: string, status: 'scheduled' | 'cancelled' | 'held' = 'scheduled') =>
    aMeeting({ id: id(n), startsAt, status })

  it('lists every open window of meetings that have not started, and none that are not yet open', () => {
    const meetings = [m(1, '2026-06-09T09:00:00Z'), m(2, '2026-06-20T09:00:00Z')]
    const at = new Date('2026-06-07T08:00:00Z')
    expect(dueWindows(meetings, [7, 2], LONDON, at)).toEqual([
      { meetingId: id(1), offsetDays: 7, opensAt: '2026-06-02T07:00:00.000Z' },
      { meetingId: id(1), offsetDays: 2, opensAt: '2026-06-07T07:00:00.000Z' },
    ])
  })

  it('sends nothing for a meeting that has started, is cancelled or is held', () => {
    const at = new Date('2026-06-09T09:00:00Z')
    const meetings = [
      m(1, '2026-06-09T09:00:00Z'),
      m(2, '2026-06-12T09:00:00Z', 'cancelled'),
      m(3, '2026-06-12T09:00:00Z', 'held'),
    ]
    expect(dueWindows(meetings, [7, 2], LONDON, at)).toEqual([])
  })

  it('never opens a window after the meeting starts (same-day reminder for an early meeting)', () => {
    const early = m(1, '2026-06-09T06:00:00Z')
    expect(dueWindows([early], [0], LONDON, new Date('2026-06-09T05:59:00Z'))).toEqual([])
  })

  it('looks ahead far enough for the longest offset', () => {
    expect(lookaheadDays([7, 2])).toBe(8)
    expect(lookaheadDays([])).toBe(1)
  })
})
