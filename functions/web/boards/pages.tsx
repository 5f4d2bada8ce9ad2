import { type Board, boardWriteBlocker } from '#shared/domain/board.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import type { Occurrence } from '#shared/domain/meeting-series.ts'
import type { Person } from '#shared/domain/person.ts'
import { mayManageBoards, mayManagePeople, mayRecordMeetings } from '#shared/domain/policy.ts'
import { meetingWhen } from '#shared/mail/templates.ts'
import { publishedIndexPath } from '#shared/usecases/publication.ts'
import {
  Button,
  Details,
  ErrorSummary,
  FormKey,
  formFields,
  Hidden,
  Input,
  type PageLinks,
  Pagination,
  Select,
  Table,
  Tag,
} from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { render } from '../../http/ui/page.tsx'
import { ConfirmButtons, WarningLink, WarningText } from '../actions/confirm.tsx'
import type { Signed } from '../kit.ts'
import {
  A,
  boardCrumbs,
  Done,
  dateIn,
  H1,
  H2,
  nameAndInitials,
  P,
  personChoices,
  Shell,
  statusLabel,
} from '../shell.tsx'
import { SERIES, SERIES_LABELS, SeriesForm } from './series.tsx'

const chairOptions = (people: readonly Person[], none: string) =>
  personChoices(
    people.filter((p) => p.kind === 'person'),
    none,
  )

/** The labels of the fields a board is added with (see BoardFields). */
const BOARD_LABELS = {
  name: 'Name',
  shortName: 'Short name',
  secretariatEmails: 'Secretariat mailboxes',
  chairId: 'Chair',
}

