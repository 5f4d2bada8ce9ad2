import { cellSegments } from './text.ts'

/** One line of the extracted text: a paragraph, or a table row whose cells were tab-separated. */
export type Line = {
  /** Counted from 1, as in the source. */
  n: number
  /** As it was, for excerpts. */
  raw: string
  /** The raw cells, aligned with `cells` (the common leading empty column removed). */
  rawCells: string[]
  /** Cleaned cells (tags gone, look-alikes mapped, whitespace squashed). */
  cells: string[]
  /** Each cleaned cell's paragraphs / list items. */
  segments: string[][]
  /** Non-empty cleaned cells joined by a space. */
  text: string
}

/**
 * Splits the text into lines and cells. Some extractors prefix every line with a tab (an
 * empty first column); when most lines carry one, it is dropped so that a row's first cell
 * is its first real column everywhere.
 */
/** More columns than any minutes' table has; past it, the rest of the row is one cell. */
const MAX_CELLS = 24

export function toLines(text: string): Line[] {
  const raws = text.split(/\r\n|\r|\n/)
  const nonBlank = raws.filter((r) => r.trim().length > 0)
  const tabbed = nonBlank.filter((r) => r.startsWith('\t')).length
  const dropFirst = nonBlank.length > 0 && tabbed / nonBlank.length >= 0.8
  return raws.map((raw, i) => {
    let rawCells = raw.split('\t')
    if (dropFirst && rawCells.length > 1 && rawCells[0]?.trim() === '') rawCells = rawCells.slice(1)
    if (rawCells.length > MAX_CELLS)
      rawCells = [...rawCells.slice(0, MAX_CELLS - 1), rawCells.slice(MAX_CELLS - 1).join(' ')]
    const segments = rawCells.map(cellSegments)
    const cells = segments.map((s) => s.join(' '))
    return { n: i + 1, raw, rawCells, cells, segments, text: cells.filter((c) => c).join(' ') }
  })
}

export function nonEmptyCells(line: Line): string[] {
  return line.cells.filter((c) => c.length > 0)
}

/** A row of only dashes / underscores: a table rule drawn as text. */
export function isRule(line: Line): boolean {
  return line.text.length > 0 && /^[-_=–—\s]+$/.test(line.text)
}
