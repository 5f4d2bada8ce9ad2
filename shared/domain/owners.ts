import { initialsKey, type Person } from './person.ts'

/**
 * Owners as the minutes write them: "DT / OPCC", "DT, NT & KB", "PCC and CFO", "DT NT".
 * Separators are `,` `/` `;` `+`, whitespace and the word "and"; `&` separates too, except
 * inside an initials or alias that has one ("A&SI"), so a token is first looked up whole, as
 * is the text between separators other than spaces (an alias of several words).
 */
export type OwnerLookup = (token: string) => string | null

export type ParsedOwners = {
  /** The people and teams named, in the order written, each once. */
  ids: string[]
  /** Tokens that matched nobody, as typed. */
  unknown: string[]
}

const SEPARATORS = /[,/;+]+|\band\b/i
const NAME_LIKE = /\p{Lu}\p{Ll}/u

export function parseOwners(text: string, find: OwnerLookup): ParsedOwners {
  const ids: string[] = []
  const unknown: string[] = []
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id)
  }
  for (const chunk of text.split(SEPARATORS).map((c) => c.trim())) {
    if (!chunk || chunk === '&') continue
    // An alias of several words ("Chief Constable") is found whole first.
    const whole = find(chunk)
    if (whole) {
      add(whole)
      continue
    }
    const missing: string[] = []
    for (const token of chunk.split(/\s+/).filter((t) => t && t !== '&')) {
      const id = find(token)
      if (id) {
        add(id)
        continue
      }
      const parts = token.split('&').filter(Boolean)
      const found = parts.length > 1 ? parts.map((p) => find(p)) : [null]
      if (found.every((id): id is string => id !== null)) found.forEach(add)
      else missing.push(token)
    }
    // Words no one has ("Dana Turner", "For Review") are one name, not one unknown per word.
    const words = chunk.split(/\s+/).filter((t) => t && t !== '&')
    if (missing.length > 1 && missing.length === words.length && NAME_LIKE.test(chunk)) unknown.push(chunk)
    else unknown.push(...missing)
  }
  return { ids, unknown }
}

/**
 * The lookup for owners among `people`: a token is someone's initials, or failing that
 * someone's alias, case-insensitively; a name two of them share resolves to neither (among
 * a board's members names are unique, so this bites only in the whole directory).
 */
export function ownerLookup(people: readonly Pick<Person, 'id' | 'initials' | 'aliases'>[]): OwnerLookup {
  const byInitials = new Map<string, string[]>()
  const byAlias = new Map<string, string[]>()
  const add = (m: Map<string, string[]>, name: string, id: string) => {
    const k = initialsKey(name)
    m.set(k, [...(m.get(k) ?? []), id])
  }
  for (const p of people) {
    add(byInitials, p.initials, p.id)
    for (const a of p.aliases) add(byAlias, a, p.id)
  }
  return (token) => {
    const k = initialsKey(token)
    const ids = byInitials.get(k) ?? byAlias.get(k) ?? []
    return ids.length === 1 ? (ids[0] ?? null) : null
  }
}
