import type { ApprovalRead, NextMeetingRead } from '../minutes-read.ts'
import { findDates, findTime, parseIso } from './dates.ts'
import { clip, excerptOf, type Source } from './excerpt.ts'
import type { Item } from './items.ts'
import type { Line } from './lines.ts'
import { isPersonName } from './people.ts'
import { parseRef } from './refs.ts'
import type { Section } from './sections.ts'
import { sentences, squash } from './text.ts'

// "[^.]" that lets a date's dots through ("18.04.2023"), so the match stays in one sentence.
const NO_STOP = '(?:[^.]|\\.(?=\\d))'
const AGREED = new RegExp(
  `\\bminutes\\b(?:(?!\\bnot\\b)${NO_STOP})*?\\b(?:were|was|are|is|been|being)\\s+(?:\\w+\\s+){0,2}?(?:agreed|approved|accepted|confirmed|signed|adopted|ratified)\\b|\\b(?:agreed|approved|accepted|confirmed|adopted|ratified)\\s+(?:the\\s+)?minutes\\b|\\bminutes\\b${NO_STOP}*\\bas an? (?:true|correct|accurate)\\b`,
  'i',
)

/** An approval is said in a short sentence; a run-on line of thousands of characters is not one (and would cost the pattern quadratic time). */
const agreed = (s: string) => s.length <= 600 && AGREED.test(s)

const AMENDMENT =
  /\b(?:subject to|amend(?:ed|ment|ments)?|to be replaced with|should read|correction|corrected)\b/i

/** The date an approval sentence names: an invalid one ("30/03/202") gives null, not a fallback. */
function namedDate(text: string, meetingDate: string): { iso: string | null; named: boolean } {
  const dates = findDates(text, meetingDate)
  const d = dates.find((x) => x.iso !== meetingDate) ?? dates[0]
  return d ? { iso: d.iso, named: true } : { iso: null, named: false }
}

/** Sentences of a line after any leading reference, each with its cell index. */
function sentencesOf(line: Line, meetingDate: string): { s: string; cell: number }[] {
  const out: { s: string; cell: number }[] = []
  line.segments.forEach((segs, cell) => {
    for (const seg of segs) {
      const rest = cell === 0 ? (parseRef(seg, meetingDate)?.rest ?? seg) : seg
      for (const s of sentences(rest)) out.push({ s, cell })
    }
  })
  return out
}

/**
 * "The Minutes of the previous meeting dated 26th May 2020 were agreed" (approval of an
 * earlier meeting's record, with amendments when the item gives them) and this record's own
 * "Formal Approval of Meeting Record … Print Name … Date".
 */
export function readApprovals(
  lines: readonly Line[],
  sections: readonly Section[],
  items: readonly (Item | null)[],
  meetingDate: string,
): ApprovalRead[] {
  const out: ApprovalRead[] = []
  const approvedOn = parseIso(meetingDate) ? meetingDate : null
  lines.forEach((line, i) => {
    if (sections[i] === 'approval' || sections[i] === 'attendance' || sections[i] === 'apologies') return
    for (const { s, cell } of sentencesOf(line, meetingDate)) {
      if (!agreed(s) || /\bnext meeting\b/i.test(s)) continue
      const item = items[i] ?? null
      const itemLines = item ? lines.filter((_, j) => items[j] === item) : [line]
      let date = namedDate(s, meetingDate)
      // "Agreement of Minutes 26/05/2020" as the item's title, the sentence naming no date.
      if (!date.named && item?.title) date = namedDate(item.title, meetingDate)
      const sources: Source[] = [{ line, cell }]
      let amendments: string | null = null
      const inline = /\b(?:subject to|with) (?:the following )?amendments?\s*[:\-–]\s*(.+)$/i.exec(s)
      if (inline?.[1]) amendments = clip(squash(inline[1]), 500)
      else if (
        AMENDMENT.test(s) ||
        itemLines.some((l) => /\bto be replaced with\b|\bshould read\b/i.test(l.text))
      ) {
        const parts: string[] = []
        for (const l of itemLines) {
          for (const x of sentencesOf(l, meetingDate)) {
            if (x.s === s || (item?.title && x.s === item.title)) continue
            if (agreed(x.s)) continue
            parts.push(x.s)
            if (!sources.some((src) => src.line === l)) sources.push({ line: l, cell: x.cell })
          }
        }
        amendments = parts.length > 0 ? clip(parts.join(' '), 500) : null
      }
      out.push({
        kind: 'approval',
        confidence: 'explicit',
        excerpt: excerptOf(sources),
        line: Math.min(...sources.map((x) => x.line.n)),
        previous: true,
        meetingDate: date.iso === meetingDate ? null : date.iso,
        approvedOn,
        signatory: null,
        amendments,
      })
      return
    }
  })
  out.push(...formalApprovals(lines, sections, meetingDate))
  return out
}

