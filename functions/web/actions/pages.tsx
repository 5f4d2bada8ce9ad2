import type { HistoryEntry, RedactedAction } from '#shared/domain/action.ts'
import { updateDay, withdrawBlocker } from '#shared/domain/action-rules.ts'
import { type Board, boardWriteBlocker } from '#shared/domain/board.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import { mayEditActions } from '#shared/domain/policy.ts'
import { longDate, meetingWhen } from '#shared/mail/templates.ts'
import {
  Button,
  DateInput,
  Details,
  ErrorSummary,
  FormKey,
  formFields,
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
  ExemptNote,
  fullNames,
  H1,
  H2,
  names,
  P,
  type People,
  Shell,
  whenText,
} from '../shell.tsx'
import { ConfirmButtons, WarningLink, WarningText } from './confirm.tsx'
import { ExemptionField } from './exemption.tsx'
import { HistoryDetails } from './history.tsx'
import { ActionStatusTag } from './table.tsx'

export type ActionView = {
  action: RedactedAction
  board: Board
  history: readonly HistoryEntry[] | null
  historyLinks: PageLinks
  people: People
  /** Meetings the action may be due at (scheduled, after the one that raised it). */
  dueOptions: readonly Meeting[]
  /** The board's meetings from the one that raised it on, by id (to name them in the history). */
  meetings: ReadonlyMap<string, Meeting>
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
  taken: 'Taken at the meeting',
  deferred: 'Deferred',
  'brought-forward': 'Brought forward',
}

/** The edit form's fields as its error summary names them. */
export const EDIT_LABELS = {
  description: 'What is to be done',
  title: 'Item',
  detail: 'Report detail',
  itemNumber: 'Agenda item',
  itemTitle: 'Agenda item title',
  ref: 'Reference',
  owners: 'Owners',
  dueMeetingId: 'Due at',
  dueDate: 'Due date',
  exempt: 'Exemption from publication',
  exemptSection: 'FOIA section',
  exemptWording: 'Public wording',
}

const UPDATE_LABELS = { text: 'Update', onBehalfOf: 'Given by', givenOn: 'Given on' }

/** "Action 03.23/06/2020", but a legacy reference that already says so as it is ("Action 1 02.21/12/21"). */
export const actionName = (ref: string) => (/^action\b/i.test(ref) ? ref : `Action ${ref}`)

/** What the page may offer: nothing changes on a retired board, or a withdrawn action. */
function offers(s: Signed, a: RedactedAction, board: Board) {
  const writable = mayEditActions(s.principal) && boardWriteBlocker(board) === null
  return {
    edit: writable && a.status !== 'withdrawn',
    update: writable && a.status === 'open',
    withdraw: writable && withdrawBlocker(a) === null,
  }
}

/** The action's owners who are people (a team gives no update itself: one of its people does). */
function ownerPeople(a: RedactedAction, people: People) {
  return a.ownerIds.flatMap((id) => {
    const p = people.get(id)
    return p && p.kind === 'person' ? [p] : []
  })
}

/** "Dana Turner, recorded by Sam Clerk (secretariat)", or just who typed it. */
function updateWho(u: RedactedAction['updates'][number], v: ActionView): string {
  const typed = actorText(u.by, v.people)
  if (!u.onBehalfOf) return typed
  return `${v.people.get(u.onBehalfOf)?.name ?? 'an owner'}, recorded by ${typed}`
}

export function actionPage(s: Signed, v: ActionView, state?: FormState, done?: string): string {
  const { action: a, board, people } = v
  const can = offers(s, a, board)
  const updateField = formFields('update', state)
  return render(
    <Shell
      s={s}
      title={actionName(a.ref)}
      error={!!state}
      breadcrumbs={[
        { href: `/ui/boards/${board.id}`, label: board.name },
        { href: `/ui/boards/${board.id}/actions`, label: 'Action log' },
        { href: `/ui/meetings/${a.raisedAtMeetingId}`, label: 'Meeting that raised it' },
        ...(a.dueMeetingId && a.status === 'open'
          ? [{ href: `/ui/meetings/${a.dueMeetingId}`, label: 'Meeting it is due at' }]
          : []),
      ]}
    >
      <ErrorSummary state={state} labels={state?.form === 'update' ? UPDATE_LABELS : EDIT_LABELS} />
      <Done done={done} />
      <H1>{actionName(a.ref)}</H1>
      <ExemptNote a={a} />
      {a.redacted ? null : <P lead>{a.description}</P>}
      <SummaryList
        rows={[
          {
            key: 'Status',
            value: (
              <>
                <ActionStatusTag a={a} />
                {a.discharge ? ` ${a.discharge.note}` : ''}
              </>
            ),
          },
          ...(a.withdrawal
            ? [
                {
                  key: 'Why it was withdrawn',
                  value: `${a.withdrawal.reason} (${dateIn(a.withdrawal.at, board)}, ${actorText(a.withdrawal.by, people)})`,
                },
              ]
            : []),
          {
            key: 'Agenda item',
            value: `${a.itemNumber}${a.itemTitle && !a.redacted ? `: ${a.itemTitle}` : ''}`,
          },
          { key: 'Owners', value: fullNames(a.ownerIds, people).join(', ') },
          { key: 'Raised', value: dateIn(a.raisedAt, board) },
          { key: 'Due', value: a.status === 'open' ? dueText(a, board) : '—' },
          { key: 'Carried forward', value: carried(a.carryCount) },
        ]}
      />
      {can.edit ? editActionForm(v, state) : null}
      {can.withdraw ? (
        <WarningLink href={`/ui/actions/${a.id}/withdraw`}>Withdraw this action</WarningLink>
      ) : null}
      <H2>Updates</H2>
      {a.updates.length === 0 ? (
        <P>No updates yet.</P>
      ) : (
        <ul class="govuk-list">
          {a.updates.map((u) => (
            <li>
              <strong>{longDate(updateDay(u, board.timeZone))}</strong> ({updateWho(u, v)}): {u.text}
              {u.proposeComplete ? ' (proposed as complete)' : ''}
            </li>
          ))}
        </ul>
      )}
      {can.update ? (
        <form method="post" action={`/ui/actions/${a.id}/updates`} novalidate>
          <Textarea
            {...updateField('text')}
            label="Add an update"
            hint="For example, what the owner told the secretariat"
            rows={3}
            maxlength={4000}
          />
          <Select
            {...updateField('onBehalfOf')}
            label="Given by"
            hint="The owner who gave this update, if you are typing it for them"
            options={[
              { value: '', label: 'No one: a note of the secretariat' },
              ...ownerPeople(a, people).map((p) => ({ value: p.id, label: `${p.name} (${p.initials})` })),
            ]}
          />
          <Input
            {...updateField('givenOn')}
            label="Given on (optional)"
            hint="The day it was given, if not today: for example, the date of the meeting"
            type="date"
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
            head={['When', 'What', 'By', 'Details']}
            rows={v.history.map((h) => [
              whenText(h.at, board),
              HISTORY_KIND[h.kind],
              actorText(h.by, people),
              <HistoryDetails h={h} ctx={v} />,
            ])}
          />
          <Pagination links={v.historyLinks} list="the history" />
        </>
      )}
    </Shell>,
  )
}

