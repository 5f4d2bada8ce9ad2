import {
  type ActionLog,
  type ActionLogRow,
  type ActionLogSection,
  dueLabel,
  exemptLabel,
  noteLabel,
  STATUS_LABEL,
  ukDate,
} from '../domain/action-log.ts'
import { zip } from './zip.ts'

/**
 * The action log as a Word document (Office Open XML), written directly: a heading block,
 * then "Actions Arising" and "Actions raised at this meeting" as bordered tables whose header
 * row repeats on every page, a marked header and a page-numbered footer. A general-purpose
 * library took 230 KB of the function's bundle for these few parts (issue #5's ≤ 300 KB).
 * Element order inside each `*Pr` follows the schema's sequence, which Word enforces.
 */

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

const NS = {
  w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  officeRel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
}
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

/** Text for XML: escaped, and without the control characters XML 1.0 cannot hold at all. */
function esc(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what must go.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  )
}

type Run = { text: string; bold?: boolean; italic?: boolean; size?: number; breakBefore?: boolean }

function run(r: Run): string {
  const props = `${r.bold ? '<w:b/>' : ''}${r.italic ? '<w:i/>' : ''}${r.size ? `<w:sz w:val="${r.size}"/><w:szCs w:val="${r.size}"/>` : ''}`
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${r.breakBefore ? '<w:br/>' : ''}<w:t xml:space="preserve">${esc(r.text)}</w:t></w:r>`
}

type Para = {
  style?: string
  keepNext?: boolean
  tabRight?: number
  spacing?: { before?: number; after?: number }
  align?: 'left' | 'center' | 'right'
}

function paragraph(content: string, p: Para = {}): string {
  const props = [
    p.style ? `<w:pStyle w:val="${p.style}"/>` : '',
    p.keepNext ? '<w:keepNext/>' : '',
    p.tabRight ? `<w:tabs><w:tab w:val="right" w:pos="${p.tabRight}"/></w:tabs>` : '',
    p.spacing
      ? `<w:spacing${p.spacing.before !== undefined ? ` w:before="${p.spacing.before}"` : ''}${p.spacing.after !== undefined ? ` w:after="${p.spacing.after}"` : ''}/>`
      : '',
    p.align && p.align !== 'left' ? `<w:jc w:val="${p.align}"/>` : '',
  ].join('')
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${content}</w:p>`
}

/** Text with its line breaks kept as Word line breaks; `breakFirst` starts it on a new line. */
function lines(text: string, breakFirst: boolean): Run[] {
  return text.split(/\r\n?|\n/).map((line, i) => ({ text: line, breakBefore: i > 0 || breakFirst }))
}

function cell(column: number, runs: Run[], fill: string | undefined, align: Para['align'] = 'left'): string {
  const shading = fill ? `<w:shd w:val="clear" w:color="auto" w:fill="${fill}"/>` : ''
  return (
    `<w:tc><w:tcPr><w:tcW w:w="${WIDTHS[column] ?? 0}" w:type="dxa"/>${shading}` +
    '<w:tcMar><w:top w:w="60" w:type="dxa"/><w:left w:w="90" w:type="dxa"/><w:bottom w:w="60" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tcMar>' +
    `</w:tcPr>${paragraph(runs.map(run).join(''), { align })}</w:tc>`
  )
}

function row(cells: string[], header: boolean): string {
  return `<w:tr><w:trPr><w:cantSplit/>${header ? '<w:tblHeader/>' : ''}</w:trPr>${cells.join('')}</w:tr>`
}

function actionRow(r: ActionLogRow, log: ActionLog): string {
  const marker = log.version === 'full' ? exemptLabel(r, log.version) : ''
  const fill = marker ? EXEMPT_FILL : undefined
  return row(
    [
      cell(0, [{ text: r.ref }], fill),
      cell(
        1,
        [...(marker ? [{ text: marker, bold: true, size: SMALL }] : []), ...lines(r.text, marker !== '')],
        fill,
      ),
      cell(
        2,
        r.owners.flatMap((o, i) => [
          { text: o.initials, bold: true, breakBefore: i > 0 },
          { text: o.name, size: SMALL, breakBefore: true },
        ]),
        fill,
      ),
      cell(3, [{ text: dueLabel(r) }], fill),
      cell(4, [{ text: STATUS_LABEL[r.status] }], fill),
      cell(5, lines(noteLabel(r), false), fill),
      cell(6, [{ text: String(r.carryCount) }], fill, 'center'),
    ],
    false,
  )
}

const BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="auto"'

function section(s: ActionLogSection, log: ActionLog): string {
  const title = paragraph(run({ text: s.title }), { style: 'Heading2' })
  if (s.rows.length === 0) return title + paragraph(run({ text: 'No actions.', italic: true }))
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']
    .map((b) => `<w:${b} ${BORDER}/>`)
    .join('')
  return (
    title +
    '<w:tbl>' +
    `<w:tblPr><w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:tblBorders>${borders}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>` +
    `<w:tblGrid>${WIDTHS.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` +
    row(
      COLUMNS.map((c, i) => cell(i, [{ text: c.title, bold: true }], HEADER_FILL)),
      true,
    ) +
    s.rows.map((r) => actionRow(r, log)).join('') +
    '</w:tbl>'
  )
}

function documentXml(log: ActionLog): string {
  const full = log.version === 'full'
  const detail = (label: string, value: string) =>
    paragraph(run({ text: `${label}: `, bold: true }) + run({ text: value }), { spacing: { after: 40 } })
  const body = [
    paragraph(run({ text: `${log.board.name} (${log.board.shortName})` }), { style: 'Heading1' }),
    paragraph(run({ text: 'Action log for the meeting pack', size: 22 }), { spacing: { after: 160 } }),
    detail('Meeting', log.meeting.title),
    detail('Date', log.meeting.dateLabel),
    log.meeting.location ? detail('Location', log.meeting.location) : '',
    detail('Produced', ukDate(log.producedOn)),
    ...log.sections.map((s) => section(s, log)),
    paragraph(
      run({
        size: SMALL,
        text: full
          ? 'Exempt items are shown in full and marked. Use the open version for publication. '
          : 'Items exempt from publication under the Freedom of Information Act 2000 show their exemption in place of the action and its notes. ',
      }) +
        run({ size: SMALL, text: 'Outcomes recorded at a meeting are final when its minutes are approved.' }),
      { spacing: { before: 240 } },
    ),
  ].join('')
  const sectPr =
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/>' +
    `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${MARGIN.top}" w:right="${MARGIN.right}" w:bottom="${MARGIN.bottom}" w:left="${MARGIN.left}" w:header="${MARGIN.header}" w:footer="${MARGIN.footer}" w:gutter="0"/>` +
    '</w:sectPr>'
  return `${XML}<w:document xmlns:w="${NS.w}" xmlns:r="${NS.r}"><w:body>${body}${sectPr}</w:body></w:document>`
}

function headerXml(log: ActionLog): string {
  const marking =
    log.version === 'full'
      ? 'FULL VERSION – CONTAINS EXEMPT INFORMATION – NOT FOR PUBLICATION'
      : 'OPEN VERSION'
  return `${XML}<w:hdr xmlns:w="${NS.w}" xmlns:r="${NS.r}">${paragraph(run({ text: marking, bold: true, size: SMALL }), { align: 'right' })}</w:hdr>`
}

function footerXml(log: ActionLog): string {
  const field = (instr: string) =>
    `<w:fldSimple w:instr=" ${instr} ">${run({ text: '1', size: SMALL })}</w:fldSimple>`
  const tab = `<w:r><w:rPr><w:sz w:val="${SMALL}"/><w:szCs w:val="${SMALL}"/></w:rPr><w:tab/></w:r>`
  const content =
    run({ text: log.title, size: SMALL }) +
    tab +
    run({ text: 'Page ', size: SMALL }) +
    field('PAGE') +
    run({ text: ' of ', size: SMALL }) +
    field('NUMPAGES')
  return `${XML}<w:ftr xmlns:w="${NS.w}" xmlns:r="${NS.r}">${paragraph(content, { tabRight: TEXT_WIDTH })}</w:ftr>`
}

