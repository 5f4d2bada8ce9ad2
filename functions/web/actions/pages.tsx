import type { HistoryEntry, RedactedAction } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import { mayEditActions } from '#shared/domain/policy.ts'
import { meetingWhen } from '#shared/mail/templates.ts'
import {
  Button,
  Details,
  ErrorSummary,
  FormKey,
  Hidden,
  Input,
  type PageLinks,
  Pagination,
  Select,
  SummaryList,
  Table,
  Textarea,
} from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { render } from '../../http/ui/page.tsx'
import type { Signed } from '../kit.ts'
import {
  actorText,
  carried,
  Done,
  dateIn,
  dueText,
  ExemptTag,
  fullNames,
  H2,
  names,
  P,
  type People,
  Shell,
  StatusTag,
  whenText,
} from '../shell.tsx'

export type ActionView = {
  action: RedactedAction
  board: Board
  history: readonly HistoryEntry[] | null
  historyLinks: PageLinks
  people: People
  /** Meetings the action may be due at (scheduled, after the one that raised it). */
  dueOptions: readonly Meeting[]
}

const HISTORY_KIND: Record<HistoryEntry['kind'], string> = {
  created: 'Raised',
  edited: 'Edited',
  'update-posted': 'Update posted',
  'outcome-proposed': 'Decision recorded',
  discharged: 'Discharged',
  'carried-forward': 'Carried forward',
  'due-meeting-moved': 'Due meeting moved',
  withdrawn: 'Withdrawn',
}

export function actionPage(s: Signed, v: ActionView, state?: FormState, done?: string): string {
  const { action: a, board, people } = v
  const editable = mayEditActions(s.principal) && a.status === 'open'
  return render(
    <Shell
      s={s}
      title={`Action ${a.ref}`}
      error={!!state}
      breadcrumbs={[
        { href: `/ui/boards/${board.id}`, label: board.name },
        { href: `/ui/meetings/${a.raisedAtMeetingId}`, label: 'Meeting that raised it' },
        ...(a.dueMeetingId
          ? [{ href: `/ui/meetings/${a.dueMeetingId}`, label: 'Meeting it is due at' }]
          : []),
      ]}
    >
      <ErrorSummary
        state={state}
        labels={{
          text: 'Update',
          description: 'What is to be done',
          owners: 'Owners',
          dueMeetingId: 'Due at',
          dueDate: 'Due date',
        }}
      />
      <Done done={done} />
      <h1 class="govuk-heading-l">Action {a.ref}</h1>
      {a.exempt ? (
        <P>
          <ExemptTag a={a} />
          {a.exempt.publicWording}
        </P>
      ) : null}
      {a.redacted ? null : <P lead>{a.description}</P>}
      <SummaryList
        rows={[
          {
            key: 'Status',
            value: (
              <>
                <StatusTag a={a} />
                {a.discharge ? ` ${a.discharge.note}` : ''}
              </>
            ),
          },
          { key: 'Owners', value: fullNames(a.ownerIds, people).join(', ') },
          { key: 'Raised', value: dateIn(a.raisedAt, board) },
          { key: 'Due', value: a.status === 'open' ? dueText(a, board) : '—' },
          { key: 'Carried forward', value: carried(a.carryCount) },
        ]}
      />
      {editable ? editActionForm(v, state) : null}
      <H2>Updates</H2>
      {a.updates.length === 0 ? (
        <P>No updates yet.</P>
      ) : (
        <ul class="govuk-list">
          {a.updates.map((u) => (
            <li>
              <strong>{dateIn(u.at, board)}</strong> ({actorText(u.by, people)}): {u.text}
              {u.proposeComplete ? ' (proposed as complete)' : ''}
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        <form method="post" action={`/ui/actions/${a.id}/updates`} novalidate>
          <Textarea
            form="update"
            name="text"
            label="Add an update"
            hint="For example, what the owner told the secretariat"
            rows={3}
            maxlength={4000}
            state={state}
          />
          <FormKey />
          <Button secondary>Add update</Button>
        </form>
      ) : null}
      <H2 id="history">History</H2>
      {v.history === null ? (
        <P>The history of an exempt action is shown only to its owners, the secretariat and the chair.</P>
      ) : (
        <>
          <Table
            caption="Every change to this action"
            captionHidden
            head={['When', 'What', 'By', 'Note']}
            rows={v.history.map((h) => [
              whenText(h.at, board),
              HISTORY_KIND[h.kind],
              actorText(h.by, people),
              h.note ?? '',
            ])}
          />
          <Pagination links={v.historyLinks} list="the history" />
        </>
      )}
    </Shell>,
  )
}

/** The secretariat corrects an action: its wording, owners, due meeting or date. */
function editActionForm(v: ActionView, state?: FormState) {
  const { action: a, people, board } = v
  const form = 'edit'
  const due = a.dueMeetingId ?? ''
  // The meeting it is due at is always a choice, even when held (not open to new actions):
  // otherwise the browser would post the first other meeting and move it unasked.
  const choices = [
    ...(a.dueMeetingId && !v.dueOptions.some((m) => m.id === a.dueMeetingId)
      ? [
          {
            value: a.dueMeetingId,
            label: `The meeting it is due at (${a.dueMeetingStartsAt ? dateIn(a.dueMeetingStartsAt, board) : ''})`,
          },
        ]
      : []),
    ...(due ? [] : [{ value: '', label: 'Waiting for the next meeting' }]),
    ...v.dueOptions.map((m) => ({ value: m.id, label: `${m.title} (${meetingWhen(m, board)})` })),
  ]
  return (
    <Details summary="Change this action" open={state?.form === form}>
      <form method="post" action={`/ui/actions/${a.id}`} novalidate>
        <Hidden name="version" value={String(a.version)} />
        <Hidden name="dueWas" value={due} />
        <Textarea
          form={form}
          name="description"
          label="What is to be done"
          rows={3}
          maxlength={4000}
          value={a.description}
          state={state}
        />
        <Input
          form={form}
          name="owners"
          label="Owners"
          hint="Initials, separated by commas or spaces"
          value={names(a.ownerIds, people)}
          autocomplete="off"
          spellcheck={false}
          width={20}
          state={state}
        />
        {choices.length <= 1 ? null : (
          <Select
            form={form}
            name="dueMeetingId"
            label="Due at"
            state={state}
            value={due}
            options={choices}
          />
        )}
        <Input
          form={form}
          name="dueDate"
          label="Due date (optional)"
          type="date"
          hint="A date to complete it by, as well as the meeting"
          value={a.dueDate ?? ''}
          state={state}
        />
        <FormKey />
        <Button secondary>Save changes</Button>
      </form>
    </Details>
  )
}
