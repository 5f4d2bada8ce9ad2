import { getDocumentProxy } from 'unpdf'
import { PayloadTooLargeError } from '#shared/errors.ts'
import { MAX_PDF_PAGES, MAX_TEXT_CHARS } from './limits.ts'
import { withPdfJsLeaksContained } from './pdfjs-leaks.ts'
import { badFile, type Deadline, oneLine, tooLong } from './problems.ts'

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>

/**
 * A PDF as lines, through unpdf's build of pdf.js: the page count is checked from the page
 * tree before any page is read, then each page's text items are put back into lines from
 * their positions (see Lines). pdf.js 6 compiles no code from the file (no eval), and XFA
 * forms and system fonts stay off: only the text layer is read.
 */
export const readPdf = (bytes: Uint8Array, deadline: Deadline): Promise<{ text: string; pages: number }> =>
  withPdfJsLeaksContained(() => read(bytes, deadline))

async function read(bytes: Uint8Array, deadline: Deadline): Promise<{ text: string; pages: number }> {
  let pdf: PdfDocument
  try {
    // pdf.js may take the buffer over, so it gets a copy, never the caller's bytes.
    pdf = await getDocumentProxy(new Uint8Array(bytes), {
      enableXfa: false,
      verbosity: 0,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
    })
  } catch (err) {
    throw pdfProblem(err)
  }
  try {
    const pages = pdf.numPages
    if (pages > MAX_PDF_PAGES) {
      throw new PayloadTooLargeError(
        `the PDF has ${pages} pages, more than the ${MAX_PDF_PAGES} accepted: upload the minutes without their appendices`,
      )
    }
    const lines = new Lines()
    for (let n = 1; n <= pages; n++) {
      deadline.check()
      let page: Awaited<ReturnType<PdfDocument['getPage']>>
      let items: RawItem[]
      try {
        page = await pdf.getPage(n)
        items = (await page.getTextContent()).items as RawItem[]
      } catch (err) {
        throw pdfProblem(err)
      }
      lines.addPage(items)
      page.cleanup()
      if (lines.size > MAX_TEXT_CHARS) throw tooLong()
    }
    return { text: lines.text(), pages }
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined)
  }
}

function pdfProblem(err: unknown) {
  const name = (err as { name?: string } | null)?.name
  if (name === 'PasswordException') {
    return badFile('the PDF is password-protected: save a copy without the password and upload that', err)
  }
  return badFile('the PDF is damaged or not a PDF: save or print it to PDF again', err)
}

/** What getTextContent gives: text items, and marked-content markers (no `str`) to skip. */
type RawItem = { str?: string; transform?: number[]; width?: number; height?: number }

type Seg = { x: number; end: number; text: string }
type VisualLine = { y: number; size: number; segs: Seg[] }

/** A gap this wide (in ems) between two pieces of one line is a column, not a word space. */
const COLUMN_GAP_EM = 0.8
/** Baselines closer than this (in ems) are one line: superscripts ("27 th") stay with their line. */
const SAME_LINE_EM = 0.4
/** The next line of the same paragraph sits at most this far below (ordinary leading). */
const NEXT_LINE_EM = 1.5
/** Within a table cell, the next line or the cell's next paragraph (a small gap, no border). */
const NEXT_CELL_LINE_EM = 1.75
/** A table row follows the row above within this (padding, border, leading). */
const NEXT_ROW_EM = 3
/** Positions that differ by less than this (points) are the same column edge. */
const EDGE = 3
/** A piece that is only a list marker belongs to the text after it, not a column of its own. */
const MARKER_GAP_EM = 2.5
const MARKER = /^(?:[•◦▪▫■□●○‣⁃∙·]|\(?[0-9]{1,3}[.)]|\(?[a-z][.)])$/i

