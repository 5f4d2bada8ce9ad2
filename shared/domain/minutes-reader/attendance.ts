import type { AttendanceRead } from '../minutes-read.ts'
import { excerptOf, type Source } from './excerpt.ts'
import type { Line } from './lines.ts'
import { initialsOf, isInitials, isPersonName, nameKey } from './people.ts'
import type { Section } from './sections.ts'
import { sentences, squash } from './text.ts'

type Column = 'no' | 'name' | 'initials' | 'capacity' | 'online' | 'in-person' | 'representative' | 'status'

const COLUMN_NAMES: [RegExp, Column][] = [
  [/^(?:no\.?|number|#)$/i, 'no'],
  [/^(?:full )?name$|^attendee$|^member$/i, 'name'],
  [/^(?:ref\.?|initials|init\.?|abbr\.?|abbreviation)$/i, 'initials'],
  [
    /^(?:capacity|role|position|title|job title|organisation|organization|post|representing|designation)$/i,
    'capacity',
  ],
  [
    /^(?:dial[- ]?in|(?:ms )?.?eams|online|virtual|remote(?:ly)?|zoom|video|phone|telephone|via teams)$/i,
    'online',
  ],
  [/^(?:in[- ]person|.?erson|in room|room|on[- ]site|physical|in attendance)$/i, 'in-person'],
  [
    /^(?:representative|substitute|deputy|represented by|deputising|deputised by|sent|replacement|proxy)$/i,
    'representative',
  ],
  [/^(?:present|attended|attendance|apologies)$/i, 'status'],
]

const MARK = /^(?:x|✓|✔|☑|●|\*|y|yes)$/i
const NIL = /^(?:nil|none|n\/a|na|-|–|—|no|no one|nobody|not applicable)\.?$/i

type Header = Map<number, Column>

function headerOf(line: Line): Header | null {
  const map: Header = new Map()
  line.cells.forEach((cell, i) => {
    const c = squash(cell)
    const col = COLUMN_NAMES.find(([re]) => re.test(c))?.[1]
    if (col) map.set(i, col)
  })
  const cols = [...map.values()]
  return cols.includes('name') && cols.length >= 2 ? map : null
}

type Draft = {
  name: string
  initials: string | null
  capacity: string | null
  status: AttendanceRead['status']
  mode: AttendanceRead['mode']
  representative: string | null
  role: AttendanceRead['role']
  timing: AttendanceRead['timing']
  sources: Source[]
}

function draft(name: string, status: Draft['status'], line: Line): Draft {
  return {
    name,
    initials: null,
    capacity: null,
    status,
    mode: null,
    representative: null,
    role: null,
    timing: null,
    sources: [{ line }],
  }
}

function roleOfCapacity(capacity: string | null): Draft['role'] {
  if (!capacity) return null
  if (/\bminute[- ]?taker\b|^minutes$|\/\s*minutes$|^clerk\b/i.test(capacity)) return 'minute-taker'
  if (/(?:^|\(|\s)chair(?:man|person|woman)?\b/i.test(capacity) && !/vice|deputy/i.test(capacity))
    return 'chair'
  return null
}

function fromHeaderRow(line: Line, header: Header, status: Draft['status']): Draft | null {
  const cells = [...line.cells]
  // OCR glues a column's "x" to the cell before it ("Chief Constable x", then an empty cell).
  cells.forEach((c, i) => {
    const m = /^(.*\S)\s+[xX✓✔]$/.exec(c)
    if (
      m &&
      header.get(i) !== 'name' &&
      (header.get(i + 1) === 'online' || header.get(i + 1) === 'in-person')
    ) {
      cells[i] = m[1] ?? c
      if (!cells[i + 1]) cells[i + 1] = 'x'
    }
  })
  const at = (col: Column): string | null => {
    for (const [i, c] of header) if (c === col && cells[i]) return cells[i] ?? null
    return null
  }
  const name = at('name')
  if (!name || !/[a-z]/i.test(name) || NIL.test(name) || name.length > 80) return null
  const d = draft(name, status, line)
  const initials = at('initials')
  d.initials = initials && initials.length <= 8 ? initials.replace(/\s+/g, '') : null
  d.capacity = at('capacity')
  const kinds = [...header.values()]
  const marked = (col: Column) => [...header].some(([i, c]) => c === col && MARK.test(cells[i] ?? ''))
  if (marked('online')) d.mode = 'online'
  else if (marked('in-person')) d.mode = 'in-person'
  // A lone "Dial In" column leaves the rest in the room, and a lone "Person" one the rest remote.
  else if (kinds.includes('online') && !kinds.includes('in-person')) d.mode = 'in-person'
  else if (kinds.includes('in-person') && !kinds.includes('online')) d.mode = 'online'
  if (status === 'present' && kinds.includes('status')) {
    const s = at('status') ?? ''
    if (/^(?:n|no|absent)$/i.test(s)) d.status = 'absent'
    else if (/^(?:a|apols?\.?|apologies)$/i.test(s)) d.status = 'apologies'
    else if (!s) d.status = 'absent'
  }
  const rep = at('representative')
  if (rep && !NIL.test(rep)) {
    // "Name | Ref | Representative" tables often hold the capacity there instead.
    if (!isPersonName(rep) && !d.capacity) d.capacity = rep
    else d.representative = rep
  }
  d.role = roleOfCapacity(d.capacity)
  return d
}

/** "Philip Seccombe – PCC", "Cllr A Smith (Chair)", "Ben Smith, ACC": a name and its capacity. */
function splitNameCapacity(s: string): { name: string; capacity: string | null } | null {
  const m = /^(.+?)(?:\s*\(([^)]*)\)|\s+[-–—]\s+(.+)|,\s*(.+))?$/.exec(squash(s))
  const name = m?.[1]?.trim()
  if (!name || !isPersonName(name)) return null
  return { name, capacity: (m?.[2] ?? m?.[3] ?? m?.[4] ?? '').trim() || null }
}

function fromPlainRow(line: Line, status: Draft['status']): Draft | null {
  const cells = line.cells.filter((c) => c && !/^\d{1,3}\.?$/.test(c))
  const first = cells[0]
  if (!first) return null
  const split =
    cells.length === 1
      ? splitNameCapacity(first)
      : isPersonName(first)
        ? { name: first, capacity: null }
        : null
  if (!split) return null
  const d = draft(split.name, status, line)
  let rest = cells.slice(1)
  if (rest[0] && isInitials(rest[0])) {
    d.initials = rest[0]
    rest = rest.slice(1)
  }
  d.capacity = split.capacity ?? rest[0] ?? null
  if (status === 'apologies' && rest[1] && isPersonName(rest[1])) d.representative = rest[1]
  d.role = roleOfCapacity(d.capacity)
  return d
}

const INLINE =
  /^(present|attendees|attendance|in attendance|also (?:present|in attendance)|members present|apologies(?: for absence)?(?: (?:were )?received from)?|apologies were received from)\s*(?::|-|–|—|were)?\s*(.+)$/i

/** "Present: A Smith (Chair), B Jones; C Patel" and "Apologies were received from X and Y." */
function fromInlineList(line: Line): Draft[] {
  const m = INLINE.exec(line.text)
  if (!m) return []
  const label = (m[1] ?? '').toLowerCase()
  const status: Draft['status'] = label.startsWith('apolog') ? 'apologies' : 'present'
  const body = (m[2] ?? '').replace(/\.$/, '')
  if (NIL.test(body.trim())) return []
  const parts = body.includes(';') ? body.split(';') : body.split(/,(?![^(]*\))|\s+and\s+(?![^(]*\))/)
  const out: Draft[] = []
  for (const part of parts) {
    const split = splitNameCapacity(part)
    if (!split) continue
    const d = draft(split.name, status, line)
    d.capacity = split.capacity
    d.role = roleOfCapacity(split.capacity)
    out.push(d)
  }
  return out
}

const CHAIR_LABEL =
  /^(chair(?:ed by|man|person|woman)?|minute[- ]?taker|minutes taken by|clerk|secretary)\s*:?\s*(.*)$/i

function roleLine(line: Line): { role: NonNullable<Draft['role']>; value: string } | null {
  const cells = line.cells.filter((c) => c)
  if (cells.length === 0 || cells.length > 2) return null
  const m = CHAIR_LABEL.exec(cells[0] ?? '')
  if (!m) return null
  const value = squash(cells.length === 2 ? (cells[1] ?? '') : (m[2] ?? ''))
  if (!value || (cells.length === 1 && !/:/.test(cells[0] ?? ''))) return null
  return { role: /^chair/i.test(m[1] ?? '') ? 'chair' : 'minute-taker', value }
}

function matches(d: Draft, who: string): boolean {
  const w = who.trim()
  if (d.initials && d.initials === w) return true
  if (!d.initials && initialsOf(d.name) === w) return true
  if (nameKey(d.name) === nameKey(w)) return true
  // "Cllr Marsh left the meeting" names "Cllr Peter Marsh" by title and surname.
  const words = nameKey(w).split(' ')
  const have = new Set(nameKey(d.name).split(' '))
  return words.length >= 2 && words.every((x) => have.has(x))
}

/** Who "left the meeting" / "joined the meeting", where the sentence makes it clear. */
function timingsIn(line: Line): { who: string[]; timing: NonNullable<Draft['timing']> }[] {
  const out: { who: string[]; timing: NonNullable<Draft['timing']> }[] = []
  for (const seg of line.segments.flat()) {
    for (const s of sentences(seg)) {
      const m =
        /\b(left the (?:meeting|call|room)|left at|departed|joined the (?:meeting|call)|joined at|arrived)\b/i.exec(
          s,
        )
      if (!m) continue
      const timing = /^(?:left|departed)/i.test(m[1] ?? '') ? 'left-early' : 'joined-late'
      const before = s.slice(0, m.index)
      const thanked = /\bthanked\s+(.+?)\s+for\b/i.exec(before)
      const subject =
        /\bthey\s+(?:then\s+|subsequently\s+)?$/i.test(before) && thanked
          ? thanked[1]
          : before.replace(/\s+(?:then|subsequently|had)\s*$/i, '')
      const who = (subject ?? '')
        .split(/\s*(?:,|\band\b|&)\s*/)
        .map((w) => w.trim())
        .filter((w) => w.length > 0)
      if (who.length > 0 && who.every((w) => isInitials(w) || isPersonName(w))) out.push({ who, timing })
    }
  }
  return out
}

export function readAttendance(lines: readonly Line[], sections: readonly Section[]): AttendanceRead[] {
  const drafts: Draft[] = []
  const roles: { role: NonNullable<Draft['role']>; value: string; line: Line }[] = []
  const timings: { who: string; timing: NonNullable<Draft['timing']>; line: Line }[] = []
  let header: Header | null = null
  let inTable = false
  let prev: Section | null = null
  for (const [i, line] of lines.entries()) {
    const section = sections[i] ?? 'other'
    if (section !== prev) {
      header = null
      inTable = section === 'attendance' || section === 'apologies'
    }
    prev = section
    if (line.text === '') continue
    const role = roleLine(line)
    if (role) {
      roles.push({ ...role, line })
      continue
    }
    const inline = fromInlineList(line)
    if (inline.length > 0) {
      drafts.push(...inline)
      continue
    }
    if (section === 'attendance' || section === 'apologies') {
      if (!inTable) continue
      const status = section === 'apologies' ? 'apologies' : 'present'
      const h = headerOf(line)
      if (h) {
        header = h
        continue
      }
      const d = header ? fromHeaderRow(line, header, status) : fromPlainRow(line, status)
      if (d) drafts.push(d)
      else if (line.cells.filter((c) => c).length < 2 && header) inTable = false
      continue
    }
    for (const t of timingsIn(line)) for (const who of t.who) timings.push({ who, timing: t.timing, line })
  }

  const unique: Draft[] = []
  for (const d of drafts) {
    if (!unique.some((u) => u.status === d.status && nameKey(u.name) === nameKey(d.name))) unique.push(d)
  }
  for (const r of roles) {
    const name = splitNameCapacity(r.value)?.name ?? r.value.split(/\s+[-–—,]\s*/)[0] ?? r.value
    const d =
      unique.find((u) => u.status === 'present' && nameKey(u.name) === nameKey(name)) ??
      unique.find(
        (u) => u.status === 'present' && u.capacity && nameKey(u.capacity).includes(nameKey(r.value)),
      )
    if (d) {
      d.role = r.role
      d.sources.push({ line: r.line })
    } else {
      const n = draft(name, 'present', r.line)
      n.role = r.role
      n.capacity = splitNameCapacity(r.value)?.capacity ?? null
      unique.push(n)
    }
  }
  for (const t of timings) {
    const d = unique.find((u) => u.status === 'present' && matches(u, t.who))
    if (d) {
      d.timing = t.timing
      d.sources.push({ line: t.line })
    } else {
      const n = draft(t.who, 'present', t.line)
      if (isInitials(t.who)) n.initials = t.who
      n.timing = t.timing
      unique.push(n)
    }
  }
  return unique.map((d) => ({
    kind: 'attendance',
    confidence: 'explicit',
    excerpt: excerptOf(d.sources),
    line: Math.min(...d.sources.map((s) => s.line.n)),
    name: d.name,
    initials: d.initials,
    capacity: d.capacity,
    status: d.status,
    mode: d.mode,
    representative: d.representative,
    role: d.role,
    timing: d.timing,
  }))
}
