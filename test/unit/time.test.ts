import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  daysBetween,
  fromZoned,
  isoDateIn,
  isValidTimeZone,
  type LocalDateTime,
  localDateOf,
  toZoned,
} from '#shared/domain/time.ts'

const LONDON = 'Europe/London'
const SYDNEY = 'Australia/Sydney'
const NEW_YORK = 'America/New_York'
const HOUR = 3_600_000

function at(year: number, month: number, day: number, hour: number, minute = 0, second = 0): LocalDateTime {
  return { year, month, day, hour, minute, second }
}

/** UTC offset in minutes read straight from Intl, independently of the code under test. */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>()
function offsetMinutes(ms: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    offsetFormatters.set(timeZone, f)
  }
  const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? ''
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name)
  if (!m) throw new Error(`unexpected offset name ${name}`)
  return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0
}

/** The first instants (ms) at which the offset changes during `year`, found by bisection. */
const transitionCache = new Map<string, number[]>()
function transitionsIn(year: number, timeZone: string): number[] {
  const key = `${timeZone}:${year}`
  const cached = transitionCache.get(key)
  if (cached) return cached
  const found: number[] = []
  const end = Date.UTC(year + 1, 0, 1)
  for (let from = Date.UTC(year, 0, 1); from < end; from += 7 * 24 * HOUR) {
    let lo = from
    let hi = Math.min(from + 7 * 24 * HOUR, end)
    if (offsetMinutes(lo, timeZone) === offsetMinutes(hi, timeZone)) continue
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2)
      if (offsetMinutes(mid, timeZone) === offsetMinutes(lo, timeZone)) lo = mid
      else hi = mid
    }
    found.push(hi)
  }
  transitionCache.set(key, found)
  return found
}

function sameWallClock(a: LocalDateTime, b: LocalDateTime): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

describe('isValidTimeZone', () => {
  it.each([
    { timeZone: 'Europe/London', expected: true },
    { timeZone: 'Australia/Sydney', expected: true },
    { timeZone: 'UTC', expected: true },
    { timeZone: 'Mars/Olympus', expected: false },
    { timeZone: '+01:00', expected: false },
    { timeZone: '', expected: false },
  ])('$timeZone → $expected', ({ timeZone, expected }) => {
    // Act
    const valid = isValidTimeZone(timeZone)

    // Assess
    expect(valid).toBe(expected)
  })
})

describe('toZoned', () => {
  it.each([
    { instant: '2026-01-20T23:30:00Z', timeZone: LONDON, expected: at(2026, 1, 20, 23, 30) },
    { instant: '2020-06-22T23:30:00Z', timeZone: LONDON, expected: at(2020, 6, 23, 0, 30) },
    // Midnight is hour 0 of the new day, never hour 24 of the old one.
    { instant: '2026-01-21T00:00:00Z', timeZone: LONDON, expected: at(2026, 1, 21, 0, 0) },
    { instant: '2026-10-25T00:30:00Z', timeZone: LONDON, expected: at(2026, 10, 25, 1, 30) },
    { instant: '2026-10-25T01:30:00Z', timeZone: LONDON, expected: at(2026, 10, 25, 1, 30) },
    { instant: '2025-12-31T23:30:15Z', timeZone: SYDNEY, expected: at(2026, 1, 1, 10, 30, 15) },
    { instant: '2026-01-21T03:30:00Z', timeZone: NEW_YORK, expected: at(2026, 1, 20, 22, 30) },
  ])('$instant in $timeZone', ({ instant, timeZone, expected }) => {
    // Act
    const local = toZoned(new Date(instant), timeZone)

    // Assess
    expect(local).toEqual(expected)
  })
})

