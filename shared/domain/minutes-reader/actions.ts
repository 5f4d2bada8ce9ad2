import type { ActionRead, OutcomeRead } from '../minutes-read.ts'
import { dueOf } from './due.ts'
import { clip, excerptOf, type Source } from './excerpt.ts'
import { type Item, isActionRow, refRow } from './items.ts'
import { isRule, type Line } from './lines.ts'
import { keyWords, overlap, sameAction } from './merge.ts'
import { type Directory, subjectOwner } from './owners.ts'
import { isOwnerLike } from './people.ts'
import type { Ref } from './refs.ts'
import { OWNER_HEADER, type Section } from './sections.ts'
import { squash } from './text.ts'

/** An action's description and an outcome's note are kept whole, up to what the log takes (4,000). */
const DESCRIPTION_MAX = 4000

export type ActionDraft = {
  origin: 'table' | 'column' | 'line' | 'prose'
  ref: Ref | null
  item: Item | null
  description: string
  owners: string | null
  dueHint: string | null
  dueDate: string | null
  sources: Source[]
}

type OutcomeDraft = Omit<OutcomeRead, 'kind' | 'confidence' | 'excerpt' | 'line'> & { sources: Source[] }

const STATUS =
  /^(?:discharged|complete|completed|closed|done|ongoing|open|in progress|carried (?:forward|over)|c\/f|update)\.?$/i

/** Minutes-table header: which column holds the actions (the third in a "No | Item | Action" table). */
function minutesHeader(line: Line): number | null {
  const cells = line.cells.map((c) => c.trim())
  const filled = cells.filter((c) => c)
  if (filled.length < 2) return null
  const word =
    /^(?:no\.?|number|ref\.?|reference|item|items|agenda item|agenda|minute|minutes|discussion|subject|topic|actions?|notes|details|description|minute no\.?)$/i
  if (!filled.every((c) => word.test(c))) return null
  let col = -1
  cells.forEach((c, i) => {
    if (/^actions?$/i.test(c) && i >= 2) col = i
  })
  return col
}

type TableHeader = { ref: number; desc: number; owner: number; due: number; status: number }

function actionsHeader(line: Line): TableHeader | null {
  const cells = line.cells.map((c) => c.trim())
  const h: TableHeader = { ref: -1, desc: -1, owner: -1, due: -1, status: -1 }
  let named = 0
  cells.forEach((c, i) => {
    if (!c) return
    if (OWNER_HEADER.test(c)) h.owner = i
    else if (
      /^(?:due|due date|deadline|by when|target(?: date)?|timescale|date due|when|completion date)$/i.test(c)
    )
      h.due = i
    else if (/^(?:status|update|progress|outcome|rag|comments?)$/i.test(c)) h.status = i
    else if (/^(?:no\.?|ref\.?|reference|agenda item|item|action no\.?|minute ref\.?|#)$/i.test(c)) h.ref = i
    else if (/^(?:actions?|summary of actions|description|detail|action required|action agreed)$/i.test(c))
      h.desc = i
    else return
    named++
  })
  return named >= 2 && (h.desc >= 0 || h.owner >= 0) ? h : null
}

const EXEMPT =
  /\bExempt\b[^()]{0,80}?\([^)]{1,60}\)|\bExempt (?:from publication|under|FOIA?)\b[^.;()]{0,60}/gi

const ACTION_LINE = /^(?:\d{1,2}[.)]\s*)?actions?\s*(?:\(([^)]{1,40})\))?\s*(?::|-|–|—)\s*(.+)$/i

/** One action cell can list several: "1. A&SI to provide … 2. Report on … to be shared". */
function splitNumbered(text: string): string[] {
  return text
    .split(/(?:^|\s)(?=\d{1,2}[.)]\s+[A-Z])/)
    .map((p) => squash(p.replace(/^\d{1,2}[.)]\s+/, '')))
    .filter((p) => p.length > 0)
}

