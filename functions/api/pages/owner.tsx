import type { Action } from '#shared/domain/action.ts'
import { updateDay } from '#shared/domain/action-rules.ts'
import type { Board } from '#shared/domain/board.ts'
import { isoDateIn } from '#shared/domain/time.ts'
import type { IssueDetail, LinkRefusal } from '#shared/errors.ts'
import { longDate, meetingWhen } from '#shared/mail/templates.ts'
import type { OwnerPage } from '#shared/usecases/owner-links.ts'
import {
  Button,
  Checkboxes,
  ErrorSummary,
  Hidden,
  NotificationBanner,
  SummaryList,
  Tag,
  Textarea,
} from '../../http/ui/components.tsx'
import { Page, render } from '../../http/ui/page.tsx'

/** What the owner typed, and what was wrong with it, when a submission is refused as invalid. */
export type FormState = { actionId: string; text: string; proposeComplete: boolean; issues: IssueDetail[] }

/**
 * The owner's page: each action due with its facts and a form to post an update or
 * propose completion. Labels name the action so a screen reader user hears which form
 * they are in; errors are summarised at the top and linked to the field.
 */
export function ownerPage(p: OwnerPage, opts: { postTo: string; done?: Action | null; form?: FormState }) {
  const { board, meeting, owner } = p
  const when = meetingWhen(meeting, board)
  const date = (iso: string) => longDate(isoDateIn(new Date(iso), board.timeZone))
  const failed = opts.form
  const failedRef = failed ? p.actions.find((a) => a.id === failed.actionId)?.ref : undefined
  return render(
    <Page title={`${owner.initials} actions`} error={!!failed} footer={contact(board)}>
      {failed ? (
        <ErrorSummary
          items={failed.issues.map((i) => ({
            href: `#text-${failed.actionId}`,
            text: `Your update on ${failedRef ?? 'this action'}: ${issueText(i)}`,
          }))}
        />
      ) : null}
      {opts.done ? (
        <NotificationBanner>
          Your update on {opts.done.ref} was recorded
          {opts.done.updates.at(-1)?.proposeComplete ? ' and proposed as complete' : ''}. Thank you.
        </NotificationBanner>
      ) : null}
      <h1 class="govuk-heading-l">Your actions for the {board.name}</h1>
      <p class="govuk-body-l">
        The meeting is on <strong>{when}</strong>
        {meeting.location ? `, ${meeting.location}` : ''}.
      </p>
      <p class="govuk-body">
        You are responding as{' '}
        <strong>
          {owner.name} ({owner.initials})
        </strong>{' '}
        through the link in your reminder email. Anyone with this link can post in your name, so please do not
        forward it. It stops working when the meeting starts.
      </p>
      {p.actions.length === 0 ? (
        <p class="govuk-body">You have no open actions due at this meeting. Nothing more is needed.</p>
      ) : null}
      {p.actions.map((a) =>
        actionSection(a, p, opts.postTo, date, failed?.actionId === a.id ? failed : undefined),
      )}
    </Page>,
  )
}