/**
 * The secretariat corrects an action: everything the minutes give (its item, wording,
 * reference, exemption) and, while it is open, its owners and when it is due. The version
 * read goes with the form, so a change made meanwhile by someone else is not overwritten.
 */
function editActionForm(v: ActionView, state?: FormState) {
  const { action: a, people, board } = v
  const form = 'edit'
  const field = formFields(form, state)
  const open = a.status === 'open'
  const due = a.dueMeetingId ?? ''
  const owners = names(a.ownerIds, people)
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
        {a.kind === 'action' ? (
          <Textarea
            {...field('description')}
            label="What is to be done"
            rows={3}
            maxlength={4000}
            value={a.description}
          />
        ) : (
          <>
            <Input {...field('title')} label="Item" value={a.title ?? ''} />
            <Textarea
              {...field('detail')}
              label="Report detail (optional)"
              rows={3}
              maxlength={3000}
              value={a.detail ?? ''}
            />
          </>
        )}
        <Input
          {...field('itemNumber')}
          label="Agenda item"
          hint="Its number on the agenda, 0 to 99"
          value={String(a.itemNumber)}
          inputmode="numeric"
          width={2}
        />
        <Input
          {...field('itemTitle')}
          label="Agenda item title (optional)"
          hint="For example, Performance Scrutiny Report"
          value={a.itemTitle ?? ''}
        />
        <Input
          {...field('ref')}
          label="Reference"
          hint="As the minutes give it, for example 03.23/06/2020 or Action 1 02.21/12/21"
          value={a.ref}
          spellcheck={false}
          width={20}
        />
        {open ? (
          <>
            <Hidden name="ownersWas" value={owners} />
            <Input
              {...field('owners')}
              label="Owners"
              hint="Initials or other names as the minutes write them, for example DT / OPCC"
              value={owners}
              autocomplete="off"
              spellcheck={false}
              width={20}
            />
            <Hidden name="dueWas" value={due} />
            {choices.length <= 1 ? null : (
              <Select {...field('dueMeetingId')} label="Due at" value={due} options={choices} />
            )}
            <DateInput
              {...field('dueDate')}
              legend="Due date (optional)"
              hint="A date to complete it by, as well as the meeting. Leave empty for none. For example, 27 3 2027"
              value={a.dueDate ?? ''}
            />
          </>
        ) : null}
        <ExemptionField form={form} state={state} current={a.exempt} />
        <FormKey />
        <Button secondary>Save changes</Button>
      </form>
    </Details>
  )
}

/** "Are you sure?" before withdrawing: why it was raised in error is kept in its history. */
export function withdrawPage(s: Signed, v: ActionView, state?: FormState): string {
  const { action: a, board } = v
  const form = 'withdraw'
  return render(
    <Shell
      s={s}
      title={`Withdraw ${actionName(a.ref).replace(/^Action/, 'action')}`}
      error={!!state}
      breadcrumbs={[
        { href: `/ui/boards/${board.id}`, label: board.name },
        { href: `/ui/actions/${a.id}`, label: actionName(a.ref) },
      ]}
    >
      <ErrorSummary state={state} labels={{ reason: 'Why it is withdrawn' }} />
      <H1>Withdraw {actionName(a.ref).replace(/^Action/, 'action')}</H1>
      <P lead>{a.redacted ? (a.exempt?.publicWording ?? '') : a.description}</P>
      <WarningText>
        A withdrawn action leaves every log, list, reminder and summary. It keeps its reference and its
        history, and cannot be reopened.
      </WarningText>
      <form method="post" action={`/ui/actions/${a.id}/withdraw`} novalidate>
        <Hidden name="version" value={String(a.version)} />
        <Textarea
          form={form}
          name="reason"
          label="Why it is withdrawn"
          hint="For example, raised in error: a duplicate of 03.23/06/2020"
          rows={3}
          maxlength={2000}
          state={state}
        />
        <FormKey />
        <ConfirmButtons label="Withdraw action" cancel={`/ui/actions/${a.id}`} />
      </form>
    </Shell>,
  )
}