/** One page's text items as visual lines, top to bottom, each split into pieces at wide gaps. */
export function visualLines(items: RawItem[]): VisualLine[] {
  const pieces: { x: number; y: number; w: number; size: number; str: string }[] = []
  for (const it of items) {
    if (!it.str || !it.transform || !it.str.trim()) continue
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = it.transform
    const size = Math.max(Math.hypot(c, d), Math.hypot(a, b), 1)
    pieces.push({ x, y, w: it.width ?? 0, size, str: it.str })
  }
  pieces.sort((p, q) => q.y - p.y || p.x - q.x)
  const groups: (typeof pieces)[] = []
  for (const p of pieces) {
    const g = groups.at(-1)
    const first = g?.[0]
    if (g && first && Math.abs(first.y - p.y) <= SAME_LINE_EM * Math.max(first.size, p.size)) g.push(p)
    else groups.push([p])
  }
  return groups.map((g) => {
    g.sort((p, q) => p.x - q.x)
    const size = Math.max(...g.map((p) => p.size))
    const segs: Seg[] = []
    for (const p of g) {
      const last = segs.at(-1)
      const gap = last ? p.x - last.end : Number.POSITIVE_INFINITY
      const marker =
        MARKER.test(last?.text.trim() ?? '') && !MARKER.test(p.str.trim()) && gap <= MARKER_GAP_EM * size
      if (last && (gap <= COLUMN_GAP_EM * size || marker)) {
        const space = gap > 0.1 * p.size || /\s$/.test(last.text) || /^\s/.test(p.str) ? ' ' : ''
        last.text += space + p.str
        last.end = Math.max(last.end, p.x + p.w)
      } else {
        segs.push({ x: p.x, end: p.x + p.w, text: p.str })
      }
    }
    for (const s of segs) s.text = oneLine(s.text)
    return { y: g[0]?.y ?? 0, size, segs: segs.filter((s) => s.text) }
  })
}

type Unit =
  | { kind: 'para'; text: string; end: number; right: number; y: number; page: number }
  | { kind: 'row'; cells: string[]; y: number; page: number }

/**
 * The reader's lines from the visual lines of every page. A line that continues the one above
 * (ordinary leading below it; for a paragraph, the line above was full; for a table row, its
 * pieces start at that row's column edges) is joined to it, so a wrapped paragraph is one line
 * and a row whose cells wrap is one row. Lines of two or more pieces are table rows, their
 * pieces tab-separated in the columns the row's table set out; a row continues across a page
 * break. What it cannot know (there are no borders in the text) is guessed from spacing.
 */
export class Lines {
  private readonly out: string[] = []
  private unit: Unit | null = null
  private table: { anchors: number[]; right: number; y: number; page: number } | null = null
  private page = 0
  size = 0

  addPage(items: RawItem[]): void {
    this.page++
    const lines = visualLines(items)
    const right = Math.max(0, ...lines.flatMap((l) => l.segs.map((s) => s.end)))
    lines.forEach((l, i) => {
      if (l.segs.length > 0) this.add(l, right, i === 0)
    })
  }

  text(): string {
    this.flush()
    while (this.out.at(-1) === '') this.out.pop()
    return this.out.join('\n')
  }

