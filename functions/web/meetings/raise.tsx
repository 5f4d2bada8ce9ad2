import type { Action } from '#shared/domain/action.ts'
import type { IssueDetail } from '#shared/errors.ts'
import { meetingWhen } from '#shared/mail/templates.ts'
import type { RowResult } from '#shared/usecases/actions.ts'
import { Button, FormKey, Hidden, Input, rowField, Select, Textarea } from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { rowIssues } from '../form-input.ts'
import { A, P } from '../shell.tsx'
import type { MeetingView } from './pages.tsx'

/**
 * Several actions raised in one form ("Raise actions"): a row an action, its fields named
 * `<field>.<row key>` (see FIELDS), the rows shown listed in `rows` ("1,2,3"). Empty rows are
 * ignored; "Add more rows" draws the form again, what was typed kept, with more.
 */
export const RAISE = 'raise'
export const NEW_ROWS = 5

const FIELDS = {
  itemNumber: 'Agenda item',
  itemTitle: 'Item title',
  description: 'What is to be done',
  owners: 'Owners',
  dueMeetingId: 'Due at',
  dueDate: 'Due date',
  ref: 'Reference',
  exemptSection: 'FOIA exemption',
  publicWording: 'Public wording',
} as const
type Field = keyof typeof FIELDS

/** The row keys a form showed (its `rows` field), or the first empty rows. */
export function rowKeys(form: Record<string, string>): string[] {
  const keys = (form.rows ?? '').split(',').filter((k) => /^\d{1,3}$/.test(k))
  return keys.length > 0 ? [...new Set(keys)].slice(0, 100) : newKeys([], NEW_ROWS)
}

/** `n` more row keys after `keys`. */
export const newKeys = (keys: readonly string[], n: number): string[] => {
  const last = Math.max(0, ...keys.map(Number))
  return Array.from({ length: n }, (_, i) => String(last + i + 1))
}

/** A row the form sent, as raiseActions takes it (the use case validates; this only reads the words). */
export function raiseRows(form: Record<string, string>, keys: readonly string[]) {
  const typed = (key: string, f: Field) => (form[rowField(f, key)] ?? '').trim()
  return keys.flatMap((key) => {
    const t = (f: Field) => typed(key, f)
    // The due meeting's select always has a value: a row is empty when nothing was typed.
    const words = (Object.keys(FIELDS) as Field[]).filter((f) => f !== 'dueMeetingId').map(t)
    if (words.every((w) => w === '')) return []
    const section = t('exemptSection')
    const wording = t('publicWording')
    const input = {
      itemNumber: /^\d+$/.test(t('itemNumber')) ? Number(t('itemNumber')) : t('itemNumber') || undefined,
      ...(t('itemTitle') ? { itemTitle: t('itemTitle') } : {}),
      description: t('description'),
      owners: t('owners'),
      ...(t('dueMeetingId') ? { dueMeetingId: t('dueMeetingId') } : {}),
      ...(t('dueDate') ? { dueDate: t('dueDate') } : {}),
      ...(t('ref') ? { ref: t('ref') } : {}),
      ...(section || wording ? { exempt: { section, ...(wording ? { publicWording: wording } : {}) } } : {}),
    }
    return [{ key, input }]
  })
}

/** The use case's field names onto the form's. */
function formField(path: string): Field {
  if (path === 'ownerIds' || path.startsWith('owners')) return 'owners'
  if (path === 'exempt.publicWording') return 'publicWording'
  if (path.startsWith('exempt')) return 'exemptSection'
  const first = path.split('.')[0] ?? ''
  return first in FIELDS ? (first as Field) : 'description'
}

/** The rows that failed, as the form's issues at their fields (every issue of a row). */
export function raiseIssues(results: readonly RowResult[], keys: readonly string[]): IssueDetail[] {
  return rowIssues(results, keys, 'this action could not be raised just now: try again', (i, key) => {
    const field = formField(i.path)
    const message =
      field === 'itemNumber' && /expected number|received/i.test(i.message)
        ? 'enter the agenda item number, e.g. 3'
        : i.message
    return { path: rowField(field, key), message }
  })
}

