import type { Action } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import { isoDateIn } from '#shared/domain/time.ts'
import type { IssueDetail, LinkRefusal } from '#shared/errors.ts'
import { type Html, html } from '#shared/mail/html.ts'
import { longDate, meetingWhen } from '#shared/mail/templates.ts'
import type { OwnerPage } from '#shared/usecases/owner-links.ts'
import { page } from '../../http/layout.ts'

const SERVICE = 'Meeting action tracker'

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
  const body = html`
${
  failed
    ? html`<div class="summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">There is a problem</h2>
<ul>${failed.issues.map((i) => html`<li><a href="#text-${failed.actionId}">Your update on ${failedRef ?? 'this action'}: ${issueText(i)}</a></li>`)}</ul>
</div>`
    : ''
}
${
  opts.done
    ? html`<div class="banner" role="status"><p>Your update on ${opts.done.ref} was recorded${opts.done.updates.at(-1)?.proposeComplete ? ' and proposed as complete' : ''}. Thank you.</p></div>`
    : ''
}
<h1>Your actions for the ${board.name}</h1>
<p class="lead">The meeting is on <strong>${when}</strong>${meeting.location ? `, ${meeting.location}` : ''}.</p>
<p>You are responding as <strong>${owner.name} (${owner.initials})</strong> through the link in your reminder email. Anyone with this link can post in your name, so please do not forward it. It stops working when the meeting starts.</p>
${p.actions.length === 0 ? html`<p>You have no open actions due at this meeting. Nothing more is needed.</p>` : ''}
${p.actions.map((a) => actionSection(a, p, opts.postTo, date, failed?.actionId === a.id ? failed : undefined))}
`
  return page({
    title: failed ? `Error: ${owner.initials} actions` : `${owner.initials} actions`,
    service: SERVICE,
    body,
    footer: contact(board),
  })
}

function actionSection(
  a: Action,
  p: OwnerPage,
  postTo: string,
  date: (iso: string) => string,
  failed: FormState | undefined,
): Html {
  const last = a.updates.at(-1)
  const wasDue =
    a.dueMeetingId === p.meeting.id || !a.dueMeetingStartsAt
      ? 'At this meeting'
      : `At the meeting of ${date(a.dueMeetingStartsAt)} (carried forward)`
  const proposed = a.proposedOutcome?.outcome === 'discharged'
  const error = failed?.issues[0]
  return html`<section class="action" aria-labelledby="ref-${a.id}">
<h2 id="ref-${a.id}">${a.ref}</h2>
${a.exempt ? html`<p><span class="tag">NOT FOR PUBLICATION</span> ${a.exempt.publicWording}</p>` : ''}
<p>${a.description}</p>
<dl>
<dt>Raised</dt><dd>${date(a.raisedAt)}</dd>
<dt>Due</dt><dd>${a.dueDate ? `By ${longDate(a.dueDate)}` : wasDue}</dd>
<dt>Carried forward</dt><dd>${a.carryCount === 0 ? 'Not yet' : `${a.carryCount} time${a.carryCount === 1 ? '' : 's'}`}</dd>
<dt>Last update</dt><dd>${last ? `${date(last.at)}: ${last.text}` : 'None yet'}</dd>
${proposed ? html`<dt>Status</dt><dd>Proposed for discharge at this meeting</dd>` : ''}
</dl>
<form method="post" action="${postTo}" novalidate>
<input type="hidden" name="form" value="${p.forms.get(a.id) ?? ''}">
<input type="hidden" name="actionId" value="${a.id}">
<div class="field${error ? ' field--error' : ''}">
<label for="text-${a.id}">Your update on ${a.ref}</label>
<p class="hint" id="hint-${a.id}">What has been done since it was raised or last updated? The secretariat and the chair will see this.</p>
${error ? html`<p class="error" id="error-${a.id}"><span class="skip">Error:</span> ${issueText(error)}</p>` : ''}
<textarea id="text-${a.id}" name="text" rows="5" maxlength="4000" aria-describedby="hint-${a.id}${error ? ` error-${a.id}` : ''}">${failed?.text ?? ''}</textarea>
</div>
<div class="check">
<input type="checkbox" id="complete-${a.id}" name="proposeComplete" value="yes"${failed?.proposeComplete ? html` checked` : ''}>
<label for="complete-${a.id}">This action is complete: propose it for discharge at the meeting</label>
</div>
<button type="submit">Send update on ${a.ref}</button>
</form>
</section>`
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
  const body = html`<h1>${title}</h1>
<p class="lead">${message}</p>
${backTo ? html`<p><a href="${backTo}">Go back to your actions</a></p>` : ''}
${
  contactEmails.length > 0
    ? html`<p>The secretariat can help: ${contactEmails.map((e, i) => html`${i > 0 ? ', ' : ''}<a href="mailto:${e}">${e}</a>`)}.</p>`
    : html`<p>If you need to send an update, reply to your reminder email to reach the secretariat.</p>`
}`
  return page({ title, service: SERVICE, body })
}

function contact(board: Board): Html {
  return html`<p>Questions about these actions? Contact the ${board.shortName} secretariat: ${board.secretariatEmails.map((e, i) => html`${i > 0 ? ', ' : ''}<a href="mailto:${e}">${e}</a>`)}.</p>`
}

/** zod's wording is for developers; an owner reads what to do. */
function issueText(i: IssueDetail): string {
  if (/too small/i.test(i.message)) return 'Enter your update'
  if (/too big/i.test(i.message)) return 'Your update must be 4,000 characters or fewer'
  if (/control characters/i.test(i.message))
    return 'Your update contains characters that cannot be kept; please retype it'
  return i.message
}
