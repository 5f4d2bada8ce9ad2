import type { Board } from '#shared/domain/board.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import type { Draft, DraftMatch } from '#shared/domain/minutes-import.ts'
import type { MinutesRead } from '#shared/domain/minutes-read.ts'
import type { Person } from '#shared/domain/person.ts'
import { isoDateIn } from '#shared/domain/time.ts'
import { longDate } from '#shared/mail/templates.ts'
import type { ImportView } from '#shared/usecases/minutes-imports.ts'
import {
  Button,
  Checkboxes,
  Details,
  ErrorSummary,
  FormKey,
  FormTable,
  formFields,
  Input,
  rowIssueLabels,
  Select,
  SummaryList,
  Tag,
  type TagColour,
  Textarea,
} from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { render } from '../../http/ui/page.tsx'
import type { Signed } from '../kit.ts'
import { A, boardCrumbs, Done, fullNames, H2, P, Shell } from '../shell.tsx'

/**
 * The review of a minutes import: every draft the reader found, with the words it came from,
 * to accept (as it is or edited) or reject, a row each, in one form. Nothing reaches the log
 * until it is accepted here.
 */
export const REVIEW = 'review'
export const NAMES = 'names'

export type ReviewView = {
  board: Board
  meeting: Meeting
  imp: ImportView
  people: ReadonlyMap<string, Person>
  /** The board's members and this meeting's guests: whom an unknown name may be. */
  members: readonly Person[]
  /** Whether accepted actions email their owners unless the form says otherwise. */
  emailsByDefault: boolean
}

const KIND_HEADING: Record<MinutesRead['kind'], string> = {
  action: 'Actions',
  outcome: 'Actions Arising: outcomes',
  attendance: 'Attendance',
  approval: 'Approval of minutes',
  'next-meeting': 'Next meeting',
}

const MATCH: Record<DraftMatch, { label: string; colour: TagColour }> = {
  new: { label: 'New', colour: 'blue' },
  matches: { label: 'Already in the log', colour: 'grey' },
  conflicts: { label: 'Conflicts', colour: 'red' },
  'not-found': { label: 'Not found', colour: 'yellow' },
}

/** What a draft is called in the error summary and its fields' hidden labels. */
export function draftName(d: Draft): string {
  const r = d.read
  switch (r.kind) {
    case 'action':
    case 'outcome':
      return r.ref ?? `${r.kind === 'action' ? 'Action' : 'Outcome'} “${shortened(r.description)}”`
    case 'attendance':
      return r.name
    case 'approval':
      if (!r.previous) return 'Approval of these minutes'
      return r.meetingDate
        ? `Approval of the previous minutes (${longDate(r.meetingDate)})`
        : 'Approval of the previous minutes'
    case 'next-meeting':
      return r.date ? `Next meeting, ${longDate(r.date)}` : 'Next meeting'
  }
}

/** The first words of a description, to name a draft that has no reference. */
function shortened(text: string): string {
  if (text.length <= 48) return text
  return `${text.slice(0, 48).replace(/\s+\S*$/, '')}…`
}

const FIELDS: Record<string, string> = {
  decision: 'decision',
  ref: 'reference',
  description: 'description',
  owners: 'owners',
  outcome: 'outcome',
  note: 'note',
  personId: 'person',
  id: 'draft',
}

export function reviewLabels(v: ReviewView, state?: FormState): (path: string) => string | undefined {
  if (state?.form === NAMES)
    return rowIssueLabels(new Map(v.imp.unknownInitials.map((n) => [nameKey(n), `“${n}”`])), {
      who: 'who it is',
      fullName: 'full name',
      initials: 'initials',
      email: 'mailbox',
    })
  const names = new Map(v.imp.drafts.map((d) => [d.id, draftName(d)]))
  return rowIssueLabels(names, FIELDS, { notifyOwners: 'Emails' })
}