function enoughWords(text: string): boolean {
  return (text.match(/[A-Za-z]{2,}/g) ?? []).length >= 3
}

function ownerFromText(text: string, dir: Directory): string | null {
  const trailing = /(?:\(|[-–—]\s*)([A-Z][A-Z&/ ,]{0,20}[A-Z])\)?\.?$/.exec(text)
  if (trailing?.[1] && isOwnerLike(trailing[1])) return trailing[1].trim()
  return subjectOwner(text, dir)
}

function outcomeOf(cells: readonly string[], dir: Directory): Omit<OutcomeDraft, 'ref' | 'sources'> {
  const filled = cells.filter((c) => c)
  const statusCell = filled.slice(1).find((c) => STATUS.test(c))
  const ownerCell = filled.slice(1).find((c) => !STATUS.test(c) && isOwnerLike(c))
  const body = filled[0] ?? ''
  const markers = [
    /(?:\s[-–—])?\s*\b(discharged|completed?|closed|carried (?:forward|over)|c\/f)\b\s*[-–—:.]?\s*/i.exec(
      body,
    ),
    /(?:^|\s)\bUpdate\s*[-–—:]\s*/.exec(body),
  ].filter((m): m is RegExpExecArray => m !== null && m.index > 0)
  const marker = markers.sort((a, b) => a.index - b.index)[0]
  const description = squash(marker ? body.slice(0, marker.index) : body) || body || 'Earlier action'
  const note = marker ? squash(body.slice(marker.index + marker[0].length)) || null : null
  const decision = statusCell ?? marker?.[1] ?? note ?? ''
  let outcome: OutcomeRead['outcome'] = null
  if (/discharged|complete|closed|done/i.test(decision)) outcome = 'discharged'
  else if (/carried|c\/f|ongoing|\bopen\b|in progress|remains? open/i.test(decision))
    outcome = 'carried-forward'
  return {
    description: clip(description, DESCRIPTION_MAX),
    owners: ownerCell ?? subjectOwner(description, dir),
    outcome,
    note: note ? clip(note, DESCRIPTION_MAX) : null,
  }
}

export type ActionsPass = {
  drafts: ActionDraft[]
  outcomes: OutcomeRead[]
  /** Exemption reasons per item. */
  exempt: Map<Item, string[]>
  /** Lines (and cells) already read as actions or outcomes: prose must not read them again. */
  consumed: Set<string>
}