/** The error summary's name for a field: its row and its label ("Action 3, Owners"). */
export function raiseLabel(path: string): string | undefined {
  const [field, key] = path.split('.')
  const label = FIELDS[field as Field]
  return label && key ? `Action ${key}, ${label}` : undefined
}

export function RaiseForm({
  v,
  state,
  keys,
  raised,
}: {
  v: MeetingView
  state?: FormState | undefined
  keys: readonly string[]
  /** What this form raised before a row of it was refused: listed, not sent again. */
  raised: readonly Action[]
}) {
  const mine = state?.form === RAISE ? state : undefined
  const next = v.later[0]
  const field = (key: string, f: Field) => ({ form: RAISE, name: rowField(f, key), state: mine })
  return (
    <>
      <h3 class="govuk-heading-s" id="raise">
        Raise actions
      </h3>
      {raised.length > 0 ? (
        <div class="govuk-inset-text">
          <P>
            {raised.length === 1
              ? 'This action was raised; '
              : `These ${raised.length} actions were raised; `}
            the rows below were not:
          </P>
          <ul class="govuk-list">
            {raised.map((a) => (
              <li>
                <A href={`/ui/actions/${a.id}`}>{a.ref}</A>: {a.description}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <P>
        One row an action, as the minutes give them. Owners are initials or aliases, as the minutes write
        them, e.g. "DT / OPCC". The reference is made from the agenda item and the meeting's date unless you
        give one (e.g. "Action 1 02.21/12/21"). For an exempt item, give the FOIA section, e.g. "S.31 (Law
        Enforcement)": the public wording is then "Exempt FOIA under Section S.31 (Law Enforcement)" unless
        you give another. Empty rows are ignored.
      </P>
      {v.later.length === 0 ? (
        <P>No later meeting is scheduled, so the actions will wait for the next one to be scheduled.</P>
      ) : null}
      <form method="post" action={`/ui/meetings/${v.meeting.id}/actions`} novalidate>
        <Hidden name="rows" value={keys.join(',')} />
        {keys.map((key) => (
          <fieldset class="govuk-fieldset govuk-!-margin-bottom-6" id={`raise-row-${key}`}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Action {key}</legend>
            <div class="govuk-grid-row">
              <div class="govuk-grid-column-one-quarter">
                <Input {...field(key, 'itemNumber')} label="Agenda item" inputmode="numeric" width={3} />
              </div>
              <div class="govuk-grid-column-three-quarters">
                <Input {...field(key, 'itemTitle')} label="Item title (optional)" />
              </div>
            </div>
            <Textarea {...field(key, 'description')} label="What is to be done" rows={2} />
            <div class="govuk-grid-row">
              <div class="govuk-grid-column-one-third">
                <Input {...field(key, 'owners')} label="Owners" autocomplete="off" spellcheck={false} />
              </div>
              <div class="govuk-grid-column-one-third">
                {v.later.length > 0 ? (
                  <Select
                    {...field(key, 'dueMeetingId')}
                    label="Due at"
                    value={next?.id ?? ''}
                    options={v.later.map((m) => ({ value: m.id, label: meetingWhen(m, v.board) }))}
                  />
                ) : null}
              </div>
              <div class="govuk-grid-column-one-third">
                <Input {...field(key, 'dueDate')} label="Due date (optional)" type="date" />
              </div>
            </div>
            <div class="govuk-grid-row">
              <div class="govuk-grid-column-one-third">
                <Input {...field(key, 'ref')} label="Reference (optional)" spellcheck={false} />
              </div>
              <div class="govuk-grid-column-one-third">
                <Input {...field(key, 'exemptSection')} label="FOIA exemption (optional)" />
              </div>
              <div class="govuk-grid-column-one-third">
                <Input {...field(key, 'publicWording')} label="Public wording (optional)" />
              </div>
            </div>
          </fieldset>
        ))}
        <FormKey />
        <div class="govuk-button-group">
          <Button>Raise actions</Button>
          <Button secondary formaction={`/ui/meetings/${v.meeting.id}/actions/rows`}>
            Add {NEW_ROWS} more rows
          </Button>
        </div>
      </form>
    </>
  )
}