export function reviewPage(s: Signed, v: ReviewView, state?: FormState, done?: string): string {
  const { imp, meeting } = v
  const pending = imp.drafts.filter((d) => d.decision === 'pending')
  const decided = imp.drafts.filter((d) => d.decision !== 'pending')
  const title = `Review the minutes of ${meeting.title}`
  return render(
    <Shell
      s={s}
      title={title}
      error={!!state && state.issues.length > 0}
      breadcrumbs={boardCrumbs(v.board, { href: `/ui/meetings/${meeting.id}`, label: meeting.title })}
    >
      <ErrorSummary state={state} labels={reviewLabels(v, state)} />
      <Done done={done} />
      <h1 class="govuk-heading-l">{title}</h1>
      <SummaryList
        rows={[
          { key: 'Read from', value: sourceText(imp) },
          { key: 'Found', value: countsText(imp.drafts) },
          {
            key: 'Waiting for you',
            value: pending.length === 0 ? 'Nothing: every draft is decided' : String(pending.length),
          },
        ]}
      />
      <P>
        Nothing from these minutes is in the action log until you accept it. Check each draft against the
        words it was read from, change what the reader got wrong, then accept or reject it.
      </P>
      {imp.referencesDated ? (
        <div class="govuk-inset-text">
          These minutes' references are dated {longDate(imp.referencesDated)}, but this meeting is on{' '}
          {longDate(isoDateIn(new Date(meeting.startsAt), v.board.timeZone))}: they may be another meeting's
          minutes. Their actions would read as earlier actions' outcomes here. Check you are on the right
          meeting before accepting anything.
        </div>
      ) : null}
      {imp.unknownInitials.length > 0 ? <UnknownNames v={v} state={state} /> : null}
      {pending.length > 0 ? <ReviewForm v={v} drafts={pending} state={state} /> : null}
      {decided.length > 0 ? <DecidedTable v={v} drafts={decided} /> : null}
      <P>
        <A href={`/ui/meetings/${meeting.id}`}>Back to the meeting</A>
      </P>
    </Shell>,
  )
}

function sourceText(imp: ImportView): string {
  const what = { docx: 'a Word file', pdf: 'a PDF', txt: 'a text file', text: 'pasted text' }[
    imp.source.format
  ]
  const name = imp.source.name ? ` (${imp.source.name})` : ''
  const pages = imp.source.pages ? `, ${imp.source.pages} page${imp.source.pages === 1 ? '' : 's'}` : ''
  return `${what}${name}${pages}`
}

function countsText(drafts: readonly Draft[]): string {
  if (drafts.length === 0) return 'Nothing the reader recognised'
  const counts = new Map<string, number>()
  for (const d of drafts) counts.set(d.read.kind, (counts.get(d.read.kind) ?? 0) + 1)
  const words: Record<string, [string, string]> = {
    action: ['action', 'actions'],
    outcome: ['outcome', 'outcomes'],
    attendance: ['attendance entry', 'attendance entries'],
    approval: ['approval of minutes', 'approvals of minutes'],
    'next-meeting': ['next meeting', 'next meetings'],
  }
  return [...counts].map(([kind, n]) => `${n} ${(words[kind] ?? [kind, kind])[n === 1 ? 0 : 1]}`).join(', ')
}

/**
 * Initials the drafts use that no member or guest has, in one form: each row can become a
 * new person or team on the board, or another name of someone who is, before the drafts that
 * use it are accepted. Rows left as they are change nothing.
 */
function UnknownNames({ v, state }: { v: ReviewView; state?: FormState | undefined }) {
  const mine = state?.form === NAMES ? state : undefined
  const names = unknownNames(v)
  return (
    <>
      <H2 id="names">Names no one on the board has</H2>
      <P>
        The drafts use {names.length === 1 ? 'this name' : 'these names'}, which match no member of the{' '}
        {v.board.name} or guest of this meeting. Say who each is: someone already on the board (it becomes
        another name of theirs), or a new person or team. The drafts then find them.
      </P>
      <form method="post" action={`/ui/minutes-imports/${v.imp.id}/names`} novalidate>
        <FormKey />
        <FormTable
          caption="Names no one on the board has"
          head={['Name in the minutes', 'Who it is', 'Full name', 'Initials', 'Mailbox']}
          rows={names.map((n) => {
            // The name is the row's key, so it stays the same as other rows are placed; encoded,
            // as names carry spaces and punctuation that ids and field names should not.
            const key = nameKey(n.name)
            const label = (what: string) => `${what} for “${n.name}”`
            const field = formFields(NAMES, mine, key)
            return {
              key,
              cells: [
                <>
                  {n.name}
                  <br />
                  <span class="govuk-body-s">{n.usedBy}</span>
                </>,
                <Select
                  {...field('who')}
                  label={label('Who it is')}
                  labelHidden
                  options={[
                    { value: '', label: 'Leave for now' },
                    { value: 'person', label: 'A new person' },
                    { value: 'team', label: 'A new team' },
                    ...v.members.map((p) => ({ value: p.id, label: `${p.name} (${p.initials})` })),
                  ]}
                />,
                <Input {...field('fullName')} label={label('Full name')} labelHidden value={n.fullName} />,
                <Input
                  {...field('initials')}
                  label={label('Initials')}
                  labelHidden
                  value={n.initials}
                  width={5}
                />,
                <Input
                  {...field('email')}
                  label={label('Mailbox')}
                  labelHidden
                  type="email"
                  autocomplete="off"
                  spellcheck={false}
                />,
              ],
            }
          })}
        />
        <p class="govuk-hint">
          A new person needs a mailbox for their reminders; a new team may instead be given members on its
          page.
        </p>
        <Button secondary>Save names</Button>
      </form>
    </>
  )
}

