import { isInitials, isPersonName, isRole } from './people.ts'

/** Who can own an action in this meeting: attendees' initials and names, as far as known. */
export type Directory = { initials: ReadonlySet<string>; names: ReadonlySet<string> }

/** "DH", "NT / OPCC", "the Chief Constable", "KP and NS": each part a person, role or unit. */
export function isOwnerPhrase(s: string, dir: Directory): boolean {
  const parts = s
    .trim()
    .split(/\s*(?:,|\band\b|&(?=\s)|\/)\s*/)
    .filter((p) => p.length > 0)
  if (parts.length === 0 || parts.length > 4) return false
  return parts.every(
    (p) =>
      isRole(p) ||
      (isInitials(p) && (dir.initials.size === 0 || dir.initials.has(p) || p.includes('&') || isRole(p))) ||
      (isPersonName(p) && (dir.names.size === 0 || dir.names.has(p.toLowerCase()))),
  )
}

/**
 * The owner an action sentence names as its subject: "DH to provide …" → "DH", "Neil Tipton
 * as OPCC Head of Communications to add …" → "Neil Tipton", "… to be provided by the Force" →
 * "the Force".
 */
export function subjectOwner(text: string, dir: Directory): string | null {
  const m = /^(.{1,70}?)\s+(?:to|will|would|agreed to)\s+(?!be\b)[a-z]+/.exec(text)
  if (m?.[1]) {
    const subject = m[1].replace(/\s+(?:as|,)\s.*$/, '').trim()
    if (isOwnerPhrase(subject, dir) || isPersonName(subject)) return subject
  }
  const passive =
    /\bto be [a-z]+(?:ed|en|t)\s+by\s+((?:the\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3})/.exec(text)
  return passive?.[1] ?? null
}
