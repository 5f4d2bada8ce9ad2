import type { HistoryEntry, RedactedAction } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import type { Person } from '#shared/domain/person.ts'
import type { Principal } from '#shared/domain/principal.ts'
import type { Suppression } from '#shared/domain/suppression.ts'
import { isoDateIn, toZoned } from '#shared/domain/time.ts'
import { type Html, html } from '#shared/mail/html.ts'
import { longDate, meetingWhen } from '#shared/mail/templates.ts'
import type { OverdueReport } from '#shared/usecases/queries.ts'
import { page } from '../../http/layout.ts'
import { errorSummary, type FormState, formKey, input, radios, select, textarea } from './forms.ts'

/**
 * The secretariat's and the chair's pages. Plain server-rendered HTML with no script:
 * every change is a form post answered by a redirect (post/redirect/get), and every
 * refusal shows the page again with an error summary that names the field.
 */
const SERVICE = 'Meeting action tracker'

export type People = ReadonlyMap<string, Person>

type Shell = { principal: Principal; me: Person | null }

export function shell(s: Shell, title: string, body: Html, state?: FormState): string {
  const links: [string, string][] =
    s.principal.role === 'secretariat'
      ? [
          ['/ui/boards', 'Boards'],
          ['/ui/people', 'People and teams'],
          ['/ui/chair', 'Overdue'],
        ]
      : s.principal.role === 'chair'
        ? [
            ['/ui/chair', 'Overdue and due'],
            ['/ui/boards', 'Boards'],
          ]
        : [['/ui/mine', 'My actions']]
  const nav = html`<nav aria-label="Main"><ul>
${links.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}
<li>${s.me ? `${s.me.name} (${s.principal.role})` : `Signed in as ${s.principal.role}`}</li>
<li><form method="post" action="/ui/sign-out"><button class="link-button" type="submit">Sign out</button></form></li>
</ul></nav>`
  return page({ title: state ? `Error: ${title}` : title, service: SERVICE, body, nav })
}

export const names = (ids: readonly string[], people: People) =>
  ids.map((id) => people.get(id)?.initials ?? '?').join(', ')

const fullNames = (ids: readonly string[], people: People) =>
  ids.map((id) => {
    const p = people.get(id)
    return p ? `${p.name} (${p.initials})` : 'unknown'
  })

function statusTag(a: RedactedAction): Html {
  if (a.status === 'discharged') return html`<span class="status">Discharged</span>`
  return html`<span class="status status--open">Open</span>`
}

function dueText(a: RedactedAction, board: Board): string {
  if (a.dueDate) return `By ${longDate(a.dueDate)}`
  if (a.dueMeetingStartsAt) return longDate(isoDateIn(new Date(a.dueMeetingStartsAt), board.timeZone))
  return 'Awaiting the next meeting'
}

const lastUpdate = (a: RedactedAction) => a.updates.at(-1)?.text ?? ''

/**
 * Where a long list's page links go: the next page, and back to the first (the pages keep
 * no trail of cursors, so there is no "previous"); null where there is none.
 */
export type PageLinks = { next: string | null; first: string | null }

export const NO_PAGES: PageLinks = { next: null, first: null }

/** The "Next page" and "First page" links under a list, if it has more than one page. */
function pageNav(links: PageLinks, list: string): Html {
  if (!links.next && !links.first) return html``
  return html`<nav class="pagination" aria-label="Pages of ${list}"><ul>
${links.first ? html`<li><a href="${links.first}">First page<span class="skip"> of ${list}</span></a></li>` : ''}
${links.next ? html`<li><a href="${links.next}" rel="next">Next page<span class="skip"> of ${list}</span></a></li>` : ''}
</ul></nav>`
}

// ---- sign-in -----------------------------------------------------------------------------

export function signInPage(people: readonly Person[], state?: FormState): string {
  const body = html`${errorSummary(state, { role: 'Role' })}
<h1>Sign in</h1>
<p class="lead">This is the local stack: choose who you are. In AWS this page is Cognito's sign-in.</p>
<form method="post" action="/ui/sign-in" novalidate>
${radios({
  form: 'sign-in',
  name: 'role',
  label: 'Role',
  state,
  value: 'secretariat',
  options: [
    { value: 'secretariat', label: 'Secretariat' },
    { value: 'chair', label: 'Chair' },
    { value: 'member', label: 'Member' },
  ],
})}
${select({
  form: 'sign-in',
  name: 'personId',
  label: 'Person',
  hint: 'The chair must be the board’s chair to approve its minutes; a member sees their own actions.',
  state,
  options: [
    { value: '', label: '(nobody in particular)' },
    ...people
      .filter((p) => p.kind === 'person')
      .map((p) => ({ value: p.id, label: `${p.name} (${p.initials})` })),
  ],
})}
<button type="submit">Sign in</button>
</form>`
  return page({ title: state ? 'Error: Sign in' : 'Sign in', service: SERVICE, body })
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
  const body = html`<h1>Please sign in again</h1>
<p class="lead">Your session had ended, so this was not saved.</p>
${
  kept.length > 0
    ? html`<p>Copy what you typed before you sign in, then send it again:</p>
${kept.map(([name, label]) => html`<div class="field"><label for="typed-${name}">${label}</label><textarea id="typed-${name}" rows="5" readonly>${typed[name]}</textarea></div>`)}`
    : ''
}
<p><a href="/ui/sign-in">Sign in</a></p>`
  return page({ title: 'Please sign in again', service: SERVICE, body })
}

