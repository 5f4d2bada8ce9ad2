import { describe, expect, it } from 'vitest'
import {
  CreateMeetingSeriesInput,
  expandSeries,
  MAX_SERIES_MEETINGS,
  type Occurrence,
  patternLabel,
} from '#shared/domain/meeting-series.ts'

const LONDON = 'Europe/London'

/** Weekday and wall-clock time in London, read by Intl independently of the code under test. */
const londonClock = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: LONDON,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso))

/** The series `input` makes, or why not, as the use case calls it. */
const expand = (input: unknown, timeZone = LONDON) =>
  expandSeries(CreateMeetingSeriesInput.parse(input), timeZone)

function occurrences(input: unknown, timeZone = LONDON): Occurrence[] {
  const result = expand(input, timeZone)
  if ('problem' in result) throw new Error(result.problem.message)
  return result.occurrences
}

describe('expandSeries', () => {
  it('makes a year of fourth Tuesdays at 10:00 London time, GMT and BST alike', () => {
    // Prepare: 2026's clocks go forward on 29 March and back on 25 October.
    const input = {
      pattern: { every: 'month', week: 'fourth', weekday: 'tuesday' },
      time: '10:00',
      from: '2026-01-01',
      count: 12,
    }
    // Act
    const got = occurrences(input)
    // Assess
    expect(got.map((o) => o.date)).toEqual([
      '2026-01-27',
      '2026-02-24',
      '2026-03-24',
      '2026-04-28',
      '2026-05-26',
      '2026-06-23',
      '2026-07-28',
      '2026-08-25',
      '2026-09-22',
      '2026-10-27',
      '2026-11-24',
      '2026-12-22',
    ])
    expect(got.find((o) => o.date === '2026-03-24')?.startsAt).toBe('2026-03-24T10:00:00.000Z')
    expect(got.find((o) => o.date === '2026-04-28')?.startsAt).toBe('2026-04-28T09:00:00.000Z')
    expect(got.find((o) => o.date === '2026-09-22')?.startsAt).toBe('2026-09-22T09:00:00.000Z')
    expect(got.find((o) => o.date === '2026-10-27')?.startsAt).toBe('2026-10-27T10:00:00.000Z')
    for (const o of got) expect(londonClock(o.startsAt)).toBe('Tuesday 10:00')
  })

  it('puts meetings on the last Sundays of March and October, the days the clocks change, at the local hour', () => {
    // Prepare
    const input = {
      pattern: { every: 'month', week: 'last', weekday: 'sunday' },
      time: '10:00',
      from: '2026-03-01',
      until: '2026-10-31',
    }
    // Act
    const got = occurrences(input)
    // Assess
    expect(got).toHaveLength(8)
    expect(got[0]).toEqual({ date: '2026-03-29', startsAt: '2026-03-29T09:00:00.000Z' })
    expect(got.at(-1)).toEqual({ date: '2026-10-25', startsAt: '2026-10-25T10:00:00.000Z' })
  })

  it('keeps an evening meeting at 18:30 across the autumn change', () => {
    const got = occurrences({
      pattern: { every: 'week', weekday: 'thursday' },
      time: '18:30',
      from: '2026-10-20',
      count: 2,
    })
    expect(got).toEqual([
      { date: '2026-10-22', startsAt: '2026-10-22T17:30:00.000Z' },
      { date: '2026-10-29', startsAt: '2026-10-29T18:30:00.000Z' },
    ])
  })

  it('steps fortnightly from the first such weekday on or after from', () => {
    const got = occurrences({
      pattern: { every: 'fortnight', weekday: 'monday' },
      time: '09:30',
      from: '2026-03-18',
      count: 3,
    })
    expect(got.map((o) => o.date)).toEqual(['2026-03-23', '2026-04-06', '2026-04-20'])
    expect(got[0]?.startsAt).toBe('2026-03-23T09:30:00.000Z')
    expect(got[1]?.startsAt).toBe('2026-04-06T08:30:00.000Z')
  })

  it('skips a month whose date falls before from, and reads the time in the board’s own zone', () => {
    const got = occurrences(
      {
        pattern: { every: 'month', week: 'first', weekday: 'monday' },
        time: '10:00',
        from: '2026-01-06',
        count: 2,
      },
      'Australia/Sydney',
    )
    // 5 January is before from: February and March. Sydney is on daylight time (UTC+11) until April.
    expect(got).toEqual([
      { date: '2026-02-02', startsAt: '2026-02-01T23:00:00.000Z' },
      { date: '2026-03-02', startsAt: '2026-03-01T23:00:00.000Z' },
    ])
  })

  it('refuses an until that would make more than the cap, naming until', () => {
    const result = expand({
      pattern: { every: 'week', weekday: 'monday' },
      time: '10:00',
      from: '2026-01-01',
      until: '2026-12-31',
    })
    expect(result).toEqual({
      problem: { path: 'until', message: expect.stringContaining(`${MAX_SERIES_MEETINGS}`) },
    })
  })

  it('refuses an until that leaves no date', () => {
    const result = expand({
      pattern: { every: 'month', week: 'last', weekday: 'friday' },
      time: '10:00',
      from: '2026-01-01',
      until: '2026-01-20',
    })
    expect(result).toEqual({ problem: { path: 'until', message: expect.any(String) } })
  })

  it('refuses a series that runs past the last date a meeting may have, naming count', () => {
    const result = expand({
      pattern: { every: 'month', week: 'first', weekday: 'monday' },
      time: '10:00',
      from: '2100-06-01',
      count: 12,
    })
    expect(result).toEqual({ problem: { path: 'count', message: expect.stringContaining('2100-12-31') } })
  })
})

describe('CreateMeetingSeriesInput', () => {
  const base = {
    pattern: { every: 'month', week: 'fourth', weekday: 'tuesday' },
    time: '10:00',
    from: '2026-01-01',
  }
  const paths = (v: unknown) =>
    CreateMeetingSeriesInput.safeParse(v).error?.issues.map((i) => i.path.join('.'))

  it.each([
    ['neither count nor until', base, ['count']],
    ['both count and until', { ...base, count: 2, until: '2026-06-01' }, ['count']],
    ['a count over the cap', { ...base, count: MAX_SERIES_MEETINGS + 1 }, ['count']],
    ['until before from', { ...base, until: '2025-12-01' }, ['until']],
    [
      'a monthly pattern without its week',
      { ...base, count: 2, pattern: { every: 'month', weekday: 'tuesday' } },
      ['pattern.week'],
    ],
    [
      'a weekly pattern with a week',
      { ...base, count: 2, pattern: { every: 'week', week: 'first', weekday: 'tuesday' } },
      ['pattern.week'],
    ],
    ['a time of 24:00', { ...base, count: 2, time: '24:00' }, ['time']],
    [
      'an unknown weekday',
      { ...base, count: 2, pattern: { every: 'week', weekday: 'funday' } },
      ['pattern.weekday'],
    ],
  ])('names the field for %s', (_name, input, expected) => {
    expect(paths(input)).toEqual(expected)
  })
})

describe('patternLabel', () => {
  it('names the pattern as the page shows it', () => {
    expect(patternLabel({ every: 'month', week: 'fourth', weekday: 'tuesday' })).toBe(
      'Fourth Tuesday of each month',
    )
    expect(patternLabel({ every: 'fortnight', weekday: 'monday' })).toBe('Every other Monday')
  })
})
