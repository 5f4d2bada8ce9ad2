import type { Action } from '../domain/action.ts'
import { undatedWording } from '../domain/action-log.ts'
import { updateDay } from '../domain/action-rules.ts'
import type { Board } from '../domain/board.ts'
import type { Meeting } from '../domain/meeting.ts'
import type { OverdueGroup, OverdueItem, OverdueReport } from '../domain/overdue.ts'
import type { Person } from '../domain/person.ts'
import type { BouncedAddress, SummaryReach } from '../domain/summary.ts'
import { isoDateIn } from '../domain/time.ts'
import { type Html, html } from './html.ts'

export type RenderedEmail = { subject: string; html: string; text: string }

/** "Tuesday 28 November 2026, 09:30" in the board's time zone. */
export function meetingWhen(meeting: Pick<Meeting, 'startsAt'>, board: Pick<Board, 'timeZone'>): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: board.timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(meeting.startsAt))
}

/** "22 November 2026" for an ISO calendar date. */
export function longDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${isoDate}T00:00:00Z`))
}

const NOT_FOR_PUBLICATION = 'NOT FOR PUBLICATION'

/** An owner sees their exempt actions in full, clearly marked as not for publication. */
function exemptMark(a: Action): string {
  return a.exempt ? `${NOT_FOR_PUBLICATION} – ${a.exempt.publicWording}` : ''
}

const layout = (title: string, body: Html): string =>
  html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 760px">
${body}
<p style="color: #505a5f; font-size: 14px">Sent by the meeting action tracker. Reply to the secretariat if anything here is wrong.</p>
</body></html>`.value

function actionRow(a: Action, extra: string): Html {
  return html`<tr>
<td style="padding: 6px; border-bottom: 1px solid #b1b4b6; white-space: nowrap; vertical-align: top">${a.ref}</td>
<td style="padding: 6px; border-bottom: 1px solid #b1b4b6; vertical-align: top">${a.exempt ? html`<strong>${exemptMark(a)}</strong><br>` : ''}${a.description}</td>
<td style="padding: 6px; border-bottom: 1px solid #b1b4b6; vertical-align: top">${extra}</td>
</tr>`
}

const table = (rows: Html[], third: string) =>
  html`<table style="border-collapse: collapse; width: 100%"><thead><tr>
<th scope="col" style="text-align: left; padding: 6px; border-bottom: 2px solid #0b0c0c">Reference</th>
<th scope="col" style="text-align: left; padding: 6px; border-bottom: 2px solid #0b0c0c">Action</th>
<th scope="col" style="text-align: left; padding: 6px; border-bottom: 2px solid #0b0c0c">${third}</th>
</tr></thead><tbody>${rows}</tbody></table>`

const textLine = (a: Action, extra: string) =>
  `- ${a.ref}${a.exempt ? ` [${exemptMark(a)}]` : ''}: ${a.description}\n  ${extra}`

/** The owner's signed link as a button, and why they must keep it to themselves (`more` adds to that). */
const updateLink = (url: string, more = '') =>
  html`<p><a href="${url}" style="display: inline-block; padding: 8px 12px; background: #00703c; color: #ffffff; font-weight: bold; text-decoration: none">Update your actions</a></p>
<p>This link is yours alone: anyone who has it can post updates in your name, so please do not forward this email.${more}</p>`

/** The same in the text part: `ask` leads to the link. */
const updateLinkText = (ask: string, url: string, more = '') => [
  ask,
  url,
  '',
  'This link is yours alone: anyone who has it can post updates in your name, so please do',
  `not forward this email.${more}`,
]

export type RolloverEmailInput = {
  board: Board
  meeting: Meeting
  next: Meeting | null
  owner: Person
  discharged: Action[]
  carried: Action[]
}

