import * as z from 'zod'
import { Id, Instant, IsoDate, LATEST_DATE, singleLine } from './common.ts'
import { Meeting } from './meeting.ts'
import { addDays, fromZoned, type LocalDate, pad2 } from './time.ts'

/**
 * A board's meetings to come, made from a pattern ("the fourth Tuesday of each month at
 * 10:00"): the dates are expanded here, in the board's time zone, so each meeting keeps its
 * wall-clock time across the BST/GMT changes.
 */

/** A series makes at most this many meetings at once: two years of monthly meetings. */
export const MAX_SERIES_MEETINGS = 24

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const
export const Weekday = z.enum(WEEKDAYS)
export type Weekday = z.infer<typeof Weekday>

export const WEEKS = ['first', 'second', 'third', 'fourth', 'last'] as const
export const WeekOfMonth = z.enum(WEEKS)

export const SeriesPattern = z
  .strictObject({
    every: z.enum(['month', 'week', 'fortnight']),
    week: WeekOfMonth.optional().meta({ description: 'Monthly only: which of the month’s weekdays' }),
    weekday: Weekday,
  })
  .superRefine((p, ctx) => {
    if (p.every === 'month' && !p.week)
      ctx.addIssue({
        code: 'custom',
        path: ['week'],
        message: 'say which week of the month, e.g. fourth or last',
      })
    if (p.every !== 'month' && p.week)
      ctx.addIssue({
        code: 'custom',
        path: ['week'],
        message: 'a week of the month is for monthly meetings only',
      })
  })
export type SeriesPattern = z.infer<typeof SeriesPattern>

export const CreateMeetingSeriesInput = z
  .strictObject({
    pattern: SeriesPattern.meta({ example: { every: 'month', week: 'fourth', weekday: 'tuesday' } }),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, e.g. 10:00')
      .meta({
        description: 'Start time, board-local (e.g. 10:00 in Europe/London all year)',
        example: '10:00',
      }),
    from: IsoDate.meta({ description: 'The first date the series may start on (board-local)' }),
    count: z
      .number()
      .int()
      .min(1)
      .max(MAX_SERIES_MEETINGS)
      .optional()
      .meta({
        description: `How many meetings (at most ${MAX_SERIES_MEETINGS}); give this or until`,
      }),
    until: IsoDate.optional().meta({
      description: 'The last date the series may fall on; give this or count',
    }),
    location: singleLine(200).optional(),
    title: singleLine(200).optional().meta({
      description: 'Every meeting’s title; without it each is titled by its date, e.g. "PAM 24 March 2026"',
    }),
  })
  .superRefine((v, ctx) => {
    if ((v.count === undefined) === (v.until === undefined))
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'give either count or until (one of them)' })
    if (v.until !== undefined && v.until < v.from)
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'must not be before from' })
  })
export type CreateMeetingSeriesInput = z.infer<typeof CreateMeetingSeriesInput>

/** One meeting of a series: its board-local date and its start instant (UTC ISO). */
export type Occurrence = { date: string; startsAt: string }

/** Why a series cannot be expanded, on the field to change; null if it can. */
export type SeriesProblem = { path: 'until' | 'from' | 'count'; message: string }

/**
 * The series' meetings, earliest first. Monthly patterns take the nth (or last) weekday of
 * each month from `from`'s month; weekly and fortnightly ones start on the first such
 * weekday on or after `from`. Each date's time is read in `timeZone` (Intl does the
 * offsets), so 10:00 stays 10:00 on the clock in March and in November.
 */
