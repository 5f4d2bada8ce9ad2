import type { Board } from '#shared/domain/board.ts'
import type { Person } from '#shared/domain/person.ts'
import { mayManageEmail, mayManagePeople, mayViewSuppressions } from '#shared/domain/policy.ts'
import type { Suppression } from '#shared/domain/suppression.ts'
import { longDate } from '#shared/mail/templates.ts'
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
  Radios,
  SummaryList,
  Table,
  Tag,
} from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { messagePage, render } from '../../http/ui/page.tsx'
import type { Signed } from '../kit.ts'
import { A, DONE, Done, H1, H2, navigation, P, type People, Shell } from '../shell.tsx'
import { PERSON_LABELS } from './person-form.ts'

/** The banners after this area's changes (the shared ones and retiring). */
export const PEOPLE_DONE: Record<string, string> = {
  ...DONE,
  retired:
    'The entry was retired. Old actions and minutes still name it; it is no longer a member of any board.',
}

export type PeopleView = {
  people: readonly Person[]
  /** The members and deputies the listed entries name, by id. */
  related: People
  suppressed: readonly Suppression[]
  links: { people: PageLinks; suppressed: PageLinks }
  /** Retired entries are listed too (`?include=retired`). */
  includeRetired: boolean
}

const initialsOf = (ids: readonly string[], byId: People) =>
  ids.map((id) => byId.get(id)?.initials ?? '?').join(', ')

const RetiredTag = () => <Tag colour="grey">Retired</Tag>

/** An address that may wrap only after its @, so a narrow column keeps both halves whole. */
const Mailbox = ({ email }: { email: string }) => {
  const at = email.lastIndexOf('@')
  return at < 0 ? (
    email
  ) : (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  )
}

export function peoplePage(s: Signed, v: PeopleView, state?: FormState, done?: string): string {
  const { people, suppressed } = v
  const p = s.principal
  const byId = new Map([...v.related, ...people.map((x) => [x.id, x] as const)])
  return render(
    <Shell s={s} title="People and teams" error={!!state} current="/ui/people">
      <ErrorSummary state={state} labels={PERSON_LABELS} />
      <Done done={done} />
      <H1>People and teams</H1>
      <ul class="govuk-list">
        {mayManagePeople(p) ? (
          <li>
            <A href="#add">Add a person or team</A>
          </li>
        ) : null}
        <li>
          {v.includeRetired ? (
            <A href="/ui/people">Hide retired people and teams</A>
          ) : (
            <A href="/ui/people?include=retired">Show retired people and teams</A>
          )}
        </li>
      </ul>
      <Table
        caption={v.includeRetired ? 'People and teams, retired ones included' : 'People and teams'}
        captionHidden
        head={[
          'Initials and aliases',
          'Name',
          'Capacity',
          'Organisation',
          'Mailbox',
          'Team members',
          'Deputy',
        ]}
        rows={people.map((x) => [
          // Aliases under the initials: one column for the names the minutes use keeps the table within the page.
          <>
            {x.initials}
            {x.aliases.length > 0 ? (
              <>
                <br />
                also {x.aliases.join(', ')}
              </>
            ) : null}
          </>,
          <>
            {mayManagePeople(p) ? <A href={`/ui/people/${x.id}`}>{x.name}</A> : x.name}
            {x.kind === 'team' ? ' (team)' : ''}
            {x.retiredAt ? (
              <>
                {' '}
                <RetiredTag />
              </>
            ) : null}
          </>,
          x.role ?? '—',
          x.organisation ?? '—',
          x.email ? <Mailbox email={x.email} /> : '—',
          initialsOf(x.memberIds, byId) || '—',
          x.deputyId ? initialsOf([x.deputyId], byId) : '—',
        ])}
      />
      <Pagination links={v.links.people} list="people and teams" />
      {mayViewSuppressions(p) ? (
        <>
          <H2 id="suppressed">Suppressed addresses</H2>
          <p class="govuk-hint">
            Mail to these addresses bounced or was reported as spam, so nothing is sent to them until you lift
            the suppression.
          </p>
          {suppressed.length === 0 ? (
            <P>None.</P>
          ) : (
            <Table
              caption="Suppressed addresses"
              captionHidden
              head={['Address', 'Why', 'Since', <span class="govuk-visually-hidden">Action</span>]}
              rows={suppressed.map((x) => [
                <span class="app-break-words">{x.email}</span>,
                x.reason,
                x.at.slice(0, 10),
                mayManageEmail(p) ? (
                  <form method="post" action="/ui/suppressions/lift">
                    <Hidden name="email" value={x.email} />
                    <Button secondary>
                      Lift<span class="govuk-visually-hidden"> the suppression of {x.email}</span>
                    </Button>
                  </form>
                ) : (
                  ''
                ),
              ])}
            />
          )}
          <Pagination links={v.links.suppressed} list="suppressed addresses" />
        </>
      ) : null}
      {mayManagePeople(p) ? (
        <>
          <H2 id="add">Add a person or team</H2>
          <form method="post" action="/ui/people" novalidate>
            <PersonFormFields form="person" state={state} />
            <FormKey />
            <Button>Add</Button>
          </form>
        </>
      ) : null}
    </Shell>,
  )
}