function formalApprovals(
  lines: readonly Line[],
  sections: readonly Section[],
  meetingDate: string,
): ApprovalRead[] {
  const out: ApprovalRead[] = []
  let block: {
    lines: Line[]
    signatory: string | null
    signature: string | null
    date: string | null
    dated: boolean
  } | null = null
  const flush = () => {
    if (block && (block.dated || block.signatory || block.signature)) {
      const sources = block.lines.map((line) => ({ line }))
      out.push({
        kind: 'approval',
        confidence: 'explicit',
        excerpt: excerptOf(sources),
        line: block.lines[0]?.n ?? 1,
        previous: false,
        meetingDate: null,
        approvedOn: block.date,
        signatory: block.signatory ?? block.signature,
        amendments: null,
      })
    }
    block = null
  }
  for (const [i, line] of lines.entries()) {
    if (sections[i] !== 'approval') {
      flush()
      continue
    }
    if (!block) block = { lines: [], signatory: null, signature: null, date: null, dated: false }
    const cells = line.cells.filter((c) => c)
    // The block is a few labelled lines; text after it is not part of the approval.
    if (cells.length === 0 || block.lines.length >= 6) continue
    block.lines.push(line)
    const label = /^(print(?:ed)? name|name|signature|signed|date|dated)\s*:?\s*(.*)$/i.exec(cells[0] ?? '')
    if (!label) continue
    const value = squash([label[2] ?? '', ...cells.slice(1)].join(' ').replace(/^[._\s]+|[._\s]+$/g, ''))
    const what = (label[1] ?? '').toLowerCase()
    if (!value) continue
    if (what.startsWith('print') || what === 'name') block.signatory = value
    // A signature line holds a scrawl as OCR reads it; it names the signatory only when it reads as a name.
    else if (what.startsWith('sign')) block.signature = isPersonName(value) ? value : null
    else {
      const d = findDates(value, meetingDate)[0]
      block.dated = true
      block.date = d?.iso ?? null
    }
  }
  flush()
  return out
}

const NEXT = /\b(?:date\s+(?:and\s+time\s+)?of\s+(?:the\s+)?next\s+meeting|next\s+meeting)\b/i

/** "Date of next meeting: Tuesday 26 July 2022 at 10:00"; the date may sit on the next line. */
export function readNextMeetings(lines: readonly Line[], meetingDate: string): NextMeetingRead[] {
  const out: NextMeetingRead[] = []
  lines.forEach((line, i) => {
    const m = NEXT.exec(line.text)
    if (!m) return
    const after = line.text.slice(m.index + m[0].length)
    // A heading or a label, not "presentation for the next meeting" in an action.
    const labelled =
      /^\s*(?::|-|–|—|will be(?: held)?|is|to be held|(?:will be )?on|\d|[A-Z][a-z]+day)/.test(after) ||
      line.text.slice(0, m.index).trim() === ''
    if (!labelled || m.index > 40) return
    const sources: Source[] = [{ line }]
    let text = after
    if (!findDates(text, meetingDate).some((d) => d.iso)) {
      const next = lines.slice(i + 1, i + 3).find((l) => l.text)
      if (next && findDates(next.text, meetingDate).some((d) => d.iso)) {
        text = next.text
        sources.push({ line: next })
      }
    }
    const date = findDates(text, meetingDate).find((d) => d.iso)?.iso ?? null
    if (!date && !/\bTBC|to be (?:confirmed|arranged|agreed)\b/i.test(text) && after.trim() === '') return
    const withoutDates = findDates(text, meetingDate).reduce((t, d) => t.replace(d.text, ' '), text)
    out.push({
      kind: 'next-meeting',
      confidence: 'explicit',
      excerpt: excerptOf(sources),
      line: line.n,
      // A next meeting dated on or before this one is a typo: no date rather than a wrong one.
      date: date && (!parseIso(meetingDate) || date > meetingDate) ? date : null,
      time: findTime(withoutDates),
    })
  })
  return out
}
