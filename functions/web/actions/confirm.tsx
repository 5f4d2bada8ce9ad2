import type { PropsWithChildren } from 'hono/jsx'
import { A } from '../shell.tsx'

/**
 * What a change that cannot be undone goes through, as the Design System has it: a warning
 * button leading to a confirmation page, whose warning text says what follows and whose
 * warning button (beside "Cancel") does it. The action's withdrawal and a board's retiring.
 */
export const WarningLink = ({ href, children }: PropsWithChildren<{ href: string }>) => (
  <p class="govuk-body">
    {/* biome-ignore lint/a11y/useSemanticElements: the Design System's link styled as a button, leading to the confirmation page */}
    <a
      href={href}
      role="button"
      draggable="false"
      class="govuk-button govuk-button--warning"
      data-module="govuk-button"
    >
      {children}
    </a>
  </p>
)

/**
 * What follows, set apart as inset text: the Design System's warning text would fit, but the
 * kit's stylesheet leaves that component out (functions/http/ui/assets/app.scss).
 */
export const WarningText = ({ children }: PropsWithChildren) => (
  <div class="govuk-inset-text">
    <strong>{children}</strong>
  </div>
)

/** The confirmation's buttons; `id` lets an error summary link to the button (a form with no field). */
export const ConfirmButtons = ({ label, cancel, id }: { label: string; cancel: string; id?: string }) => (
  <div class="govuk-button-group">
    <button
      type="submit"
      id={id}
      class="govuk-button govuk-button--warning"
      data-module="govuk-button"
      data-prevent-double-click="true"
    >
      {label}
    </button>
    <A href={cancel}>Cancel</A>
  </div>
)