export function messagePage(title: string, message: string, back?: { href: string; label: string }): string {
  return page({
    title,
    service: SERVICE,
    body: html`<h1>${title}</h1><p class="lead">${message}</p>${back ? html`<p><a href="${back.href}">${back.label}</a></p>` : ''}`,
  })
}

// ---- boards ------------------------------------------------------------------------------

export function boardsPage(
  s: Shell,
  boards: readonly Board[],
  links: PageLinks,
  people: readonly Person[],
  state?: FormState,
): string {
  const canEdit = s.principal.role === 'secretariat'
  const body = html`${errorSummary(state, { name: 'Name', shortName: 'Short name', secretariatEmails: 'Secretariat mailboxes', chairId: 'Chair' })}
<h1>Boards</h1>
${
  boards.length === 0
    ? html`<p>There are no boards yet.</p>`
    : html`<ul>${boards.map((b) => html`<li><a href="/ui/boards/${b.id}">${b.name}</a> (${b.shortName})</li>`)}</ul>`
}
${pageNav(links, 'boards')}
${
  canEdit
    ? html`<h2>Add a board</h2>
<form method="post" action="/ui/boards" novalidate>
${input({ form: 'board', name: 'name', label: 'Name', hint: 'For example, Performance Accountability Meeting', state })}
${input({ form: 'board', name: 'shortName', label: 'Short name', hint: 'For example, PAM', state })}
${input({ form: 'board', name: 'secretariatEmails', label: 'Secretariat mailboxes', hint: 'One or more addresses, separated by commas', type: 'text', state })}
${select({
  form: 'board',
  name: 'chairId',
  label: 'Chair',
  hint: 'Receives the overdue summary and may approve the minutes',
  state,
  options: [
    { value: '', label: '(choose later)' },
    ...people
      .filter((p) => p.kind === 'person')
      .map((p) => ({ value: p.id, label: `${p.name} (${p.initials})` })),
  ],
})}
${formKey()}
<button type="submit">Add board</button>
</form>`
    : ''
}`
  return shell(s, 'Boards', body, state)
}

export function boardPage(
  s: Shell,
  board: Board,
  meetings: {
    /** From now on, earliest first. */
    upcoming: readonly Meeting[]
    /** Before now, latest first. */
    past: readonly Meeting[]
    links: { upcoming: PageLinks; past: PageLinks }
  },
  people: readonly Person[],
  state?: FormState,
): string {
  const canEdit = s.principal.role === 'secretariat'
  const { upcoming, past, links } = meetings
  const table = (caption: string, list: readonly Meeting[]) =>
    list.length === 0
      ? html`<p>No ${caption.toLowerCase()}.</p>`
      : html`<table><caption>${caption}</caption>
<thead><tr><th scope="col">Meeting</th><th scope="col">When</th><th scope="col">Status</th></tr></thead>
<tbody>${list.map(
          (m) =>
            html`<tr><td><a href="/ui/meetings/${m.id}">${m.title}</a></td><td>${meetingWhen(m, board)}${m.location ? `, ${m.location}` : ''}</td><td>${statusLabel(m)}</td></tr>`,
        )}</tbody></table>`
  const body = html`${errorSummary(state, {
    date: 'Date',
    time: 'Time',
    location: 'Place',
    startsAt: 'Date',
    name: 'Name',
    shortName: 'Short name',
    secretariatEmails: 'Secretariat mailboxes',
    chairId: 'Chair',
    reminderDaysBefore: 'Reminders',
    summaryDaysBefore: "Chair's summary",
    overdueCarryThreshold: 'Overdue after',
    meetingLengthMinutes: 'Meeting length',
  })}
<nav class="meta" aria-label="Breadcrumb"><p><a href="/ui/boards">Boards</a></p></nav>
<h1>${board.name}</h1>
<p class="lead">Secretariat: ${board.secretariatEmails.join(', ')}. Reminders ${board.reminderDaysBefore.join(' and ')} days before each meeting; the chair's summary ${board.summaryDaysBefore} days before.</p>
<div id="upcoming">${table('Upcoming meetings', upcoming)}
${pageNav(links.upcoming, 'upcoming meetings')}</div>
<div id="past">${table('Past meetings', past)}
${pageNav(links.past, 'past meetings')}</div>
${
  canEdit
    ? html`<h2>Schedule a meeting</h2>
<form method="post" action="/ui/boards/${board.id}/meetings" novalidate>
${input({ form: 'meeting', name: 'date', label: 'Date', type: 'date', state })}
${input({ form: 'meeting', name: 'time', label: 'Start time', type: 'time', value: '10:00', hint: `In ${board.timeZone} time`, state })}
${input({ form: 'meeting', name: 'location', label: 'Place (optional)', state })}
${formKey()}
<button type="submit">Schedule meeting</button>
</form>
${boardSettings(board, people, state)}`
    : ''
}`
  return shell(s, board.name, body, state)
}

