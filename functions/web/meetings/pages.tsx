import type { Action, RedactedAction } from '#shared/domain/action.ts'
import { approvalLabel, minutesApprovalView } from '#shared/domain/action-log.ts'
import type { Board } from '#shared/domain/board.ts'
import type { Attendance, Meeting } from '#shared/domain/meeting.ts'
import type { MinutesImport } from '#shared/domain/minutes-import.ts'
import type { Person } from '#shared/domain/person.ts'
import {
  mayApproveMinutes,
  mayEditActions,
  mayManageEmail,
  mayReadFullActionLog,
  mayRecordMeetings,
} from '#shared/domain/policy.ts'
import { meetingWhen } from '#shared/mail/templates.ts'
import {
  Button,
  Details,
  ErrorSummary,
  FormKey,
  FormTable,
  formFields,
  Hidden,
  Input,
  type Option,
  type PageLinks,
  Pagination,
  Radios,
  rowField,
  Select,
  SummaryList,
  Table,
  Textarea,
} from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { render } from '../../http/ui/page.tsx'
import { ActionTable } from '../actions/table.tsx'
import type { Signed } from '../kit.ts'
import {
  A,
  boardCrumbs,
  carried,
  Done,
  dateIn,
  dueText,
  ExemptNote,
  ExemptTag,
  fullNames,
  H2,
  lastUpdate,
  localDateTime,
  names,
  P,
  type People,
  personChoices,
  Shell,
  statusLabel,
} from '../shell.tsx'
import { StandingItems } from '../work-programme/pages.tsx'
import { DECIDE, DecisionsForm, decisionLabels } from './decisions.tsx'
import { ImportForm } from './import.tsx'
import { PublicationSection } from './publication.tsx'
import { RAISE, RaiseForm, raiseLabel } from './raise.tsx'

export type MeetingView = {
  board: Board
  meeting: Meeting
  /** This page of Actions Arising (its query, e.g. `?arising=…`, so a refused form redraws it). */
  arising: readonly RedactedAction[]
  arisingQuery: string
  /** After minutes approval: what the rollover did with each action due here. */
  decided: readonly (RedactedAction & { decided: 'discharged' | 'carried-forward' })[]
  raised: readonly RedactedAction[]
  links: { arising: PageLinks; raised: PageLinks }
  later: readonly Meeting[]
  people: People
  allPeople: readonly Person[]
  /** Who the attendance form lists: the board's members and the meeting's guests (everyone while the board has no members). */
  invited: readonly Person[]
  /** Whether the board has members (guests can then be added). */
  hasMembers: boolean
  today: string
  /** The raise form's rows, and what it raised before a row of it was refused. */
  raise: { keys: readonly string[]; raised: readonly Action[] }
  /** The meeting's minutes imports, for the secretariat. */
  imports: readonly MinutesImport[]
  /** Where its open action log is published once approved (null before). */
  publishedPath: string | null
  /** The board's standing items, on every meeting's agenda (the work programme). */
  standing: readonly Action[]
}

const LABELS: Record<string, string> = {
  description: 'What is to be done',
  itemNumber: 'Agenda item',
  owners: 'Owners',
  ownerIds: 'Owners',
  dueMeetingId: 'Due at',
  outcome: 'Outcome',
  note: 'Note',
  approvedOn: 'Date approved',
  reason: 'Why withhold it from publication',
  ...Object.fromEntries(
    [1, 2].flatMap((n) => [
      [`signatory${n}Person`, `Signatory ${n}`],
      [`signatory${n}Name`, `Signatory ${n}: name as written`],
      [`signatory${n}SignedOn`, `Signatory ${n}: date signed`],
    ]),
  ),
  amendments: 'Amendments',
  date: 'Date',
  time: 'Start time',
  location: 'Place',
  status: 'Status',
  exemptSection: 'FOIA exemption',
  attendance: 'Attendance',
}

