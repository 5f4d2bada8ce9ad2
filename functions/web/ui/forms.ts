import { randomBytes } from 'node:crypto'
import type { IssueDetail } from '#shared/errors.ts'
import { type Html, html } from '#shared/mail/html.ts'

/**
 * Form building blocks in the GOV.UK pattern: a label on every field, hints tied to the
 * field with aria-describedby, and on error a summary at the top whose links move focus
 * to the field, plus the message by the field itself.
 */

/** A form that was refused: which form, what was wrong, and what was typed (to show it again). */
export type FormState = { form: string; issues: IssueDetail[]; values: Record<string, string> }

/**
 * A form's one-time key: the server uses it up with the change it carries, so a double
 * click or the back button cannot raise an action twice. A form drawn again after a
 * refusal gets a fresh one.
 */
export function formKey(): Html {
  return html`<input type="hidden" name="formKey" value="${randomBytes(18).toString('base64url')}">`
}

export const fieldId = (form: string, name: string) => `${form}-${name}`.replace(/[^\w-]/g, '-')

/** The values typed into `form`, if it was the one refused. */
export function valuesFor(state: FormState | undefined, form: string): Record<string, string> {
  return state?.form === form ? state.values : {}
}

function issueFor(state: FormState | undefined, form: string, name: string): IssueDetail | undefined {
  if (state?.form !== form) return undefined
  return (
    state.issues.find((i) => i.path === name) ??
    (name === state.issues[0]?.path ? state.issues[0] : undefined)
  )
}

export function errorSummary(state: FormState | undefined, fields: Record<string, string>): Html | string {
  if (!state || state.issues.length === 0) return ''
  return html`<div class="summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">There is a problem</h2>
<ul>${state.issues.map((i) => {
    const name = i.path in fields ? i.path : (Object.keys(fields)[0] ?? i.path)
    return html`<li><a href="#${fieldId(state.form, name)}">${fields[name] ?? i.path}: ${plain(i.message)}</a></li>`
  })}</ul>
</div>`
}

type FieldOpts = {
  form: string
  name: string
  label: string
  state?: FormState | undefined
  hint?: string
  value?: string
}

function wrap(o: FieldOpts, control: (describedBy: string, id: string) => Html): Html {
  const id = fieldId(o.form, o.name)
  const issue = issueFor(o.state, o.form, o.name)
  const describedBy = [o.hint ? `${id}-hint` : '', issue ? `${id}-error` : ''].filter(Boolean).join(' ')
  return html`<div class="field${issue ? ' field--error' : ''}">
<label for="${id}">${o.label}</label>
${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
${issue ? html`<p class="error" id="${id}-error"><span class="skip">Error:</span> ${plain(issue.message)}</p>` : ''}
${control(describedBy, id)}
</div>`
}

const describe = (d: string) => (d ? html` aria-describedby="${d}"` : '')

export function input(o: FieldOpts & { type?: string; width?: string; extra?: Html }): Html {
  const value = valuesFor(o.state, o.form)[o.name] ?? o.value ?? ''
  return wrap(
    o,
    (d, id) =>
      html`<input type="${o.type ?? 'text'}" id="${id}" name="${o.name}" value="${value}"${describe(d)}${o.extra ?? ''}>`,
  )
}

export function textarea(o: FieldOpts & { rows?: number; maxlength?: number }): Html {
  const value = valuesFor(o.state, o.form)[o.name] ?? o.value ?? ''
  return wrap(
    o,
    (d, id) =>
      html`<textarea id="${id}" name="${o.name}" rows="${o.rows ?? 4}"${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${describe(d)}>${value}</textarea>`,
  )
}

export function select(o: FieldOpts & { options: { value: string; label: string }[] }): Html {
  const value = valuesFor(o.state, o.form)[o.name] ?? o.value ?? ''
  return wrap(
    o,
    (d, id) =>
      html`<select id="${id}" name="${o.name}"${describe(d)}>${o.options.map(
        (opt) =>
          html`<option value="${opt.value}"${opt.value === value ? html` selected` : ''}>${opt.label}</option>`,
      )}</select>`,
  )
}

export function radios(o: FieldOpts & { options: { value: string; label: string }[] }): Html {
  const value = valuesFor(o.state, o.form)[o.name] ?? o.value ?? ''
  const id = fieldId(o.form, o.name)
  const issue = issueFor(o.state, o.form, o.name)
  return html`<fieldset class="radios${issue ? ' field--error' : ''}"${issue ? html` aria-describedby="${id}-error"` : ''}>
<legend>${o.label}</legend>
${issue ? html`<p class="error" id="${id}-error"><span class="skip">Error:</span> ${plain(issue.message)}</p>` : ''}
${o.options.map(
  (opt, i) =>
    html`<label><input type="radio" name="${o.name}" value="${opt.value}"${i === 0 ? html` id="${id}"` : ''}${opt.value === value ? html` checked` : ''}> ${opt.label}</label>`,
)}
</fieldset>`
}

/** zod's wording is for developers; a person reads what to do. */
function plain(message: string): string {
  if (/too small/i.test(message) && /string|>=1 char/i.test(message)) return 'Enter a value'
  if (/too small/i.test(message) && /array|>=1 item/i.test(message)) return 'Enter at least one'
  if (/too big/i.test(message)) return 'This is too long'
  if (/expected number/i.test(message)) return 'Enter a number'
  if (/invalid option|expected one of/i.test(message)) return 'Choose one of the options'
  return message.charAt(0).toUpperCase() + message.slice(1)
}