/**
 * Every field of a directory entry, the same on the add form and the edit form (`person`,
 * when editing, gives the values it has now).
 */
function PersonFormFields({
  form,
  state,
  person,
  byId,
}: {
  form: string
  state?: FormState | undefined
  person?: Person
  byId?: People
}) {
  const related = byId ?? new Map<string, Person>()
  const field = formFields(form, state)
  return (
    <>
      <Radios
        {...field('kind')}
        legend="Person or team"
        inline
        value={person?.kind ?? 'person'}
        options={[
          { value: 'person', label: 'Person' },
          { value: 'team', label: 'Team' },
        ]}
      />
      <Input {...field('name')} label="Name" value={person?.name} autocomplete="off" />
      <Input
        {...field('initials')}
        label="Initials"
        hint="As the minutes use them, e.g. DT or A&SI. They must differ from those of the other members of each board they sit on"
        value={person?.initials}
        width={5}
        spellcheck={false}
      />
      <Input
        {...field('aliases')}
        label="Aliases (optional)"
        hint="Other names the minutes use for them, separated by commas or spaces, e.g. PCC, PS"
        value={person?.aliases.join(', ')}
        width={20}
        spellcheck={false}
      />
      <Input
        {...field('role')}
        label="Capacity (optional)"
        hint="As in the minutes' attendance list, e.g. ACC - Local Policing"
        value={person?.role ?? ''}
      />
      <Input
        {...field('organisation')}
        label="Organisation (optional)"
        hint="The body they belong to, e.g. OPCC, Police, Council"
        value={person?.organisation ?? ''}
        width={20}
      />
      <Input
        {...field('email')}
        label="Mailbox"
        type="email"
        hint="Where their reminders go. A person needs one; a team needs a mailbox or members"
        value={person?.email ?? ''}
        autocomplete="off"
        spellcheck={false}
      />
      <Input
        {...field('members')}
        label="Team members (teams only)"
        hint="Initials or aliases of the people in the team, separated by commas or spaces"
        value={person ? initialsOf(person.memberIds, related) : ''}
        spellcheck={false}
      />
      <Input
        {...field('deputy')}
        label="Deputy (optional)"
        hint="Initials or alias of who is copied in on their reminders"
        value={person?.deputyId ? initialsOf([person.deputyId], related) : ''}
        width={5}
        spellcheck={false}
      />
    </>
  )
}

export type PersonView = {
  person: Person
  /** Everyone the entry names (members, deputy), by id. */
  byId: People
  boards: readonly Board[]
}

/** What the directory holds about an entry, so everything shown is what the form edits. */
function personSummary(v: PersonView) {
  const { person, byId } = v
  const named = (ids: readonly string[]) =>
    ids.length === 0
      ? 'None'
      : ids
          .map((id) => {
            const x = byId.get(id)
            return x ? `${x.name} (${x.initials})` : 'unknown'
          })
          .join(', ')
  return (
    <SummaryList
      rows={[
        { key: 'Person or team', value: person.kind === 'team' ? 'Team' : 'Person' },
        { key: 'Initials', value: person.initials },
        { key: 'Aliases', value: person.aliases.join(', ') || 'None' },
        { key: 'Capacity', value: person.role ?? 'Not given' },
        { key: 'Organisation', value: person.organisation ?? 'Not given' },
        { key: 'Mailbox', value: <span class="app-break-words">{person.email ?? 'None'}</span> },
        ...(person.kind === 'team' ? [{ key: 'Team members', value: named(person.memberIds) }] : []),
        { key: 'Deputy', value: person.deputyId ? named([person.deputyId]) : 'None' },
        {
          key: 'Member of',
          value:
            v.boards.length === 0 ? (
              'No board'
            ) : (
              <ul class="govuk-list">
                {v.boards.map((b) => (
                  <li>
                    <A href={`/ui/boards/${b.id}`}>{b.name}</A>
                  </li>
                ))}
              </ul>
            ),
        },
      ]}
    />
  )
}