/** The error summary's names: a row's reference or number for the many-row forms, else the field's label. */
function summaryLabels(v: MeetingView, state: FormState | undefined) {
  if (state?.form === DECIDE) return decisionLabels(v)
  if (state?.form === RAISE) return raiseLabel
  if (state?.form === 'guest') return { guestId: 'Guest' }
  if (state?.form === 'attendance')
    return (path: string) => {
      const [field = '', id = ''] = path.split('.')
      const p = v.people.get(id)
      const label = ATTENDANCE_FIELDS[field]
      return p && label ? label(`${p.name} (${p.initials})`) : undefined
    }
  return LABELS
}

export function meetingPage(s: Signed, v: MeetingView, state?: FormState, done?: string): string {
  const { board, meeting } = v
  const p = s.principal
  const open = meeting.status === 'scheduled' || meeting.status === 'held'
  const deciding = mayEditActions(p) && open
  const approval = minutesApprovalView(meeting, v.people)
  const approveField = formFields('approve', state)
  return render(
    <Shell
      s={s}
      title={meeting.title}
      error={!!state && state.issues.length > 0}
      breadcrumbs={boardCrumbs(board)}
    >
      <ErrorSummary state={state} labels={summaryLabels(v, state)} />
      <Done done={done} />
      <h1 class="govuk-heading-l">{meeting.title}</h1>
      <P lead>
        {meetingWhen(meeting, board)}
        {meeting.location ? `, ${meeting.location}` : ''}. {statusLabel(meeting)}.
      </P>
      {meeting.seriesId ? (
        <p class="govuk-inset-text">
          Part of a series of meetings. Moving or cancelling this one leaves the others in the series as they
          are.
        </p>
      ) : null}
      {mayRecordMeetings(p) && open ? editMeetingForm(v, state) : null}
      {attendance(v, mayRecordMeetings(p) && meeting.status !== 'cancelled', state)}
      <H2 id="arising">Actions Arising</H2>
      <p class="govuk-hint">
        Open actions due at or before this meeting. Record what the meeting decided; it takes effect when the
        minutes are approved.
      </p>
      <StandingItems items={v.standing} board={board} />
      {v.decided.length > 0 ? decidedTable(v) : null}
      {v.arising.length === 0 ? (
        <P>
          {v.decided.length > 0
            ? 'Nothing else is open and due here.'
            : 'No actions are due at this meeting.'}
        </P>
      ) : deciding ? (
        <DecisionsForm v={v} state={state} query={v.arisingQuery} />
      ) : (
        v.arising.map((a) => arisingItem(a, v))
      )}
      <Pagination links={v.links.arising} list="Actions Arising" />
      {mayManageEmail(p) && meeting.status === 'scheduled' && v.arising.length > 0 ? revokeForm(v) : null}
      <H2 id="raised">Actions raised at this meeting</H2>
      <ActionTable list={v.raised} board={board} people={v.people} caption="Actions raised at this meeting" />
      <Pagination links={v.links.raised} list="actions raised at this meeting" />
      {mayManageEmail(p) && v.raised.length > 0 ? assignmentEmailsForm(v) : null}
      {mayEditActions(p) && meeting.status !== 'cancelled' ? (
        <RaiseForm v={v} state={state} keys={v.raise.keys} raised={v.raise.raised} />
      ) : null}
      {mayRecordMeetings(p) && meeting.status !== 'cancelled' ? <ImportForm v={v} state={state} /> : null}
      <H2 id="action-log">Action log</H2>
      <P>For the meeting pack: the Actions Arising and the actions raised at this meeting.</P>
      <ul class="govuk-list govuk-list--bullet">
        <li>Open version (exempt items shown only by their exemption): {downloads(meeting.id, 'open')}</li>
        {mayReadFullActionLog(p) ? (
          <li>Full version (not for publication): {downloads(meeting.id, 'full')}</li>
        ) : null}
      </ul>
      <H2 id="minutes">Minutes</H2>
      {approval && meeting.minutesApproval ? (
        <>
          <P>{approvalLabel(approval)}</P>
          <P>
            {meeting.minutesApproval.amendments ? `Amendments: ${meeting.minutesApproval.amendments} ` : ''}
            The decisions recorded here are applied from the approval: discharged actions close and the others
            are carried to the next meeting, usually within seconds (reload to see them above).
          </P>
        </>
      ) : mayApproveMinutes(p, board) && meeting.status !== 'cancelled' ? (
        <form method="post" action={`/ui/meetings/${meeting.id}/minutes-approval`} novalidate>
          <P>
            Approving the minutes discharges the actions recorded as discharged and carries every other action
            due here to the next meeting. Owners are emailed a summary.
          </P>
          <Input {...approveField('approvedOn')} label="Date approved" type="date" value={v.today} />
          <Textarea
            {...approveField('amendments')}
            label="Amendments (optional)"
            hint="As recorded in the minutes of the approving meeting"
            maxlength={10000}
          />
          {SIGNATORY_ROWS.map((n) => signatoryFields(n, v, state))}
          <FormKey />
          <Button>Approve the minutes</Button>
        </form>
      ) : (
        <P>
          The minutes have not been approved yet. The secretariat
          {board.chairId ? ` or the board's chair, ${fullNames([board.chairId], v.people).join('')},` : ''}{' '}
          records the approval.
        </P>
      )}
      <PublicationSection s={s} v={v} state={state} />
    </Shell>,
  )
}

