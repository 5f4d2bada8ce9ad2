import type { Line } from './lines.ts'

export type Section =
  | 'front'
  | 'attendance'
  | 'apologies'
  | 'minutes'
  | 'arising'
  | 'actions'
  | 'approval'
  | 'other'

/** Headings that open a section, tried on a short line or on one short cell of a row. */
const HEADINGS: [RegExp, Section][] = [
  [
    /^(?:attendees|attendance|present|members present|in attendance|attending|those present)\s*:?$/i,
    'attendance',
  ],
  [/^apologies(?: for absence)?(?: received)?\s*:?$/i, 'apologies'],
  [
    /^(?:(?:review of )?(?:outstanding |previous |open )?actions? (?:arising|from (?:the )?(?:last|previous) meeting)|matters arising|(?:review of )?(?:outstanding|previous|open) actions)\b/i,
    'arising',
  ],
  [
    /^(?:summary of |new |agreed )?actions?(?: log| summary| agreed| table| list| register)?\s*:?$/i,
    'actions',
  ],
  [/^summary of actions\b/i, 'actions'],
  [/^formal approval\b/i, 'approval'],
  [
    /^(?:open |meeting |confidential )?minutes(?: of (?:the )?(?:discussions?|meeting))?(?:\s+\d.*)?\s*:?$/i,
    'minutes',
  ],
  [/^(?:post[- ]meeting|appendix|annex|data sources)\b/i, 'other'],
]

// Column names of an actions table's owner column: a header row naming one is an actions table.
export const OWNER_HEADER =
  /^(?:owner|owners|allocated(?: to)?|responsible|responsibility|lead|who|by whom|action(?:ed)? by|assigned(?: to)?|action owner)$/i

/** A cell of only digits and separators: a mangled reference ("00.07/6 //205"), not text. */
function isJunk(cell: string): boolean {
  return /^[\d\s./\\|-]+$/.test(cell)
}

export function headingOf(line: Line): Section | null {
  const cells = line.cells.filter((c) => c.length > 0 && !isJunk(c))
  if (cells.length === 0 || cells.length > 4) return null
  if (cells.some((c) => OWNER_HEADER.test(c)) && cells.some((c) => /\bactions?\b/i.test(c))) return 'actions'
  for (const cell of cells) {
    if (cell.length > 60) continue
    for (const [re, section] of HEADINGS) {
      // In a header row ("Reference | Actions") "Actions" names a column of the minutes
      // table; only a heading on its own, or an owner column (above), opens an actions table.
      if (cells.length > 1 && (section === 'actions' || section === 'minutes')) continue
      if (re.test(cell)) return section
    }
  }
  return null
}

/** The section of every line, in order; a heading line belongs to the section it opens. */
export function sectionsOf(lines: readonly Line[]): Section[] {
  let current: Section = 'front'
  return lines.map((line) => {
    const h = headingOf(line)
    if (h) current = h
    // Prose after an attendance table, with no heading between, is the minutes going on.
    else if ((current === 'attendance' || current === 'apologies') && isProse(line)) current = 'other'
    return current
  })
}

function isProse(line: Line): boolean {
  const cells = line.cells.filter((c) => c.length > 0)
  if (cells.length !== 1) return false
  const text = cells[0] ?? ''
  if (/^(?:present|attendees|in attendance|also present|apologies)\b/i.test(text)) return false
  return text.length > 80 || /[a-z]{2}[.!?]$/.test(text)
}