/** The board's settings: who runs it, when reminders and the chair's summary go, how long meetings last. */
function boardSettings(board: Board, people: readonly Person[], state?: FormState): Html {
  const form = 'board-settings'
  return html`<details${state?.form === form ? html` open` : ''}><summary>Change the board's settings</summary>
<form method="post" action="/ui/boards/${board.id}" novalidate>
<input type="hidden" name="version" value="${board.version}">
${input({ form, name: 'name', label: 'Name', value: board.name, state })}
${input({ form, name: 'shortName', label: 'Short name', value: board.shortName, hint: 'Used in references to meetings, e.g. PAM', state })}
${input({ form, name: 'secretariatEmails', label: 'Secretariat mailboxes', value: board.secretariatEmails.join(', '), hint: 'One or more addresses, separated by commas', state })}
${select({
  form,
  name: 'chairId',
  label: 'Chair',
  hint: 'Receives the overdue summary and may approve the minutes',
  value: board.chairId ?? '',
  state,
  options: [
    { value: '', label: '(none)' },
    ...people
      .filter((p) => p.kind === 'person')
      .map((p) => ({ value: p.id, label: `${p.name} (${p.initials})` })),
  ],
})}
${input({ form, name: 'reminderDaysBefore', label: 'Reminders', value: board.reminderDaysBefore.join(', '), hint: 'Days before each meeting that owners are reminded, e.g. 7, 2', state })}
${input({ form, name: 'summaryDaysBefore', label: "Chair's summary", value: String(board.summaryDaysBefore), hint: 'Days before each meeting', state, extra: html` inputmode="numeric"` })}
${input({ form, name: 'overdueCarryThreshold', label: 'Overdue after', value: String(board.overdueCarryThreshold), hint: 'Times carried forward before an action counts as overdue', state, extra: html` inputmode="numeric"` })}
${input({ form, name: 'meetingLengthMinutes', label: 'Meeting length', value: String(board.meetingLengthMinutes), hint: 'Minutes; sets the end of the calendar entry sent with reminders', state, extra: html` inputmode="numeric"` })}
${formKey()}
<button type="submit" class="secondary">Save settings</button>
</form>
</details>`
}

function statusLabel(m: Meeting): string {
  return {
    scheduled: 'Scheduled',
    held: 'Held',
    cancelled: 'Cancelled',
    'minutes-approved': 'Minutes approved',
  }[m.status]
}

// ---- a meeting ----------------------------------------------------------------------------

export type MeetingView = {
  board: Board
  meeting: Meeting
  arising: readonly RedactedAction[]
  /** After minutes approval: what the rollover did with each action due here. */
  decided: readonly (RedactedAction & { decided: 'discharged' | 'carried-forward' })[]
  raised: readonly RedactedAction[]
  links: { arising: PageLinks; raised: PageLinks }
  later: readonly Meeting[]
  people: People
  allPeople: readonly Person[]
  today: string
}

export function meetingPage(s: Shell, v: MeetingView, state?: FormState, done?: string): string {
  const { board, meeting, people } = v
  const secretariat = s.principal.role === 'secretariat'
  const mayApprove =
    secretariat ||
    (s.principal.role === 'chair' && !!s.principal.personId && board.chairId === s.principal.personId)
  const open = meeting.status === 'scheduled' || meeting.status === 'held'
  const body = html`${errorSummary(state, {
    description: 'What is to be done',
    itemNumber: 'Agenda item',
    owners: 'Owners',
    ownerIds: 'Owners',
    dueMeetingId: 'Due at',
    outcome: 'Outcome',
    note: 'Note',
    approvedOn: 'Date approved',
    amendments: 'Amendments',
    date: 'Date',
    time: 'Start time',
    location: 'Place',
    status: 'Status',
    exemptSection: 'FOIA exemption',
    attendance: 'Attendance',
  })}
${done ? html`<div class="banner" role="status"><p>${done}</p></div>` : ''}
<nav class="meta" aria-label="Breadcrumb"><p><a href="/ui/boards/${board.id}">${board.name}</a></p></nav>
<h1>${meeting.title}</h1>
<p class="lead">${meetingWhen(meeting, board)}${meeting.location ? `, ${meeting.location}` : ''}. ${statusLabel(meeting)}.</p>
${secretariat && open ? editMeetingForm(v, state) : ''}
${attendance(v, secretariat && meeting.status !== 'cancelled')}
<h2 id="arising">Actions Arising</h2>
<p class="hint">Open actions due at or before this meeting. Record what the meeting decided; it takes effect when the minutes are approved.</p>
${v.decided.length > 0 ? decidedTable(v) : ''}
${
  v.arising.length === 0
    ? html`<p>${v.decided.length > 0 ? 'Nothing else is open and due here.' : 'No actions are due at this meeting.'}</p>`
    : v.arising.map((a) => arisingItem(a, v, secretariat && open, state))
}
${pageNav(v.links.arising, 'Actions Arising')}
${secretariat && meeting.status === 'scheduled' && v.arising.length > 0 ? revokeForm(v) : ''}
<h2 id="raised">Actions raised at this meeting</h2>
${actionTable(v.raised, board, people, 'Actions raised at this meeting')}
${pageNav(v.links.raised, 'actions raised at this meeting')}
${secretariat && v.raised.length > 0 ? assignmentEmailsForm(v) : ''}
${secretariat && meeting.status !== 'cancelled' ? raiseForm(v, state) : ''}
<h2 id="action-log">Action log</h2>
<p>For the meeting pack: the Actions Arising and the actions raised at this meeting.</p>
<ul>
<li>Open version (exempt items shown only by their exemption): ${downloads(meeting.id, 'open')}</li>
${s.principal.role === 'member' ? '' : html`<li>Full version (not for publication): ${downloads(meeting.id, 'full')}</li>`}
</ul>
<h2 id="minutes">Minutes</h2>
${
  meeting.minutesApproval
    ? html`<p>Approved on ${longDate(meeting.minutesApproval.approvedOn)}.${meeting.minutesApproval.amendments ? ` Amendments: ${meeting.minutesApproval.amendments}` : ''} The decisions recorded here are applied from the approval: discharged actions close and the others are carried to the next meeting, usually within seconds (reload to see them above).</p>`
    : mayApprove && meeting.status !== 'cancelled'
      ? html`<form method="post" action="/ui/meetings/${meeting.id}/minutes-approval" novalidate>
<p>Approving the minutes discharges the actions recorded as discharged and carries every other action due here to the next meeting. Owners are emailed a summary.</p>
${input({ form: 'approve', name: 'approvedOn', label: 'Date approved', type: 'date', value: v.today, state })}
${textarea({ form: 'approve', name: 'amendments', label: 'Amendments (optional)', hint: 'As recorded in the minutes of the approving meeting', maxlength: 10000, state })}
${formKey()}
<button type="submit">Approve the minutes</button>
</form>`
      : html`<p>The minutes have not been approved yet. The secretariat${board.chairId ? html` or the board's chair, ${fullNames([board.chairId], people)},` : ''} records the approval.</p>`
}`
  return shell(s, meeting.title, body, state)
}