/** How many signatories the approval form offers (the seeds show two). */
export const SIGNATORY_ROWS = [1, 2] as const

/** One signatory of the approval: someone in the directory or a name as written, and the day they signed. */
function signatoryFields(n: number, v: MeetingView, state?: FormState) {
  const field = formFields('approve', state)
  return (
    <fieldset class="govuk-fieldset">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
        {n === 1 ? 'Signed by (optional)' : 'Also signed by (optional)'}
      </legend>
      <Select
        {...field(`signatory${n}Person`)}
        label={`Signatory ${n}`}
        options={personChoices(
          v.allPeople.filter((p) => p.kind === 'person' && !p.retiredAt),
          'Not in the directory (type the name below)',
        )}
      />
      <Input
        {...field(`signatory${n}Name`)}
        label={`Signatory ${n}: name as written`}
        hint="Only for someone not in the directory, e.g. P. Secombe"
      />
      <Input
        {...field(`signatory${n}SignedOn`)}
        label={`Signatory ${n}: date signed`}
        hint="Leave empty if it is the date approved"
        type="date"
      />
    </fieldset>
  )
}

/** The secretariat reschedules, moves, marks held or cancels a meeting. */
function editMeetingForm(v: MeetingView, state?: FormState) {
  const { meeting, board } = v
  const form = 'change'
  const field = formFields(form, state)
  const at = localDateTime(meeting.startsAt, board.timeZone)
  return (
    <Details summary="Change this meeting" open={state?.form === form}>
      <form method="post" action={`/ui/meetings/${meeting.id}`} novalidate>
        <Hidden name="version" value={String(meeting.version)} />
        <Input {...field('date')} label="Date" type="date" value={at.date} />
        <Input
          {...field('time')}
          label="Start time"
          type="time"
          value={at.time}
          hint={`In ${board.timeZone} time`}
        />
        <Input {...field('location')} label="Place" value={meeting.location ?? ''} />
        <Radios
          {...field('status')}
          legend="Status"
          value={meeting.status}
          options={[
            { value: 'scheduled', label: 'Scheduled' },
            { value: 'held', label: 'Held' },
            { value: 'cancelled', label: 'Cancelled', hint: 'Its actions move to the next meeting' },
          ]}
        />
        <FormKey />
        <Button secondary>Save changes</Button>
      </form>
    </Details>
  )
}

/** Each attendance field's label, naming its row's person. */
const ATTENDANCE_FIELDS: Record<string, (who: string) => string> = {
  attendance: (who) => `Attendance of ${who}`,
  mode: (who) => `How ${who} attended`,
  timing: (who) => `Whether ${who} joined late or left early`,
  role: (who) => `Role of ${who}`,
  representedBy: (who) => `Who represented ${who}`,
}
const ATTENDANCE = { present: 'Present', apologies: 'Apologies', absent: 'Absent' } as const
const MODE = { 'in-person': 'In person', online: 'Online' } as const
const TIMING = { 'joined-late': 'Joined late', 'left-early': 'Left early' } as const
const ROLE = { chair: 'Chair', 'minute-taker': 'Minute taker' } as const
const choices = (none: string, labels: Record<string, string>) => [
  { value: '', label: none },
  ...Object.entries(labels).map(([value, label]) => ({ value, label })),
]

