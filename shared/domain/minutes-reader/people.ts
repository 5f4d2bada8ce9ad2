/**
 * Who a phrase names: initials ("DH", "A&SI"), a role ("the Chief Constable", "OPCC"), or a
 * person's name ("Ben Smith"). Used for owners, attendance and "X to …" commitments.
 */

/** Initials or a short unit code as minutes write owners: "DH", "NT", "A&SI", "AFS". */
export function isInitials(s: string): boolean {
  return /^[A-Z](?:[A-Z&]{1,4}|\.[A-Z]\.?){1,2}$/.test(s) && !NOT_INITIALS.has(s)
}

// Capitalised words that start sentences in minutes but are not people.
const NOT_INITIALS = new Set([
  'AOB',
  'ASB',
  'BAME',
  'BLM',
  'BWV',
  'CJS',
  'COVID',
  'CSE',
  'CVP',
  'DA',
  'FOI',
  'FOIA',
  'FPN',
  'ICT',
  'KSI',
  'RTI',
  'RUI',
  'SOH',
  'TOR',
  'UK',
  'VAWG',
])

// Roles and bodies that own actions in governance minutes.
const ROLE =
  /^(?:the\s+)?(?:(?:police\s+and\s+)?(?:crime\s+)?commissioner(?:'s|’s)?(?:\s+office)?|(?:deputy\s+|assistant\s+|temporary\s+|t\/)?chief\s+constable|(?:deputy\s+|vice[- ])?chair(?:man|woman|person)?|secretariat|clerk|monitoring\s+officer|chief\s+(?:executive|finance\s+officer|officer)|treasurer|(?:head|director|chief)\s+of\s+[a-z&' ]{3,40}|opcc(?:\s+[a-z]+){0,3}|[a-z&]+\s+team|pcc|ceo|cfo|dcc|acc|cc)$/i

export function isRole(s: string): boolean {
  return s.length <= 60 && ROLE.test(s.trim())
}

const TITLES =
  /^(?:cllr|councillor|dr|mr|mrs|ms|miss|mx|prof|professor|sir|dame|lord|lady|rev|revd|supt|ch\.?\s*supt|insp|dci|di|ds|pc|sgt)\.?$/i

// Words that appear in capacities and headings, never in a person's name.
const NOT_NAME_WORD =
  /^(?:head|chief|officer|director|manager|commissioner|constable|secretariat|services?|police|council|team|department|unit|board|panel|communications|lead|minutes?|name|capacity|representative|apologies|attendees|attendance|present|nil|none|item|action|actions|date|time|location|chair|reference|ref|no|and|of|the|for|in|to|by|with|update|report|meeting|force|office|group|deputy|assistant|county|policing|performance|crime|justice|analysis|development|policy|scrutiny|strategy|review|agenda|summary|discharged|signature|print)$/i

/** "Ben Smith", "Cllr J. Smith", "Alex Franklin-Smith": 2–5 capitalised words, no role words. */
export function isPersonName(s: string): boolean {
  const words = s.trim().split(/\s+/)
  if (words.length < 2 || words.length > 5 || s.length > 60) return false
  let named = 0
  for (const w of words) {
    if (TITLES.test(w)) continue
    if (NOT_NAME_WORD.test(w)) return false
    if (/^[A-Z]\.?$/.test(w)) continue
    if (!/^[A-Z][a-zA-Z'’-]*[a-z][a-zA-Z'’-]*$/.test(w) && !/^(?:Mc|Mac|O'|D'|De|Van|Von)[A-Z]/.test(w))
      return false
    named++
  }
  return named >= 1
}

/** "NT / OPCC", "DH", "A&SI", "For Review", "Head of CJ": short, no verb, no sentence. */
export function isOwnerLike(s: string): boolean {
  const t = s.trim()
  if (t.length === 0 || t.length > 50) return false
  if (/[.;:?!]$/.test(t) && !/\b[A-Z]{1,4}\.$/.test(t)) return false
  if (/\b(?:to|will|would|be|was|were|is|are|has|have|shall)\b/i.test(t)) return false
  const words = t.split(/\s+/)
  if (words.length > 6) return false
  // Owners are written capitalised (initials, names, roles); a lower-case start is sentence text.
  return /^[A-Z&(]/.test(t)
}

/** The initials of a name ("Neil Tipton" → "NT"), to match prose initials to attendees. */
export function initialsOf(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => w && !TITLES.test(w))
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
}

/** A name for comparisons: case, punctuation and spacing ignored. */
export function nameKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9&]+/g, ' ')
    .trim()
}
