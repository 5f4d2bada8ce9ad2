import { type Context, Hono } from 'hono'
import { PostUpdateInput, WithdrawActionInput } from '#shared/domain/action.ts'
import { withdrawBlocker } from '#shared/domain/action-rules.ts'
import { mayEditActions } from '#shared/domain/policy.ts'
import { ForbiddenError, ValidationError } from '#shared/errors.ts'
import * as actions from '#shared/usecases/actions.ts'
import * as boards from '#shared/usecases/boards.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import { parsed } from '../form-input.ts'
import type { Signed, WebKit } from '../kit.ts'
import { DONE } from '../shell.tsx'
import { dateOf, editPatch, formIssues } from './edit-form.ts'
import { type ActionView, actionPage, withdrawPage } from './pages.tsx'

/** The banners of this area's changes, beside the shared ones. */
const ACTION_DONE: Record<string, string> = {
  ...DONE,
  withdrawn: 'The action was withdrawn. It is kept in its history and shown in no list or log.',
}

/** An action: its facts, updates and history; the secretariat's corrections, updates and withdrawal. */
export function actionRoutes(k: WebKit): Hono {
  const { deps, postOn, htmlPage, signed, notOffered, listPage, pageLinks, idParam } = k
  const app = new Hono()

  const actionView = async (c: Context, s: Signed, actionId: string): Promise<ActionView> => {
    const action = await actions.getAction(deps, s.principal, actionId)
    const [board, history, people, later] = await Promise.all([
      boards.getBoard(deps, action.boardId),
      // A member may not read the history of an exempt action they do not own.
      actions.actionHistory(deps, s.principal, actionId, listPage(c, 'history')).catch((e: unknown) => {
        if (e instanceof ForbiddenError) return null
        throw e
      }),
      peopleUc.listPeople(deps),
      meetings.listMeetings(deps, action.boardId, { from: action.raisedAt }),
    ])
    return {
      action,
      board,
      history: history?.items ?? null,
      historyLinks: pageLinks(c, ['history'], 'history', history?.next ?? null, '#history'),
      people: new Map(people.map((p) => [p.id, p])),
      dueOptions: later.filter((m) => m.status === 'scheduled' && m.startsAt > action.raisedAt),
      meetings: new Map(later.map((m) => [m.id, m])),
    }
  }

  app.get(
    '/ui/actions/:actionId',
    signed(async (c, s) =>
      htmlPage(
        c,
        actionPage(
          s,
          await actionView(c, s, idParam(c, 'actionId')),
          undefined,
          ACTION_DONE[c.req.query('done') ?? ''],
        ),
      ),
    ),
  )

  postOn(app, '/ui/actions/:actionId', (actionId, s, form, c) => {
    // A work-programme item's form has its title where an action's has its description.
    const first = form.title !== undefined ? 'title' : 'description'
    return {
      form: 'edit',
      firstField: first,
      change: async () => {
        const current = await actions.getAction(deps, s.principal, actionId)
        const patch = editPatch(form, current)
        if (!patch) return `/ui/actions/${actionId}?done=unchanged`
        await actions.patchAction(deps, s.principal, actionId, patch, Number(form.version))
        return `/ui/actions/${actionId}?done=edited`
      },
      redraw: async (state) =>
        actionPage(s, await actionView(c, s, actionId), { ...state, issues: formIssues(state.issues) }),
      oneTime: true,
      conflicts: { 'illegal-transition': first },
    }
  })

  postOn(app, '/ui/actions/:actionId/updates', (actionId, s, form, c) => ({
    form: 'update',
    firstField: 'text',
    change: async () => {
      const givenOn = dateOf(form, 'givenOn')
      const input = parsed(PostUpdateInput, {
        text: form.text ?? '',
        proposeComplete: false,
        ...(form.onBehalfOf ? { onBehalfOf: form.onBehalfOf } : {}),
        ...(givenOn ? { givenOn } : {}),
      })
      await actions.postUpdate(deps, s.principal, actionId, input)
      return `/ui/actions/${actionId}?done=update`
    },
    redraw: async (state) => actionPage(s, await actionView(c, s, actionId), state),
    oneTime: true,
  }))

  app.get(
    '/ui/actions/:actionId/withdraw',
    signed(async (c, s) => {
      if (!mayEditActions(s.principal))
        throw new ForbiddenError(`only ${mayEditActions.who} withdraws actions`)
      const v = await actionView(c, s, idParam(c, 'actionId'))
      const blocker = withdrawBlocker(v.action)
      if (blocker)
        return notOffered(
          c,
          s,
          'This action cannot be withdrawn',
          `${blocker.charAt(0).toUpperCase()}${blocker.slice(1)}.`,
          {
            href: `/ui/actions/${v.action.id}`,
            label: `Back to action ${v.action.ref}`,
          },
        )
      return htmlPage(c, withdrawPage(s, v))
    }),
  )

  postOn(app, '/ui/actions/:actionId/withdraw', (actionId, s, form, c) => ({
    form: 'withdraw',
    firstField: 'reason',
    change: async () => {
      if (!form.reason?.trim())
        throw new ValidationError('no reason', [
          { path: 'reason', message: 'Enter why the action is withdrawn' },
        ])
      const input = parsed(WithdrawActionInput, { reason: form.reason })
      await actions.withdrawAction(deps, s.principal, actionId, input, Number(form.version))
      return `/ui/actions/${actionId}?done=withdrawn`
    },
    redraw: async (state) => withdrawPage(s, await actionView(c, s, actionId), state),
    oneTime: true,
  }))

  return app
}
