import { Parser } from 'htmlparser2'
import mammoth from 'mammoth'
import { MAX_TEXT_CHARS } from './limits.ts'
import { badFile, type Deadline, oneLine, tooLong } from './problems.ts'

/**
 * A .docx as lines: mammoth reads it to HTML (its documented, stable output, which keeps
 * tables, unlike its raw text), and the HTML is walked here as a stream of tags. Images are
 * never read (their bytes are not text), nor external files.
 */
export async function readDocx(bytes: Uint8Array, deadline: Deadline): Promise<string> {
  let html: string
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        externalFileAccess: false,
        ignoreEmptyParagraphs: true,
      },
    )
    html = result.value
  } catch (err) {
    throw badFile(
      'the Word document is damaged: Word may be able to repair it (open it and save a copy)',
      err,
    )
  }
  deadline.check()
  return htmlToLines(html)
}

const keepTabs = (s: string) =>
  s
    .split('\t')
    .map(oneLine)
    .join('\t')
    .replace(/^\t+|\t+$/g, '')

const BLOCKS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'div',
  'blockquote',
  'pre',
])

type Cell = { parts: string[]; span: number; rowspan: number }

/**
 * Mammoth's HTML to the reader's lines: a paragraph (heading, list item) a line; a table row a
 * line of its cells joined by tabs, a cell's paragraphs joined by spaces; a merged cell stands
 * for as many empty cells as it covers, so every row's columns line up with the header's.
 * Tables nested in a cell are read as the cell's text. A blank line sets tables apart.
 */
export function htmlToLines(html: string): string {
  const lines: string[] = []
  let size = 0
  const push = (line: string) => {
    size += line.length + 1
    if (size > MAX_TEXT_CHARS) throw tooLong()
    lines.push(line)
  }
  const gap = () => {
    if (lines.length > 0 && lines.at(-1) !== '') push('')
  }
  let text = ''
  let tables = 0
  let row: Cell[] | null = null
  let cell: Cell | null = null
  // Columns still covered by a cell merged down from a row above: how many rows more.
  let coveredBelow: number[] = []

  const flush = () => {
    // A paragraph keeps its own tabs ("Date:<tab>Tuesday"), as Word's text export does.
    const t = tables > 0 ? oneLine(text) : text.split('\n').map(keepTabs).filter(Boolean).join('\n')
    text = ''
    if (!t) return
    if (cell) cell.parts.push(t)
    else if (tables === 0) for (const l of t.split('\n')) push(l)
  }
  const endRow = () => {
    if (!row) return
    const cells: string[] = []
    let col = 0
    const take = (n: number) => {
      for (let i = 0; i < n; i++) coveredBelow[col + i] = Math.max(0, (coveredBelow[col + i] ?? 0) - 1)
    }
    for (const c of row) {
      while ((coveredBelow[col] ?? 0) > 0) {
        take(1)
        cells.push('')
        col++
      }
      cells.push(c.parts.join(' '))
      for (let i = 1; i < c.span; i++) cells.push('')
      for (let i = 0; i < c.span; i++) coveredBelow[col + i] = c.rowspan - 1
      col += c.span
    }
    for (; col < coveredBelow.length; col++) take(1)
    if (cells.some((c) => c !== '')) push(cells.join('\t').replace(/\t+$/, ''))
    row = null
  }

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'table') {
          flush()
          if (tables === 0) gap()
          tables++
          if (tables === 1) coveredBelow = []
        } else if (tables === 1 && name === 'tr') {
          row = []
        } else if (tables === 1 && (name === 'td' || name === 'th')) {
          const n = (v: string | undefined) => Math.min(64, Math.max(1, Number.parseInt(v ?? '1', 10) || 1))
          cell = { parts: [], span: n(attrs.colspan), rowspan: n(attrs.rowspan) }
          row?.push(cell)
        } else if (BLOCKS.has(name) || (tables > 1 && (name === 'td' || name === 'th'))) {
          flush()
        } else if (name === 'br') {
          text += '\n'
        }
      },
      ontext(t) {
        text += t
      },
      onclosetag(name) {
        if (name === 'table') {
          flush()
          tables--
          if (tables === 0) gap()
        } else if (tables === 1 && (name === 'td' || name === 'th')) {
          flush()
          cell = null
        } else if (tables === 1 && name === 'tr') {
          endRow()
        } else if (BLOCKS.has(name) || (tables > 1 && (name === 'td' || name === 'th' || name === 'tr'))) {
          flush()
        }
      },
    },
    { decodeEntities: true },
  )
  parser.write(html)
  parser.end()
  flush()
  while (lines.at(-1) === '') lines.pop()
  return lines.join('\n')
}
