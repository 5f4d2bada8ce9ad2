import type { OutcomeRow, RedactedAction } from '#shared/domain/action.ts'
import { Id } from '#shared/domain/common.ts'
import type { IssueDetail } from '#shared/errors.ts'
import type { RowResult } from '#shared/usecases/actions.ts'
import { toProblem } from '../../http/problem.ts'
import {
  Button,
  Checkboxes,
  FormTable,
  formFields,
  Hidden,
  Radios,
  rowField,
  Tag,
  Textarea,
} from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { A, carried, dueText, ExemptTag, fullNames, P } from '../shell.tsx'
import type { MeetingView } from './pages.tsx'

/**
 * The meeting's Actions Arising decided in one form ("Save decisions"): a row an action,
 * its fields named `outcome.<actionId>`, `note.<actionId>` and `version.<actionId>` (the
 * version the page showed, so a row someone else changed meanwhile fails on its own).
 */
export const DECIDE = 'decide'

/** The rows the form sends that say something new, as decideOutcomes takes them. */
export function decisionRows(
  form: Record<string, string>,
  shown: readonly RedactedAction[],
  meetingId: string,
): OutcomeRow[] {
  const byId = new Map(shown.map((a) => [a.id, a]))
  return Object.keys(form).flatMap((name) => {
    const id = name.startsWith('version.') ? name.slice('version.'.length) : ''
    if (!Id.safeParse(id).success) return []
    const outcome = form[rowField('outcome', id)] ?? ''
    const note = (form[rowField('note', id)] ?? '').trim()
    if (!outcome && !note) return []
    // A decision shown and sent back as it was is not saved again (no new version or history).
    const was = byId.get(id)?.proposedOutcome
    if (was?.meetingId === meetingId && was.outcome === outcome && was.note === note) return []
    // A note without a decision goes too: the use case refuses it by name, and it stays typed.
    return [
      {
        actionId: id,
        ...(outcome ? { outcome } : {}),
        ...(note ? { note } : {}),
        version: Number(form[name]),
      } as OutcomeRow,
    ]
  })
}

/**
 * The rows that failed, as the form's issues: each at its row's field (the note, else the
 * decision); a row of "carry forward everything not decided" that is not on this page at
 * that checkbox, named by its reference.
 */
export function decisionIssues(
  results: readonly RowResult[],
  shown: readonly RedactedAction[],
): IssueDetail[] {
  const onPage = new Set(shown.map((a) => a.id))
  return results.flatMap((r) => {
    if (r.ok) return []
    const message = rowMessage(r.error)
    if (!r.actionId || !onPage.has(r.actionId))
      return [{ path: 'carryForwardRest', message: `${r.label}: ${message}` }]
    return [{ path: rowField(r.field === 'note' ? 'note' : 'outcome', r.actionId), message }]
  })
}

/** A row's refusal in words, through the API's one error table. */
function rowMessage(error: unknown): string {
  const p = toProblem(error)
  if (p.status >= 500) return 'this decision could not be saved just now: try again'
  if (p.reason === 'stale-version')
    return 'someone else changed this action while you were deciding: it now shows their version, decide again'
  const message = p.issues?.[0]?.message ?? p.detail
  return /invalid option|expected one of/i.test(message) ? 'choose discharge or carry forward' : message
}

/** The error summary's name for a field of the form: the row's reference. */
export function decisionLabels(v: MeetingView): (path: string) => string | undefined {
  const refs = new Map(v.arising.map((a) => [a.id, a.ref]))
  return (path) => {
    if (path === 'carryForwardRest') return 'Carry forward everything not decided'
    const dot = path.indexOf('.')
    return dot < 0 ? undefined : refs.get(path.slice(dot + 1))
  }
}

/** An owner's latest update, and whether they proposed the action complete. */
function latest(a: RedactedAction) {
  const u = a.updates.at(-1)
  if (!u) return 'none yet'
  return (
    <>
      {u.proposeComplete ? (
        <>
          <Tag colour="blue">Owner proposes complete</Tag>{' '}
        </>
      ) : null}
      {a.redacted ? null : <span class="app-break-words">{u.text}</span>}
    </>
  )
}

export function DecisionsForm({
  v,
  state,
  query,
}: {
  v: MeetingView
  state?: FormState | undefined
  /** The page of Actions Arising shown (its cursor), so a refusal redraws the same page. */
  query: string
}) {
  const mine = state?.form === DECIDE ? state : undefined
  return (
    <form method="post" action={`/ui/meetings/${v.meeting.id}/outcomes${query}`} novalidate>
      <P>
        Choose a decision for each action the meeting reached. A discharge needs a note of what was done; a
        carry forward may say why. Actions left with no decision stay as they are.
      </P>
      <FormTable
        caption="Actions Arising: decisions"
        head={['Reference', 'Action', 'Decision and note']}
        rows={v.arising.map((a) => {
          const proposed = a.proposedOutcome?.meetingId === v.meeting.id ? a.proposedOutcome : null
          const row = formFields(DECIDE, mine, a.id)
          return {
            key: a.id,
            cells: [
              <>
                <A href={`/ui/actions/${a.id}`}>{a.ref}</A>
                {proposed ? (
                  <>
                    <br />
                    <Tag colour={proposed.outcome === 'discharged' ? 'green' : 'yellow'}>
                      {proposed.outcome === 'discharged' ? 'To discharge' : 'To carry forward'}
                    </Tag>
                  </>
                ) : null}
              </>,
              <>
                {a.exempt ? (
                  <>
                    <ExemptTag a={a} />
                    {a.exempt.publicWording}
                    <br />
                  </>
                ) : null}
                {a.redacted ? null : <span class="app-break-words">{a.description}</span>}
                <ul class="govuk-list govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                  <li>Owners: {fullNames(a.ownerIds, v.people).join(', ')}</li>
                  <li>Due: {dueText(a, v.board)}</li>
                  <li>Carried forward: {carried(a.carryCount)}</li>
                  <li>Latest update: {latest(a)}</li>
                </ul>
              </>,
              <>
                <Hidden name={rowField('version', a.id)} value={String(a.version)} />
                <Radios
                  {...row('outcome')}
                  legend={`Decision on ${a.ref}`}
                  legendSize="hidden"
                  small
                  value={proposed?.outcome ?? ''}
                  options={[
                    { value: 'discharged', label: 'Discharge' },
                    { value: 'carried-forward', label: 'Carry forward' },
                    // A decision once recorded can be changed but not taken back.
                    ...(proposed ? [] : [{ value: '', label: 'No decision yet' }]),
                  ]}
                />
                <Textarea
                  {...row('note')}
                  label={`Note on ${a.ref}`}
                  labelHidden
                  rows={3}
                  value={proposed?.note ?? ''}
                />
              </>,
            ],
          }
        })}
      />
      <Checkboxes
        form={DECIDE}
        name="carryForwardRest"
        legend="Actions not decided"
        legendSize="hidden"
        state={mine}
        options={[
          {
            value: 'yes',
            label: 'Carry forward everything not decided',
            hint: 'Every action arising here with no decision yet, on every page of this list',
          },
        ]}
      />
      <Button>Save decisions</Button>
    </form>
  )
}
