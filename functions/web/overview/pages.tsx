import type { RedactedAction } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import { meetingWhen } from '#shared/mail/templates.ts'
import type { OverdueReport } from '#shared/usecases/queries.ts'
import { NO_PAGES, type PageLinks, Pagination, Table, Tag } from '../../http/ui/components.tsx'
import { render } from '../../http/ui/page.tsx'
import { ActionTable } from '../actions/table.tsx'
import type { Signed } from '../kit.ts'
import { A, dueText, ExemptTag, H1, H2, lastUpdate, names, P, type People, Shell } from '../shell.tsx'

export type ChairBoard = {
  board: Board
  overdue: OverdueReport
  next: Meeting | null
  dueNext: readonly RedactedAction[]
  /** More is due at the next meeting than the page shows: its meeting page lists the rest. */
  moreDue: boolean
  people: People
}

export function chairPage(s: Signed, boards: readonly ChairBoard[]): string {
  return render(
    <Shell s={s} title="Overdue and due" current="/ui/chair">
      <H1>Overdue and due</H1>
      <P lead>
        The same rules as the chair's summary email: open actions past their due date, or carried forward at
        least the board's threshold, grouped by owner, oldest first.
      </P>
      {boards.map(({ board, overdue, next, dueNext, moreDue, people }) => (
        <>
          <H2>{board.name}</H2>
          {overdue.total === 0 ? (
            <P>Nothing is overdue.</P>
          ) : (
            <Table
              caption={`${overdue.total} overdue action${overdue.total === 1 ? '' : 's'}`}
              head={['Owner', 'Reference', 'Action', 'Age', 'Carried', 'Last update']}
              rows={overdue.owners.flatMap((g) =>
                g.actions.map((a) => [
                  `${g.owner.name} (${g.owner.initials})`,
                  <A href={`/ui/actions/${a.id}`}>{a.ref}</A>,
                  <>
                    <ExemptTag a={a} />
                    {a.description}
                  </>,
                  `${a.ageDays} days`,
                  <>
                    {a.carriedTooOften ? <Tag colour="red">{a.carryCount}×</Tag> : `${a.carryCount}×`}
                    {a.pastDue ? ' (past due)' : ''}
                  </>,
                  lastUpdate(a) || 'None',
                ]),
              )}
            />
          )}
          {next ? (
            <>
              <h3 class="govuk-heading-s">
                Due at the next meeting: <A href={`/ui/meetings/${next.id}`}>{next.title}</A>,{' '}
                {meetingWhen(next, board)}
              </h3>
              {dueNext.length === 0 ? (
                <P>Nothing is due.</P>
              ) : (
                <ActionTable list={dueNext} board={board} people={people} caption={`Due at ${next.title}`} />
              )}
              {moreDue ? (
                <P>
                  <A href={`/ui/meetings/${next.id}#arising`}>All the actions due at {next.title}</A>
                </P>
              ) : null}
            </>
          ) : (
            <P>No meeting is scheduled.</P>
          )}
        </>
      ))}
    </Shell>,
  )
}

export function minePage(
  s: Signed,
  list: readonly (RedactedAction & { board: Board })[],
  people: People,
  links: PageLinks = NO_PAGES,
): string {
  return render(
    <Shell s={s} title="My actions" current="/ui/mine">
      <H1>My actions</H1>
      {!s.principal.personId ? (
        <P>
          Your account is not linked to a person in the tracker yet, so no actions can be shown. Ask the
          secretariat to link it.
        </P>
      ) : list.length === 0 ? (
        <P>You have no open actions.</P>
      ) : (
        <Table
          caption="My open actions"
          captionHidden
          head={['Reference', 'Action', 'Owners', 'Due']}
          rows={list.map((a) => [
            <A href={`/ui/actions/${a.id}`}>{a.ref}</A>,
            <>
              <ExemptTag a={a} />
              {a.redacted ? a.exempt?.publicWording : a.description}
            </>,
            names(a.ownerIds, people),
            dueText(a, a.board),
          ])}
        />
      )}
      <Pagination links={links} list="my actions" />
      <P>Your reminder emails bring a link to post updates on the actions due at each meeting.</P>
    </Shell>,
  )
}