  private add(line: VisualLine, right: number, pageTop: boolean): void {
    const { unit, table } = this
    const below = (y: number, page: number) => (page === this.page ? y - line.y : Number.POSITIVE_INFINITY)
    const first = line.segs[0] as Seg
    if (unit?.kind === 'row' && table) {
      const cols = this.columns(line.segs, table, false)
      const near = below(unit.y, unit.page) <= NEXT_CELL_LINE_EM * line.size
      // At the top of a page a row carries on unless the line starts on the table's left edge
      // (a new row's first cell would); a row that begins with an empty cell reads as carried on.
      const carried =
        pageTop && unit.page === this.page - 1 && Math.abs(first.x - (table.anchors[0] ?? 0)) > EDGE
      if (cols && (near || carried)) {
        line.segs.forEach((s, i) => {
          const c = cols[i] ?? 0
          unit.cells[c] = joinWrapped(unit.cells[c], s.text)
        })
        unit.y = line.y
        unit.page = this.page
        table.y = line.y
        table.page = this.page
        return
      }
    }
    if (
      unit?.kind === 'para' &&
      line.segs.length === 1 &&
      (below(unit.y, unit.page) <= NEXT_LINE_EM * line.size || (pageTop && unit.page === this.page - 1)) &&
      !MARKER.test(first.text.split(' ')[0] ?? '') &&
      wasFull(unit.end, first, unit.page === this.page ? right : unit.right, line.size)
    ) {
      unit.text = joinWrapped(unit.text, first.text)
      unit.end = first.end
      unit.y = line.y
      unit.page = this.page
      unit.right = right
      return
    }
    this.flush()
    const inTable =
      table &&
      (table.page === this.page
        ? table.y - line.y <= NEXT_ROW_EM * line.size
        : pageTop && table.page === this.page - 1)
    const cols = inTable && table ? this.columns(line.segs, table, true) : null
    if (cols && table && (line.segs.length > 1 || cols[0] !== 0)) {
      const cells: string[] = []
      line.segs.forEach((s, i) => {
        const c = cols[i] ?? 0
        cells[c] = joinWrapped(cells[c], s.text)
      })
      this.unit = { kind: 'row', cells, y: line.y, page: this.page }
      Object.assign(table, { y: line.y, page: this.page })
    } else if (line.segs.length > 1) {
      this.table = {
        anchors: line.segs.map((s) => s.x),
        right: Math.max(...line.segs.map((s) => s.end)),
        y: line.y,
        page: this.page,
      }
      this.unit = { kind: 'row', cells: line.segs.map((s) => s.text), y: line.y, page: this.page }
    } else {
      if (!cols) this.table = null
      this.unit = { kind: 'para', text: first.text, end: first.end, right, y: line.y, page: this.page }
    }
  }

  /**
   * The column of each piece in the table's layout, or null when the line does not fit it:
   * a piece belongs to the column whose edge is at or left of it (centred marks and indented
   * list items still land); to start a row, at least one piece must start on an edge exactly.
   */
  private columns(
    segs: Seg[],
    table: { anchors: number[]; right: number },
    startsRow: boolean,
  ): number[] | null {
    const { anchors } = table
    let onEdge = false
    const cols: number[] = []
    for (const s of segs) {
      if (s.x < (anchors[0] ?? 0) - EDGE || s.x > table.right + EDGE) return null
      let c = 0
      for (let i = 0; i < anchors.length; i++) if (s.x >= (anchors[i] ?? 0) - EDGE) c = i
      if (Math.abs(s.x - (anchors[c] ?? 0)) <= EDGE) onEdge = true
      if (cols.length > 0 && c < (cols.at(-1) ?? 0)) return null
      cols.push(c)
    }
    return onEdge || !startsRow ? cols : null
  }

  private flush(): void {
    const u = this.unit
    if (!u) return
    this.unit = null
    const line =
      u.kind === 'para'
        ? u.text
        : Array.from(u.cells, (c) => c ?? '')
            .join('\t')
            .replace(/\t+$/, '')
    const wasRow = this.lastKind === 'row'
    if (this.out.length > 0 && wasRow !== (u.kind === 'row')) this.push('')
    this.lastKind = u.kind
    this.push(line)
  }

  private lastKind: Unit['kind'] | null = null

  private push(line: string): void {
    this.size += line.length + 1
    this.out.push(line)
  }
}

/** A wrapped line put back: a word broken after its hyphen ("post-" / "meeting") joins up again. */
function joinWrapped(before: string | undefined, after: string): string {
  if (!before) return after
  return /\p{L}-$/u.test(before) ? `${before}${after}` : `${before} ${after}`
}

/** Whether the line above ended only because the next word would not fit on it. */
function wasFull(end: number, next: Seg, right: number, size: number): boolean {
  const word = next.text.split(' ')[0] ?? ''
  const wordWidth = ((next.end - next.x) * word.length) / Math.max(1, next.text.length)
  // Slack of an em: glyph widths vary, and the estimate uses the line's average.
  return end + 0.3 * size + 1.2 * wordWidth >= right - size
}