/** "Present, online, left early (minute taker)"; "Apologies, represented by Ben Smith". */
function attendanceLine(a: Attendance, people: ReadonlyMap<string, Person>): string {
  const by = a.representedBy ? people.get(a.representedBy)?.name : undefined
  return [
    ATTENDANCE[a.status],
    a.mode ? MODE[a.mode].toLowerCase() : null,
    a.timing ? TIMING[a.timing].toLowerCase() : null,
    by ? `${a.substitute ? 'substituted' : 'represented'} by ${by}` : null,
  ]
    .filter(Boolean)
    .join(', ')
    .concat(a.role ? ` (${ROLE[a.role].toLowerCase()})` : '')
}

/**
 * Who attended, as the minutes list them; the secretariat records it in one form, a row a
 * person: the board's members and this meeting's guests (while the board has no members,
 * everyone in the directory), and adds a guest to this meeting from the directory.
 */
function attendance(v: MeetingView, editable: boolean, state?: FormState) {
  const recorded = new Map(v.meeting.attendance.map((a) => [a.personId, a]))
  if (!editable) {
    return v.meeting.attendance.length === 0 ? null : (
      <>
        <H2>Attendance</H2>
        <ul class="govuk-list">
          {v.meeting.attendance.map((a) => (
            <li>
              {fullNames([a.personId], v.people)}: {attendanceLine(a, v.people)}
            </li>
          ))}
        </ul>
      </>
    )
  }
  const guests = new Set(v.meeting.guestIds)
  const listed = v.meeting.attendance.length
  const standIns = [
    { value: '', label: 'No one' },
    ...v.invited.map((p) => ({ value: p.id, label: `${p.name} (${p.initials})` })),
  ]
  const invited = new Set(v.invited.map((p) => p.id))
  const others = v.allPeople.filter((p) => p.kind === 'person' && !invited.has(p.id) && !p.retiredAt)
  return (
    <>
      <H2 id="attendance">Attendance</H2>
      <P>
        {listed === 0 ? 'Not recorded yet.' : `${listed} listed.`}{' '}
        {v.hasMembers ? "The list is the board's members and this meeting's guests." : ''}
      </P>
      <Details summary="Record attendance" open={state?.form === 'attendance' || state?.form === 'guest'}>
        <form method="post" action={`/ui/meetings/${v.meeting.id}/attendance`} novalidate>
          <FormTable
            caption="Attendance"
            head={['Person', 'Attendance', 'How', 'Arrived or left', 'Role', 'Represented by']}
            rows={v.invited.map((person) => {
              const a = recorded.get(person.id)
              const who = `${person.name} (${person.initials})`
              const field = (name: string, value: string, options: readonly Option[]) => (
                <Select
                  form="attendance"
                  name={rowField(name, person.id)}
                  label={ATTENDANCE_FIELDS[name]?.(who) ?? name}
                  labelHidden
                  value={value}
                  options={options}
                />
              )
              return {
                key: person.id,
                cells: [
                  <>
                    {who}
                    {guests.has(person.id) ? ' (guest)' : ''}
                    {person.role ? (
                      <>
                        <br />
                        <span class="govuk-body-s">{person.role}</span>
                      </>
                    ) : null}
                  </>,
                  field('attendance', a?.status ?? '', choices('Not listed', ATTENDANCE)),
                  field('mode', a?.mode ?? '', choices('Not said', MODE)),
                  field('timing', a?.timing ?? '', choices('Throughout', TIMING)),
                  field('role', a?.role ?? '', choices('None', ROLE)),
                  field('representedBy', a?.representedBy ?? '', standIns),
                ],
              }
            })}
          />
          <Button secondary>Save attendance</Button>
        </form>
        {v.hasMembers && others.length > 0 ? (
          <form method="post" action={`/ui/meetings/${v.meeting.id}/guests`} novalidate>
            <Hidden name="version" value={String(v.meeting.version)} />
            <Select
              form="guest"
              name="guestId"
              label="Add a guest to this meeting"
              hint="Someone from the directory who is not a member of the board, invited to this meeting only"
              state={state}
              options={personChoices(others, 'Choose a person')}
            />
            <Button secondary>Add guest</Button>
          </form>
        ) : null}
      </Details>
    </>
  )
}

