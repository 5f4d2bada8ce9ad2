/**
 * Owners as the minutes write them: "DT / OPCC", "DT, NT & KB", "PCC and CFO", "DT NT".
 * Separators are `,` `/` `;` `+`, whitespace and the word "and"; `&` separates too, except
 * inside an initials or alias that has one ("A&SI"), so a token is first looked up whole.
 */
export type OwnerLookup = (token: string) => string | null

export type ParsedOwners = {
  /** The people and teams named, in the order written, each once. */
  ids: string[]
  /** Tokens that matched nobody, as typed. */
  unknown: string[]
}

const SEPARATORS = /[\s,/;+]+|\band\b/i

export function parseOwners(text: string, find: OwnerLookup): ParsedOwners {
  const ids: string[] = []
  const unknown: string[] = []
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id)
  }
  for (const token of text.split(SEPARATORS).filter((t) => t && t !== '&')) {
    const whole = find(token)
    if (whole) {
      add(whole)
      continue
    }
    const parts = token.split('&').filter(Boolean)
    const found = parts.length > 1 ? parts.map((p) => find(p)) : [null]
    if (found.every((id): id is string => id !== null)) found.forEach(add)
    else unknown.push(token)
  }
  return { ids, unknown }
}
