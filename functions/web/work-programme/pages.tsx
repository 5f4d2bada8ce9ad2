import type { Action } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import {
  FORWARD_PLAN_COLUMNS,
  type ForwardPlan,
  type ForwardPlanSection,
} from '#shared/domain/forward-plan.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import { mayEditActions, mayReadFullActionLog } from '#shared/domain/policy.ts'
import { meetingWhen } from '#shared/mail/templates.ts'
import {
  Button,
  ErrorSummary,
  FormKey,
  FormTable,
  Hidden,
  Input,
  Radios,
  rowField,
  Select,
  Table,
  Textarea,
} from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { render } from '../../http/ui/page.tsx'
import type { Signed } from '../kit.ts'
import { A, boardCrumbs, Done, H1, H2, P, Shell } from '../shell.tsx'

export type WorkProgrammeView = {
  board: Board
  plan: ForwardPlan
  /** The board's meetings still to come (due and next-meeting choices). */
  upcoming: readonly Meeting[]
  /** Every meeting of the board, for "requested at". */
  meetings: readonly Meeting[]
  /** The add form's row keys. */
  keys: readonly string[]
  /** The meeting a request defaults to: the latest that has started, else the first. */
  requestedDefault: string
}

/** The add form ("Add items"): a row an item, fields `<field>.<row key>`. */
export const ADD = 'wp-add'
/**
 * The record form of one meeting, named by it (a standing item is in every meeting's form, and
 * its fields' ids must differ): its rows `outcome.<itemId>` and `next.<itemId>`.
 */
export const recordForm = (meetingId: string) => `wp-record-${meetingId}`
export const TO_BE_TIMETABLED = 'to-be-timetabled'

export const ADD_FIELDS = {
  kind: 'Kind',
  title: 'Item',
  detail: 'Report detail',
  owners: 'Lead',
  due: 'Date of next report/update',
  lastReportedOn: 'Date of last report',
} as const
export type AddField = keyof typeof ADD_FIELDS

const labels = (v: WorkProgrammeView, state: FormState | undefined) => (path: string) => {
  const [field = '', key = ''] = path.split('.')
  if (state?.form === ADD) {
    if (path === 'requestedAtMeetingId') return 'Requested at'
    const label = ADD_FIELDS[field as AddField]
    return label && key ? `Item ${key}, ${label}` : undefined
  }
  const row = v.plan.sections.flatMap((s) => s.rows).find((r) => r.id === key)
  if (!row) return undefined
  return `${row.item}, ${field === 'next' ? 'next meeting' : 'what happened'}`
}

export function workProgrammePage(s: Signed, v: WorkProgrammeView, state?: FormState, done?: string): string {
  const { board, plan } = v
  const editing = mayEditActions(s.principal) && !board.retiredAt
  const exportLink = (format: string, version: string, text: string) => (
    <A href={`/ui/boards/${board.id}/work-programme/export?format=${format}&version=${version}`}>{text}</A>
  )
  const standing = plan.sections.find((x) => x.key === 'standing')?.rows ?? []
  return render(
    <Shell
      s={s}
      title={`${board.name}: work programme`}
      error={!!state && state.issues.length > 0}
      breadcrumbs={boardCrumbs(board)}
    >
      <ErrorSummary state={state} labels={labels(v, state)} />
      <Done done={done} />
      <H1>Work programme</H1>
      <P lead>
        {board.name}: the reports asked for at each coming meeting, the standing items taken at every meeting,
        the items to be timetabled and the briefing notes requested.
      </P>
      <ul class="govuk-list govuk-list--bullet">
        <li>
          {plan.public ? 'Open version' : 'Open version (exempt items shown only by their exemption)'}:{' '}
          {exportLink('docx', 'open', 'Word')}, {exportLink('csv', 'open', 'CSV')},{' '}
          {exportLink('html', 'open', 'printable page')}
        </li>
        {mayReadFullActionLog(s.principal) ? (
          <li>
            Full version (not for publication): {exportLink('docx', 'full', 'Word')},{' '}
            {exportLink('csv', 'full', 'CSV')}, {exportLink('html', 'full', 'printable page')}
          </li>
        ) : null}
      </ul>
      {plan.sections.map((section) => (
        <div id={section.key}>
          {sectionTable(section)}
          {editing && section.meetingId ? recordItems(v, section, standing, state) : null}
        </div>
      ))}
      {editing ? addForm(v, state) : null}
    </Shell>,
  )
}

function sectionTable(section: ForwardPlanSection) {
  if (section.rows.length === 0)
    return (
      <>
        <H2>{section.title}</H2>
        <P>Nothing {section.key.startsWith('meeting-') ? 'is due at this meeting' : 'here'}.</P>
      </>
    )
  return (
    <Table
      caption={section.title}
      head={FORWARD_PLAN_COLUMNS}
      rows={section.rows.map((r) => [
        r.when,
        r.id ? <A href={`/ui/actions/${r.id}`}>{r.item}</A> : r.item,
        <span class="app-break-words">{r.detail}</span>,
        r.lastReport,
        r.lead,
      ])}
    />
  )
}

/**
 * The meeting's items recorded in one form: each report due there and each standing item,
 * taken (with a later meeting to timetable it again, or none to close it), deferred or
 * brought forward (to the meeting chosen), or left as it is.
 */
