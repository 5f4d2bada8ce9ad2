import type { RedactedAction } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import { meetingWhen } from '#shared/mail/templates.ts'
import type { OverdueReport, PersonAction } from '#shared/usecases/queries.ts'
import { NO_PAGES, type PageLinks, Pagination, Table, Tag } from '../../http/ui/components.tsx'
import { render } from '../../http/ui/page.tsx'
import { ActionTable } from '../actions/table.tsx'
import type { Signed } from '../kit.ts'
import { A, dueText, ExemptTag, H1, H2, lastUpdate, P, type People, Shell } from '../shell.tsx'

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

/** A board's actions on the member's page, under its heading. */
export type BoardGroup = { board: Board; actions: readonly PersonAction[] }

/**
 * The page's actions under their boards, in the order the list gives them (by board within
 * each status); an action whose board is gone is left out.
 */
export function byBoard(list: readonly PersonAction[], boards: ReadonlyMap<string, Board>): BoardGroup[] {
  const groups = new Map<string, { board: Board; actions: PersonAction[] }>()
  for (const a of list) {
    const board = boards.get(a.board.id)
    if (!board) continue
    const group = groups.get(board.id) ?? { board, actions: [] }
    group.actions.push(a)
    groups.set(board.id, group)
  }
  return [...groups.values()]
}

/** Why an action is on the member's list: theirs, their team's, or someone's they deputise for. */
function whyYours(a: PersonAction, people: People): string {
  const who = (id: string) => {
    const p = people.get(id)
    return p ? `${p.name} (${p.initials})` : 'someone'
  }
  const reasons = a.via.map((v) =>
    v.kind === 'owner'
      ? 'You are an owner'
      : v.kind === 'team'
        ? `Your team, ${who(v.ownerId)}, is an owner`
        : `You deputise for ${who(v.ownerId)}`,
  )
  return [...new Set(reasons)].join('; ') || 'You are an owner'
}

export function minePage(
  s: Signed,
  groups: readonly BoardGroup[],
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
      ) : groups.length === 0 ? (
        <P>You have no open actions.</P>
      ) : (
        <>
          <P>Your open actions, by board: your own, your teams' and those of anyone you deputise for.</P>
          {groups.map(({ board, actions }) => (
            <>
              <H2 id={`board-${board.id}`}>
                {board.name} ({board.shortName})
              </H2>
              <Table
                caption={`My open actions on ${board.name}`}
                captionHidden
                head={['Reference', 'Action', 'Due', 'Why it is yours']}
                rows={actions.map((a) => [
                  <A href={`/ui/actions/${a.id}`}>{a.ref}</A>,
                  <>
                    <ExemptTag a={a} />
                    {a.redacted ? a.exempt?.publicWording : a.description}
                  </>,
                  dueText(a, board),
                  whyYours(a, people),
                ])}
              />
            </>
          ))}
        </>
      )}
      <Pagination links={links} list="my actions" />
      <P>Your reminder emails bring a link to post updates on the actions due at each meeting.</P>
    </Shell>,
  )
}
