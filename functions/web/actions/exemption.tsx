import { defaultPublicWording, type Exemption } from '#shared/domain/action.ts'
import { ErrorMessage, Input } from '../../http/ui/components.tsx'
import { type FormState, fieldId, issueFor, valuesFor } from '../../http/ui/forms.ts'

/**
 * Whether an action is exempt from publication, as the Design System's radios with a
 * conditional reveal: "Exempt" shows the FOIA section and the public wording (its script
 * hides them while "Not exempt" is chosen; without script both stay shown). Posts `exempt`
 * (`no` or `yes`), `exemptSection` and `exemptWording`.
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
  const chosen = typed.exempt ?? (current ? 'yes' : 'no')
  const id = fieldId(form, 'exempt')
  const revealId = `conditional-${id}-2`
  const issue = issueFor(state, form, 'exempt')
  const errorId = issue ? `${id}-error` : undefined
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
        <div class="govuk-radios" data-module="govuk-radios">
          <div class="govuk-radios__item">
            <input
              class="govuk-radios__input"
              id={id}
              name="exempt"
              type="radio"
              value="no"
              checked={chosen !== 'yes'}
            />
            <label class="govuk-label govuk-radios__label" for={id}>
              Not exempt
            </label>
          </div>
          <div class="govuk-radios__item">
            <input
              class="govuk-radios__input"
              id={`${id}-2`}
              name="exempt"
              type="radio"
              value="yes"
              checked={chosen === 'yes'}
              data-aria-controls={revealId}
            />
            <label class="govuk-label govuk-radios__label" for={`${id}-2`}>
              Exempt under the Freedom of Information Act
            </label>
          </div>
          <div
            class={
              chosen === 'yes'
                ? 'govuk-radios__conditional'
                : 'govuk-radios__conditional govuk-radios__conditional--hidden'
            }
            id={revealId}
          >
            <Input
              form={form}
              name="exemptSection"
              label="FOIA section"
              hint="For example, S.31 (Law Enforcement)"
              value={current?.section ?? ''}
              state={state}
            />
            <Input
              form={form}
              name="exemptWording"
              label="Public wording (optional)"
              hint="Shown instead of the action in the open log. Leave empty for “Exempt FOIA under Section” and the section"
              value={wording}
              state={state}
            />
          </div>
        </div>
      </fieldset>
    </div>
  )
}