export function expandSeries(
  input: Pick<CreateMeetingSeriesInput, 'pattern' | 'time' | 'from' | 'count' | 'until'>,
  timeZone: string,
): { occurrences: Occurrence[] } | { problem: SeriesProblem } {
  const limit = input.count ?? MAX_SERIES_MEETINGS + 1
  const dates: LocalDate[] = []
  const from = parseDate(input.from)
  const until = input.until ? parseDate(input.until) : null
  const within = (d: LocalDate) => !until || compare(d, until) <= 0
  if (input.pattern.every === 'month') {
    const { week = 'first', weekday } = input.pattern
    // Twelve months a year of at most one meeting each: this many months always suffice.
    for (let m = 0; dates.length < limit && m < limit + 1; m++) {
      const month = addMonths(from, m)
      const d = weekdayOfMonth(month.year, month.month, weekday, week)
      if (compare(d, from) < 0) continue
      if (!within(d)) break
      dates.push(d)
    }
  } else {
    const step = input.pattern.every === 'week' ? 7 : 14
    let d = addDays(from, (weekdayIndex(input.pattern.weekday) - dayOfWeek(from) + 7) % 7)
    while (dates.length < limit && within(d)) {
      dates.push(d)
      d = addDays(d, step)
    }
  }
  if (dates.length > MAX_SERIES_MEETINGS)
    return {
      problem: {
        path: 'until',
        message: `makes more than ${MAX_SERIES_MEETINGS} meetings: choose an earlier date, or create the rest as a second series`,
      },
    }
  if (dates.length === 0)
    return { problem: { path: 'until', message: 'no date between from and until fits the pattern' } }
  const [hour, minute] = input.time.split(':').map(Number) as [number, number]
  const occurrences = dates.map((d) => ({
    date: isoOf(d),
    startsAt: fromZoned({ ...d, hour, minute, second: 0 }, timeZone).toISOString(),
  }))
  // Every meeting's start must be an instant the tracker stores; a series at the range's ends runs past it.
  if (occurrences.some((o) => !Instant.safeParse(o.startsAt).success))
    return {
      problem: {
        path: input.count !== undefined ? 'count' : 'until',
        message: `runs past ${LATEST_DATE}, the last date a meeting may have`,
      },
    }
  return { occurrences }
}

/** What a series answers: the meetings it made, and the dates it left alone because the board already meets then. */
export const SeriesResult = z.object({
  seriesId: Id,
  created: z.array(Meeting),
  skipped: z
    .array(
      z.object({
        date: IsoDate,
        startsAt: z.string(),
        meeting: Meeting.pick({ id: true, title: true, status: true, seriesId: true }),
      }),
    )
    .meta({ description: 'Dates on which the board already has a meeting at that time: left as they are' }),
})
export type SeriesResult = z.infer<typeof SeriesResult>

/** "Fourth Tuesday of each month", "Every other Monday": how the page names a pattern. */
export function patternLabel(p: SeriesPattern): string {
  const day = p.weekday.charAt(0).toUpperCase() + p.weekday.slice(1)
  if (p.every === 'month')
    return `${(p.week ?? 'first').replace(/^./, (c) => c.toUpperCase())} ${day} of each month`
  return p.every === 'week' ? `Every ${day}` : `Every other ${day}`
}

function weekdayOfMonth(
  year: number,
  month: number,
  weekday: Weekday,
  week: z.infer<typeof WeekOfMonth>,
): LocalDate {
  const target = weekdayIndex(weekday)
  if (week === 'last') {
    const last = addDays({ year, month: month + 1, day: 1 }, -1)
    return addDays(last, -((dayOfWeek(last) - target + 7) % 7))
  }
  const first = { year, month, day: 1 }
  const firstMatch = addDays(first, (target - dayOfWeek(first) + 7) % 7)
  return addDays(firstMatch, 7 * WEEKS.indexOf(week))
}

/** Monday 0 … Sunday 6, as WEEKDAYS lists them. */
function weekdayIndex(w: Weekday): number {
  return WEEKDAYS.indexOf(w)
}

function dayOfWeek(d: LocalDate): number {
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7
}

function addMonths(d: LocalDate, months: number): { year: number; month: number } {
  const index = d.year * 12 + (d.month - 1) + months
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

function parseDate(iso: string): LocalDate {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number]
  return { year, month, day }
}

function isoOf(d: LocalDate): string {
  return `${d.year}-${pad2(d.month)}-${pad2(d.day)}`
}

function compare(a: LocalDate, b: LocalDate): number {
  return isoOf(a).localeCompare(isoOf(b))
}
