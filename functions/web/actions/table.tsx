import type { RedactedAction } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import { Table, Tag } from '../../http/ui/components.tsx'
import { A, dueText, ExemptTag, names, P, type People } from '../shell.tsx'

/** An action's status as a tag: a withdrawn one says so (shown only where it was asked for). */
export const ActionStatusTag = ({ a }: { a: Pick<RedactedAction, 'status'> }) =>
  a.status === 'discharged' ? (
    <Tag colour="green">Discharged</Tag>
  ) : a.status === 'withdrawn' ? (
    <Tag colour="grey">Withdrawn</Tag>
  ) : (
    <Tag colour="yellow">Open</Tag>
  )

/** A list of actions as a table: reference (linking the action), text, owners, due, status. */
export function ActionTable({
  list,
  board,
  people,
  caption,
  captionShown,
}: {
  list: readonly RedactedAction[]
  board: Board
  people: People
  caption: string
  captionShown?: boolean
}) {
  if (list.length === 0) return <P>None.</P>
  return (
    <Table
      caption={caption}
      captionHidden={!captionShown}
      head={['Reference', 'Action', 'Owners', 'Due', 'Status']}
      rows={list.map((a) => [
        <A href={`/ui/actions/${a.id}`}>{a.ref}</A>,
        <>
          <ExemptTag a={a} />
          {a.redacted ? (a.exempt?.publicWording ?? '') : a.description}
        </>,
        names(a.ownerIds, people),
        dueText(a, board),
        <ActionStatusTag a={a} />,
      ])}
    />
  )
}
