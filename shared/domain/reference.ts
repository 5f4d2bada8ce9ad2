import { localDateOf, pad2 } from './time.ts'

/**
 * Action references as the minutes write them: `<agenda item, two digits>.<DD/MM/YYYY>`,
 * the date being the raising meeting's date in the board's time zone (a 00:30 BST meeting
 * belongs to that BST day, not to the UTC day before).
 */
export function formatReference(itemNumber: number, meetingStartsAt: Date, timeZone: string): string {
  const { year, month, day } = localDateOf(meetingStartsAt, timeZone)
  return `${pad2(itemNumber)}.${pad2(day)}/${pad2(month)}/${year}`
}

/**
 * Two actions from the same agenda item share a base reference; the minutes tell them apart
 * by order, so the second becomes `02.23/06/2020 (2)` and so on.
 */
export function withOrdinal(base: string, ordinal: number): string {
  return ordinal <= 1 ? base : `${base} (${ordinal})`
}

/** References are unique per board regardless of case and surrounding/double spaces. */
export function normaliseReference(ref: string): string {
  return ref.trim().replace(/\s+/g, ' ').toUpperCase()
}
