import type { RedactedAction } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import type { Person } from '#shared/domain/person.ts'
import {
  Button,
  Checkboxes,
  ErrorSummary,
  formFields,
  Input,
  type PageLinks,
  Pagination,
  Radios,
  Select,
} from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { render } from '../../http/ui/page.tsx'
import { ActionTable } from '../actions/table.tsx'
import type { Signed } from '../kit.ts'
import { A, boardCrumbs, H1, P, type People, personChoices, Shell } from '../shell.tsx'
import { logQueryString } from './log-query.ts'

export type BoardLogView = {
  board: Board
  /** The owners to filter by: the board's members, or the directory if it has none. */
  owners: readonly Person[]
  meetings: readonly Meeting[]
  people: People
  /** What the filter form holds (as typed). */
  values: Record<string, string>
  /** The page of matches; null when the filter was refused. */
  page: { items: readonly RedactedAction[]; short: boolean } | null
  links: PageLinks
}

const LABELS = {
  q: 'Search',
  status: 'Status',
  ownerId: 'Owner',
  raisedAt: 'Raised at',
  dueAt: 'Due at',
  carried: 'Carried forward at least',
  overdue: 'Overdue',
  exempt: 'Exemption',
}

/**
 * A board's action log: every action, a page at a time, with the filters as a GET form (so a
 * filtered log is an address to bookmark or share) and a CSV of exactly what it shows.
 */
export function boardLogPage(s: Signed, v: BoardLogView, state?: FormState): string {
  const { board, values } = v
  const form = 'log'
  const filtered = Object.keys(values).length > 0
  const meetingOptions = [
    { value: '', label: 'Any meeting' },
    // A meeting's title names its board and date ("PAM 23 June 2020").
    ...v.meetings.map((m) => ({ value: m.id, label: m.title })),
  ]
  // The form shows what was asked; the kit's fields read a refused form's values from its state.
  const shown: FormState = state ?? { form, issues: [], values }
  const field = formFields(form, shown)
  return render(
    <Shell
      s={s}
      title={`${board.shortName} action log`}
      error={!!state}
      current="/ui/boards"
      breadcrumbs={boardCrumbs(board)}
    >
      <ErrorSummary state={state} labels={LABELS} />
      <span class="govuk-caption-l">{board.name}</span>
      <H1>Action log</H1>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-quarter">
          <form method="get" action={`/ui/boards/${board.id}/actions`} novalidate>
            <h2 class="govuk-heading-m">Filter</h2>
            <Input
              {...field('q')}
              label="Search"
              hint="Words in the reference or the action"
              spellcheck={false}
            />
            <Select
              {...field('status')}
              label="Status"
              options={[
                { value: '', label: 'All but withdrawn' },
                { value: 'open', label: 'Open' },
                { value: 'discharged', label: 'Discharged' },
                { value: 'withdrawn', label: 'Withdrawn' },
              ]}
            />
            <Select {...field('ownerId')} label="Owner" options={personChoices(v.owners, 'Anyone')} />
            {(['raisedAt', 'dueAt'] as const).map((name) => (
              <Select {...field(name)} label={LABELS[name]} options={meetingOptions} />
            ))}
            <Input
              {...field('carried')}
              label="Carried forward at least"
              hint="Times, from 1 to 20"
              inputmode="numeric"
              width={2}
            />
            <Checkboxes
              {...field('overdue')}
              legend="Overdue"
              small
              options={[{ value: 'true', label: 'Only overdue actions' }]}
            />
            <Radios
              {...field('exempt')}
              legend="Exemption"
              small
              options={[
                { value: '', label: 'Any' },
                { value: 'true', label: 'Exempt only' },
                { value: 'false', label: 'Not exempt' },
              ]}
            />
            <Button secondary>Apply filters</Button>
            {filtered ? (
              <P>
                <A href={`/ui/boards/${board.id}/actions`}>Clear filters</A>
              </P>
            ) : null}
          </form>
        </div>
        <div class="govuk-grid-column-three-quarters">
          <h2 class="govuk-heading-m">{filtered ? 'Matching actions' : 'Every action'}</h2>
          {v.page === null ? (
            <P>Correct the filter to see the actions.</P>
          ) : (
            <>
              <P>
                <A href={`/ui/boards/${board.id}/actions.csv${logQueryString(values)}`}>
                  Download CSV of these actions
                </A>{' '}
                (every page of them)
              </P>
              {v.page.items.length === 0 ? (
                <P>No actions match{v.page.short ? ' in this part of the log' : ''}.</P>
              ) : (
                <ActionTable
                  list={v.page.items}
                  board={board}
                  people={v.people}
                  caption={filtered ? 'Matching actions' : 'Every action of the board'}
                />
              )}
              {v.page.short ? (
                <div class="govuk-inset-text">
                  No more matches in this part of the log. Go to the next page to search on: each page
                  searches up to 1,000 of the board's actions.
                </div>
              ) : null}
              <Pagination links={v.links} list="the action log" />
            </>
          )}
        </div>
      </div>
    </Shell>,
  )
}
