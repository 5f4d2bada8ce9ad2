/**
 * Board-local calendar arithmetic on top of Intl, so that "the meeting's date" and
 * "08:00 seven days before" are right on both sides of a BST/GMT change without a
 * time-zone library.
 */

export type LocalDate = { year: number; month: number; day: number }
export type LocalDateTime = LocalDate & { hour: number; minute: number; second: number }

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export function isValidTimeZone(timeZone: string): boolean {
  // Node 24's Intl also takes UTC offsets ("+01:00"), which Node 20's refuses; a board's zone
  // must be a named one, whose offset follows BST/GMT, whichever Node runs.
  if (/^[+-]/.test(timeZone)) return false
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** Wall-clock fields of `instant` as seen in `timeZone`. */
export function toZoned(instant: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {}
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  }
}

function offsetMs(instant: Date, timeZone: string): number {
  const z = toZoned(instant, timeZone)
  const asUtc = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second)
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000
}

/**
 * The instant at which the wall clock in `timeZone` shows `local`. In the spring gap
 * (a time that never happens) the result is the same wall time read with the offset in
 * force before the change, i.e. one hour later on the clock; in the autumn overlap the
 * earlier of the two instants is chosen.
 */
export function fromZoned(local: LocalDateTime, timeZone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second)
  // Offsets a day either side are clear of any change near `local`; one or both is right.
  const before = guess - offsetMs(new Date(guess - 86_400_000), timeZone)
  const after = guess - offsetMs(new Date(guess + 86_400_000), timeZone)
  const matches = [before, after].filter((t) => sameWallClock(toZoned(new Date(t), timeZone), local))
  return new Date(matches.length > 0 ? Math.min(...matches) : before)
}

function sameWallClock(a: LocalDateTime, b: LocalDateTime): boolean {
  return (
    a.year === b.year &&
    a.month === b.month &&
    a.day === b.day &&
    a.hour === b.hour &&
    a.minute === b.minute &&
    a.second === b.second
  )
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = toZoned(instant, timeZone)
  return { year, month, day }
}

/** ISO calendar date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function isoDateIn(instant: Date, timeZone: string): string {
  const { year, month, day } = localDateOf(instant, timeZone)
  return `${year}-${pad2(month)}-${pad2(day)}`
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/** Whole days between two instants, rounded down (never negative). */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000))
}