/**
 * Each unknown name, with where the drafts use it and, from the attendance list, whose it
 * may be; the actions' owners first, since those drafts cannot be accepted without them.
 */
function unknownNames(v: ReviewView) {
  const rows = v.imp.unknownInitials.map((name) => {
    const using = v.imp.drafts.filter((d) => d.decision === 'pending' && d.unknownInitials.includes(name))
    const attendee = using.find((d) => d.read.kind === 'attendance')?.read
    const refs = using.flatMap((d) =>
      (d.read.kind === 'action' || d.read.kind === 'outcome') && d.read.ref ? [d.read.ref] : [],
    )
    const isName = /\s/.test(name.trim())
    return {
      name,
      fullName: attendee?.kind === 'attendance' ? attendee.name : isName ? name : '',
      initials:
        attendee?.kind === 'attendance' && attendee.initials
          ? attendee.initials
          : isName
            ? initialsOf(name)
            : name,
      owns: refs.length > 0,
      usedBy: [
        refs.length > 0 ? `Owner in ${refs.join(', ')}` : null,
        attendee ? 'In the attendance list' : null,
      ]
        .filter(Boolean)
        .join('; '),
    }
  })
  return [...rows.filter((r) => r.owns), ...rows.filter((r) => !r.owns)]
}

/** A name as a row key of the names form (letters, digits, `-` and `_` only). */
export const nameKey = (name: string) => Buffer.from(name, 'utf8').toString('base64url')

/** "Kate Quilley" → "KQ". */
const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')

function ReviewForm({
  v,
  drafts,
  state,
}: {
  v: ReviewView
  drafts: readonly Draft[]
  state?: FormState | undefined
}) {
  const mine = state?.form === REVIEW ? state : undefined
  const kinds = [...new Set(drafts.map((d) => d.read.kind))]
  return (
    <form method="post" action={`/ui/minutes-imports/${v.imp.id}`} novalidate>
      <FormKey />
      {kinds.map((kind) => (
        <>
          <H2 id={`drafts-${kind}`}>{KIND_HEADING[kind]}</H2>
          <FormTable
            caption={KIND_HEADING[kind]}
            head={['Draft', 'What the minutes say', 'Decision']}
            rows={drafts.filter((d) => d.read.kind === kind).map((d) => draftRow(v, d, mine))}
          />
        </>
      ))}
      <Checkboxes
        form={REVIEW}
        name="notifyOwners"
        legend="Emails"
        legendSize="s"
        state={mine}
        values={v.emailsByDefault ? ['yes'] : []}
        hint={
          v.emailsByDefault
            ? undefined
            : 'These minutes are of a meeting more than 30 days ago or already approved: their owners are not emailed unless you ask.'
        }
        options={[{ value: 'yes', label: 'Email the owners of the actions accepted' }]}
      />
      <div class="govuk-button-group">
        <Button>Save decisions</Button>
        <Button secondary name="all" value="accept">
          Accept every draft as shown
        </Button>
        <Button secondary name="all" value="reject">
          Reject every draft
        </Button>
      </div>
    </form>
  )
}

function draftRow(v: ReviewView, d: Draft, state: FormState | undefined) {
  const name = draftName(d)
  const field = formFields(REVIEW, state, d.id)
  const r = d.read
  const match = MATCH[d.match]
  const suggested = r.confidence === 'suggested'
  return {
    key: d.id,
    cells: [
      <>
        <Tag colour={match.colour}>{match.label}</Tag>
        {suggested ? (
          <>
            {' '}
            <Tag colour="purple">Suggested</Tag>
          </>
        ) : null}
        <br />
        <span class="govuk-body-s">{whatItIs(v, d)}</span>
      </>,
      <>
        <Details summary={`Found as (line ${r.line})`} open={false}>
          <pre class="app-excerpt">{r.excerpt}</pre>
        </Details>
        {editFields(v, d, state)}
      </>,
      <Select
        {...field('decision')}
        label={`Decision on ${name}`}
        labelHidden
        value={readyToAccept(d) ? 'accept' : ''}
        options={[
          { value: 'accept', label: 'Accept' },
          { value: 'reject', label: 'Reject' },
          { value: '', label: 'Decide later' },
        ]}
      />,
    ],
  }
}

/**
 * Proposed for acceptance: an explicit draft that can be accepted as it stands. What the
 * reader only suggested, or what names someone unknown or clashes with the log, waits for a
 * person's choice, so "Save decisions" saves what is ready and refuses nothing.
 */