/** An instant as the date and time inputs show it in the board's zone (to the minute). */
export function localDateTime(instant: string, timeZone: string): { date: string; time: string } {
  const z = toZoned(new Date(instant), timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return { date: `${z.year}-${two(z.month)}-${two(z.day)}`, time: `${two(z.hour)}:${two(z.minute)}` }
}

/** The secretariat reschedules, moves, marks held or cancels a meeting. */
function editMeetingForm(v: MeetingView, state?: FormState): Html {
  const { meeting, board } = v
  const form = 'change'
  const at = localDateTime(meeting.startsAt, board.timeZone)
  return html`<details${state?.form === form ? html` open` : ''}><summary>Change this meeting</summary>
<form method="post" action="/ui/meetings/${meeting.id}" novalidate>
<input type="hidden" name="version" value="${meeting.version}">
${input({ form, name: 'date', label: 'Date', type: 'date', value: at.date, state })}
${input({ form, name: 'time', label: 'Start time', type: 'time', value: at.time, hint: `In ${board.timeZone} time`, state })}
${input({ form, name: 'location', label: 'Place', value: meeting.location ?? '', state })}
${radios({
  form,
  name: 'status',
  label: 'Status',
  state,
  value: meeting.status,
  options: [
    { value: 'scheduled', label: 'Scheduled' },
    { value: 'held', label: 'Held' },
    { value: 'cancelled', label: 'Cancelled (its actions move to the next meeting)' },
  ],
})}
${formKey()}
<button type="submit" class="secondary">Save changes</button>
</form>
</details>`
}

const ATTENDANCE = { present: 'Present', apologies: 'Apologies', absent: 'Absent' } as const

/** Who attended, as the minutes list them; the secretariat records it in one form. */
function attendance(v: MeetingView, editable: boolean): Html {
  const recorded = new Map(v.meeting.attendance.map((a) => [a.personId, a.status]))
  if (!editable) {
    return v.meeting.attendance.length === 0
      ? html``
      : html`<h2>Attendance</h2><ul>${v.meeting.attendance.map((a) => html`<li>${fullNames([a.personId], v.people)}: ${ATTENDANCE[a.status]}</li>`)}</ul>`
  }
  const persons = v.allPeople.filter((p) => p.kind === 'person')
  const listed = v.meeting.attendance.length
  return html`<h2>Attendance</h2>
<p>${listed === 0 ? 'Not recorded yet.' : `${listed} listed.`}</p>
<details><summary>Record attendance</summary>
<form method="post" action="/ui/meetings/${v.meeting.id}/attendance">
<table><caption class="skip">Attendance</caption>
<thead><tr><th scope="col">Person</th><th scope="col">Attendance</th></tr></thead>
<tbody>${persons.map(
    (
      p,
    ) => html`<tr><td><label for="attendance-${p.id}">${p.name} (${p.initials})${p.role ? html`<br><span class="meta">${p.role}</span>` : ''}</label></td>
<td><select id="attendance-${p.id}" name="${p.id}"><option value="">Not listed</option>${Object.entries(
      ATTENDANCE,
    ).map(
      ([value, label]) =>
        html`<option value="${value}"${recorded.get(p.id) === value ? html` selected` : ''}>${label}</option>`,
    )}</select></td></tr>`,
  )}</tbody></table>
<button type="submit" class="secondary">Save attendance</button>
</form>
</details>`
}

function arisingItem(a: RedactedAction, v: MeetingView, editable: boolean, state?: FormState): Html {
  const form = `outcome-${a.id}`
  const proposed = a.proposedOutcome?.meetingId === v.meeting.id ? a.proposedOutcome : null
  return html`<section class="action" aria-labelledby="arising-${a.id}">
<h3 id="arising-${a.id}"><a href="/ui/actions/${a.id}">${a.ref}</a></h3>
${a.exempt ? html`<p><span class="tag">NOT FOR PUBLICATION</span> ${a.exempt.publicWording}</p>` : ''}
${a.redacted ? '' : html`<p>${a.description}</p>`}
<dl>
<dt>Owners</dt><dd>${fullNames(a.ownerIds, v.people).join(', ')}</dd>
<dt>Due</dt><dd>${dueText(a, v.board)}</dd>
<dt>Carried forward</dt><dd>${a.carryCount === 0 ? 'Not yet' : `${a.carryCount} time${a.carryCount === 1 ? '' : 's'}`}</dd>
<dt>Last update</dt><dd>${lastUpdate(a) || 'None yet'}</dd>
<dt>Decision</dt><dd>${proposed ? `${proposed.outcome === 'discharged' ? 'Discharge' : 'Carry forward'}${proposed.note ? `: ${proposed.note}` : ''}` : 'None recorded'}</dd>
</dl>
${
  editable
    ? html`<form method="post" action="/ui/meetings/${v.meeting.id}/outcomes" novalidate>
<input type="hidden" name="actionId" value="${a.id}">
${radios({
  form,
  name: 'outcome',
  label: `Decision on ${a.ref}`,
  state,
  value: proposed?.outcome ?? '',
  options: [
    { value: 'discharged', label: 'Discharge' },
    { value: 'carried-forward', label: 'Carry forward' },
  ],
})}
${textarea({ form, name: 'note', label: `Note on ${a.ref}`, hint: 'For a discharge, what was done; for a carry forward, why', rows: 2, maxlength: 4000, value: proposed?.note ?? '', state })}
<button type="submit" class="secondary">Record decision on ${a.ref}</button>
</form>`
    : ''
}
</section>`
}

function downloads(meetingId: string, version: 'open' | 'full'): Html {
  const link = (format: string, label: string) =>
    html`<a href="/ui/meetings/${meetingId}/action-log?format=${format}&amp;version=${version}">${label}<span class="skip"> (${version} version)</span></a>`
  return html`${link('docx', 'Word')}, ${link('csv', 'CSV')}, ${link('html', 'web page to print')}`
}

/**
 * Owners hear of new actions in one email per sitting after a quiet period; actions entered
 * from old minutes email nobody. This sends the sitting's emails now, those included.
 */
function assignmentEmailsForm(v: MeetingView): Html {
  return html`<form method="post" action="/ui/meetings/${v.meeting.id}/assignment-emails">
<p class="hint">Owners are emailed their new actions together, 10 minutes after the last one is entered. Actions entered for a meeting more than 30 days ago, or whose minutes are approved, email nobody until you send them. Nobody is told of the same action twice.</p>
<button type="submit" class="secondary">Email the owners their actions now</button>
</form>`
}

/** After a reminder was forwarded by mistake: the owner's links for this meeting stop working. */
function revokeForm(v: MeetingView): Html {
  const owners = [...new Set(v.arising.flatMap((a) => a.ownerIds))]
  return html`<details><summary>Withdraw an owner's reminder link</summary>
<form method="post" action="/ui/meetings/${v.meeting.id}/owner-links/revoke">
<p>Every link already sent to that owner for this meeting stops working (for example after a reminder was forwarded). Their next reminder brings a new one.</p>
${select({
  form: 'revoke',
  name: 'ownerId',
  label: 'Owner',
  options: owners.map((id) => ({ value: id, label: fullNames([id], v.people).join('') })),
})}
<button type="submit" class="secondary">Withdraw their links</button>
</form>
</details>`
}

function decidedTable(v: MeetingView): Html {
  return html`<table><caption>Decided at this meeting</caption>
<thead><tr><th scope="col">Reference</th><th scope="col">Action</th><th scope="col">Owners</th><th scope="col">Decision</th></tr></thead>
<tbody>${v.decided.map(
    (a) =>
      html`<tr><td><a href="/ui/actions/${a.id}">${a.ref}</a></td><td>${a.exempt ? html`<span class="tag">NOT FOR PUBLICATION</span> ` : ''}${a.redacted ? '' : a.description}</td><td>${names(a.ownerIds, v.people)}</td><td>${
        a.decided === 'discharged'
          ? `Discharged${a.discharge?.note && !a.redacted ? `: ${a.discharge.note}` : ''}`
          : `Carried forward (${a.carryCount} time${a.carryCount === 1 ? '' : 's'})${a.dueMeetingStartsAt ? ` to ${longDate(isoDateIn(new Date(a.dueMeetingStartsAt), v.board.timeZone))}` : ', waiting for a meeting'}`
      }</td></tr>`,
  )}</tbody></table>`
}

function raiseForm(v: MeetingView, state?: FormState): Html {
  const next = v.later[0]
  return html`<h3>Raise an action</h3>
<form method="post" action="/ui/meetings/${v.meeting.id}/actions" novalidate>
${input({ form: 'raise', name: 'itemNumber', label: 'Agenda item', type: 'number', hint: 'The number of the item it was raised under', state, extra: html` min="0" max="99" inputmode="numeric"` })}
${textarea({ form: 'raise', name: 'description', label: 'What is to be done', rows: 3, maxlength: 4000, state })}
${input({
  form: 'raise',
  name: 'owners',
  label: 'Owners',
  hint: `Initials, separated by commas or spaces, e.g. ${v.allPeople
    .slice(0, 2)
    .map((p) => p.initials)
    .join(', ')}`,
  state,
  extra: html` autocomplete="off" spellcheck="false"`,
})}
${
  v.later.length === 0
    ? html`<p><strong>Due at:</strong> no later meeting is scheduled, so the action will wait for the next one to be scheduled.</p>`
    : select({
        form: 'raise',
        name: 'dueMeetingId',
        label: 'Due at',
        state,
        value: next?.id ?? '',
        options: v.later.map((m) => ({ value: m.id, label: `${m.title} (${meetingWhen(m, v.board)})` })),
      })
}
${input({ form: 'raise', name: 'exemptSection', label: 'FOIA exemption (optional)', hint: 'Only for an exempt item, e.g. S.31 (Law Enforcement)', state })}
${formKey()}
<button type="submit">Raise action</button>
</form>`
}

export function actionTable(
  list: readonly RedactedAction[],
  board: Board,
  people: People,
  caption: string,
): Html {
  if (list.length === 0) return html`<p>None.</p>`
  return html`<table><caption class="skip">${caption}</caption>
<thead><tr><th scope="col">Reference</th><th scope="col">Action</th><th scope="col">Owners</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
<tbody>${list.map(
    (a) =>
      html`<tr><td><a href="/ui/actions/${a.id}">${a.ref}</a></td><td>${a.exempt ? html`<span class="tag">NOT FOR PUBLICATION</span> ` : ''}${a.description}</td><td>${names(a.ownerIds, people)}</td><td>${dueText(a, board)}</td><td>${statusTag(a)}</td></tr>`,
  )}</tbody></table>`
}

// ---- an action ----------------------------------------------------------------------------

export function actionPage(
  s: Shell,
  v: {
    action: RedactedAction
    board: Board
    history: readonly HistoryEntry[] | null
    historyLinks: PageLinks
    people: People
    /** Meetings the action may be due at (scheduled, after the one that raised it). */
    dueOptions: readonly Meeting[]
  },
  state?: FormState,
  done?: string,
): string {
  const { action: a, board, people } = v
  const body = html`${errorSummary(state, { text: 'Update', description: 'What is to be done', owners: 'Owners', dueMeetingId: 'Due at', dueDate: 'Due date' })}
${done ? html`<div class="banner" role="status"><p>${done}</p></div>` : ''}
<nav class="meta" aria-label="Breadcrumb"><p><a href="/ui/boards/${board.id}">${board.name}</a> · <a href="/ui/meetings/${a.raisedAtMeetingId}">Meeting that raised it</a>${a.dueMeetingId ? html` · <a href="/ui/meetings/${a.dueMeetingId}">Meeting it is due at</a>` : ''}</p></nav>
<h1>Action ${a.ref}</h1>
${a.exempt ? html`<p><span class="tag">NOT FOR PUBLICATION</span> ${a.exempt.publicWording}</p>` : ''}
${a.redacted ? '' : html`<p class="lead">${a.description}</p>`}
<dl>
<dt>Status</dt><dd>${statusTag(a)}${a.discharge ? ` ${a.discharge.note}` : ''}</dd>
<dt>Owners</dt><dd>${fullNames(a.ownerIds, people).join(', ')}</dd>
<dt>Raised</dt><dd>${longDate(isoDateIn(new Date(a.raisedAt), board.timeZone))}</dd>
<dt>Due</dt><dd>${a.status === 'open' ? dueText(a, board) : '—'}</dd>
<dt>Carried forward</dt><dd>${a.carryCount === 0 ? 'Not yet' : `${a.carryCount} time${a.carryCount === 1 ? '' : 's'}`}</dd>
</dl>
${s.principal.role === 'secretariat' && a.status === 'open' ? editActionForm(v, state) : ''}
<h2>Updates</h2>
${
  a.updates.length === 0
    ? html`<p>No updates yet.</p>`
    : html`<ul>${a.updates.map((u) => html`<li><strong>${longDate(isoDateIn(new Date(u.at), board.timeZone))}</strong> (${actorText(u.by, people)}): ${u.text}${u.proposeComplete ? ' (proposed as complete)' : ''}</li>`)}</ul>`
}
${
  s.principal.role === 'secretariat' && a.status === 'open'
    ? html`<form method="post" action="/ui/actions/${a.id}/updates" novalidate>
${textarea({ form: 'update', name: 'text', label: 'Add an update', hint: 'For example, what the owner told the secretariat', rows: 3, maxlength: 4000, state })}
${formKey()}
<button type="submit" class="secondary">Add update</button>
</form>`
    : ''
}
<h2 id="history">History</h2>
${
  v.history === null
    ? html`<p>The history of an exempt action is shown only to its owners, the secretariat and the chair.</p>`
    : html`<table><caption class="skip">Every change to this action</caption>
<thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
<tbody>${v.history.map(
        (h) =>
          html`<tr><td>${whenText(h.at, board)}</td><td>${HISTORY_KIND[h.kind]}</td><td>${actorText(h.by, people)}</td><td>${h.note ?? ''}</td></tr>`,
      )}</tbody></table>
${pageNav(v.historyLinks, 'the history')}`
}`
  return shell(s, `Action ${a.ref}`, body, state)
}

/** The secretariat corrects an action: its wording, owners, due meeting or date. */
function editActionForm(v: Parameters<typeof actionPage>[1], state?: FormState): Html {
  const { action: a, people } = v
  const form = 'edit'
  const due = a.dueMeetingId ?? ''
  // The meeting it is due at is always a choice, even when held (not open to new actions):
  // otherwise the browser would post the first other meeting and move it unasked.
  const choices = [
    ...(a.dueMeetingId && !v.dueOptions.some((m) => m.id === a.dueMeetingId)
      ? [
          {
            value: a.dueMeetingId,
            label: `The meeting it is due at (${a.dueMeetingStartsAt ? longDate(isoDateIn(new Date(a.dueMeetingStartsAt), v.board.timeZone)) : ''})`,
          },
        ]
      : []),
    ...(due ? [] : [{ value: '', label: 'Waiting for the next meeting' }]),
    ...v.dueOptions.map((m) => ({ value: m.id, label: `${m.title} (${meetingWhen(m, v.board)})` })),
  ]
  return html`<details${state?.form === form ? html` open` : ''}><summary>Change this action</summary>
<form method="post" action="/ui/actions/${a.id}" novalidate>
<input type="hidden" name="version" value="${a.version}">
<input type="hidden" name="dueWas" value="${due}">
${textarea({ form, name: 'description', label: 'What is to be done', rows: 3, maxlength: 4000, value: a.description, state })}
${input({ form, name: 'owners', label: 'Owners', hint: 'Initials, separated by commas or spaces', value: names(a.ownerIds, people), state, extra: html` autocomplete="off" spellcheck="false"` })}
${
  choices.length <= 1
    ? ''
    : select({ form, name: 'dueMeetingId', label: 'Due at', state, value: due, options: choices })
}
${input({ form, name: 'dueDate', label: 'Due date (optional)', type: 'date', hint: 'A date to complete it by, as well as the meeting', value: a.dueDate ?? '', state })}
${formKey()}
<button type="submit" class="secondary">Save changes</button>
</form>
</details>`
}

const HISTORY_KIND: Record<HistoryEntry['kind'], string> = {
  created: 'Raised',
  edited: 'Edited',
  'update-posted': 'Update posted',
  'outcome-proposed': 'Decision recorded',
  discharged: 'Discharged',
  'carried-forward': 'Carried forward',
  'due-meeting-moved': 'Due meeting moved',
  withdrawn: 'Withdrawn',
}

function whenText(iso: string, board: Board): string {
  const z = toZoned(new Date(iso), board.timeZone)
  return `${longDate(isoDateIn(new Date(iso), board.timeZone))} ${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`
}

function actorText(by: HistoryEntry['by'], people: People): string {
  const who = by.personId ? (people.get(by.personId)?.name ?? 'someone') : null
  if (by.kind === 'owner-link') return `${who ?? 'the owner'}, through their reminder link`
  if (by.kind === 'system') return 'the tracker'
  return who ? `${who} (${by.role})` : (by.role ?? 'someone')
}

// ---- people -------------------------------------------------------------------------------

export function peoplePage(
  s: Shell,
  v: {
    people: readonly Person[]
    /** The members and deputies the listed entries name, by id. */
    related: People
    suppressed: readonly Suppression[]
    links: { people: PageLinks; suppressed: PageLinks }
  },
  state?: FormState,
  done?: string,
): string {
  const { people, suppressed } = v
  const byId = new Map([...v.related, ...people.map((p) => [p.id, p] as const)])
  const body = html`${errorSummary(state, { name: 'Name', initials: 'Initials', email: 'Mailbox', kind: 'Kind', members: 'Members', deputy: 'Deputy' })}
${done ? html`<div class="banner" role="status"><p>${done}</p></div>` : ''}
<h1>People and teams</h1>
<table><caption class="skip">People and teams</caption>
<thead><tr><th scope="col">Initials</th><th scope="col">Name</th><th scope="col">Mailbox</th><th scope="col">Members</th><th scope="col">Deputy</th></tr></thead>
<tbody>${people.map(
    (p) =>
      html`<tr><td>${p.initials}</td><td>${s.principal.role === 'secretariat' ? html`<a href="/ui/people/${p.id}">${p.name}</a>` : p.name}${p.kind === 'team' ? ' (team)' : ''}${p.role ? html`<br><span class="meta">${p.role}</span>` : ''}</td><td>${p.email ?? '—'}</td><td>${p.memberIds.map((m) => byId.get(m)?.initials ?? '?').join(', ') || '—'}</td><td>${p.deputyId ? (byId.get(p.deputyId)?.initials ?? '?') : '—'}</td></tr>`,
  )}</tbody></table>
${pageNav(v.links.people, 'people and teams')}
${
  s.principal.role === 'member'
    ? ''
    : html`<h2 id="suppressed">Suppressed addresses</h2>
<p class="hint">Mail to these addresses bounced or was reported as spam, so nothing is sent to them until you lift the suppression.</p>
${
  suppressed.length === 0
    ? html`<p>None.</p>`
    : html`<table><caption class="skip">Suppressed addresses</caption>
<thead><tr><th scope="col">Address</th><th scope="col">Why</th><th scope="col">Since</th><th scope="col"><span class="skip">Action</span></th></tr></thead>
<tbody>${suppressed.map(
        (x) =>
          html`<tr><td>${x.email}</td><td>${x.reason}</td><td>${x.at.slice(0, 10)}</td><td>${
            s.principal.role === 'secretariat'
              ? html`<form method="post" action="/ui/suppressions/lift"><input type="hidden" name="email" value="${x.email}"><button type="submit" class="secondary">Lift<span class="skip"> the suppression of ${x.email}</span></button></form>`
              : ''
          }</td></tr>`,
      )}</tbody></table>
${pageNav(v.links.suppressed, 'suppressed addresses')}`
}`
}
${
  s.principal.role === 'secretariat'
    ? html`<h2>Add a person or team</h2>
<form method="post" action="/ui/people" novalidate>
${radios({
  form: 'person',
  name: 'kind',
  label: 'Kind',
  state,
  value: 'person',
  options: [
    { value: 'person', label: 'Person' },
    { value: 'team', label: 'Team' },
  ],
})}
${input({ form: 'person', name: 'name', label: 'Name', state })}
${input({ form: 'person', name: 'initials', label: 'Initials', hint: 'As the minutes use them, e.g. DT or A&SI', state })}
${input({ form: 'person', name: 'email', label: 'Mailbox', type: 'email', hint: 'A team needs a mailbox or members', state })}
${input({ form: 'person', name: 'members', label: 'Members (teams only)', hint: 'Initials, separated by commas', state })}
${input({ form: 'person', name: 'deputy', label: 'Deputy (optional)', hint: 'Initials of who is copied in on their reminders', state })}
${formKey()}
<button type="submit">Add</button>
</form>`
    : ''
}`
  return shell(s, 'People and teams', body, state)
}

// ---- the chair ----------------------------------------------------------------------------

export type ChairBoard = {
  board: Board
  overdue: OverdueReport
  next: Meeting | null
  dueNext: readonly RedactedAction[]
  /** More is due at the next meeting than the page shows: its meeting page lists the rest. */
  moreDue: boolean
  people: People
}

export function chairPage(s: Shell, boards: readonly ChairBoard[]): string {
  const body = html`<h1>Overdue and due</h1>
<p class="lead">The same rules as the chair's summary email: open actions past their due date, or carried forward at least the board's threshold, grouped by owner, oldest first.</p>
${boards.map(
  ({ board, overdue, next, dueNext, moreDue, people }) => html`<h2>${board.name}</h2>
${
  overdue.total === 0
    ? html`<p>Nothing is overdue.</p>`
    : html`<table><caption>${overdue.total} overdue action${overdue.total === 1 ? '' : 's'}</caption>
<thead><tr><th scope="col">Owner</th><th scope="col">Reference</th><th scope="col">Action</th><th scope="col">Age</th><th scope="col">Carried</th><th scope="col">Last update</th></tr></thead>
<tbody>${overdue.owners.flatMap((g) =>
        g.actions.map(
          (a) =>
            html`<tr><td>${g.owner.name} (${g.owner.initials})</td><td><a href="/ui/actions/${a.id}">${a.ref}</a></td><td>${a.exempt ? html`<span class="tag">NOT FOR PUBLICATION</span> ` : ''}${a.description}</td><td>${a.ageDays} days</td><td>${a.carriedTooOften ? html`<span class="status status--overdue">${a.carryCount}×</span>` : `${a.carryCount}×`}${a.pastDue ? ' (past due)' : ''}</td><td>${lastUpdate(a) || 'None'}</td></tr>`,
        ),
      )}</tbody></table>`
}
${
  next
    ? html`<h3>Due at the next meeting: <a href="/ui/meetings/${next.id}">${next.title}</a>, ${meetingWhen(next, board)}</h3>
${dueNext.length === 0 ? html`<p>Nothing is due.</p>` : actionTable(dueNext, board, people, `Due at ${next.title}`)}
${moreDue ? html`<p><a href="/ui/meetings/${next.id}#arising">All the actions due at ${next.title}</a></p>` : ''}`
    : html`<p>No meeting is scheduled.</p>`
}`,
)}`
  return shell(s, 'Overdue and due', body)
}

export function minePage(
  s: Shell,
  list: readonly (RedactedAction & { board: Board })[],
  people: People,
  links: PageLinks = NO_PAGES,
): string {
  const body = html`<h1>My actions</h1>
${
  !s.principal.personId
    ? html`<p>Your account is not linked to a person in the tracker yet, so no actions can be shown. Ask the secretariat to link it.</p>`
    : list.length === 0
      ? html`<p>You have no open actions.</p>`
      : html`<table><caption class="skip">My open actions</caption>
<thead><tr><th scope="col">Reference</th><th scope="col">Action</th><th scope="col">Owners</th><th scope="col">Due</th></tr></thead>
<tbody>${list.map((a) => html`<tr><td><a href="/ui/actions/${a.id}">${a.ref}</a></td><td>${a.exempt ? html`<span class="tag">NOT FOR PUBLICATION</span> ` : ''}${a.redacted ? a.exempt?.publicWording : a.description}</td><td>${names(a.ownerIds, people)}</td><td>${dueText(a, a.board)}</td></tr>`)}</tbody></table>`
}
${pageNav(links, 'my actions')}
<p>Your reminder emails bring a link to post updates on the actions due at each meeting.</p>`
  return shell(s, 'My actions', body)
}

/** The secretariat corrects a person's or team's entry: a new mailbox after a bounce, a deputy. */
export function personPage(s: Shell, person: Person, people: readonly Person[], state?: FormState): string {
  const byId = new Map(people.map((p) => [p.id, p]))
  const form = 'person-edit'
  const initialsOf = (ids: readonly string[]) => ids.map((id) => byId.get(id)?.initials ?? '?').join(', ')
  const body = html`${errorSummary(state, { name: 'Name', initials: 'Initials', email: 'Mailbox', role: 'Capacity', members: 'Members', deputy: 'Deputy' })}
<nav class="meta" aria-label="Breadcrumb"><p><a href="/ui/people">People and teams</a></p></nav>
<h1>${person.name} (${person.initials})</h1>
<form method="post" action="/ui/people/${person.id}" novalidate>
<input type="hidden" name="version" value="${person.version}">
${input({ form, name: 'name', label: 'Name', value: person.name, state })}
${input({ form, name: 'initials', label: 'Initials', value: person.initials, hint: 'As the minutes use them', state })}
${input({ form, name: 'email', label: 'Mailbox', type: 'email', value: person.email ?? '', hint: person.kind === 'team' ? 'A team needs a mailbox or members' : 'Reminders go here', state })}
${input({ form, name: 'role', label: 'Capacity (optional)', value: person.role ?? '', hint: 'As in the attendance list, e.g. Chief Constable', state })}
${person.kind === 'team' ? input({ form, name: 'members', label: 'Members', value: initialsOf(person.memberIds), hint: 'Initials, separated by commas', state }) : ''}
${input({ form, name: 'deputy', label: 'Deputy (optional)', value: person.deputyId ? initialsOf([person.deputyId]) : '', hint: 'Initials of who is copied in on their reminders', state })}
${formKey()}
<button type="submit">Save changes</button>
</form>`
  return shell(s, person.name, body, state)
}