/** An action arising, for a reader who does not decide (the secretariat decides them all in one form). */
function arisingItem(a: RedactedAction, v: MeetingView) {
  const proposed = a.proposedOutcome?.meetingId === v.meeting.id ? a.proposedOutcome : null
  return (
    <section class="app-arising" aria-labelledby={`arising-${a.id}`}>
      <h3 id={`arising-${a.id}`} class="govuk-heading-s">
        <A href={`/ui/actions/${a.id}`}>{a.ref}</A>
      </h3>
      <ExemptNote a={a} />
      {a.redacted ? null : <P>{a.description}</P>}
      <SummaryList
        rows={[
          { key: 'Owners', value: fullNames(a.ownerIds, v.people).join(', ') },
          { key: 'Due', value: dueText(a, v.board) },
          { key: 'Carried forward', value: carried(a.carryCount) },
          { key: 'Last update', value: lastUpdate(a) || 'None yet' },
          {
            key: 'Decision',
            value: proposed
              ? `${proposed.outcome === 'discharged' ? 'Discharge' : 'Carry forward'}${proposed.note ? `: ${proposed.note}` : ''}`
              : 'None recorded',
          },
        ]}
      />
    </section>
  )
}

function downloads(meetingId: string, version: 'open' | 'full') {
  const link = (format: string, label: string) => (
    <a class="govuk-link" href={`/ui/meetings/${meetingId}/action-log?format=${format}&version=${version}`}>
      {label}
      <span class="govuk-visually-hidden"> ({version} version)</span>
    </a>
  )
  return (
    <>
      {link('docx', 'Word')}, {link('csv', 'CSV')}, {link('html', 'web page to print')}
    </>
  )
}

/**
 * Owners hear of new actions in one email per sitting after a quiet period; actions entered
 * from old minutes email nobody. This sends the sitting's emails now, those included.
 */
function assignmentEmailsForm(v: MeetingView) {
  return (
    <form method="post" action={`/ui/meetings/${v.meeting.id}/assignment-emails`}>
      <p class="govuk-hint">
        Owners are emailed their new actions together, 10 minutes after the last one is entered. Actions
        entered for a meeting more than 30 days ago, or whose minutes are approved, email nobody until you
        send them. Nobody is told of the same action twice.
      </p>
      <Button secondary>Email the owners their actions now</Button>
    </form>
  )
}

/** After a reminder was forwarded by mistake: the owner's links for this meeting stop working. */
function revokeForm(v: MeetingView) {
  const owners = [...new Set(v.arising.flatMap((a) => a.ownerIds))]
  return (
    <Details summary="Withdraw an owner's reminder link">
      <form method="post" action={`/ui/meetings/${v.meeting.id}/owner-links/revoke`}>
        <P>
          Every link already sent to that owner for this meeting stops working (for example after a reminder
          was forwarded). Their next reminder brings a new one.
        </P>
        <Select
          form="revoke"
          name="ownerId"
          label="Owner"
          options={owners.map((id) => ({ value: id, label: fullNames([id], v.people).join('') }))}
        />
        <Button secondary>Withdraw their links</Button>
      </form>
    </Details>
  )
}

function decidedTable(v: MeetingView) {
  return (
    <Table
      caption="Decided at this meeting"
      head={['Reference', 'Action', 'Owners', 'Decision']}
      rows={v.decided.map((a) => [
        <A href={`/ui/actions/${a.id}`}>{a.ref}</A>,
        <>
          <ExemptTag a={a} />
          {a.redacted ? '' : a.description}
        </>,
        names(a.ownerIds, v.people),
        a.decided === 'discharged'
          ? `Discharged${a.discharge?.note && !a.redacted ? `: ${a.discharge.note}` : ''}`
          : `Carried forward (${carried(a.carryCount)})${a.dueMeetingStartsAt ? ` to ${dateIn(a.dueMeetingStartsAt, v.board)}` : ', waiting for a meeting'}`,
      ])}
    />
  )
}
