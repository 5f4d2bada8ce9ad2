import { fullYear, isoOf } from './dates.ts'

/**
 * An action / item reference at the start of a cell: `NN.DD/MM/YYYY`, `NN.DD/MM/YY`, with a
 * missing or doubled separator (`03 25/01/22`, `04.26.05.2020`), or the legacy
 * `Action 1 02.21/12/21`. NN is the agenda item; the date is the meeting that raised it.
 */
export type Ref = {
  /** As written, whitespace squashed. */
  text: string
  itemNumber: number
  /** The raising meeting; null when the date is not a real one ("00.07/6 //205"). */
  date: string | null
  /** What follows the reference in the same cell. */
  rest: string
}

const REF =
  /^\s*((?:action\s*(?:no\.?\s*)?\d{1,3}\s*[-–:.]?\s*)?(\d{1,2})\s?[.,]?\s?(\d{1,2})\s?[/.]\s?(\d{1,2})\s?[/.]\s?(\d{2,4}))(?![\d/])/i

export function parseRef(cell: string, meetingDate: string): Ref | null {
  const m = REF.exec(cell)
  if (!m) return null
  const [, text = '', nn = '', dd = '', mm = '', yy = ''] = m
  // "1 02/03" could be a list number and a date; only an explicit separator or two-digit NN counts.
  if (nn.length === 1 && !/^\s*(?:action\b.*)?\d[.,]/i.test(text)) return null
  if (yy.length === 3)
    return { text: squashRef(text), itemNumber: Number(nn), date: null, rest: cell.slice(m[0].length).trim() }
  const year = fullYear(yy, meetingDate)
  // A year far from the meeting is OCR noise ("04.07/04/0004"), not an old action.
  const date =
    Math.abs(year - (Number(meetingDate.slice(0, 4)) || year)) <= 15
      ? isoOf(year, Number(mm), Number(dd))
      : null
  return {
    text: squashRef(text),
    itemNumber: Number(nn),
    date,
    rest: cell
      .slice(m[0].length)
      .replace(/^\s*[-–—:]\s*/, '')
      .trim(),
  }
}

function squashRef(s: string): string {
  return s.replace(/\s+/g, ' ').trim()
}
