import type { Child, PropsWithChildren } from 'hono/jsx'
import { type FormState, fieldId, issueFor, newFormKey, plain, valuesFor } from './forms.ts'

/**
 * The GOV.UK Design System's components as hono/jsx, markup as the Design System gives it
 * (class names, hints and errors tied to the field with aria-describedby, fieldsets with
 * legends), for the pages of both the web function and the API's owner page. Fields take the
 * refused form's `state`: they show what was typed and, by the field, what was wrong.
 */

export type Option = { value: string; label: string; hint?: string }

type FieldProps = {
  form: string
  name: string
  label: string
  state?: FormState | undefined
  hint?: string | undefined
  value?: string | undefined
  /** The label is read out but not shown (a row of a form table names it in its first cell). */
  labelHidden?: boolean
  /** Another id than the form's and name's (for the fields of older pages' links). */
  id?: string
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined

function fieldParts(o: FieldProps) {
  const id = o.id ?? fieldId(o.form, o.name)
  const issue = issueFor(o.state, o.form, o.name)
  const value = valuesFor(o.state, o.form)[o.name] ?? o.value ?? ''
  return {
    id,
    issue,
    value,
    hintId: o.hint ? `${id}-hint` : undefined,
    errorId: issue ? `${id}-error` : undefined,
  }
}

/**
 * What each field of one form is given: `{...field('name')}` is its form, its name and the
 * refused form's state; with a `row` key, the name is that row's (see rowField).
 */
export const formFields =
  (form: string, state: FormState | undefined, row?: string) =>
  (name: string): { form: string; name: string; state: FormState | undefined } => ({
    form,
    name: row === undefined ? name : rowField(name, row),
    state,
  })

export const ErrorMessage = ({ id, message }: { id: string; message: string }) => (
  <p id={id} class="govuk-error-message">
    <span class="govuk-visually-hidden">Error:</span> {plain(message)}
  </p>
)

export const Hint = ({ id, children }: PropsWithChildren<{ id: string }>) => (
  <div id={id} class="govuk-hint">
    {children}
  </div>
)

/** A field's form group, marked as in error when it has one. */
const FormGroup = ({ issue, children }: PropsWithChildren<{ issue: unknown }>) => (
  <div class={issue ? 'govuk-form-group govuk-form-group--error' : 'govuk-form-group'}>{children}</div>
)

/** Under a field's label or legend: its hint, and on a refused form what was wrong with it. */
const HintAndError = ({
  id,
  hint,
  issue,
}: {
  id: string
  hint?: string | undefined
  issue?: { message: string } | undefined
}) => (
  <>
    {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
    {issue ? <ErrorMessage id={`${id}-error`} message={issue.message} /> : null}
  </>
)

const Label = ({ id, label, hidden }: { id: string; label: string; hidden?: boolean | undefined }) => (
  <label class={hidden ? 'govuk-label govuk-visually-hidden' : 'govuk-label'} for={id}>
    {label}
  </label>
)

/** A field with a label: its form group, label, hint and error, then the control drawn from its parts. */
function labelled(o: FieldProps, control: (parts: ReturnType<typeof fieldParts>) => Child) {
  const parts = fieldParts(o)
  return (
    <FormGroup issue={parts.issue}>
      <Label id={parts.id} label={o.label} hidden={o.labelHidden} />
      <HintAndError id={parts.id} hint={o.hint} issue={parts.issue} />
      {control(parts)}
    </FormGroup>
  )
}

/**
 * The error summary at the top of a refused form: each issue links to its field's id (the
 * Design System's script moves focus there). `labels` names the fields as the form labels
 * them; an issue on no field of the form goes to the first.
 */
export function ErrorSummary({
  state,
  labels,
  items,
}: {
  state?: FormState | undefined
  labels?: Record<string, string> | ((path: string) => string | undefined)
  /** The links themselves, where the fields' ids are not the form's and name's. */
  items?: readonly { href: string; text: string }[]
}) {
  const links = items ?? (state && labels ? summaryItems(state, labels) : [])
  if (links.length === 0) return null
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {links.map((i) => (
              <li>
                <a href={i.href}>{i.text}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  )
}

function summaryItems(
  state: FormState,
  labels: Record<string, string> | ((path: string) => string | undefined),
): { href: string; text: string }[] {
  const labelOf = typeof labels === 'function' ? labels : (path: string) => labels[path]
  const first = typeof labels === 'function' ? undefined : Object.keys(labels)[0]
  return state.issues.map((i) => {
    const name = labelOf(i.path) !== undefined ? i.path : (first ?? i.path)
    return { href: `#${fieldId(state.form, name)}`, text: `${labelOf(name) ?? i.path}: ${plain(i.message)}` }
  })
}

export function Input(
  o: FieldProps & {
    type?: 'text' | 'email' | 'date' | 'time' | 'number'
    inputmode?: 'numeric' | 'email'
    autocomplete?: string
    spellcheck?: boolean
    /** A fixed width as the Design System sizes them (govuk-input--width-N). */
    width?: 2 | 3 | 4 | 5 | 10 | 20 | 30
  },
) {
  const width = o.width ? `govuk-input--width-${o.width}` : ''
  return labelled(o, ({ id, issue, value, hintId, errorId }) => (
    <input
      class={['govuk-input', width, issue ? 'govuk-input--error' : ''].filter(Boolean).join(' ')}
      id={id}
      name={o.name}
      value={value}
      type={o.type ?? 'text'}
      aria-describedby={describedBy(hintId, errorId)}
      inputmode={o.inputmode}
      autocomplete={o.autocomplete}
      spellcheck={o.spellcheck}
    />
  ))
}

/** A textarea; with `maxlength`, the Design System's character count (its script counts, the server enforces). */
export function Textarea(o: FieldProps & { rows?: number; maxlength?: number; readonly?: boolean }) {
  const { id, issue, value, hintId, errorId } = fieldParts(o)
  const group = [
    'govuk-form-group',
    issue ? 'govuk-form-group--error' : '',
    o.maxlength ? 'govuk-character-count' : '',
  ]
  const infoId = o.maxlength ? `${id}-info` : undefined
  return (
    <div
      class={group.filter(Boolean).join(' ')}
      data-module={o.maxlength ? 'govuk-character-count' : undefined}
      data-maxlength={o.maxlength ? String(o.maxlength) : undefined}
    >
      <Label id={id} label={o.label} hidden={o.labelHidden} />
      <HintAndError id={id} hint={o.hint} issue={issue} />
      <textarea
        class={[
          'govuk-textarea',
          o.maxlength ? 'govuk-js-character-count' : '',
          issue ? 'govuk-textarea--error' : '',
        ]
          .filter(Boolean)
          .join(' ')}
        id={id}
        name={o.name}
        rows={o.rows ?? 5}
        readonly={o.readonly}
        aria-describedby={describedBy(infoId, hintId, errorId)}
      >
        {value}
      </textarea>
      {infoId ? (
        <div id={infoId} class="govuk-hint govuk-character-count__message">
          You can enter up to {o.maxlength?.toLocaleString('en-GB')} characters
        </div>
      ) : null}
    </div>
  )
}

export function Select(o: FieldProps & { options: readonly Option[] }) {
  return labelled(o, ({ id, issue, value, hintId, errorId }) => (
    <select
      class={issue ? 'govuk-select govuk-select--error' : 'govuk-select'}
      id={id}
      name={o.name}
      aria-describedby={describedBy(hintId, errorId)}
    >
      {o.options.map((opt) => (
        <option value={opt.value} selected={opt.value === value}>
          {opt.label}
        </option>
      ))}
    </select>
  ))
}

/** The Design System's file upload, as a plain input: it needs no script to work. */
export function FileUpload(o: Omit<FieldProps, 'value'> & { accept?: string }) {
  return labelled(o, ({ id, issue, hintId, errorId }) => (
    <input
      class={issue ? 'govuk-file-upload govuk-file-upload--error' : 'govuk-file-upload'}
      id={id}
      name={o.name}
      type="file"
      accept={o.accept}
      aria-describedby={describedBy(hintId, errorId)}
    />
  ))
}

type ChoiceProps = Omit<FieldProps, 'label'> & {
  legend: string
  options: readonly Option[]
  inline?: boolean
  small?: boolean
  /** The legend as a page's heading-sized question, or visually hidden in a table row. */
  legendSize?: 'm' | 's' | 'hidden'
}

/** Radios or checkboxes: a fieldset with its legend; the first choice has the field's id, so the error summary's link lands on it. */
function Choices(o: ChoiceProps & { kind: 'radios' | 'checkboxes'; checked: (value: string) => boolean }) {
  const { id, issue, hintId, errorId } = fieldParts({ ...o, label: o.legend })
  const k = o.kind
  const legendClass = {
    m: 'govuk-fieldset__legend govuk-fieldset__legend--m',
    s: 'govuk-fieldset__legend govuk-fieldset__legend--s',
    hidden: 'govuk-fieldset__legend govuk-visually-hidden',
  }[o.legendSize ?? 's']
  return (
    <FormGroup issue={issue}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(hintId, errorId)}>
        <legend class={legendClass}>{o.legend}</legend>
        <HintAndError id={id} hint={o.hint} issue={issue} />
        <div
          class={[`govuk-${k}`, o.inline ? `govuk-${k}--inline` : '', o.small ? `govuk-${k}--small` : '']
            .filter(Boolean)
            .join(' ')}
          data-module={`govuk-${k}`}
        >
          {o.options.map((opt, i) => {
            const itemId = i === 0 ? id : `${id}-${i + 1}`
            return (
              <div class={`govuk-${k}__item`}>
                <input
                  class={`govuk-${k}__input`}
                  id={itemId}
                  name={o.name}
                  type={k === 'radios' ? 'radio' : 'checkbox'}
                  value={opt.value}
                  checked={o.checked(opt.value)}
                  aria-describedby={opt.hint ? `${itemId}-item-hint` : undefined}
                />
                <label class={`govuk-label govuk-${k}__label`} for={itemId}>
                  {opt.label}
                </label>
                {opt.hint ? (
                  <div id={`${itemId}-item-hint`} class={`govuk-hint govuk-${k}__hint`}>
                    {opt.hint}
                  </div>
                ) : null}
              </div>
            )
          })}
        </div>
      </fieldset>
    </FormGroup>
  )
}

export function Radios(o: ChoiceProps) {
  const value = valuesFor(o.state, o.form)[o.name] ?? o.value ?? ''
  return <Choices {...o} kind="radios" checked={(v) => v === value} />
}

/** Checkboxes; `values` are the ones ticked (a refused form's ticks are in its state as a comma list). */
export function Checkboxes(o: ChoiceProps & { values?: readonly string[] }) {
  const typed = valuesFor(o.state, o.form)[o.name]
  const ticked = new Set(typed !== undefined ? typed.split(',') : (o.values ?? []))
  return <Choices {...o} kind="checkboxes" checked={(v) => ticked.has(v)} />
}

/**
 * The Design System's date input: day, month and year, posted as `<name>-day`, `-month` and
 * `-year`; the error summary links to the day.
 */
export function DateInput(o: Omit<FieldProps, 'label'> & { legend: string; value?: string | undefined }) {
  const { id, issue, hintId, errorId } = fieldParts({ ...o, label: o.legend })
  const typed = valuesFor(o.state, o.form)
  const [y, m, d] = (o.value ?? '').split('-')
  const part = (p: 'day' | 'month' | 'year', fallback: string | undefined) =>
    typed[`${o.name}-${p}`] ?? fallback ?? ''
  const item = (p: 'day' | 'month' | 'year', label: string, width: 2 | 4, fallback: string | undefined) => (
    <div class="govuk-date-input__item">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for={p === 'day' ? id : `${id}-${p}`}>
          {label}
        </label>
        <input
          class={`govuk-input govuk-date-input__input govuk-input--width-${width}${issue ? ' govuk-input--error' : ''}`}
          id={p === 'day' ? id : `${id}-${p}`}
          name={`${o.name}-${p}`}
          type="text"
          inputmode="numeric"
          value={part(p, fallback)}
        />
      </div>
    </div>
  )
  return (
    <FormGroup issue={issue}>
      {/* biome-ignore lint/a11y/noRedundantRoles: the Design System's date input markup */}
      <fieldset class="govuk-fieldset" role="group" aria-describedby={describedBy(hintId, errorId)}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{o.legend}</legend>
        <HintAndError id={id} hint={o.hint} issue={issue} />
        <div class="govuk-date-input" id={`${id}-group`}>
          {item('day', 'Day', 2, d)}
          {item('month', 'Month', 2, m)}
          {item('year', 'Year', 4, y)}
        </div>
      </fieldset>
    </FormGroup>
  )
}

/** A submit button; with `formaction`, one that sends the form elsewhere (a preview, more rows), so it may be pressed twice. */
export const Button = ({
  children,
  secondary,
  name,
  value,
  formaction,
}: PropsWithChildren<{ secondary?: boolean; name?: string; value?: string; formaction?: string }>) => (
  <button
    type="submit"
    class={secondary ? 'govuk-button govuk-button--secondary' : 'govuk-button'}
    data-module="govuk-button"
    data-prevent-double-click={formaction ? undefined : 'true'}
    name={name}
    value={value}
    formaction={formaction}
  >
    {children}
  </button>
)

export const Hidden = ({ name, value }: { name: string; value: string }) => (
  <input type="hidden" name={name} value={value} />
)

/** The form's one-time key (see newFormKey): a fresh one each time the form is drawn. */
export const FormKey = () => <Hidden name="formKey" value={newFormKey()} />

export const SummaryList = ({ rows }: { rows: readonly { key: string; value: Child }[] }) => (
  <dl class="govuk-summary-list">
    {rows.map((r) => (
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">{r.key}</dt>
        <dd class="govuk-summary-list__value">{r.value}</dd>
      </div>
    ))}
  </dl>
)

/**
 * A table in a box that scrolls sideways on its own at narrow widths (320 px), so the page
 * does not. The box is a labelled, focusable region: a keyboard can scroll it too.
 */
export function Table({
  caption,
  captionHidden,
  head,
  rows,
  id,
}: {
  caption: string
  captionHidden?: boolean
  head: readonly Child[]
  rows: readonly (readonly Child[])[]
  id?: string
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a scrolling box, not a section of the page
    <div class="app-table-scroll" role="region" aria-label={caption} tabindex={0} id={id}>
      <table class="govuk-table">
        <caption
          class={captionHidden ? 'govuk-visually-hidden' : 'govuk-table__caption govuk-table__caption--m'}
        >
          {caption}
        </caption>
        <TableHead head={head} />
        <tbody class="govuk-table__body">
          {rows.map((r) => (
            <tr class="govuk-table__row">
              {r.map((cell) => (
                <td class="govuk-table__cell">{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A table's head: one column header per entry, as `Table` and `FormTable` both give it. */
function TableHead({ head }: { head: readonly Child[] }) {
  return (
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        {head.map((h) => (
          <th scope="col" class="govuk-table__header">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  )
}

export type TagColour =
  | 'grey'
  | 'green'
  | 'turquoise'
  | 'blue'
  | 'light-blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow'

export const Tag = ({ colour, children }: PropsWithChildren<{ colour?: TagColour }>) => (
  <strong class={colour ? `govuk-tag govuk-tag--${colour}` : 'govuk-tag'}>{children}</strong>
)

/** What a change did, after its redirect (the Design System's success banner; its script moves focus to it). */
export const NotificationBanner = ({ children }: PropsWithChildren) => (
  <div
    class="govuk-notification-banner govuk-notification-banner--success"
    role="alert"
    aria-labelledby="govuk-notification-banner-title"
    data-module="govuk-notification-banner"
  >
    <div class="govuk-notification-banner__header">
      <h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title">
        Success
      </h2>
    </div>
    <div class="govuk-notification-banner__content">
      <p class="govuk-notification-banner__heading">{children}</p>
    </div>
  </div>
)

/**
 * Where a long list's page links go: the next page, and back to the first (the pages keep
 * no trail of cursors, so there is no "previous"); null where there is none.
 */
export type PageLinks = { next: string | null; first: string | null }

export const NO_PAGES: PageLinks = { next: null, first: null }

const ARROW = {
  prev: 'm6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z',
  next: 'm8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z',
}

/** The Design System's pagination with a previous and a next link: here "First page" and "Next page". */
export function Pagination({ links, list }: { links: PageLinks; list: string }) {
  if (!links.next && !links.first) return null
  const link = (side: 'prev' | 'next', href: string, label: string) => (
    <div class={`govuk-pagination__${side}`}>
      <a class="govuk-link govuk-pagination__link" href={href} rel={side === 'next' ? 'next' : undefined}>
        <svg
          class={`govuk-pagination__icon govuk-pagination__icon--${side}`}
          xmlns="http://www.w3.org/2000/svg"
          height="13"
          width="15"
          aria-hidden="true"
          focusable="false"
          viewBox="0 0 15 13"
        >
          <path d={ARROW[side]} />
        </svg>
        <span class="govuk-pagination__link-title">
          {label}
          <span class="govuk-visually-hidden"> of {list}</span>
        </span>
      </a>
    </div>
  )
  return (
    <nav class="govuk-pagination govuk-pagination--block" aria-label={`Pages of ${list}`}>
      {links.first ? link('prev', links.first, 'First page') : null}
      {links.next ? link('next', links.next, 'Next page') : null}
    </nav>
  )
}

export const Breadcrumbs = ({ items }: { items: readonly { href: string; label: string }[] }) => (
  <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
    <ol class="govuk-breadcrumbs__list">
      {items.map((i) => (
        <li class="govuk-breadcrumbs__list-item">
          <a class="govuk-breadcrumbs__link" href={i.href}>
            {i.label}
          </a>
        </li>
      ))}
    </ol>
  </nav>
)

export const Details = ({
  summary,
  open,
  children,
}: PropsWithChildren<{ summary: string; open?: boolean }>) => (
  <details class="govuk-details" open={open}>
    <summary class="govuk-details__summary">
      <span class="govuk-details__summary-text">{summary}</span>
    </summary>
    <div class="govuk-details__text">{children}</div>
  </details>
)

// ---- many rows in one form ---------------------------------------------------------------

/** A row's field name: `<field>.<row key>` (e.g. `note.01J…`), the path its issues carry. */
export const rowField = (name: string, key: string) => `${name}.${key}`

/**
 * Many rows in one form (Actions Arising decided together, attendance, several actions
 * raised): a table whose rows each carry their own fields, named `<field>.<row key>`. Each
 * field is labelled with its row's name (visually hidden: the row's first cell shows it),
 * so the error summary, which names the row ("03.23/06/2020: Enter a note"), links to that
 * row's field. `rowLabel` names a row for the summary (see `rowIssueLabels`).
 */
export function FormTable({
  caption,
  head,
  rows,
}: {
  caption: string
  head: readonly string[]
  rows: readonly { key: string; cells: readonly Child[] }[]
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a scrolling box, not a section of the page
    <div class="app-table-scroll app-form-table" role="region" aria-label={caption} tabindex={0}>
      <table class="govuk-table">
        <caption class="govuk-visually-hidden">{caption}</caption>
        <TableHead head={head} />
        <tbody class="govuk-table__body">
          {rows.map((r) => (
            <tr class="govuk-table__row" id={`row-${r.key}`}>
              {r.cells.map((cell, i) =>
                i === 0 ? (
                  <th scope="row" class="govuk-table__header">
                    {cell}
                  </th>
                ) : (
                  <td class="govuk-table__cell">{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * The error summary's names for a form table's fields: `<field>.<row key>` is named by the
 * row ("03.23/06/2020") and the field ("note"), e.g. "03.23/06/2020, note".
 */
export function rowIssueLabels(
  rowNames: ReadonlyMap<string, string>,
  fields: Record<string, string>,
  others: Record<string, string> = {},
): (path: string) => string | undefined {
  return (path) => {
    if (path in others) return others[path]
    const dot = path.indexOf('.')
    if (dot < 0) return undefined
    const row = rowNames.get(path.slice(dot + 1))
    const field = fields[path.slice(0, dot)]
    return row && field ? `${row}, ${field}` : undefined
  }
}