function readyToAccept(d: Draft): boolean {
  const r = d.read
  if (r.confidence === 'suggested' || d.unknownInitials.length > 0) return false
  switch (r.kind) {
    case 'action':
      return d.match !== 'conflicts' && !!r.owners
    case 'outcome':
      // A discharge needs its note: without one, the row waits for it.
      return d.match === 'matches' && (r.outcome !== 'discharged' || !!r.note)
    // Approving minutes starts their rollover: a person chooses it.
    case 'approval':
      return false
    default:
      return d.match !== 'not-found'
  }
}

function whatItIs(v: ReviewView, d: Draft): string {
  const r = d.read
  const owners = d.ownerIds.length > 0 ? fullNames(d.ownerIds, v.people).join(', ') : null
  switch (r.kind) {
    case 'action':
      return [
        owners ? `Owners: ${owners}` : null,
        d.unknownInitials.length > 0 ? `Unknown: ${d.unknownInitials.join(', ')}` : null,
        r.dueHint ? `Due: ${r.dueHint}` : null,
        r.exemptReason ? r.exemptReason : null,
      ]
        .filter(Boolean)
        .join('. ')
    case 'outcome':
      return d.match === 'matches'
        ? `Decision on an action in the log: ${r.outcome === 'discharged' ? 'discharged' : r.outcome === 'carried-forward' ? 'carried forward' : 'an update'}`
        : 'No action in the log has this reference'
    case 'attendance': {
      const who = d.matchedPersonId ? v.people.get(d.matchedPersonId)?.name : null
      const status = { present: 'Present', apologies: 'Apologies', absent: 'Absent' }[r.status]
      return [
        status,
        r.mode === 'online' ? 'online' : r.mode === 'in-person' ? 'in person' : null,
        who ? `is ${who}` : null,
      ]
        .filter(Boolean)
        .join(', ')
    }
    case 'approval':
      return r.approvedOn ? `Approved on ${longDate(r.approvedOn)}` : 'Approved (no date given)'
    case 'next-meeting':
      return r.date ? `${longDate(r.date)}${r.time ? ` at ${r.time}` : ''}` : 'No date given'
  }
}

/** The fields a person may correct before accepting, with what the reader read as their values. */
function editFields(v: ReviewView, d: Draft, state: FormState | undefined) {
  const r = d.read
  const name = draftName(d)
  const field = formFields(REVIEW, state, d.id)
  switch (r.kind) {
    case 'action':
      return (
        <>
          <Input
            {...field('ref')}
            label={`Reference of ${name}`}
            value={r.ref ?? ''}
            hint="Left empty, one is made from the item number"
          />
          <Textarea
            {...field('description')}
            label={`Description of ${name}`}
            value={r.description}
            rows={3}
          />
          <Input
            {...field('owners')}
            label={`Owners of ${name}`}
            value={r.owners ?? ''}
            hint="Initials or aliases, e.g. DT / OPCC"
          />
        </>
      )
    case 'outcome':
      return (
        <>
          <P>{r.description}</P>
          <Select
            {...field('outcome')}
            label={`Outcome of ${name}`}
            value={r.outcome ?? 'carried-forward'}
            options={[
              { value: 'discharged', label: 'Discharge' },
              { value: 'carried-forward', label: 'Carry forward' },
            ]}
          />
          <Textarea {...field('note')} label={`Note on ${name}`} value={r.note ?? ''} rows={2} />
        </>
      )
    case 'attendance':
      return (
        <Select
          {...field('personId')}
          label={`Who “${r.name}” is`}
          value={d.matchedPersonId ?? ''}
          options={[
            { value: '', label: 'No one on the board yet' },
            ...v.members.map((p) => ({ value: p.id, label: `${p.name} (${p.initials})` })),
          ]}
        />
      )
    default:
      return null
  }
}

function DecidedTable({ v, drafts }: { v: ReviewView; drafts: readonly Draft[] }) {
  return (
    <>
      <H2 id="decided">Decided</H2>
      <FormTable
        caption="Drafts decided"
        head={['Draft', 'Decision']}
        rows={drafts.map((d) => ({
          key: d.id,
          cells: [
            <>
              {draftName(d)}
              <br />
              <span class="govuk-body-s">{whatItIs(v, d)}</span>
            </>,
            d.decision === 'accepted' ? (
              <>
                <Tag colour="green">Accepted</Tag>
                {d.result?.actionId ? (
                  <>
                    {' '}
                    <A href={`/ui/actions/${d.result.actionId}`}>Open the action</A>
                  </>
                ) : null}
              </>
            ) : (
              <Tag colour="grey">Rejected</Tag>
            ),
          ],
        }))}
      />
    </>
  )
}
