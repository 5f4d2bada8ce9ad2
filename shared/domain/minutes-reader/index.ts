import { EXCERPT_MAX, MinutesRead, type ReadContext } from '../minutes-read.ts'
import { mergeActions, readActions, toActionRead } from './actions.ts'
import { readApprovals, readNextMeetings } from './approval.ts'
import { readAttendance } from './attendance.ts'
import { parseIso } from './dates.ts'
import { type Item, itemsOf } from './items.ts'
import { toLines } from './lines.ts'
import type { Directory } from './owners.ts'
import { initialsOf } from './people.ts'
import { readProse } from './prose.ts'
import { sectionsOf } from './sections.ts'

/**
 * Reads a meeting's minutes (text, one line per paragraph or table row, cells split by tabs)
 * into what a person then reviews: actions, outcomes of earlier actions, attendance,
 * approvals of minutes and the next meeting, each with its excerpt, in reading order.
 * Pure and total: any input gives a list (possibly empty), never an exception.
 */
export function readMinutes(text: string, ctx: ReadContext): MinutesRead[] {
  const meetingDate = parseIso(ctx?.meetingDate ?? '') ? ctx.meetingDate : ''
  let reads: MinutesRead[]
  try {
    reads = readAll(typeof text === 'string' ? text : '', meetingDate)
  } catch {
    // A reader bug must not lose the import: the person reviewing then starts from nothing.
    reads = []
  }
  return reads
    .filter((r) => r.excerpt.length <= EXCERPT_MAX && MinutesRead.safeParse(r).success)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.line - b.r.line || a.i - b.i)
    .map(({ r }) => r)
}

function readAll(text: string, meetingDate: string): MinutesRead[] {
  const lines = toLines(text)
  const sections = sectionsOf(lines)
  const items = itemsOf(lines, sections, meetingDate)
  const attendance = readAttendance(lines, sections)
  const dir: Directory = {
    initials: new Set(
      attendance.flatMap((a) => [a.initials, initialsOf(a.name)].filter((x): x is string => !!x)),
    ),
    names: new Set(attendance.map((a) => a.name.toLowerCase())),
  }
  const pass = readActions(lines, sections, items, meetingDate, dir)
  const prose = readProse(lines, sections, items, pass.consumed, meetingDate, dir)
  const distinctItems = [...new Set(items.filter((it): it is Item => it !== null))]
  const actions = mergeActions([...pass.drafts, ...prose]).map((d) =>
    toActionRead(d, pass.exempt, distinctItems),
  )
  return [
    ...actions,
    ...pass.outcomes,
    ...attendance,
    ...readApprovals(lines, sections, items, meetingDate),
    ...readNextMeetings(lines, meetingDate),
  ]
}
