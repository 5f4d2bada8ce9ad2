/**
 * Dates as minutes write them ("23 rd June 2020", "Tuesday 25th January 2022", "26/05/2020",
 * "21/12/21", "26.05.2020", "6 June"), day first as in the UK. Hand-written rather than a
 * general parser: the forms are few, OCR splits ordinals ("23 rd"), and a mistyped date
 * ("30/03/202") must read as no date rather than as a guess.
 */

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
const MONTH_NAME =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)'
const WEEKDAY = '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?,?\\s+)?'
const ORD = '\\s?(?:st|nd|rd|th)?'

export function monthOf(name: string): number | null {
  const key = name.toLowerCase().slice(0, 3)
  const i = MONTHS.findIndex((m) => m.startsWith(key))
  return i < 0 ? null : i + 1
}

export function isoOf(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1900 || year > 2199) return null
  if (month < 1 || month > 12 || day < 1) return null
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day > last) return null
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export function parseIso(s: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return isoOf(year, month, day) ? { year, month, day } : null
}

/** A two-digit year in the century of the meeting (or this century without one). */
export function fullYear(y: string, meetingDate: string): number {
  if (y.length !== 2) return Number(y)
  const base = parseIso(meetingDate)?.year ?? 2000
  let year = Math.floor(base / 100) * 100 + Number(y)
  if (year > base + 50) year -= 100
  return year
}

/** The first such day and month on or after the meeting (a year-less "by 6 June"). */
export function nextOnOrAfter(month: number, day: number, meetingDate: string): string | null {
  const m = parseIso(meetingDate)
  if (!m) return null
  for (const year of [m.year, m.year + 1, m.year + 2]) {
    const iso = isoOf(year, month, day)
    if (iso && iso >= meetingDate) return iso
  }
  return null
}

export type FoundDate = {
  /** null: it looks like a date but is not a valid one ("30/03/202"). */
  iso: string | null
  index: number
  text: string
}

const NUMERIC = /(?<![\d./])(\d{1,2})\s?([./-])\s?(\d{1,2})\2(\d{1,4})(?![\d/])/g
const LONG = new RegExp(
  `\\b${WEEKDAY}(\\d{1,2})${ORD}\\s*(?:of\\s+)?${MONTH_NAME}\\b\\.?(?:,?\\s*(\\d{4}|\\d{2}(?![\\d:.]))\\b)?`,
  'gi',
)
const US_LONG = new RegExp(`\\b${MONTH_NAME}\\s+(\\d{1,2})${ORD},?\\s+(\\d{4})\\b`, 'gi')

/** Every date written in the text, in order; year-less ones placed after the meeting. */
export function findDates(text: string, meetingDate: string): FoundDate[] {
  const found: FoundDate[] = []
  for (const m of text.matchAll(NUMERIC)) {
    const [day, month, y] = [Number(m[1]), Number(m[3]), m[4] ?? '']
    const valid = y.length === 2 || y.length === 4
    found.push({
      iso: valid ? isoOf(fullYear(y, meetingDate), month, day) : null,
      index: m.index,
      text: m[0],
    })
  }
  for (const m of text.matchAll(LONG)) {
    const day = Number(m[1])
    const month = monthOf(m[2] ?? '')
    if (month === null) continue
    const iso = m[3] ? isoOf(fullYear(m[3], meetingDate), month, day) : nextOnOrAfter(month, day, meetingDate)
    found.push({ iso, index: m.index, text: m[0] })
  }
  for (const m of text.matchAll(US_LONG)) {
    const month = monthOf(m[1] ?? '')
    if (month === null) continue
    found.push({ iso: isoOf(Number(m[3]), month, Number(m[2])), index: m.index, text: m[0] })
  }
  return found.sort((a, b) => a.index - b.index).filter((d, i, all) => i === 0 || !overlaps(all[i - 1], d))
}

function overlaps(a: FoundDate | undefined, b: FoundDate): boolean {
  return a !== undefined && b.index < a.index + a.text.length
}

/** "10:00", "10.30am", "2pm", "14:00 hrs" → "HH:MM"; the first time in the text. */
export function findTime(text: string): string | null {
  const re = /\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|hrs|hours|noon)?\b/gi
  for (const m of text.matchAll(re)) {
    const suffix = (m[3] ?? '').toLowerCase().replace(/\./g, '')
    if (m[2] === undefined && !/^(am|pm|noon)$/.test(suffix)) continue
    // "26.05.2020" or "21/12" are dates, not times.
    const after = text.slice((m.index ?? 0) + m[0].length)
    if (/^[./]\d/.test(after)) continue
    let hour = Number(m[1])
    const minute = Number(m[2] ?? '0')
    if (suffix === 'pm' && hour < 12) hour += 12
    if (suffix === 'am' && hour === 12) hour = 0
    if (hour > 23 || minute > 59) continue
    return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
  }
  return null
}