export function readActions(
  lines: readonly Line[],
  sections: readonly Section[],
  items: readonly (Item | null)[],
  meetingDate: string,
  dir: Directory,
): ActionsPass {
  const drafts: ActionDraft[] = []
  const outcomes: OutcomeRead[] = []
  const exempt = new Map<Item, string[]>()
  const consumed = new Set<string>()
  let actionCol = 2
  let table: TableHeader | null = null
  let prev: Section | null = null

  const push = (d: Omit<ActionDraft, 'dueHint' | 'dueDate'> & { due?: string }) => {
    const due = dueOf(d.due ? `by ${d.due}` : d.description, meetingDate)
    const hint = d.due ?? due.hint
    drafts.push({ ...d, description: clip(d.description, DESCRIPTION_MAX), dueHint: hint, dueDate: due.date })
  }

  lines.forEach((line, i) => {
    const section = sections[i] ?? 'other'
    const item = items[i] ?? null
    if (section !== prev) {
      actionCol = 2
      table = null
    }
    prev = section
    if (line.text === '' || isRule(line)) return
    if (section === 'attendance' || section === 'apologies' || section === 'approval') return

    for (const m of line.text.matchAll(EXEMPT)) {
      const row = refRow(line, meetingDate)
      const owner = row && row.ref.date === meetingDate ? (items[i] ?? item) : item
      if (!owner) continue
      const list = exempt.get(owner) ?? []
      const reason = squash(m[0])
      if (!list.includes(reason)) list.push(reason)
      exempt.set(owner, list)
    }

    const mh = minutesHeader(line)
    if (mh !== null && section !== 'actions') {
      actionCol = mh
      return
    }
    if (section === 'actions') {
      const h = actionsHeader(line)
      if (h) {
        table = h
        return
      }
    }

    const row = refRow(line, meetingDate)
    if (row?.ref.date && row.ref.date < meetingDate) {
      const o = outcomeOf(row.cells, dir)
      outcomes.push({
        kind: 'outcome',
        confidence: 'explicit',
        excerpt: excerptOf([{ line }]),
        line: line.n,
        ref: row.ref.text,
        ...o,
      })
      consumed.add(`${line.n}`)
      return
    }
    if (row && row.ref.date === null) return

    if (section === 'actions' || (row && row.ref.date === meetingDate && isActionRow(row.cells))) {
      const cells = row ? row.cells : line.cells
      const t: TableHeader | null = table
      let desc: string | undefined
      let owner: string | undefined
      let due: string | undefined
      if (t && !row) {
        desc = line.cells[t.desc >= 0 ? t.desc : 1]
        owner = t.owner >= 0 ? line.cells[t.owner] : undefined
        due = t.due >= 0 ? line.cells[t.due] : undefined
      } else {
        const filled = cells.filter((c) => c)
        // A numbered row ("1 | NT to add … | NT") keeps its number in a column of its own.
        const shift = !row && /^\d{1,3}[.)]?$/.test(filled[0] ?? '') ? 1 : 0
        desc = filled[shift]
        owner = filled[shift + 1]
        due = filled[shift + 2]
      }
      if (!desc || !enoughWords(desc) || /^(?:no actions?|none|nil)\b/i.test(desc)) return
      if (!row && !owner) return
      push({
        origin: 'table',
        ref: row?.ref ?? null,
        item: null,
        description: desc,
        owners: owner && !STATUS.test(owner) ? owner : ownerFromText(desc, dir),
        ...(due && dueOf(`by ${due}`, meetingDate).hint ? { due } : {}),
        sources: [{ line }],
      })
      consumed.add(`${line.n}`)
      return
    }

    // An "Action:" paragraph anywhere, including inside a cell.
    line.segments.forEach((segs, cell) => {
      for (const seg of segs) {
        const m = ACTION_LINE.exec(seg)
        if (!m?.[2] || !enoughWords(m[2])) continue
        const desc = squash(m[2])
        push({
          origin: 'line',
          ref: null,
          item,
          description: desc,
          owners: m[1]?.trim() || ownerFromText(desc, dir),
          sources: [{ line, cell }],
        })
        consumed.add(`${line.n}:${cell}:${seg}`)
      }
    })

    // The minutes table's Action column, on an item's row or its continuation rows.
    if (section === 'minutes' || section === 'front' || section === 'other') {
      const cell = line.cells[actionCol]
      if (
        actionCol >= 0 &&
        cell &&
        line.cells.length > actionCol &&
        (row || line.cells.slice(0, actionCol).some((c) => c))
      ) {
        for (const part of splitNumbered(cell.replace(/^actions?\s*[:\-–—]\s*/i, ''))) {
          if (!enoughWords(part) || STATUS.test(part)) continue
          push({
            origin: 'column',
            ref: null,
            item,
            description: part,
            owners: ownerFromText(part, dir),
            sources: [{ line, cell: actionCol }],
          })
        }
        consumed.add(`${line.n}:${actionCol}`)
      }
    }
  })
  return { drafts, outcomes, exempt, consumed }
}

/** Whether two owner texts can name the same owners: either unknown, or a name in common. */
function sameOwners(a: string | null, b: string | null): boolean {
  if (!a || !b) return true
  const names = (s: string) =>
    new Set(
      s
        .toUpperCase()
        .split(/[\s,/;+&]+|\bAND\b/)
        .filter(Boolean),
    )
  const of = names(b)
  return [...names(a)].some((n) => of.has(n))
}