function actionSection(
  a: Action,
  p: OwnerPage,
  postTo: string,
  date: (iso: string) => string,
  failed: FormState | undefined,
) {
  const last = a.updates.at(-1)
  const wasDue =
    a.dueMeetingId === p.meeting.id || !a.dueMeetingStartsAt
      ? 'At this meeting'
      : `At the meeting of ${date(a.dueMeetingStartsAt)} (carried forward)`
  const proposed = a.proposedOutcome?.outcome === 'discharged'
  const error = failed?.issues[0]
  // The refused field's state, in the kit's terms: its message by the field, what was typed kept.
  const state =
    failed && error
      ? { form: 'owner', issues: [{ path: 'text', message: issueText(error) }], values: {} }
      : undefined
  return (
    <section class="app-owner-action" aria-labelledby={`ref-${a.id}`}>
      <h2 class="govuk-heading-m" id={`ref-${a.id}`}>
        {a.ref}
      </h2>
      {a.exempt ? (
        <p class="govuk-body">
          <Tag colour="red">Not for publication</Tag> {a.exempt.publicWording}
        </p>
      ) : null}
      <p class="govuk-body">{a.description}</p>
      <SummaryList
        rows={[
          { key: 'Raised', value: date(a.raisedAt) },
          { key: 'Due', value: a.dueDate ? `By ${longDate(a.dueDate)}` : wasDue },
          {
            key: 'Carried forward',
            value: a.carryCount === 0 ? 'Not yet' : `${a.carryCount} time${a.carryCount === 1 ? '' : 's'}`,
          },
          {
            key: 'Last update',
            value: last ? `${longDate(updateDay(last, p.board.timeZone))}: ${last.text}` : 'None yet',
          },
          ...(proposed ? [{ key: 'Status', value: 'Proposed for discharge at this meeting' }] : []),
        ]}
      />
      <form method="post" action={postTo} novalidate>
        <Hidden name="form" value={p.forms.get(a.id) ?? ''} />
        <Hidden name="actionId" value={a.id} />
        <Textarea
          form="owner"
          name="text"
          id={`text-${a.id}`}
          label={`Your update on ${a.ref}`}
          hint="What has been done since it was raised or last updated? The secretariat and the chair will see this."
          maxlength={4000}
          value={failed?.text ?? ''}
          state={state}
        />
        <Checkboxes
          form="owner"
          name="proposeComplete"
          id={`complete-${a.id}`}
          legend={`Is ${a.ref} complete?`}
          legendSize="hidden"
          values={failed?.proposeComplete ? ['yes'] : []}
          options={[
            { value: 'yes', label: 'This action is complete: propose it for discharge at the meeting' },
          ]}
        />
        <Button>Send update on {a.ref}</Button>
      </form>
    </section>
  )
}

const REFUSAL_TITLE: Record<LinkRefusal, string> = {
  invalid: 'This link cannot be used',
  expired: 'This link has expired',
  'meeting-over': 'This link no longer works',
  revoked: 'This link has been withdrawn',
  replayed: 'This form was already sent',
  'not-yours': 'This action cannot be updated here',
}

/** The HTTP status that says the same as the page. */
export const REFUSAL_STATUS: Record<LinkRefusal, 403 | 409 | 410> = {
  invalid: 403,
  expired: 410,
  'meeting-over': 410,
  revoked: 410,
  replayed: 409,
  'not-yours': 403,
}

export function refusalPage(
  reason: LinkRefusal,
  message: string,
  contactEmails: readonly string[],
  backTo: string | null,
): string {
  return problemPage(REFUSAL_TITLE[reason], message, backTo, contactEmails)
}

/** A page that says what went wrong, the way back if there is one, and whom to ask. */
export function problemPage(
  title: string,
  message: string,
  backTo: string | null,
  contactEmails: readonly string[] = [],
): string {
  return render(
    <Page title={title}>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body-l">{message}</p>
      {backTo ? (
        <p class="govuk-body">
          <a class="govuk-link" href={backTo}>
            Go back to your actions
          </a>
        </p>
      ) : null}
      {contactEmails.length > 0 ? (
        <p class="govuk-body">
          The secretariat can help: <Mailtos emails={contactEmails} />.
        </p>
      ) : (
        <p class="govuk-body">
          If you need to send an update, reply to your reminder email to reach the secretariat.
        </p>
      )}
    </Page>,
  )
}

const Mailtos = ({ emails, footer }: { emails: readonly string[]; footer?: boolean }) => (
  <>
    {emails.map((e, i) => (
      <>
        {i > 0 ? ', ' : ''}
        <a class={footer ? 'govuk-footer__link' : 'govuk-link'} href={`mailto:${e}`}>
          {e}
        </a>
      </>
    ))}
  </>
)

function contact(board: Board) {
  return (
    <>
      Questions about these actions? Contact the {board.shortName} secretariat:{' '}
      <Mailtos emails={board.secretariatEmails} footer />.
    </>
  )
}

/** zod's wording is for developers; an owner reads what to do. */
function issueText(i: IssueDetail): string {
  if (/too small/i.test(i.message)) return 'Enter your update'
  if (/too big/i.test(i.message)) return 'Your update must be 4,000 characters or fewer'
  if (/control characters/i.test(i.message))
    return 'Your update contains characters that cannot be kept; please retype it'
  return i.message
}