export function boardsPage(
  s: Signed,
  boards: readonly Board[],
  links: PageLinks,
  people: readonly Person[],
  state?: FormState,
  withRetired = false,
): string {
  const form = 'board'
  return render(
    <Shell s={s} title="Boards" error={!!state} current="/ui/boards">
      <ErrorSummary state={state} labels={BOARD_LABELS} />
      <H1>Boards</H1>
      {boards.length === 0 ? (
        <P>There are no boards yet.</P>
      ) : (
        <ul class="govuk-list">
          {boards.map((b) => (
            <li>
              <a class="govuk-link" href={`/ui/boards/${b.id}`}>
                {b.name}
              </a>{' '}
              ({b.shortName}) {b.retiredAt ? <Tag colour="grey">Retired</Tag> : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination links={links} list="boards" />
      <P>
        {withRetired ? (
          <A href="/ui/boards">Hide retired boards</A>
        ) : (
          <A href="/ui/boards?include=retired">Show retired boards</A>
        )}
      </P>
      {mayManageBoards(s.principal) ? (
        <>
          <H2>Add a board</H2>
          <form method="post" action="/ui/boards" novalidate>
            <BoardFields form={form} state={state} people={people} />
            <FormKey />
            <Button>Add board</Button>
          </form>
        </>
      ) : null}
    </Shell>,
  )
}

/**
 * The fields a board is added with, which its settings change again: for a new board empty,
 * with examples; for a board, holding what it has now.
 */
function BoardFields(o: {
  form: string
  state: FormState | undefined
  people: readonly Person[]
  board?: Board
}) {
  const { form, state, board } = o
  const field = formFields(form, state)
  return (
    <>
      <Input
        {...field('name')}
        label="Name"
        value={board?.name}
        hint={board ? undefined : 'For example, Performance Accountability Meeting'}
      />
      <Input
        {...field('shortName')}
        label="Short name"
        value={board?.shortName}
        hint={board ? 'Used in references to meetings, e.g. PAM' : 'For example, PAM'}
        width={10}
      />
      <Input
        {...field('secretariatEmails')}
        label="Secretariat mailboxes"
        value={board?.secretariatEmails.join(', ')}
        hint="One or more addresses, separated by commas"
        spellcheck={false}
      />
      <Select
        {...field('chairId')}
        label="Chair"
        hint="Receives the overdue summary and may approve the minutes"
        value={board?.chairId ?? ''}
        options={chairOptions(o.people, board ? '(none)' : '(choose later)')}
      />
    </>
  )
}

/** The board's settings that are one whole number, each a short numeric field: name, label, hint. */
const WHOLE_NUMBER_SETTINGS = [
  ['summaryDaysBefore', "Chair's summary", 'Days before each meeting'],
  ['overdueCarryThreshold', 'Overdue after', 'Times carried forward before an action counts as overdue'],
  [
    'meetingLengthMinutes',
    'Meeting length',
    'Minutes; sets the end of the calendar entry sent with reminders',
  ],
] as const satisfies readonly (readonly [keyof Board, string, string])[]

export type BoardView = {
  board: Board
  /** From now on, earliest first. */
  upcoming: readonly Meeting[]
  /** Before now, latest first. */
  past: readonly Meeting[]
  links: { upcoming: PageLinks; past: PageLinks }
  people: readonly Person[]
  /** The board's members (people and teams), by initials. */
  members: readonly Person[]
  /** The dates the series form would make, when it asked for a preview. */
  preview?: readonly Occurrence[] | undefined
}

export function boardPage(s: Signed, v: BoardView, state?: FormState, done?: string): string {
  const { board } = v
  const writable = boardWriteBlocker(board) === null
  const table = (id: string, caption: string, list: readonly Meeting[], links: PageLinks) => (
    <div id={id}>
      {list.length === 0 ? (
        <>
          <h2 class="govuk-heading-m">{caption}</h2>
          <P>No {caption.toLowerCase()}.</P>
        </>
      ) : (
        <Table
          caption={caption}
          head={['Meeting', 'When', 'Status']}
          rows={list.map((m) => [
            <A href={`/ui/meetings/${m.id}`}>{m.title}</A>,
            `${meetingWhen(m, board)}${m.location ? `, ${m.location}` : ''}`,
            statusLabel(m),
          ])}
        />
      )}
      <Pagination links={links} list={caption.toLowerCase()} />
    </div>
  )
  return render(
    <Shell s={s} title={board.name} error={!!state} breadcrumbs={[{ href: '/ui/boards', label: 'Boards' }]}>
      <ErrorSummary
        state={state}
        labels={{
          date: 'Date',
          time: 'Time',
          location: 'Place',
          startsAt: 'Date',
          ...BOARD_LABELS,
          personId: 'Person or team',
          reminderDaysBefore: 'Reminders',
          summaryDaysBefore: "Chair's summary",
          overdueCarryThreshold: 'Overdue after',
          meetingLengthMinutes: 'Meeting length',
          ...(state?.form === SERIES ? SERIES_LABELS : {}),
        }}
      />
      <Done done={done} />
      <H1>
        {board.name} {board.retiredAt ? <Tag colour="grey">Retired</Tag> : null}
      </H1>
      {board.retiredAt ? (
        <div class="govuk-inset-text">
          This board was retired on {dateIn(board.retiredAt, board)}. Its meetings and actions can be read but
          not changed.
        </div>
      ) : null}
      <P lead>
        Secretariat: {board.secretariatEmails.join(', ')}. Reminders {board.reminderDaysBefore.join(' and ')}{' '}
        days before each meeting; the chair's summary {board.summaryDaysBefore} days before.
      </P>
      <P>
        <A href={`/ui/boards/${board.id}/actions`}>Action log</A>: every action of the board, to search and
        filter, and as CSV.
      </P>
      <P>
        <A href={publishedIndexPath(board.id)}>Published action logs</A>: the open log of each meeting whose
        minutes are approved, public without signing in.
      </P>
      <P>
        <A href={`/ui/boards/${board.id}/work-programme`}>Work programme</A>: the reports due at each coming
        meeting, the standing items, the items to be timetabled and the briefing notes, as Word, CSV and a
        printable page.
      </P>
      {table('upcoming', 'Upcoming meetings', v.upcoming, v.links.upcoming)}
      {table('past', 'Past meetings', v.past, v.links.past)}
      {membersSection(s, v, state, writable)}
      {writable && mayRecordMeetings(s.principal) ? (
        <>
          <H2>Schedule a meeting</H2>
          <form method="post" action={`/ui/boards/${board.id}/meetings`} novalidate>
            <Input form="meeting" name="date" label="Date" type="date" state={state} />
            <Input
              form="meeting"
              name="time"
              label="Start time"
              type="time"
              value="10:00"
              hint={`In ${board.timeZone} time`}
              state={state}
            />
            <Input form="meeting" name="location" label="Place (optional)" state={state} />
            <FormKey />
            <Button>Schedule meeting</Button>
          </form>
          <SeriesForm board={board} state={state?.form === SERIES ? state : undefined} preview={v.preview} />
        </>
      ) : null}
      {writable && mayManageBoards(s.principal) ? (
        <>
          {boardSettings(v, state)}
          <H2>Retire this board</H2>
          <P>If it was made in error or has been wound up. It stays readable, and takes no more changes.</P>
          <WarningLink href={`/ui/boards/${board.id}/retire`}>Retire this board</WarningLink>
        </>
      ) : null}
    </Shell>,
  )
}

/** The board's settings: who runs it, when reminders and the chair's summary go, how long meetings last. */
function boardSettings({ board, people }: BoardView, state?: FormState) {
  const form = 'board-settings'
  const field = formFields(form, state)
  return (
    <Details summary="Change the board's settings" open={state?.form === form}>
      <form method="post" action={`/ui/boards/${board.id}`} novalidate>
        <Hidden name="version" value={String(board.version)} />
        <BoardFields form={form} state={state} people={people} board={board} />
        <Input
          {...field('reminderDaysBefore')}
          label="Reminders"
          value={board.reminderDaysBefore.join(', ')}
          hint="Days before each meeting that owners are reminded, e.g. 7, 2"
          width={10}
        />
        {WHOLE_NUMBER_SETTINGS.map(([name, label, hint]) => (
          <Input
            {...field(name)}
            label={label}
            value={String(board[name])}
            hint={hint}
            inputmode="numeric"
            width={3}
          />
        ))}
        <FormKey />
        <Button secondary>Save settings</Button>
      </form>
    </Details>
  )
}

/**
 * The board's members: its attendance list and whom its actions' owners are named from.
 * Initials and aliases need only be unique among them, so the directory may hold two DPs.
 */
function membersSection(s: Signed, v: BoardView, state: FormState | undefined, writable: boolean) {
  const { board, members } = v
  const manage = writable && mayManagePeople(s.principal)
  const isMember = new Set(members.map((m) => m.id))
  const candidates = v.people.filter((p) => !p.retiredAt && !isMember.has(p.id))
  return (
    <div id="members">
      <H2>Members</H2>
      <P>
        The board's attendance list, and the people and teams its actions' owners are named from by initials.
        {members.length === 0 ? ' While it has none, owners are named from the whole directory.' : ''}
      </P>
      {members.length === 0 ? (
        <P>No members yet.</P>
      ) : (
        <Table
          caption="Members of the board"
          captionHidden
          head={['Initials', 'Name', ...(manage ? [<span class="govuk-visually-hidden">Change</span>] : [])]}
          rows={members.map((m) => [
            `${m.initials}${m.aliases.length > 0 ? ` (also ${m.aliases.join(', ')})` : ''}`,
            m.kind === 'team' ? `${m.name} (team)` : `${m.name}${m.role ? `, ${m.role}` : ''}`,
            ...(manage
              ? [
                  <form method="post" action={`/ui/boards/${board.id}/members/remove`}>
                    <Hidden name="personId" value={m.id} />
                    {/* The Design System's secondary button, without its margin: a row of a table. */}
                    <button
                      type="submit"
                      class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      data-module="govuk-button"
                    >
                      Remove<span class="govuk-visually-hidden"> {m.name} from the board</span>
                    </button>
                  </form>,
                ]
              : []),
          ])}
        />
      )}
      {manage ? (
        candidates.length === 0 ? (
          <P>Everyone in the directory is a member.</P>
        ) : (
          <form method="post" action={`/ui/boards/${board.id}/members`} novalidate>
            <Select
              form="member"
              name="personId"
              label="Add a member"
              hint="From the directory of people and teams"
              state={state}
              options={personChoices(
                candidates,
                'Choose a person or team',
                (p) => `${nameAndInitials(p)}${p.kind === 'team' ? ', team' : ''}`,
              )}
            />
            <FormKey />
            <Button secondary>Add member</Button>
          </form>
        )
      ) : null}
    </div>
  )
}

/** "Are you sure?" before retiring a board: it cannot take changes afterwards. */
export function retirePage(s: Signed, board: Board, state?: FormState): string {
  const issue = state?.issues[0]
  return render(
    <Shell s={s} title={`Retire the ${board.name}`} error={!!state} breadcrumbs={boardCrumbs(board)}>
      <ErrorSummary items={issue ? [{ href: '#retire-confirm', text: issue.message }] : []} />
      <H1>Retire the {board.name}?</H1>
      <WarningText>
        A retired board leaves the list of boards, gets no reminders or summaries, and takes no more changes.
        Its meetings and actions stay readable.
      </WarningText>
      <form method="post" action={`/ui/boards/${board.id}/retire`} novalidate>
        <Hidden name="version" value={String(board.version)} />
        <FormKey />
        <ConfirmButtons label="Retire board" cancel={`/ui/boards/${board.id}`} id="retire-confirm" />
      </form>
    </Shell>,
  )
}
