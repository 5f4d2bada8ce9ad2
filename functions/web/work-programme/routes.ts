import { Hono } from 'hono'
import { Id } from '#shared/domain/common.ts'
import { mayReadFullActionLog } from '#shared/domain/policy.ts'
import { RecordItemInput } from '#shared/domain/work-programme.ts'
import { type IssueDetail, ValidationError } from '#shared/errors.ts'
import type { RowResult } from '#shared/usecases/actions.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as workProgramme from '#shared/usecases/work-programme.ts'
import { toProblem } from '../../http/problem.ts'
import { rowField } from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { parsed, rowIssues } from '../form-input.ts'
import { rowsForm } from '../form-routes.ts'
import type { Signed, WebKit } from '../kit.ts'
import { DONE } from '../shell.tsx'
import {
  ADD,
  ADD_FIELDS,
  type AddField,
  recordForm,
  TO_BE_TIMETABLED,
  type WorkProgrammeView,
  workProgrammePage,
} from './pages.tsx'

const WP_DONE: Record<string, string> = {
  'wp-added': 'Added to the work programme. Each lead will get one email listing their items.',
  'wp-recorded': 'The work programme for the meeting was saved.',
}

const ROWS = 6

/** The add form's row keys (its `rows` field), or the first empty ones. */
function rowKeys(form: Record<string, string>): string[] {
  const keys = (form.rows ?? '').split(',').filter((k) => /^\d{1,3}$/.test(k))
  return keys.length > 0
    ? [...new Set(keys)].slice(0, 100)
    : Array.from({ length: ROWS }, (_, i) => String(i + 1))
}

/** The rows the add form sent with something typed, as addWorkProgrammeItems takes them. */
function addRows(form: Record<string, string>, keys: readonly string[]) {
  return keys.flatMap((key) => {
    const t = (f: AddField) => (form[rowField(f, key)] ?? '').trim()
    if (!t('title') && !t('detail') && !t('owners') && !t('lastReportedOn')) return []
    const kind = t('kind') || 'report'
    const due = t('due')
    return [
      {
        key,
        input: {
          kind,
          title: t('title'),
          ...(t('detail') ? { detail: t('detail') } : {}),
          owners: t('owners'),
          ...(kind === 'standing'
            ? {}
            : due && due !== TO_BE_TIMETABLED
              ? { dueMeetingId: due }
              : { toBeTimetabled: true }),
          ...(t('lastReportedOn') ? { lastReportedOn: t('lastReportedOn') } : {}),
        },
      },
    ]
  })
}

/** A failed row's issues at the form's fields. */
function addIssues(results: readonly RowResult[], keys: readonly string[]): IssueDetail[] {
  return rowIssues(results, keys, 'this item could not be added just now: try again', (i, key) => {
    const first = i.path.split('.')[0] ?? ''
    const field: AddField =
      first === 'ownerIds' || first === 'owners'
        ? 'owners'
        : first === 'dueMeetingId' || first === 'toBeTimetabled'
          ? 'due'
          : first in ADD_FIELDS
            ? (first as AddField)
            : 'title'
    return { path: i.path === 'requestedAtMeetingId' ? i.path : rowField(field, key), message: i.message }
  })
}

/** The forward plan of a board: its page, adding items, and recording them at a meeting. */
export function workProgrammeRoutes(k: WebKit): Hono {
  const { deps, postOn, htmlPage, signed, idParam } = k
  const app = new Hono()

  const view = async (s: Signed, boardId: string, keys: readonly string[]): Promise<WorkProgrammeView> => {
    const version = mayReadFullActionLog(s.principal) ? 'full' : 'open'
    const {
      plan,
      board,
      meetings: upcoming,
    } = await workProgramme.loadForwardPlan(deps, s.principal, boardId, version)
    const all = await meetings.listMeetings(deps, board.id, {})
    const now = deps.now().toISOString()
    const started = all.filter((m) => m.startsAt <= now && m.status !== 'cancelled')
    const open = all.filter((m) => m.status !== 'cancelled')
    return {
      board,
      plan,
      upcoming,
      meetings: open,
      keys,
      requestedDefault: started.at(-1)?.id ?? open[0]?.id ?? '',
    }
  }
  const page = async (s: Signed, boardId: string, state?: FormState, keys?: readonly string[]) =>
    workProgrammePage(s, await view(s, boardId, keys ?? rowKeys({})), state)

  app.get(
    '/ui/boards/:boardId/work-programme',
    signed(async (c, s) => {
      const key = c.req.query('done') ?? ''
      const done = DONE[key] ?? WP_DONE[key]
      return htmlPage(
        c,
        workProgrammePage(s, await view(s, idParam(c, 'boardId'), rowKeys({})), undefined, done),
      )
    }),
  )

  // The rows added are on the plan at once; only those refused are drawn again.
  postOn(app, '/ui/boards/:boardId/work-programme', (boardId, s, form) => {
    const keys = rowKeys(form)
    return rowsForm({
      form: ADD,
      keys,
      rows: addRows(form, keys),
      first: 'title',
      none: 'enter at least one item',
      save: (rows) =>
        workProgramme.addWorkProgrammeItems(deps, s.principal, boardId, {
          ...(Id.safeParse(form.requestedAtMeetingId).success
            ? { requestedAtMeetingId: form.requestedAtMeetingId }
            : {}),
          items: rows.map((r) => r.input),
        }),
      done: () => `/ui/boards/${boardId}/work-programme?done=wp-added`,
      issues: addIssues,
      redraw: (state, left) => page(s, boardId, state, left.keys),
    })
  })

  postOn(app, '/ui/boards/:boardId/work-programme/record', (boardId, s, form) => {
    let saved = 0
    return {
      form: recordForm(Id.safeParse(form.meetingId).success ? (form.meetingId ?? '') : ''),
      firstField: 'meetingId',
      change: async () => {
        const meetingId = form.meetingId ?? ''
        const issues: IssueDetail[] = []
        for (const name of Object.keys(form)) {
          const id = name.startsWith('version.') ? name.slice('version.'.length) : ''
          const outcome = form[rowField('outcome', id)] ?? ''
          if (!Id.safeParse(id).success || !outcome) continue
          const next = form[rowField('next', id)] ?? ''
          try {
            const input = parsed(RecordItemInput, {
              meetingId,
              outcome,
              ...(next === TO_BE_TIMETABLED ? { toBeTimetabled: true } : next ? { nextMeetingId: next } : {}),
              version: Number(form[name]),
            })
            await workProgramme.recordItem(deps, s.principal, boardId, id, input)
            saved++
          } catch (error) {
            const p = toProblem(error)
            if (p.status >= 500) throw error
            const issue = p.issues?.[0]
            const field = issue?.path === 'nextMeetingId' ? 'next' : 'outcome'
            issues.push({ path: rowField(field, id), message: issue?.message ?? p.detail })
          }
        }
        if (issues.length > 0) throw new ValidationError('rows refused', issues)
        return `/ui/boards/${boardId}/work-programme?done=${saved > 0 ? 'wp-recorded' : 'unchanged'}`
      },
      redraw: (state) => page(s, boardId, state),
      oneTime: true,
      savedSome: () => saved > 0,
    }
  })

  return app
}
