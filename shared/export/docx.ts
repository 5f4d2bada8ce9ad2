import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  type IParagraphStyleOptions,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx'
import {
  type ActionLog,
  type ActionLogRow,
  type ActionLogSection,
  approvalLabel,
  dueLabel,
  exemptLabel,
  noteLabel,
  STATUS_LABEL,
  ukDate,
} from '../domain/action-log.ts'

/** A4 portrait in twentieths of a point, with ~15 mm side margins, as the seeds' papers are set. */
const PAGE = { width: 11906, height: 16838 }
const MARGIN = { top: 1000, bottom: 1000, left: 850, right: 850, header: 500, footer: 500 }
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right
const COLUMNS = [
  { title: 'Reference', share: 14 },
  { title: 'Action', share: 27 },
  { title: 'Owner', share: 11 },
  { title: 'Due', share: 11 },
  { title: 'Status', share: 10 },
  { title: 'Last update or discharge note', share: 18 },
  { title: 'Times carried forward', share: 9 },
] as const
const WIDTHS = COLUMNS.map((c) => Math.floor((TEXT_WIDTH * c.share) / 100))
/** Word's half-points. */
const BODY = 18
const SMALL = 15
const HEADER_FILL = 'E7E6E6'
const EXEMPT_FILL = 'FDF3E7'

type Alignment = (typeof AlignmentType)[keyof typeof AlignmentType]

/**
 * The action log as a Word document laid out like the action tables in the minutes: a
 * heading block, then "Actions Arising" and "Actions raised at this meeting" as bordered
 * tables whose header row repeats on every page, a marked header and a page-numbered footer.
 * What XML cannot hold is refused on the way in (shared/domain/common.ts) and the library
 * escapes markup; text stored before that refusal is cleaned here, so the file always opens.
 */
