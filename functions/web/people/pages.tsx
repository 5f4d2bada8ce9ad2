import type { Person } from '#shared/domain/person.ts'
import { mayManageEmail, mayManagePeople, mayViewSuppressions } from '#shared/domain/policy.ts'
import type { Suppression } from '#shared/domain/suppression.ts'
import {
  Button,
  ErrorSummary,
  FormKey,
  Hidden,
  Input,
  type PageLinks,
  Pagination,
  Radios,
  Table,
} from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { render } from '../../http/ui/page.tsx'
import type { Signed } from '../kit.ts'
import { A, Done, H1, H2, P, type People, Shell } from '../shell.tsx'

export type PeopleView = {
  people: readonly Person[]
  /** The members and deputies the listed entries name, by id. */
  related: People
  suppressed: readonly Suppression[]
  links: { people: PageLinks; suppressed: PageLinks }
}

export function peoplePage(s: Signed, v: PeopleView, state?: FormState, done?: string): string {
  const { people, suppressed } = v
  const p = s.principal
  const byId = new Map([...v.related, ...people.map((x) => [x.id, x] as const)])
  const form = 'person'
  return render(
    <Shell s={s} title="People and teams" error={!!state} current="/ui/people">
      <ErrorSummary
        state={state}
        labels={{
          name: 'Name',
          initials: 'Initials',
          email: 'Mailbox',
          kind: 'Kind',
          members: 'Members',
          deputy: 'Deputy',
        }}
      />
      <Done done={done} />
      <H1>People and teams</H1>
      <Table
        caption="People and teams"
        captionHidden
        head={['Initials', 'Name', 'Mailbox', 'Members', 'Deputy']}
        rows={people.map((x) => [
          x.initials,
          <>
            {mayManagePeople(p) ? <A href={`/ui/people/${x.id}`}>{x.name}</A> : x.name}
            {x.kind === 'team' ? ' (team)' : ''}
            {x.role ? (
              <>
                <br />
                <span class="govuk-body-s">{x.role}</span>
              </>
            ) : null}
          </>,
          <span class="app-break-words">{x.email ?? '—'}</span>,
          x.memberIds.map((m) => byId.get(m)?.initials ?? '?').join(', ') || '—',
          x.deputyId ? (byId.get(x.deputyId)?.initials ?? '?') : '—',
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
          <H2>Add a person or team</H2>
          <form method="post" action="/ui/people" novalidate>
            <Radios
              form={form}
              name="kind"
              legend="Kind"
              inline
              state={state}
              value="person"
              options={[
                { value: 'person', label: 'Person' },
                { value: 'team', label: 'Team' },
              ]}
            />
            <Input form={form} name="name" label="Name" state={state} />
            <Input
              form={form}
              name="initials"
              label="Initials"
              hint="As the minutes use them, e.g. DT or A&SI"
              width={5}
              spellcheck={false}
              state={state}
            />
            <Input
              form={form}
              name="email"
              label="Mailbox"
              type="email"
              hint="A team needs a mailbox or members"
              spellcheck={false}
              state={state}
            />
            <Input
              form={form}
              name="members"
              label="Members (teams only)"
              hint="Initials, separated by commas"
              state={state}
            />
            <Input
              form={form}
              name="deputy"
              label="Deputy (optional)"
              hint="Initials of who is copied in on their reminders"
              width={5}
              state={state}
            />
            <FormKey />
            <Button>Add</Button>
          </form>
        </>
      ) : null}
    </Shell>,
  )
}

/** The secretariat corrects a person's or team's entry: a new mailbox after a bounce, a deputy. */
export function personPage(s: Signed, person: Person, people: readonly Person[], state?: FormState): string {
  const byId = new Map(people.map((x) => [x.id, x]))
  const form = 'person-edit'
  const initialsOf = (ids: readonly string[]) => ids.map((id) => byId.get(id)?.initials ?? '?').join(', ')
  return render(
    <Shell
      s={s}
      title={person.name}
      error={!!state}
      breadcrumbs={[{ href: '/ui/people', label: 'People and teams' }]}
    >
      <ErrorSummary
        state={state}
        labels={{
          name: 'Name',
          initials: 'Initials',
          email: 'Mailbox',
          role: 'Capacity',
          members: 'Members',
          deputy: 'Deputy',
        }}
      />
      <H1>
        {person.name} ({person.initials})
      </H1>
      <form method="post" action={`/ui/people/${person.id}`} novalidate>
        <Hidden name="version" value={String(person.version)} />
        <Input form={form} name="name" label="Name" value={person.name} state={state} />
        <Input
          form={form}
          name="initials"
          label="Initials"
          value={person.initials}
          hint="As the minutes use them"
          width={5}
          spellcheck={false}
          state={state}
        />
        <Input
          form={form}
          name="email"
          label="Mailbox"
          type="email"
          value={person.email ?? ''}
          hint={person.kind === 'team' ? 'A team needs a mailbox or members' : 'Reminders go here'}
          spellcheck={false}
          state={state}
        />
        <Input
          form={form}
          name="role"
          label="Capacity (optional)"
          value={person.role ?? ''}
          hint="As in the attendance list, e.g. Chief Constable"
          state={state}
        />
        {person.kind === 'team' ? (
          <Input
            form={form}
            name="members"
            label="Members"
            value={initialsOf(person.memberIds)}
            hint="Initials, separated by commas"
            state={state}
          />
        ) : null}
        <Input
          form={form}
          name="deputy"
          label="Deputy (optional)"
          value={person.deputyId ? initialsOf([person.deputyId]) : ''}
          hint="Initials of who is copied in on their reminders"
          width={5}
          state={state}
        />
        <FormKey />
        <Button>Save changes</Button>
      </form>
    </Shell>,
  )
}