/**
 * A person's or team's entry: what the directory holds and the boards they sit on; the
 * secretariat changes it (a new mailbox after a bounce, a deputy) or retires it. A retired
 * entry is shown as it was, with nothing to change.
 */
export function personPage(s: Signed, v: PersonView, state?: FormState, done?: string): string {
  const { person } = v
  const form = 'person-edit'
  return render(
    <Shell
      s={s}
      title={person.name}
      error={!!state}
      breadcrumbs={[{ href: '/ui/people', label: 'People and teams' }]}
    >
      <ErrorSummary state={state} labels={PERSON_LABELS} />
      <Done done={done} />
      <H1>
        {person.name} ({person.initials})
        {person.retiredAt ? (
          <>
            {' '}
            <RetiredTag />
          </>
        ) : null}
      </H1>
      {person.retiredAt ? (
        <div class="govuk-inset-text">
          Retired on {longDate(person.retiredAt.slice(0, 10))}. Old actions and minutes still name{' '}
          {person.kind === 'team' ? 'this team' : 'them'}, but {person.kind === 'team' ? 'it' : 'they'} can no
          longer be chosen as an owner, member, deputy or chair, and the entry cannot be changed.
        </div>
      ) : null}
      {personSummary(v)}
      {person.retiredAt || !mayManagePeople(s.principal) ? null : (
        <>
          <Details summary="Change this entry" open={state?.form === form}>
            <form method="post" action={`/ui/people/${person.id}`} novalidate>
              <Hidden name="version" value={String(person.version)} />
              <PersonFormFields form={form} state={state} person={person} byId={v.byId} />
              <FormKey />
              <Button>Save changes</Button>
            </form>
          </Details>
          <H2>Retire this entry</H2>
          <P>
            For an entry made in error, or someone who has left: the entry stays in the history, but leaves
            its boards and every choice of owner.
          </P>
          <P>
            <A href={`/ui/people/${person.id}/retire`}>
              Retire {person.name} ({person.initials})
            </A>
          </P>
        </>
      )}
    </Shell>,
  )
}

/** The question before retiring an entry: what it does, and the way back. */
export function retirePage(s: Signed, v: PersonView, state?: FormState): string {
  const { person } = v
  const who = `${person.name} (${person.initials})`
  return render(
    <Shell
      s={s}
      title={`Retire ${who}`}
      error={!!state}
      breadcrumbs={[
        { href: '/ui/people', label: 'People and teams' },
        { href: `/ui/people/${person.id}`, label: person.name },
      ]}
    >
      <ErrorSummary
        items={(state?.issues ?? []).map((i) => ({ href: '#retire-confirm', text: i.message }))}
      />
      {retireQuestion(v)}
    </Shell>,
  )
}

function retireQuestion(v: PersonView) {
  const { person } = v
  const who = `${person.name} (${person.initials})`
  return (
    <>
      <H1>Are you sure you want to retire {who}?</H1>
      <P>Retiring an entry cannot be undone from these pages.</P>
      <ul class="govuk-list govuk-list--bullet">
        <li>Old actions, updates and minutes keep naming {who}.</li>
        <li>
          {v.boards.length === 0
            ? `${person.name} is a member of no board.`
            : `${person.name} stops being a member of ${v.boards.map((b) => b.name).join(', ')}, and their initials and aliases become free there.`}
        </li>
        <li>
          {person.name} can no longer be chosen as an owner, team member, deputy or chair. Actions they
          already own keep them as an owner until you change the action.
        </li>
      </ul>
      <form method="post" action={`/ui/people/${person.id}/retire`} novalidate>
        <Hidden name="version" value={String(person.version)} />
        <FormKey />
        <div class="govuk-button-group">
          <button
            type="submit"
            id="retire-confirm"
            class="govuk-button govuk-button--warning"
            data-module="govuk-button"
            data-prevent-double-click="true"
          >
            Retire {who}
          </button>
          <A href={`/ui/people/${person.id}`}>Cancel</A>
        </div>
      </form>
    </>
  )
}

/** A change or a retiring sent for an entry retired since the form was drawn: nothing was saved. */
export function retiredMeanwhile(s: Signed, v: PersonView): string {
  const { person } = v
  return messagePage(
    'This was not saved',
    `${person.name} (${person.initials}) is retired, so the entry can no longer be changed or retired.`,
    { href: `/ui/people/${person.id}`, label: `Go to the entry of ${person.name}` },
    navigation(s),
  )
}