export async function renderDocx(stored: ActionLog): Promise<Uint8Array<ArrayBuffer>> {
  const log = xmlSafe(stored)
  const full = log.version === 'full'
  const marking = full ? 'FULL VERSION – CONTAINS EXEMPT INFORMATION – NOT FOR PUBLICATION' : 'OPEN VERSION'
  const doc = new Document({
    // The document properties are built from the board, date and version only.
    title: log.title,
    subject: `Action log (${log.version} version)`,
    creator: 'Meeting action tracker',
    lastModifiedBy: 'Meeting action tracker',
    keywords: 'action log',
    description: full
      ? 'Full version: exempt items are shown in full and marked; not for publication.'
      : 'Open version: exempt items show their exemption wording.',
    // Without it Word opens the file as a Word 2007 one, in Compatibility Mode.
    compatibility: { version: 15 },
    styles: {
      default: {
        document: { run: { font: 'Arial', size: BODY, language: { value: 'en-GB' } } },
      },
      paragraphStyles: [
        heading('Heading1', 'heading 1', 30, { before: 0, after: 60 }),
        heading('Heading2', 'heading 2', 24, { before: 320, after: 120 }),
      ],
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ text: marking, bold: true, size: SMALL })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
                children: [
                  new TextRun({ text: log.title, size: SMALL }),
                  new TextRun({
                    children: [new Tab(), 'Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
                    size: SMALL,
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            children: [new TextRun(`${log.board.name} (${log.board.shortName})`)],
          }),
          new Paragraph({
            spacing: { after: 160 },
            children: [new TextRun({ text: 'Action log for the meeting pack', size: 22 })],
          }),
          detail('Meeting', log.meeting.title),
          detail('Date', log.meeting.dateLabel),
          ...(log.meeting.location ? [detail('Location', log.meeting.location)] : []),
          detail('Produced', ukDate(log.producedOn)),
          ...(log.approval ? [detail('Minutes', approvalLabel(log.approval))] : []),
          ...log.sections.flatMap((s) => section(s, log)),
          new Paragraph({
            spacing: { before: 240 },
            children: [
              new TextRun({
                size: SMALL,
                text: full
                  ? 'Exempt items are shown in full and marked. Use the open version for publication. '
                  : 'Items exempt from publication under the Freedom of Information Act 2000 show their exemption in place of the action and its notes. ',
              }),
              new TextRun({
                size: SMALL,
                text: 'Outcomes recorded at a meeting are final when its minutes are approved.',
              }),
            ],
          }),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}

/** C0 controls but tab and line breaks, U+FFFE, U+FFFF and unpaired surrogates: not XML 1.0 characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what must go.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu

export function xmlSafe<T>(value: T): T {
  if (typeof value === 'string') return value.replace(NOT_XML, '') as T
  if (Array.isArray(value)) return value.map(xmlSafe) as T
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafe(v)])) as T
  return value
}

function heading(
  id: string,
  name: string,
  size: number,
  spacing: { before: number; after: number },
): IParagraphStyleOptions {
  return {
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: 'Arial', size, bold: true, color: '000000' },
    paragraph: { spacing, keepNext: true, outlineLevel: id === 'Heading1' ? 0 : 1 },
  }
}

function detail(label: string, value: string): Paragraph {
  return new Paragraph({
    spacing: { after: 40 },
    children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)],
  })
}

function section(s: ActionLogSection, log: ActionLog): (Paragraph | Table)[] {
  const title = new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(s.title)] })
  if (s.rows.length === 0) {
    return [title, new Paragraph({ children: [new TextRun({ text: 'No actions.', italics: true })] })]
  }
  const header = new TableRow({
    // Word repeats this row at the top of every page the table runs onto.
    tableHeader: true,
    cantSplit: true,
    children: COLUMNS.map((c, i) => cell(i, [new TextRun({ text: c.title, bold: true })], HEADER_FILL)),
  })
  return [title, fixedTable(TEXT_WIDTH, WIDTHS, [header, ...s.rows.map((r) => row(r, log))])]
}

/** A table of fixed column widths across the text width (Word would otherwise fit it to content). */
export function fixedTable(width: number, columnWidths: number[], rows: TableRow[]): Table {
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    rows,
  })
}

function row(r: ActionLogRow, log: ActionLog): TableRow {
  const marker = log.version === 'full' ? exemptLabel(r, log.version) : ''
  const fill = marker ? EXEMPT_FILL : undefined
  return new TableRow({
    cantSplit: true,
    children: [
      cell(0, [new TextRun(r.ref)], fill),
      cell(
        1,
        [
          ...(marker ? [new TextRun({ text: marker, bold: true, size: SMALL })] : []),
          ...lines(r.text, marker !== ''),
        ],
        fill,
      ),
      cell(
        2,
        r.owners.flatMap((o, i) => [
          new TextRun({ text: o.initials, bold: true, break: i > 0 ? 1 : 0 }),
          new TextRun({ text: o.name, size: SMALL, break: 1 }),
        ]),
        fill,
      ),
      cell(3, [new TextRun(dueLabel(r))], fill),
      cell(4, [new TextRun(STATUS_LABEL[r.status])], fill),
      cell(5, lines(noteLabel(r), false), fill),
      cell(6, [new TextRun(String(r.carryCount))], fill, AlignmentType.CENTER),
    ],
  })
}

/**
 * Text with its line breaks kept as Word line breaks and its tabs as Word tabs (a tab
 * character inside w:t is not one); `breakFirst` starts it on a new line.
 */
function lines(text: string, breakFirst: boolean): TextRun[] {
  return text.split(/\r\n?|\n/).map(
    (line, i) =>
      new TextRun({
        children: line.split('\t').flatMap((part, j) => (j > 0 ? [new Tab(), part] : [part])),
        break: i > 0 || breakFirst ? 1 : 0,
      }),
  )
}

function cell(
  column: number,
  runs: TextRun[],
  fill: string | undefined,
  alignment: Alignment = AlignmentType.LEFT,
) {
  return new TableCell({
    width: { size: WIDTHS[column] ?? 0, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 90, right: 90 },
    ...(fill ? { shading: { type: ShadingType.CLEAR, fill, color: 'auto' } } : {}),
    children: [new Paragraph({ alignment, children: runs })],
  })
}
