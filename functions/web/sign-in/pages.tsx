import type { Person } from '#shared/domain/person.ts'
import { Button, ErrorSummary, Radios, Select, Textarea } from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { Page, render, SERVICE } from '../../http/ui/page.tsx'
import { A, H1, H2, P, personChoices } from '../shell.tsx'

/** The local stack's sign-in page: in AWS, Cognito's hosted UI takes its place. */
export function signInPage(people: readonly Person[], state?: FormState): string {
  return render(
    <Page title="Sign in" error={!!state}>
      <ErrorSummary state={state} labels={{ role: 'Role' }} />
      <H1>Sign in</H1>
      <P lead>This is the local stack: choose who you are. In AWS this page is Cognito's sign-in.</P>
      <form method="post" action="/ui/sign-in" novalidate>
        <Radios
          form="sign-in"
          name="role"
          legend="Role"
          state={state}
          value="secretariat"
          options={[
            { value: 'secretariat', label: 'Secretariat' },
            { value: 'chair', label: 'Chair' },
            { value: 'member', label: 'Member' },
          ]}
        />
        <Select
          form="sign-in"
          name="personId"
          label="Person"
          hint="The chair must be the board’s chair to approve its minutes; a member sees their own actions."
          state={state}
          options={personChoices(
            people.filter((p) => p.kind === 'person'),
            '(nobody in particular)',
          )}
        />
        <Button>Sign in</Button>
      </form>
    </Page>,
  )
}

/** The long text fields of the forms, as their labels name them. */
const TYPED_FIELDS: Record<string, string> = {
  description: 'What is to be done',
  note: 'Note',
  text: 'Update',
  amendments: 'Amendments',
}

/** A post after the session ended: nothing saved, and what was typed shown back to copy. */
export function sessionEndedPage(typed: Record<string, string>): string {
  const kept = Object.entries(TYPED_FIELDS).filter(([name]) => typed[name]?.trim())
  return render(
    <Page title="Please sign in again">
      <H1>Please sign in again</H1>
      <P lead>Your session had ended, so this was not saved.</P>
      {kept.length > 0 ? (
        <>
          <P>Copy what you typed before you sign in, then send it again:</P>
          {kept.map(([name, label]) => (
            <Textarea form="typed" name={name} label={label} value={typed[name]} readonly />
          ))}
        </>
      ) : null}
      <P>
        <A href="/ui/sign-in">Sign in</A>
      </P>
    </Page>,
  )
}

/**
 * The accessibility statement, in the form the Public Sector Bodies Accessibility
 * Regulations 2018 ask for. Public: a person may need it before they can sign in.
 */
export function accessibilityPage(): string {
  return render(
    <Page title="Accessibility statement">
      <H1>Accessibility statement for the {SERVICE}</H1>
      <P>
        This statement applies to the {SERVICE}: the pages the secretariat, chairs and board members sign in
        to, and the page an action's owner opens from their reminder email.
      </P>
      <P>
        The secretariat that runs each board runs this service. We want as many people as possible to be able
        to use it. For example, that means you should be able to:
      </P>
      <ul class="govuk-list govuk-list--bullet">
        <li>change colours, contrast levels and fonts using browser or device settings</li>
        <li>zoom in up to 400% without the text spilling off the screen</li>
        <li>navigate every page and send every form using just a keyboard</li>
        <li>navigate the pages using speech recognition software</li>
        <li>listen to the pages using a screen reader</li>
      </ul>
      <P>The pages are built on the GOV.UK Design System's components, styled with a system font.</P>
      <H2>How accessible this service is</H2>
      <P>We know some parts of this service are not fully accessible:</P>
      <ul class="govuk-list govuk-list--bullet">
        <li>
          the meeting's date and time, and the date minutes were approved, are entered in the browser's own
          date and time fields, whose look and wording depend on the browser; in Chromium the calendar button
          inside the date field shows only the browser's own thin focus ring, not the service's yellow one
        </li>
        <li>
          the Word and CSV action logs are documents for download; the web version to print is the accessible
          one
        </li>
        <li>
          wide tables, and the forms laid out as a table with a row for each action, scroll sideways within
          their own box on small screens
        </li>
        <li>the reminder and summary emails have not been checked with the tools listed below</li>
        <li>
          the service has not yet been tested with screen readers, speech recognition or screen magnifiers,
          nor by disabled people using it
        </li>
      </ul>
      <H2>Feedback and contact information</H2>
      <P>
        If you need information from this service in a different format, or you find a problem not listed on
        this page, contact the secretariat of your board: their address is in every reminder email and on your
        actions page. We will reply within 5 working days.
      </P>
      <H2>Enforcement procedure</H2>
      <P>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
        (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with
        how we respond to your complaint, contact the{' '}
        <A href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</A>.
      </P>
      <H2>Technical information about this service's accessibility</H2>
      <P>
        We are committed to making this service accessible, in accordance with the Public Sector Bodies
        (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.
      </P>
      <h3 class="govuk-heading-s">Compliance status</h3>
      <P>
        This service is partially compliant with the{' '}
        <A href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</A> AA
        standard, due to the issues listed above.
      </P>
      <H2>How we tested this service</H2>
      <P>The service's automated browser tests, run in Chromium on every change, check:</P>
      <ul class="govuk-list govuk-list--bullet">
        <li>
          every page they visit with axe-core's rules for WCAG 2.2 levels A and AA, at every impact (not only
          serious ones), 1100 and 320 pixels wide: the sign-in, boards, board, meeting, action, people,
          person, retire, overdue, my actions, owner, error and this page report no issues
        </li>
        <li>
          that those pages, 320 pixels wide (as 400% zoom of a 1280 pixel screen), do not scroll sideways as a
          whole
        </li>
        <li>
          the main tasks done with the keyboard alone: signing in, raising an action, recording a decision on
          an action arising, approving the minutes, and an owner's update from their reminder link, with the
          focus visible at every step and the skip link the first stop
        </li>
      </ul>
      <P>
        Automated checks find only some problems. No manual audit against WCAG 2.2, and no testing with
        assistive technologies, has been done yet.
      </P>
      <H2>Preparation of this statement</H2>
      <P>
        This statement was prepared on 1 December 2026. It was last reviewed on 1 December 2026, against the
        automated tests above.
      </P>
    </Page>,
  )
}
