/**
 * Reads back the .ics we send, without the library that wrote it: content lines are
 * unfolded (RFC 5545 §3.1: a CRLF followed by one space or tab continues the line).
 */

/** Each property's raw values, in order; a name that repeats (BEGIN, END) keeps them all. */
export function contentLines(ics: string): Map<string, string[]> {
  const lines = new Map<string, string[]>()
  for (const line of ics.replace(/\r\n[ \t]/g, '').split('\r\n')) {
    if (line === '') continue
    const colon = line.indexOf(':')
    const name = line.slice(0, colon)
    lines.set(name, [...(lines.get(name) ?? []), line.slice(colon + 1)])
  }
  return lines
}

/** The one raw value of a property; throws if it is absent or repeated. */
export function icsProp(ics: string, name: string): string {
  const values = contentLines(ics).get(name) ?? []
  if (values.length !== 1) throw new Error(`${name}: expected one value, found ${JSON.stringify(values)}`)
  return values[0] as string
}

/** A TEXT value read back (RFC 5545 §3.3.11). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
}

/** A UTC DATE-TIME (`20260331T083000Z`) as an ISO instant. */
export function icsInstant(value: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) throw new Error(`not a UTC date-time: ${value}`)
  const [, y, mo, d, h, mi, s] = m
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.000Z`
}