describe('fromZoned', () => {
  it.each([
    { name: '08:00 on a GMT date', local: at(2026, 1, 20, 8), expected: '2026-01-20T08:00:00.000Z' },
    { name: '08:00 on a BST date', local: at(2026, 6, 22, 8), expected: '2026-06-22T07:00:00.000Z' },
    {
      name: '08:00 the day before spring-forward',
      local: at(2026, 3, 28, 8),
      expected: '2026-03-28T08:00:00.000Z',
    },
    {
      name: '08:00 on the spring-forward day',
      local: at(2026, 3, 29, 8),
      expected: '2026-03-29T07:00:00.000Z',
    },
    {
      name: '08:00 the day after spring-forward',
      local: at(2026, 3, 30, 8),
      expected: '2026-03-30T07:00:00.000Z',
    },
    {
      name: '08:00 the day before autumn-back',
      local: at(2026, 10, 24, 8),
      expected: '2026-10-24T07:00:00.000Z',
    },
    {
      name: '08:00 on the autumn-back day',
      local: at(2026, 10, 25, 8),
      expected: '2026-10-25T08:00:00.000Z',
    },
    {
      name: '08:00 the day after autumn-back',
      local: at(2026, 10, 26, 8),
      expected: '2026-10-26T08:00:00.000Z',
    },
    { name: 'midnight starting a BST day', local: at(2026, 6, 23, 0), expected: '2026-06-22T23:00:00.000Z' },
    { name: 'seconds are kept', local: at(2026, 6, 22, 8, 15, 42), expected: '2026-06-22T07:15:42.000Z' },
  ])('Europe/London: $name', ({ local, expected }) => {
    // Act
    const instant = fromZoned(local, LONDON)

    // Assess
    expect(instant.toISOString()).toBe(expected)
  })

  it.each([
    { timeZone: SYDNEY, local: at(2026, 1, 20, 8), expected: '2026-01-19T21:00:00.000Z' },
    { timeZone: SYDNEY, local: at(2026, 6, 22, 8), expected: '2026-06-21T22:00:00.000Z' },
    { timeZone: NEW_YORK, local: at(2026, 1, 20, 8), expected: '2026-01-20T13:00:00.000Z' },
    { timeZone: NEW_YORK, local: at(2026, 3, 9, 8), expected: '2026-03-09T12:00:00.000Z' },
  ])('$timeZone: 08:00 on $local.year-$local.month-$local.day', ({ timeZone, local, expected }) => {
    // Act
    const instant = fromZoned(local, timeZone)

    // Assess
    expect(instant.toISOString()).toBe(expected)
  })

  it('reads "08:00 seven days before" in the zone across a BST change', () => {
    // Prepare: a 10:00 BST meeting on 2 April 2026; seven days before is still GMT.
    const meeting = new Date('2026-04-02T09:00:00Z')

    // Act
    const sendAt = fromZoned(
      { ...addDays(localDateOf(meeting, LONDON), -7), hour: 8, minute: 0, second: 0 },
      LONDON,
    )

    // Assess
    expect(sendAt.toISOString()).toBe('2026-03-26T08:00:00.000Z')
  })

  // The doc comment: in the spring gap the wall time is read with the offset in force
  // before the change, i.e. one hour later than asked.
  it.each([
    {
      timeZone: LONDON,
      local: at(2026, 3, 29, 1, 30),
      expected: '2026-03-29T01:30:00.000Z',
      shows: at(2026, 3, 29, 2, 30),
    },
    {
      timeZone: NEW_YORK,
      local: at(2026, 3, 8, 2, 30),
      expected: '2026-03-08T07:30:00.000Z',
      shows: at(2026, 3, 8, 3, 30),
    },
    {
      timeZone: SYDNEY,
      local: at(2026, 10, 4, 2, 30),
      expected: '2026-10-03T16:30:00.000Z',
      shows: at(2026, 10, 4, 3, 30),
    },
  ])(
    '$timeZone spring gap: a wall time that never happens moves one hour later',
    ({ timeZone, local, expected, shows }) => {
      // Act
      const instant = fromZoned(local, timeZone)

      // Assess
      expect(instant.toISOString()).toBe(expected)
      expect(toZoned(instant, timeZone)).toEqual(shows)
    },
  )

  // The doc comment: in the autumn overlap the earlier of the two instants is chosen.
  it.each([
    { timeZone: LONDON, local: at(2026, 10, 25, 1, 30), expected: '2026-10-25T00:30:00.000Z' },
    { timeZone: NEW_YORK, local: at(2026, 11, 1, 1, 30), expected: '2026-11-01T05:30:00.000Z' },
    { timeZone: SYDNEY, local: at(2026, 4, 5, 2, 30), expected: '2026-04-04T15:30:00.000Z' },
  ])(
    '$timeZone autumn overlap: a wall time that happens twice gives the earlier instant',
    ({ timeZone, local, expected }) => {
      // Act
      const instant = fromZoned(local, timeZone)

      // Assess
      expect(instant.toISOString()).toBe(expected)
      expect(toZoned(instant, timeZone)).toEqual(local)
    },
  )

  it.each([LONDON, SYDNEY])(
    'round-trips toZoned for any instant in %s (earlier instant in an overlap)',
    (timeZone) => {
      const anyInstant = fc.date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      // Uniform instants almost never land near a change, so half the runs are within 3 hours of one.
      const nearAChange = fc
        .tuple(fc.integer({ min: 2000, max: 2099 }), fc.nat(), fc.integer({ min: -3 * HOUR, max: 3 * HOUR }))
        .map(([year, k, delta]) => {
          const changes = transitionsIn(year, timeZone)
          return new Date((changes[k % changes.length] ?? Date.UTC(year, 0, 1)) + delta)
        })

      fc.assert(
        fc.property(fc.oneof(anyInstant, nearAChange), (instant) => {
          // Prepare
          const local = toZoned(instant, timeZone)
          const truncated = Math.floor(instant.getTime() / 1000) * 1000
          // Both zones shift by one hour, so the other reading of an overlapped wall time is an hour away.
          const hourEarlier = truncated - HOUR
          const expected = sameWallClock(toZoned(new Date(hourEarlier), timeZone), local)
            ? hourEarlier
            : truncated

          // Act
          const back = fromZoned(local, timeZone)

          // Assess
          expect(back.getTime()).toBe(expected)
          expect(back.getTime()).toBeLessThanOrEqual(instant.getTime())
          expect(toZoned(back, timeZone)).toEqual(local)
        }),
        { numRuns: 500 },
      )
    },
  )
})

