import { EXCERPT_MAX } from '../minutes-read.ts'
import type { Line } from './lines.ts'

/** Which part of a line a read came from: the whole line, or one cell of a long row. */
export type Source = { line: Line; cell?: number }

/**
 * The excerpt of a read: its source lines as they were, in order, joined by newlines. A line too long
 * for what is left of EXCERPT_MAX is cut to the cell the read came from (Word rows can hold a
 * whole agenda item), then clipped with an ellipsis.
 */
export function excerptOf(sources: readonly Source[]): string {
  const parts: string[] = []
  let left = EXCERPT_MAX
  const seen = new Set<number>()
  const ordered = [...sources].sort((a, b) => a.line.n - b.line.n)
  for (const { line, cell } of ordered) {
    if (seen.has(line.n)) continue
    seen.add(line.n)
    const sep = parts.length > 0 ? 1 : 0
    const room = left - sep
    if (room <= 1) break
    let piece = line.raw
    if (piece.length > room && cell !== undefined) piece = line.rawCells[cell] ?? piece
    if (piece.length > room) piece = `${piece.slice(0, room - 1)}…`
    parts.push(piece)
    left -= piece.length + sep
  }
  return parts.join('\n')
}

/** Clip free text (descriptions, notes) to a readable length on a word boundary. */
export function clip(s: string, max = 300): string {
  if (s.length <= max) return s
  const cut = s.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`
}
