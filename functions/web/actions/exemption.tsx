import { defaultPublicWording, type Exemption } from '#shared/domain/action.ts'
import { ErrorMessage, formFields, Input } from '../../http/ui/components.tsx'
import { type FormState, fieldId, issueFor, valuesFor } from '../../http/ui/forms.ts'

/**
 * Whether an action is exempt from publication, as the Design System's checkbox with a
 * conditional reveal: ticked, it shows the FOIA section and the public wording (its script
 * hides them while unticked; without script they stay shown). A checkbox, not a pair of
 * radios: the script marks the control aria-expanded, which ARIA allows on a checkbox but
 * not on a radio (axe refuses it). Posts `exempt=yes` when ticked, `exemptSection`,
 * `exemptWording`, and `exemptAsked` (so an unticked box lifts the exemption).
 */
export function ExemptionField({
  form,
  state,
  current,
}: {
  form: string
  state?: FormState | undefined
  current: Exemption | null
}) {
  const typed = valuesFor(state, form)
  // A refused form shows the box as it was sent: an unticked one sends nothing.
  const chosen = state?.form === form ? (typed.exempt ?? 'no') : current ? 'yes' : 'no'
  const id = fieldId(form, 'exempt')
  const revealId = `conditional-${id}`
  const issue = issueFor(state, form, 'exempt')
  const errorId = issue ? `${id}-error` : undefined
  const field = formFields(form, state)
  // The default wording is left empty, so a new section gets its own default.
  const wording =
    current && current.publicWording !== defaultPublicWording(current.section) ? current.publicWording : ''
  return (
    <div class={issue ? 'govuk-form-group govuk-form-group--error' : 'govuk-form-group'}>
      <fieldset class="govuk-fieldset" aria-describedby={[`${id}-hint`, errorId].filter(Boolean).join(' ')}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Exemption from publication</legend>
        <div id={`${id}-hint`} class="govuk-hint">
          An exempt action shows only its public wording in the open action log
        </div>
        {issue && errorId ? <ErrorMessage id={errorId} message={issue.message} /> : null}
        <input type="hidden" name="exemptAsked" value="yes" />
        <div class="govuk-checkboxes" data-module="govuk-checkboxes">
          <div class="govuk-checkboxes__item">
            <input
              class="govuk-checkboxes__input"
              id={id}
              name="exempt"
              type="checkbox"
              value="yes"
              checked={chosen === 'yes'}
              data-aria-controls={revealId}
            />
            <label class="govuk-label govuk-checkboxes__label" for={id}>
              Exempt under the Freedom of Information Act
            </label>
          </div>
          <div
            class={
              chosen === 'yes'
                ? 'govuk-checkboxes__conditional'
                : 'govuk-checkboxes__conditional govuk-checkboxes__conditional--hidden'
            }
            id={revealId}
          >
            <Input
              {...field('exemptSection')}
              label="FOIA section"
              hint="For example, S.31 (Law Enforcement)"
              value={current?.section ?? ''}
            />
            <Input
              {...field('exemptWording')}
              label="Public wording (optional)"
              hint="Shown instead of the action in the open log. Leave it empty to show “Exempt FOIA under Section” followed by the section"
              value={wording}
            />
          </div>
        </div>
      </fieldset>
    </div>
  )
}
