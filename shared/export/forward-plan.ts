import { FORWARD_PLAN_COLUMNS, type ForwardPlan, forwardPlanCells } from '../domain/forward-plan.ts'
import { type Html, html } from '../mail/html.ts'
import { toCsv } from './csv.ts'
import { cssString, printablePage } from './html.ts'

/** The forward plan as one CSV table: its section first, then the seed's columns and the lead. */
export function renderForwardPlanCsv(plan: ForwardPlan, licence?: string): Uint8Array<ArrayBuffer> {
  // Published, a last column carries the licence in every record, as the published logs do.
  const extra = licence === undefined ? [] : [licence]
  const records: string[][] = [
    ['Section', ...FORWARD_PLAN_COLUMNS, ...(licence === undefined ? [] : ['Licence'])],
  ]
  for (const s of plan.sections)
    for (const r of s.rows) records.push([s.title, ...forwardPlanCells(r), ...extra])
  return new TextEncoder().encode(toCsv(records))
}

/**
 * The forward plan as a self-contained printable page (A4 landscape, header rows repeated on
 * every printed page, no script, nothing fetched); every value escaped by the `html` template.
 */
export function renderForwardPlanHtml(plan: ForwardPlan): string {
  return printablePage(
    plan.title,
    styles(plan),
    html`<header>
<h1>${plan.board.name} (${plan.board.shortName})</h1>
<p class="subtitle">Work programme</p>
</header>
<main>
${plan.sections.map((s) => {
  const id = `section-${s.key}`
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${s.title}</h2>
${
  s.rows.length === 0
    ? html`<p class="none">Nothing.</p>`
    : html`<table aria-labelledby="${id}">
<thead><tr>${FORWARD_PLAN_COLUMNS.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>
${s.rows.map(
  (
    r,
  ) => html`<tr>${forwardPlanCells(r).map((cell, i): Html => (i === 1 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}</tr>
`,
)}
</tbody>
</table>`
}
</section>
`
})}
</main>
${plan.public ? html`<footer><p>Items exempt from publication under the Freedom of Information Act 2000 show their exemption in place of their title and detail.</p></footer>` : ''}`,
  )
}

function styles(plan: ForwardPlan): string {
  return `
@page { size: A4 landscape; margin: 14mm;
  @bottom-left { content: ${cssString(plan.title)}; font: 7.5pt Arial, Helvetica, sans-serif; color: #444; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7.5pt Arial, Helvetica, sans-serif; color: #444; } }
body { font: 10pt/1.35 Arial, Helvetica, sans-serif; color: #111; background: #fff; margin: 0 auto; max-width: 269mm; padding: 8mm 0; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; break-after: avoid; }
.subtitle { font-size: 11pt; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: .75pt solid #555; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; white-space: pre-line; }
thead th { background: #e7e6e6; }
tbody th { font-weight: bold; }
.none { font-style: italic; }
@media print { body { max-width: none; padding: 0; } }
`
}
