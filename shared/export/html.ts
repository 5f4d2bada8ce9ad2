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
import { Html, html } from '../mail/html.ts'

/**
 * The action log as a self-contained, print-ready HTML page: A4, its own print CSS, table
 * headers repeated on every printed page, no script and nothing fetched (so a strict CSP
 * holds). Every value goes through the escaping `html` template.
 */
export function renderHtml(log: ActionLog): string {
  const full = log.version === 'full'
  return printablePage(
    log.title,
    styles(log),
    html`<header>
<p class="marking${full ? ' restricted' : ''}">${
      full ? 'Full version – contains exempt information – not for publication' : 'Open version'
    }</p>
<h1>${log.board.name} (${log.board.shortName})</h1>
<p class="subtitle">Action log for the meeting pack</p>
<dl class="meta">
<dt>Meeting</dt><dd>${log.meeting.title}</dd>
<dt>Date</dt><dd>${log.meeting.dateLabel}</dd>
${log.meeting.location ? html`<dt>Location</dt><dd>${log.meeting.location}</dd>` : ''}
<dt>Produced</dt><dd>${ukDate(log.producedOn)}</dd>
${log.approval ? html`<dt>Minutes</dt><dd>${approvalLabel(log.approval)}</dd>` : ''}
</dl>
</header>
<main>
${log.sections.map((s) => section(s, log))}
</main>
<footer>
<p>${
      full
        ? 'Exempt items are shown in full and marked. Use the open version for publication.'
        : 'Items exempt from publication under the Freedom of Information Act 2000 show their exemption in place of the action and its notes.'
    } Outcomes recorded at a meeting are final when its minutes are approved.</p>
</footer>`,
  )
}

/**
 * A self-contained page around `body`: its title and its own print CSS, no script and nothing
 * fetched (so a strict CSP holds).
 */
export function printablePage(title: string, css: string, body: Html): string {
  // A <style> element's text is not entity-decoded, so the CSS goes in as written. It is our
  // own; user text reaches it only through cssString, which escapes everything that could
  // end a string or the element.
  if (css.includes('</')) throw new Error('CSS must not close its style element')
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Html(css)}</style>
</head>
<body>
${body}
</body>
</html>
`.value
}

function section(s: ActionLogSection, log: ActionLog): Html {
  const id = `section-${s.key}`
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${s.title}</h2>
${
  s.rows.length === 0
    ? html`<p class="none">No actions.</p>`
    : html`<table aria-labelledby="${id}">
<colgroup><col class="c-ref"><col class="c-text"><col class="c-owner"><col class="c-due"><col class="c-status"><col class="c-note"><col class="c-carry"></colgroup>
<thead><tr><th scope="col">Reference</th><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Last update or discharge note</th><th scope="col">Times carried forward</th></tr></thead>
<tbody>
${s.rows.map((r) => row(r, log))}
</tbody>
</table>`
}
</section>
`
}

function row(r: ActionLogRow, log: ActionLog): Html {
  const marker = log.version === 'full' ? exemptLabel(r, log.version) : ''
  return html`<tr${marker ? html` class="exempt"` : ''}>
<th scope="row">${r.ref}</th>
<td class="text">${marker ? html`<span class="flag">${marker}</span> ` : ''}${r.text}</td>
<td>${r.owners.map((o) => html`<span class="owner"><strong>${o.initials}</strong> <span class="name">${o.name}</span></span>`)}</td>
<td>${dueLabel(r)}</td>
<td>${STATUS_LABEL[r.status]}</td>
<td class="text">${noteLabel(r)}</td>
<td class="num">${r.carryCount}</td>
</tr>
`
}

function styles(log: ActionLog): string {
  return `
@page {
  size: A4 portrait;
  margin: 16mm 14mm 18mm;
  @bottom-left { content: ${cssString(log.title)}; font: 7.5pt Arial, Helvetica, sans-serif; color: #444; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7.5pt Arial, Helvetica, sans-serif; color: #444; }
}
* { box-sizing: border-box; }
html { color: #111; background: #fff; }
body { font: 10pt/1.35 Arial, Helvetica, sans-serif; margin: 0 auto; max-width: 182mm; padding: 8mm 0; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; break-after: avoid; }
.subtitle { font-size: 11pt; margin: 0 0 3mm; }
.marking { display: inline-block; font-size: 8.5pt; font-weight: bold; letter-spacing: .04em; text-transform: uppercase;
  border: 1px solid #111; padding: .6mm 2mm; margin: 0 0 3mm; }
.marking.restricted { background: #111; color: #fff; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .5mm 4mm; margin: 0 0 2mm; }
.meta dt { font-weight: bold; }
.meta dd { margin: 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: .75pt solid #555; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead th { background: #e7e6e6; font-weight: bold; overflow-wrap: normal; }
tbody th { font-weight: normal; white-space: nowrap; }
td.text { white-space: pre-line; }
td.num { text-align: center; }
.owner { display: block; margin-bottom: .8mm; }
.name { display: block; font-size: 7.5pt; color: #333; }
tr.exempt td, tr.exempt th { background: #fdf3e7; }
.flag { display: block; font-weight: bold; font-size: 7.5pt; text-transform: uppercase; }
.c-ref { width: 14%; } .c-text { width: 27%; } .c-owner { width: 11%; } .c-due { width: 11%; }
.c-status { width: 10%; } .c-note { width: 18%; } .c-carry { width: 9%; }
.none { font-style: italic; }
footer { margin-top: 6mm; font-size: 8pt; color: #333; }
@media print { body { max-width: none; padding: 0; } }
`
}

/** A CSS string literal that cannot end early or close the style element. */
export function cssString(s: string): string {
  return `"${s.replace(/[^\w .,()–-]/g, (c) => `\\${c.codePointAt(0)?.toString(16)} `)}"`
}