/**
 * One read per action: an Action-column cell or "Action:" line that repeats an actions-table
 * row joins that row (its ref and owners win, the excerpt shows both); then suggestions that
 * repeat an explicit action are dropped.
 */
export function mergeActions(drafts: readonly ActionDraft[]): ActionDraft[] {
  const cache = new Map<string, Set<string>>()
  const wordsOf = (text: string) => {
    const hit = cache.get(text)
    if (hit) return hit
    const v = keyWords(text)
    cache.set(text, v)
    return v
  }
  const w = (d: ActionDraft) => wordsOf(d.description)
  const wt = (d: ActionDraft) => wordsOf(`${d.description} ${d.item?.title ?? ''}`)
  const kept: ActionDraft[] = drafts
    .filter((d) => d.origin === 'table')
    .map((d) => ({ ...d, sources: [...d.sources] }))
  const absorb = (into: ActionDraft, d: ActionDraft) => {
    into.sources.push(...d.sources)
    into.owners ??= d.owners
    if (!into.dueHint && d.dueHint) {
      into.dueHint = d.dueHint
      into.dueDate = d.dueDate
    }
    into.item ??= d.item
  }
  const tables = [...kept]
  for (const d of drafts.filter((x) => x.origin === 'column' || x.origin === 'line')) {
    let best: ActionDraft | null = null
    let bestScore = 0
    // A table row takes the cell or line that repeats it; two cells or lines join only when
    // they are one action written twice in the same item (a column and an "Action:" line),
    // never two of one kind: "DT to update on X" and "SR to update on Y" stay two actions.
    const candidates = [
      ...tables,
      ...kept.filter((k) => k.origin !== 'table' && k.origin !== d.origin && k.item === d.item && d.item),
    ]
    for (const k of candidates) {
      // A table row's owners are initials, a cell's often a full name: only cells and lines are compared.
      if (k.origin !== 'table' && !sameOwners(d.owners, k.owners)) continue
      const plain = overlap(w(d), w(k))
      const titled = overlap(wt(d), w(k))
      const ok =
        k.origin === 'table'
          ? sameAction(w(d), w(k)) || (plain.shared >= 2 && titled.score >= 0.6)
          : sameAction(w(d), w(k))
      const score = Math.max(plain.score, titled.score)
      if (ok && score > bestScore) {
        best = k
        bestScore = score
      }
    }
    if (best) absorb(best, d)
    else kept.push({ ...d, sources: [...d.sources] })
  }
  for (const d of drafts.filter((x) => x.origin === 'prose')) {
    if (kept.some((k) => sameAction(w(d), w(k), 0.5))) continue
    kept.push(d)
  }
  return kept
}

export function toActionRead(
  d: ActionDraft,
  exempt: ReadonlyMap<Item, string[]>,
  items: readonly Item[],
): ActionRead {
  const itemNumber = d.ref?.itemNumber ?? d.item?.number ?? null
  // The title of the item the action was found in; an actions table's numbering is the
  // actions', not always the agenda's, so a reference's number alone names no item's title.
  // A title cut short (the item's first cell runs on into its minutes) is no title to keep.
  const title = d.item?.title ?? null
  const sitting = d.item ?? (d.ref ? (items.find((it) => it.number === d.ref?.itemNumber) ?? null) : null)
  const reasons = sitting ? exempt.get(sitting) : undefined
  return {
    kind: 'action',
    confidence: d.origin === 'prose' ? 'suggested' : 'explicit',
    excerpt: excerptOf(d.sources),
    line: Math.min(...d.sources.map((s) => s.line.n)),
    ref: d.ref?.text ?? null,
    itemNumber,
    itemTitle: title && !title.endsWith('…') ? title : null,
    description: d.description,
    owners: d.owners ? squash(d.owners) : null,
    dueHint: d.dueHint,
    dueDate: d.dueDate,
    exemptReason: reasons && reasons.length > 0 ? reasons.join('; ') : null,
  }
}