/** One email per owner after minutes approval: what closed and what moved where. */
export function rolloverEmail(i: RolloverEmailInput): RenderedEmail {
  const approvedOn = i.meeting.minutesApproval ? longDate(i.meeting.minutesApproval.approvedOn) : ''
  const whereNext = i.next
    ? `${i.next.title} (${meetingWhen(i.next, i.board)}${i.next.location ? `, ${i.next.location}` : ''})`
    : 'the next meeting, once it is scheduled'
  const subject = `${i.meeting.title}: ${summary(i.discharged.length, i.carried.length)}`
  const carriedNote = (a: Action) =>
    `Carried forward ${a.carryCount} time${a.carryCount === 1 ? '' : 's'}${a.updates.at(-1) ? ` – latest update: ${a.updates.at(-1)?.text}` : ''}`
  const body = html`<h1 style="font-size: 24px">${i.meeting.title}: minutes approved</h1>
<p>Dear ${i.owner.name},</p>
<p>The minutes of the ${i.board.name} held on ${meetingWhen(i.meeting, i.board)} were approved on ${approvedOn}. This is what that means for the actions you own.</p>
${
  i.discharged.length
    ? html`<h2 style="font-size: 19px">Discharged</h2>${table(
        i.discharged.map((a) => actionRow(a, a.discharge?.note ?? '')),
        'Note',
      )}`
    : ''
}
${
  i.carried.length
    ? html`<h2 style="font-size: 19px">Carried forward to ${whereNext}</h2>${table(
        i.carried.map((a) => actionRow(a, carriedNote(a))),
        'Status',
      )}`
    : ''
}`
  const text = [
    `Dear ${i.owner.name},`,
    '',
    `The minutes of the ${i.board.name} held on ${meetingWhen(i.meeting, i.board)} were approved on ${approvedOn}.`,
    ...(i.discharged.length
      ? ['', 'DISCHARGED', ...i.discharged.map((a) => textLine(a, a.discharge?.note ?? ''))]
      : []),
    ...(i.carried.length
      ? ['', `CARRIED FORWARD to ${whereNext}`, ...i.carried.map((a) => textLine(a, carriedNote(a)))]
      : []),
    '',
    '-- Sent by the meeting action tracker. Reply to the secretariat if anything here is wrong.',
  ].join('\n')
  return { subject, html: layout(subject, body), text }
}

function summary(discharged: number, carried: number): string {
  const parts = [
    discharged ? `${discharged} action${discharged === 1 ? '' : 's'} discharged` : '',
    carried ? `${carried} carried forward` : '',
  ].filter(Boolean)
  return parts.join(', ')
}

/** To the secretariat: actions carried from a meeting have no meeting to go to yet. */
export function awaitingMeetingEmail(i: {
  board: Board
  meeting: Meeting
  waiting: Action[]
}): RenderedEmail {
  const n = i.waiting.length
  const subject = `${i.board.shortName}: ${n} action${n === 1 ? '' : 's'} waiting for the next meeting to be scheduled`
  const body = html`<h1 style="font-size: 24px">${subject}</h1>
<p>The minutes of ${i.meeting.title} were approved, but no later ${i.board.name} is scheduled. These actions were carried forward and will attach to the next meeting as soon as it is created.</p>
${table(
  i.waiting.map((a) => actionRow(a, `Carried forward ${a.carryCount} time${a.carryCount === 1 ? '' : 's'}`)),
  'Status',
)}`
  const text = [
    subject,
    '',
    `The minutes of ${i.meeting.title} were approved, but no later ${i.board.name} is scheduled.`,
    'These actions will attach to the next meeting as soon as it is created:',
    '',
    ...i.waiting.map((a) => textLine(a, `Carried forward ${a.carryCount} time(s)`)),
  ].join('\n')
  return { subject, html: layout(subject, body), text }
}

/** To a new owner: an action has been assigned to them. */
export type AssignmentEmailInput = {
  board: Board
  /** The sitting that raised the actions. */
  meeting: Meeting
  owner: Person
  /** Everything assigned to the owner at the sitting, each with where it is due and who shares it. */
  items: { action: Action; due: Meeting | null; coOwners: Pick<Person, 'name'>[] }[]
  /** The owner's signed link for the first meeting the actions are due at, if one is scheduled. */
  respondUrl: string | null
}

