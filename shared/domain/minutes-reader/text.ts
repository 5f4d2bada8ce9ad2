/**
 * Text clean-up shared by every part of the reader: look-alike letters, HTML fragments left
 * in Word cells, and whitespace. Parsing works on the cleaned text; excerpts keep the raw.
 */

// OCR and copy-paste put Cyrillic and Greek capitals into initials and "x" marks ("ВН", "Х");
// minutes are English, so mapping them to Latin loses nothing and lets "ВН" match "BH".
const LOOK_ALIKES: Record<string, string> = {
  А: 'A',
  В: 'B',
  С: 'C',
  Е: 'E',
  Н: 'H',
  І: 'I',
  Ј: 'J',
  К: 'K',
  М: 'M',
  О: 'O',
  Р: 'P',
  Ѕ: 'S',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  а: 'a',
  в: 'b',
  с: 'c',
  е: 'e',
  һ: 'h',
  і: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  о: 'o',
  р: 'p',
  ѕ: 's',
  т: 't',
  у: 'y',
  х: 'x',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ο: 'o',
  ν: 'v',
  χ: 'x',
}
const LOOK_ALIKE_RE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g')

export function latinise(s: string): string {
  return s.replace(LOOK_ALIKE_RE, (c) => LOOK_ALIKES[c] ?? c)
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  nbsp: ' ',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  rsquo: '’',
  lsquo: '‘',
  ldquo: '“',
  rdquo: '”',
  ndash: '–',
  mdash: '—',
  pound: '£',
  bull: '•',
  hellip: '…',
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return ENTITIES[name.toLowerCase()] ?? whole
  })
}

/** One space for any run of whitespace (including no-break and zero-width spaces), trimmed. */
export function squash(s: string): string {
  return s
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

const BLOCK_TAG = /<\/?(?:p|div|li|ul|ol|br|tr|td|th|table|h[1-6])\b[^>]*>/gi
const ANY_TAG = /<\/?[a-z][a-z0-9]*\b[^>]*>/gi

/**
 * A Word cell as segments: paragraphs, list items and bullets each start a segment, inline
 * tags (<i>, <span>) vanish. Segments are what sentences are looked for in.
 */
export function cellSegments(raw: string): string[] {
  const text = decodeEntities(latinise(raw).replace(BLOCK_TAG, '\n').replace(ANY_TAG, ''))
  return text
    .split(/\n|\s[•▪●◦·]\s?|^[•▪●◦·]\s?/)
    .map(squash)
    .filter((s) => s.length > 0)
}

/** Plain cleaned text of a fragment: tags gone, look-alikes mapped, whitespace squashed. */
export function clean(raw: string): string {
  return cellSegments(raw).join(' ')
}

/** Sentences of a segment; good enough for minutes prose ("e.g." and "S.31" stay whole). */
export function sentences(segment: string): string[] {
  const out: string[] = []
  let buf = ''
  for (const part of segment.split(/(?<=[.!?])\s+(?=[A-Z0-9(“"'‘])/)) {
    buf = buf ? `${buf} ${part}` : part
    // Abbreviations end in a dot but do not end the sentence.
    if (/\b(?:e\.g|i\.e|etc|no|vs|Mr|Mrs|Ms|Dr|Cllr|Supt|Insp|St|S)\.$/i.test(buf)) continue
    const s = squash(buf)
    if (s) out.push(s)
    buf = ''
  }
  const rest = squash(buf)
  if (rest) out.push(rest)
  return out
}

/** Lower-case words for comparing descriptions, with crude stemming. */
export function contentWords(s: string): string[] {
  return (
    latinise(s)
      .toLowerCase()
      .match(/[a-z0-9&]+/g)
      ?.filter((w) => w.length > 1 && !STOP.has(w))
      .map(stem) ?? []
  )
}

function stem(w: string): string {
  return w.replace(/(?:ing|ed|es|s|e)$/, '') || w
}

const STOP = new Set(
  'a an the and or of to for in on at by with from be is are was were will would shall should can could this that these those it its as into their they them he she his her we our us all any each other than then there which who whom what when where how also been being has have had not no upon via per'.split(
    ' ',
  ),
)
