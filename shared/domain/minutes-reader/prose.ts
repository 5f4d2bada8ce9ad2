import type { ActionDraft } from './actions.ts'
import { dueOf } from './due.ts'
import { clip } from './excerpt.ts'
import type { Item } from './items.ts'
import type { Line } from './lines.ts'
import { type Directory, isOwnerPhrase } from './owners.ts'
import type { Section } from './sections.ts'
import { sentences, squash } from './text.ts'

// "will continue to", "will be", "would like": descriptions of the present or wishes, not commitments.
const VAGUE =
  /^(?:be|been|have|continue|keep|remain|need|like|hope|want|wish|note|consider|seem|appear|probably|not|also be)$/i
const ADVERB = '(?:(?:also|then|now|further|personally|shortly|formally|kindly|again)\\s+)?'
const VERB = `${ADVERB}([a-z]+)\\b`
const SUBJECT =
  "((?:the\\s+)?[A-Z][\\w&'’./-]*(?:\\s*(?:,|and|&|/)?\\s*(?:the\\s+)?[A-Z&][\\w&'’./-]*){0,5}?)"

const PATTERNS: RegExp[] = [
  // "BS advised he would find out and report back", "DT confirmed she will circulate …"
  new RegExp(
    `^${SUBJECT}\\s+(?:advised|confirmed|stated|said|agreed|undertook|offered|committed|indicated|explained|promised)\\s+(?:that\\s+)?(?:he|she|they|we)\\s+(?:would|will)\\s+${VERB}`,
  ),
  // "it was agreed that the Chief Constable would provide …"
  new RegExp(
    `\\b[Ii]t was (?:agreed|resolved|decided|confirmed)\\s+that\\s+${SUBJECT}\\s+(?:would|will|should)\\s+${VERB}`,
  ),
  // "X agreed to …", "X undertook to …", "X was asked to …"
  new RegExp(
    `^${SUBJECT}\\s+(?:(?:has\\s+|had\\s+)?(?:agreed|undertook|offered|volunteered|committed)|(?:was|were|is|are)\\s+(?:asked|tasked|requested|actioned))\\s+to\\s+${VERB}`,
  ),
  // "DH to provide …", "OPCC will circulate …", "The PCC is to write …"
  new RegExp(`^${SUBJECT}\\s+(?:(?:is|are)\\s+to|to|will|would|shall)\\s+${VERB}`),
]

/**
 * Commitments in prose, as suggestions for a person to confirm: "X advised he would …",
 * "X to …", "X will …", "X agreed to …", where X is someone at the meeting or a role.
 * Precision first: the subject must be a known owner and the verb a real undertaking.
 */
export function readProse(
  lines: readonly Line[],
  sections: readonly Section[],
  items: readonly (Item | null)[],
  consumed: ReadonlySet<string>,
  meetingDate: string,
  dir: Directory,
): ActionDraft[] {
  const out: ActionDraft[] = []
  lines.forEach((line, i) => {
    const section = sections[i] ?? 'other'
    if (
      section === 'attendance' ||
      section === 'apologies' ||
      section === 'approval' ||
      section === 'actions'
    )
      return
    if (consumed.has(`${line.n}`)) return
    line.segments.forEach((segs, cell) => {
      if (consumed.has(`${line.n}:${cell}`)) return
      for (const seg of segs) {
        if (consumed.has(`${line.n}:${cell}:${seg}`)) continue
        for (const raw of sentences(seg)) {
          const s = squash(raw.replace(/^(?:\d{1,2}[.)]|[-–—*•]|[a-z][.)])\s+/, ''))
          const found = commitment(s, dir)
          if (!found) continue
          const due = dueOf(s, meetingDate)
          out.push({
            origin: 'prose',
            ref: null,
            item: items[i] ?? null,
            description: clip(s.slice(found.start)),
            owners: found.owner,
            dueHint: due.hint,
            dueDate: due.date,
            sources: [{ line, cell }],
          })
        }
      }
    })
  })
  return out
}

function commitment(s: string, dir: Directory): { owner: string; start: number } | null {
  for (const re of PATTERNS) {
    const m = re.exec(s)
    if (!m?.[1] || !m[2]) continue
    if (VAGUE.test(m[2])) continue
    const owner = m[1].trim()
    if (!isOwnerPhrase(owner, dir)) continue
    return { owner, start: re === PATTERNS[1] ? Math.max(0, s.indexOf(owner)) : 0 }
  }
  return null
}