function recordItems(
  v: WorkProgrammeView,
  section: ForwardPlanSection,
  standing: ForwardPlanSection['rows'],
  state: FormState | undefined,
) {
  const name = recordForm(section.meetingId ?? '')
  const mine = state?.form === name ? state : undefined
  const rows = [...section.rows, ...standing]
  if (rows.length === 0) return null
  const choices = [
    { value: '', label: 'No later meeting (close it, or keep it where it is)' },
    ...v.upcoming
      .filter((m) => m.id !== section.meetingId)
      .map((m) => ({ value: m.id, label: meetingWhen(m, v.board) })),
    { value: TO_BE_TIMETABLED, label: 'To be timetabled' },
  ]
  return (
    <form method="post" action={`/ui/boards/${v.board.id}/work-programme/record`} novalidate>
      <Hidden name="meetingId" value={section.meetingId ?? ''} />
      <h3 class="govuk-heading-s">Record what happened at {section.title}</h3>
      <FormTable
        caption={`Record the work programme at ${section.title}`}
        head={['Item', 'What happened', 'Next meeting']}
        rows={rows.flatMap((r) =>
          r.id
            ? [
                {
                  key: r.id,
                  cells: [
                    r.item,
                    <>
                      <Hidden name={rowField('version', r.id)} value={String(r.version)} />
                      <Radios
                        form={name}
                        name={rowField('outcome', r.id)}
                        legend={`What happened to ${r.item}`}
                        legendSize="hidden"
                        small
                        state={mine}
                        value=""
                        options={[
                          { value: 'taken', label: 'Taken' },
                          ...(r.kind === 'standing'
                            ? []
                            : [
                                { value: 'deferred', label: 'Deferred' },
                                { value: 'brought-forward', label: 'Brought forward' },
                              ]),
                          { value: '', label: 'No change' },
                        ]}
                      />
                    </>,
                    r.kind === 'standing' ? (
                      'Every meeting'
                    ) : (
                      <Select
                        form={name}
                        name={rowField('next', r.id)}
                        label={`Next meeting for ${r.item}`}
                        labelHidden
                        state={mine}
                        options={choices}
                      />
                    ),
                  ],
                },
              ]
            : [],
        )}
      />
      <FormKey />
      <Button>Save the work programme for this meeting</Button>
    </form>
  )
}

function addForm(v: WorkProgrammeView, state: FormState | undefined) {
  const mine = state?.form === ADD ? state : undefined
  const field = (key: string, f: AddField) => ({ form: ADD, name: rowField(f, key), state: mine })
  const dueChoices = [
    { value: TO_BE_TIMETABLED, label: 'To be timetabled (or requested)' },
    ...v.upcoming.map((m) => ({ value: m.id, label: meetingWhen(m, v.board) })),
  ]
  return (
    <>
      <H2 id="add">Add to the work programme</H2>
      <P>
        One row an item. The lead is given by initials or alias, e.g. "PCC". A standing item is taken at every
        meeting and needs no date. Empty rows are ignored. Each lead gets one email listing everything added
        for them at the meeting that asked for it.
      </P>
      <form method="post" action={`/ui/boards/${v.board.id}/work-programme`} novalidate>
        <Hidden name="rows" value={v.keys.join(',')} />
        <Select
          form={ADD}
          name="requestedAtMeetingId"
          label="Requested at"
          state={mine}
          value={v.requestedDefault}
          options={v.meetings.map((m) => ({ value: m.id, label: meetingWhen(m, v.board) }))}
        />
        {v.keys.map((key) => (
          <fieldset class="govuk-fieldset govuk-!-margin-bottom-6" id={`add-row-${key}`}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Item {key}</legend>
            <div class="govuk-grid-row">
              <div class="govuk-grid-column-one-third">
                <Select
                  {...field(key, 'kind')}
                  label="Kind"
                  options={[
                    { value: 'report', label: 'Report' },
                    { value: 'standing', label: 'Standing item' },
                    { value: 'briefing', label: 'Briefing note' },
                  ]}
                />
              </div>
              <div class="govuk-grid-column-two-thirds">
                <Input {...field(key, 'title')} label="Item" />
              </div>
            </div>
            <Textarea {...field(key, 'detail')} label="Report detail (optional)" rows={2} />
            <div class="govuk-grid-row">
              <div class="govuk-grid-column-one-third">
                <Input {...field(key, 'owners')} label="Lead" autocomplete="off" spellcheck={false} />
              </div>
              <div class="govuk-grid-column-one-third">
                <Select {...field(key, 'due')} label="Date of next report/update" options={dueChoices} />
              </div>
              <div class="govuk-grid-column-one-third">
                <Input {...field(key, 'lastReportedOn')} label="Date of last report (optional)" type="date" />
              </div>
            </div>
          </fieldset>
        ))}
        <FormKey />
        <Button>Add to the work programme</Button>
      </form>
    </>
  )
}

/** The standing items on a meeting's agenda: taken at every meeting, never carried. */
export function StandingItems({ items, board }: { items: readonly Action[]; board: Board }) {
  if (items.length === 0) return null
  return (
    <div class="govuk-inset-text" id="standing-items">
      <P>
        Standing items, taken at every meeting (see the{' '}
        <A href={`/ui/boards/${board.id}/work-programme`}>work programme</A>):
      </P>
      <ul class="govuk-list govuk-list--bullet">
        {items.map((a) => (
          <li>{a.exempt ? a.exempt.publicWording : (a.title ?? a.description)}</li>
        ))}
      </ul>
    </div>
  )
}
