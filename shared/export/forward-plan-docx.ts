import {
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  type Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import {
  FORWARD_PLAN_COLUMNS,
  type ForwardPlan,
  type ForwardPlanSection,
  forwardPlanCells,
} from '../domain/forward-plan.ts'
import { fixedTable, xmlSafe } from './docx.ts'

/** A4 landscape in twentieths of a point (docx swaps width and height for the orientation). */
const PAGE = { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE }
const MARGIN = { top: 850, bottom: 850, left: 850, right: 850 }
const TEXT_WIDTH = PAGE.height - MARGIN.left - MARGIN.right
const SHARES = [16, 20, 36, 14, 14]
const WIDTHS = SHARES.map((s) => Math.floor((TEXT_WIDTH * s) / 100))

/**
 * The forward plan as a Word document in the pack's layout: landscape, a table per section in
 * the seed's columns, whose header row Word repeats on every page the table runs onto.
 */
export async function renderForwardPlanDocx(stored: ForwardPlan): Promise<Uint8Array<ArrayBuffer>> {
  const plan = xmlSafe(stored)
  const doc = new Document({
    title: plan.title,
    creator: 'Meeting action tracker',
    compatibility: { version: 15 },
    styles: { default: { document: { run: { font: 'Arial', size: 20, language: { value: 'en-GB' } } } } },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            children: [new TextRun(`${plan.board.name} (${plan.board.shortName})`)],
          }),
          new Paragraph({ children: [new TextRun({ text: 'Work programme', size: 24 })] }),
          ...plan.sections.flatMap(section),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}

function section(s: ForwardPlanSection): (Paragraph | Table)[] {
  const title = new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(s.title)] })
  if (s.rows.length === 0)
    return [title, new Paragraph({ children: [new TextRun({ text: 'Nothing.', italics: true })] })]
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: FORWARD_PLAN_COLUMNS.map((c, i) => cell(i, c, true)),
  })
  const rows = s.rows.map(
    (r) => new TableRow({ cantSplit: true, children: forwardPlanCells(r).map((c, i) => cell(i, c, false)) }),
  )
  return [title, fixedTable(TEXT_WIDTH, WIDTHS, [header, ...rows])]
}

function cell(column: number, text: string, head: boolean): TableCell {
  return new TableCell({
    width: { size: WIDTHS[column] ?? 0, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 90, right: 90 },
    ...(head ? { shading: { type: ShadingType.CLEAR, fill: 'E7E6E6', color: 'auto' } } : {}),
    children: [
      new Paragraph({
        children: text
          .split(/\r\n?|\n/)
          .map((line, i) => new TextRun({ text: line, bold: head, break: i > 0 ? 1 : 0 })),
      }),
    ],
  })
}