describe('isoDateIn', () => {
  it.each([
    { instant: '2020-06-22T23:30:00Z', timeZone: LONDON, expected: '2020-06-23' },
    { instant: '2026-01-20T23:30:00Z', timeZone: LONDON, expected: '2026-01-20' },
    { instant: '2025-12-31T13:00:00Z', timeZone: SYDNEY, expected: '2026-01-01' },
    { instant: '2026-01-01T04:59:59Z', timeZone: NEW_YORK, expected: '2025-12-31' },
    { instant: '2026-01-01T04:59:59Z', timeZone: 'UTC', expected: '2026-01-01' },
  ])('$instant in $timeZone is $expected', ({ instant, timeZone, expected }) => {
    // Act
    const date = isoDateIn(new Date(instant), timeZone)

    // Assess
    expect(date).toBe(expected)
  })
})

describe('addDays', () => {
  it.each([
    { date: { year: 2026, month: 3, day: 29 }, days: 1, expected: { year: 2026, month: 3, day: 30 } },
    { date: { year: 2026, month: 3, day: 3 }, days: -7, expected: { year: 2026, month: 2, day: 24 } },
    { date: { year: 2026, month: 12, day: 30 }, days: 2, expected: { year: 2027, month: 1, day: 1 } },
    { date: { year: 2028, month: 2, day: 28 }, days: 1, expected: { year: 2028, month: 2, day: 29 } },
    { date: { year: 2027, month: 2, day: 28 }, days: 1, expected: { year: 2027, month: 3, day: 1 } },
    { date: { year: 2026, month: 10, day: 25 }, days: 0, expected: { year: 2026, month: 10, day: 25 } },
  ])('$date.year-$date.month-$date.day + $days', ({ date, days, expected }) => {
    // Act
    const result = addDays(date, days)

    // Assess
    expect(result).toEqual(expected)
  })
})

describe('daysBetween', () => {
  it.each([
    { from: '2026-06-01T09:00:00Z', to: '2026-06-02T09:00:00Z', expected: 1 },
    { from: '2026-06-01T09:00:00Z', to: '2026-06-02T08:59:59Z', expected: 0 },
    { from: '2026-05-26T09:00:00Z', to: '2026-06-22T23:30:00Z', expected: 27 },
    // Elapsed time, not calendar days: noon to noon across spring-forward is only 23 hours.
    { from: '2026-03-28T12:00:00Z', to: '2026-03-29T11:00:00Z', expected: 0 },
    // Never negative.
    { from: '2026-06-02T09:00:00Z', to: '2026-06-01T09:00:00Z', expected: 0 },
  ])('$from → $to is $expected', ({ from, to, expected }) => {
    // Act
    const days = daysBetween(new Date(from), new Date(to))

    // Assess
    expect(days).toBe(expected)
  })
})