/** Everything assigned to one owner at one sitting, in one email. */
export function assignmentEmail(i: AssignmentEmailInput): RenderedEmail {
  const n = i.items.length
  // Work-programme items (reports, standing items, briefing notes) are named as such.
  const noun = i.items.every((it) => it.action.kind !== 'action') ? 'work programme item' : 'action'
  const subject = `${i.board.shortName}: ${n} ${noun}${n === 1 ? '' : 's'} for ${i.owner.initials} from ${i.meeting.title}`
  const dueAt = (due: Meeting | null) =>
    due ? `${due.title} (${meetingWhen(due, i.board)})` : 'the next meeting, once it is scheduled'
  // A meeting the outbox could not find reads as none (undatedWording's due-at-no-meeting).
  const when = (action: Action, due: Meeting | null) =>
    action.kind === 'standing'
      ? 'Taken at every meeting'
      : (undatedWording({ ...action, dueMeetingId: due?.id ?? null }) ?? `Due at ${dueAt(due)}`)
  const details = ({ action, due, coOwners }: AssignmentEmailInput['items'][number]) =>
    [
      when(action, due),
      action.dueDate ? `complete by ${longDate(action.dueDate)}` : '',
      coOwners.length ? `shared with ${coOwners.map((p) => p.name).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ')
  const link = i.respondUrl
    ? updateLink(i.respondUrl)
    : html`<p>You will get a link to post updates before the meeting they are due at.</p>`
  const body = html`<h1 style="font-size: 24px">${subject}</h1>
<p>Dear ${i.owner.name},</p>
<p>At ${i.meeting.title} (${meetingWhen(i.meeting, i.board)}) the ${i.board.name} gave you ${n === 1 ? `this ${noun}` : `these ${n} ${noun}s`}. Please report progress before each is due.</p>
${table(
  i.items.map((it) => actionRow(it.action, details(it))),
  'Due',
)}
${link}`
  const text = [
    `Dear ${i.owner.name},`,
    '',
    `At ${i.meeting.title} (${meetingWhen(i.meeting, i.board)}) the ${i.board.name} gave you ${n === 1 ? `this ${noun}` : `these ${n} ${noun}s`}:`,
    '',
    ...i.items.map((it) => textLine(it.action, details(it))),
    '',
    ...(i.respondUrl
      ? updateLinkText('Post an update at:', i.respondUrl)
      : ['You will get a link to post updates before the meeting they are due at.']),
  ].join('\n')
  return { subject, html: layout(subject, body), text }
}

export type ReminderEmailInput = {
  board: Board
  meeting: Meeting
  owner: Person
  actions: Action[]
  /** Days before the meeting this reminder is for. */
  offsetDays: number
  /** The owner's signed link to post updates; it stops working when the meeting starts. */
  respondUrl: string
}

/** The owner's reminder before a meeting: every action of theirs due there, one email. */
export function reminderEmail(i: ReminderEmailInput): RenderedEmail {
  const n = i.actions.length
  const when = meetingWhen(i.meeting, i.board)
  const place = i.meeting.location ? `, ${i.meeting.location}` : ''
  const subject = `${i.meeting.title}: ${n} action${n === 1 ? '' : 's'} due – please update`
  const details = (a: Action) => {
    const last = a.updates.at(-1)
    return [
      `Raised ${longDate(isoDateIn(new Date(a.raisedAt), i.board.timeZone))}`,
      a.dueDate
        ? `due by ${longDate(a.dueDate)}`
        : a.dueMeetingId === i.meeting.id || !a.dueMeetingStartsAt
          ? 'due at this meeting'
          : `was due at the meeting of ${longDate(isoDateIn(new Date(a.dueMeetingStartsAt), i.board.timeZone))}`,
      a.carryCount ? `carried forward ${a.carryCount} time${a.carryCount === 1 ? '' : 's'}` : '',
      last ? `last update ${longDate(updateDay(last, i.board.timeZone))}: ${last.text}` : 'no update yet',
    ]
      .filter(Boolean)
      .join('; ')
  }
  const body = html`<h1 style="font-size: 24px">${subject}</h1>
<p>Dear ${i.owner.name},</p>
<p>The ${i.board.name} meets on <strong>${when}</strong>${place}. These actions of yours are due there. Please post an update, or say that an action is complete, before the meeting.</p>
${table(
  i.actions.map((a) => actionRow(a, details(a))),
  'Details',
)}
${updateLink(i.respondUrl, ' It stops working when the meeting starts.')}
<p>The meeting is attached as a calendar entry.</p>`
  const text = [
    `Dear ${i.owner.name},`,
    '',
    `The ${i.board.name} meets on ${when}${place}. These actions of yours are due there:`,
    '',
    ...i.actions.map((a) => textLine(a, details(a))),
    '',
    ...updateLinkText(
      'Please post an update, or say that an action is complete, before the meeting:',
      i.respondUrl,
      ' It stops working when the meeting starts.',
    ),
    'The meeting is attached as a calendar entry.',
  ].join('\n')
  return { subject, html: layout(subject, body), text }
}

export type OverdueSummaryEmailInput = {
  board: Board
  meeting: Meeting
  report: OverdueReport
  /** Actions due at the meeting: arising there and not already proposed for discharge. */
  dueCount: number
  bounced: BouncedAddress[]
  /** Who the summary reaches, and the chair it is meant for (null if the board has none). */
  reaches: SummaryReach
  chair: Pick<Person, 'name'> | null
}

/**
 * The chair's summary before a meeting: the overdue list grouped by owner (oldest first,
 * with age and carry count), how much is due at the meeting, and which addresses we can no
 * longer write to. It is internal, so exempt actions appear in full, marked. It is sent even
 * when nothing is overdue, so the chair knows the check was made.
 */
export function overdueSummaryEmail(i: OverdueSummaryEmailInput): RenderedEmail {
  const { board, report } = i
  const n = report.total
  const when = meetingWhen(i.meeting, board)
  const place = i.meeting.location ? `, ${i.meeting.location}` : ''
  const subject = `${i.meeting.title}: overdue summary – ${n === 0 ? 'nothing overdue' : `${n} action${n === 1 ? '' : 's'} overdue`}`
  const day = localDay(i.meeting.startsAt, board.timeZone)
  const intro = `This is the overdue summary for the ${board.name} on ${when}${place}.`
  const dueLine =
    i.dueCount === 0
      ? `No actions are due at the meeting on ${day}.`
      : `${i.dueCount} action${i.dueCount === 1 ? ' is' : 's are'} due at the meeting on ${day}.`
  const rule = `Open actions past their due date or carried forward ${report.carryThreshold} or more times, grouped by owner, oldest first. Age counts from the meeting that raised the action.`
  const reachNote = summaryReachNote(i)
  const owner = (g: OverdueGroup) => `${g.owner.name} (${g.owner.initials})`
  const due = (a: OverdueItem) =>
    `${
      a.dueDate
        ? `by ${longDate(a.dueDate)}`
        : a.dueMeetingStartsAt
          ? `at the meeting of ${localDay(a.dueMeetingStartsAt, board.timeZone)}`
          : 'at the next meeting, once scheduled'
    }${a.pastDue ? ' (past due)' : ''}`
  const bouncedLine = (b: BouncedAddress) =>
    `${b.email} – ${b.belongsTo}: ${b.reason === 'bounce' ? 'bounced' : 'complaint'}${b.detail ? ` (${b.detail})` : ''} on ${localDay(b.at, board.timeZone)}`

  const body = html`<h1 style="font-size: 24px">${subject}</h1>
${i.reaches === 'chair' && i.chair ? html`<p>Dear ${i.chair.name},</p>` : ''}
${reachNote ? html`<p><strong>${reachNote}</strong></p>` : ''}
<p>${intro}</p>
<p><strong>${dueLine}</strong></p>
<h2 style="font-size: 19px">Overdue actions</h2>
${
  n === 0
    ? html`<p><strong>Nothing is overdue.</strong></p>`
    : html`<p>${rule}</p>${report.owners.map(
        (g) => html`<h3 style="font-size: 17px">${owner(g)}</h3>${overdueTable(g.actions, due)}`,
      )}`
}
${
  i.bounced.length
    ? html`<h2 style="font-size: 19px">Bounced or complaining addresses</h2>
<p>No email is sent to these addresses until the secretariat lifts the block (once the mailbox is fixed), so their owners are not receiving reminders.</p>
<ul>${i.bounced.map((b) => html`<li>${bouncedLine(b)}</li>`)}</ul>`
    : ''
}`
  const text = [
    ...(i.reaches === 'chair' && i.chair ? [`Dear ${i.chair.name},`, ''] : []),
    ...(reachNote ? [reachNote, ''] : []),
    intro,
    dueLine,
    '',
    'OVERDUE ACTIONS',
    ...(n === 0
      ? ['Nothing is overdue.']
      : [
          rule,
          ...report.owners.flatMap((g) => [
            '',
            owner(g),
            ...g.actions.map((a) => textLine(a, overdueDetails(a, due(a)))),
          ]),
        ]),
    ...(i.bounced.length
      ? [
          '',
          'BOUNCED OR COMPLAINING ADDRESSES',
          'No email is sent to these addresses until the secretariat lifts the block (once the mailbox is fixed):',
          ...i.bounced.map((b) => `- ${bouncedLine(b)}`),
        ]
      : []),
    '',
    '-- Sent by the meeting action tracker. Reply to the secretariat if anything here is wrong.',
  ].join('\n')
  return { subject, html: layout(subject, body), text }
}

/** Why the summary reached someone other than the chair, or null if it reached the chair. */
function summaryReachNote(i: Pick<OverdueSummaryEmailInput, 'board' | 'reaches' | 'chair'>): string | null {
  if (i.reaches === 'chair') return null
  if (i.reaches === 'deputy')
    return `This summary is for ${i.chair?.name ?? 'the chair'}, chair of the ${i.board.name}. It comes to you as their deputy because their email address cannot be reached.`
  return i.chair
    ? `This summary is for ${i.chair.name}, chair of the ${i.board.name}. It comes to the secretariat because neither the chair's email address nor a deputy's can be reached.`
    : `The ${i.board.name} has no chair recorded, so this summary comes to the secretariat.`
}

const overdueDetails = (a: OverdueItem, due: string) =>
  `due ${due}; ${a.ageDays} day${a.ageDays === 1 ? '' : 's'} old; ${
    a.carryCount
      ? `carried forward ${a.carryCount} time${a.carryCount === 1 ? '' : 's'}`
      : 'not carried forward'
  }`

const cell = 'padding: 6px; border-bottom: 1px solid #b1b4b6; vertical-align: top'
const head = 'text-align: left; padding: 6px; border-bottom: 2px solid #0b0c0c'

function overdueTable(actions: OverdueItem[], due: (a: OverdueItem) => string): Html {
  return html`<table style="border-collapse: collapse; width: 100%"><thead><tr>
<th scope="col" style="${head}">Reference</th>
<th scope="col" style="${head}">Action</th>
<th scope="col" style="${head}">Due</th>
<th scope="col" style="${head}">Age (days)</th>
<th scope="col" style="${head}">Times carried</th>
</tr></thead><tbody>${actions.map(
    (a) => html`<tr>
<td style="${cell}; white-space: nowrap">${a.ref}</td>
<td style="${cell}">${a.exempt ? html`<strong>${exemptMark(a)}</strong><br>` : ''}${a.description}</td>
<td style="${cell}">${a.pastDue ? html`<strong>${due(a)}</strong>` : due(a)}</td>
<td style="${cell}; text-align: right">${a.ageDays}</td>
<td style="${cell}; text-align: right">${a.carriedTooOften ? html`<strong>${a.carryCount}</strong>` : a.carryCount}</td>
</tr>`,
  )}</tbody></table>`
}

/** "1 June 2026" for an instant, in the board's time zone; the raw value if it is not one. */
function localDay(instant: string, timeZone: string): string {
  const d = new Date(instant)
  return Number.isNaN(d.getTime()) ? instant : longDate(isoDateIn(d, timeZone))
}
