import type { Line } from './lines.ts'
import { isOwnerLike } from './people.ts'
import { parseRef, type Ref } from './refs.ts'
import type { Section } from './sections.ts'

/** An agenda item of the meeting read: where it starts and what it is called. */
export type Item = { number: number; ref: string | null; title: string | null; start: number }

/** The first cell holding text, and the cells after it. */
export function refRow(line: Line, meetingDate: string): { ref: Ref; cells: string[] } | null {
  const first = line.cells.findIndex((c) => c.length > 0)
  if (first < 0) return null
  const ref = parseRef(line.cells[first] ?? '', meetingDate)
  if (!ref) return null
  const cells = [ref.rest, ...line.cells.slice(first + 1)]
  return { ref, cells }
}

/** A row of an actions table: an action sentence then a short owner cell ("A&SI", "NT / OPCC"). */
export function isActionRow(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c.length > 0)
  const [desc, owner] = filled
  if (!desc || !owner || filled.length > 4) return false
  return (
    desc.length <= 400 &&
    isOwnerLike(owner) &&
    !/^(?:discharged|complete|completed|closed|ongoing|open)$/i.test(owner)
  )
}

function titleOf(text: string): string | null {
  const t = text.replace(/\s+/g, ' ').trim()
  if (!t) return null
  const cut = t.split(/(?<=[a-z)])\.\s|\s[-–—]\s|:\s/)[0] ?? t
  return cut.length > 80 ? `${cut.slice(0, 79).replace(/\s+\S*$/, '')}…` : cut
}

const ITEM_SECTIONS: ReadonlySet<Section> = new Set(['front', 'minutes', 'other', 'arising'])

/**
 * The agenda item each line belongs to. Items start at a reference row carrying the
 * meeting's own date ("02.23/06/2020 | Single Online Home …"); minutes without references
 * fall back to numbered headings ("3. Performance Report").
 */
export function itemsOf(
  lines: readonly Line[],
  sections: readonly Section[],
  meetingDate: string,
): (Item | null)[] {
  const out: (Item | null)[] = []
  let current: Item | null = null
  let pending: Item | null = null
  // Numbered headings count only in minutes whose items carry no references of their own.
  const anyRef = lines.some((l, i) => {
    const row = refRow(l, meetingDate)
    return (
      row?.ref.date === meetingDate && ITEM_SECTIONS.has(sections[i] ?? 'other') && !isActionRow(row.cells)
    )
  })
  lines.forEach((line, i) => {
    const section = sections[i] ?? 'other'
    if (pending) {
      current = pending
      pending = null
    }
    if (!ITEM_SECTIONS.has(section)) {
      if (section === 'actions' || section === 'approval') current = null
      out.push(current)
      return
    }
    const row = refRow(line, meetingDate)
    // An item opened by a stray reference takes its title from its first short line.
    if (current && current.title === null && current.start < line.n && !row && line.text.length <= 80) {
      if (line.cells.filter((c) => c).length === 1) current.title = line.text
    }
    if (row && row.ref.date === meetingDate && !isActionRow(row.cells)) {
      const [first = ''] = row.cells
      const segTitle = line.segments.find((_, j) => j > 0 && line.cells[j])?.[0]
      current = {
        number: row.ref.itemNumber,
        ref: row.ref.text,
        title: titleOf(row.ref.rest ? first : (segTitle ?? first)),
        start: line.n,
      }
    } else if (!anyRef) {
      const m = /^(?:item\s+)?(\d{1,2})[.)]?\s+([A-Z][^.]{2,80})$/.exec(line.text)
      if (m && line.cells.filter((c) => c).length === 1) {
        current = { number: Number(m[1]), ref: null, title: m[2]?.trim() ?? null, start: line.n }
      }
    } else {
      // A scrambled row can end with the next item's reference ("… presentation. 03.27/04/2021").
      const tail = /(\d{2})\s?\.\s?\d{1,2}\/\d{1,2}\/\d{2,4}\s*$/.exec(line.text)
      if (tail && tail.index > 0 && parseRef(tail[0], meetingDate)?.date === meetingDate) {
        pending = { number: Number(tail[1]), ref: tail[0].trim(), title: null, start: line.n + 1 }
      }
    }
    out.push(current)
  })
  return out
}