function stylesXml(): string {
  const heading = (id: string, name: string, size: number, before: number, after: number) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
    `<w:pPr><w:keepNext/><w:spacing w:before="${before}" w:after="${after}"/><w:outlineLvl w:val="${id === 'Heading1' ? 0 : 1}"/></w:pPr>` +
    `<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:b/><w:bCs/><w:color w:val="000000"/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr></w:style>`
  return (
    `${XML}<w:styles xmlns:w="${NS.w}">` +
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:eastAsia="Arial" w:hAnsi="Arial" w:cs="Arial"/>' +
    `<w:sz w:val="${BODY}"/><w:szCs w:val="${BODY}"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>` +
    '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
    heading('Heading1', 'heading 1', 30, 0, 60) +
    heading('Heading2', 'heading 2', 24, 320, 120) +
    '</w:styles>'
  )
}

function coreXml(log: ActionLog): string {
  const full = log.version === 'full'
  const description = full
    ? 'Full version: exempt items are shown in full and marked; not for publication.'
    : 'Open version: exempt items show their exemption wording.'
  const at = `${log.producedOn}T00:00:00Z`
  return (
    `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${esc(log.title)}</dc:title>` +
    `<dc:subject>${esc(`Action log (${log.version} version)`)}</dc:subject>` +
    '<dc:creator>Meeting action tracker</dc:creator>' +
    '<cp:keywords>action log</cp:keywords>' +
    `<dc:description>${esc(description)}</dc:description>` +
    '<cp:lastModifiedBy>Meeting action tracker</cp:lastModifiedBy>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified>` +
    '</cp:coreProperties>'
  )
}

const CONTENT_TYPES =
  `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
  '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>' +
  '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>' +
  '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
  '</Types>'

const rels = (items: [id: string, type: string, target: string][]) =>
  `${XML}<Relationships xmlns="${NS.rel}">${items.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('')}</Relationships>`

const PACKAGE_RELS = rels([
  ['rId1', `${NS.officeRel}/officeDocument`, 'word/document.xml'],
  [
    'rId2',
    'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
    'docProps/core.xml',
  ],
  ['rId3', `${NS.officeRel}/extended-properties`, 'docProps/app.xml'],
])
const DOCUMENT_RELS = rels([
  ['rIdStyles', `${NS.officeRel}/styles`, 'styles.xml'],
  ['rIdSettings', `${NS.officeRel}/settings`, 'settings.xml'],
  ['rIdHeader', `${NS.officeRel}/header`, 'header1.xml'],
  ['rIdFooter', `${NS.officeRel}/footer`, 'footer1.xml'],
])
/** Without a compatibility mode Word opens the file as a Word 2007 one ("Compatibility Mode"). */
const SETTINGS =
  `${XML}<w:settings xmlns:w="${NS.w}">` +
  '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>' +
  '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>' +
  '</w:settings>'
const APP =
  `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
  '<Application>Meeting action tracker</Application></Properties>'

/** The .docx file. The document properties are built from the board, date and version only. */
export async function renderDocx(log: ActionLog): Promise<Uint8Array<ArrayBuffer>> {
  return zip([
    { name: '[Content_Types].xml', text: CONTENT_TYPES },
    { name: '_rels/.rels', text: PACKAGE_RELS },
    { name: 'word/document.xml', text: documentXml(log) },
    { name: 'word/_rels/document.xml.rels', text: DOCUMENT_RELS },
    { name: 'word/styles.xml', text: stylesXml() },
    { name: 'word/settings.xml', text: SETTINGS },
    { name: 'word/header1.xml', text: headerXml(log) },
    { name: 'word/footer1.xml', text: footerXml(log) },
    { name: 'docProps/core.xml', text: coreXml(log) },
    { name: 'docProps/app.xml', text: APP },
  ])
}
