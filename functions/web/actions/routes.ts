import { type Context, Hono } from 'hono'
import { PatchActionInput, PostUpdateInput } from '#shared/domain/action.ts'
import { ForbiddenError } from '#shared/errors.ts'
import * as actions from '#shared/usecases/actions.ts'
import * as boards from '#shared/usecases/boards.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import { ownersByInitials, parsed, renamed } from '../form-input.ts'
import type { Signed, WebKit } from '../kit.ts'
import { DONE } from '../shell.tsx'
import { type ActionView, actionPage } from './pages.tsx'

/** An action: its facts, updates and history; the secretariat's corrections and updates. */
export function actionRoutes(k: WebKit): Hono {
  const { deps, htmlPage, signed, postForm, listPage, pageLinks, idParam } = k
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
          DONE[c.req.query('done') ?? ''],
        ),
      ),
    ),
  )

  postForm(app, '/ui/actions/:actionId', (c, s, form) => {
    const actionId = idParam(c, 'actionId')
    return {
      form: 'edit',
      firstField: 'description',
      change: async () => {
        const [current, people] = await Promise.all([
          actions.getAction(deps, s.principal, actionId),
          peopleUc.listPeople(deps),
        ])
        const ownerIds = ownersByInitials(form.owners, people)
        const dueDate = form.dueDate?.trim() ? form.dueDate.trim() : null
        // Only what changed, so the history records just that.
        const patch = {
          ...(form.description !== undefined &&
          form.description !== current.description.replace(/\r\n?/g, '\n')
            ? { description: form.description }
            : {}),
          ...(ownerIds.join() !== current.ownerIds.join() ? { ownerIds } : {}),
          // Moved only if the person chose another meeting than the one the form showed.
          ...(form.dueMeetingId && form.dueMeetingId !== (form.dueWas ?? '')
            ? { dueMeetingId: form.dueMeetingId }
            : {}),
          ...(dueDate !== current.dueDate ? { dueDate } : {}),
        }
        if (Object.keys(patch).length === 0) return `/ui/actions/${actionId}?done=unchanged`
        await actions.patchAction(
          deps,
          s.principal,
          actionId,
          parsed(PatchActionInput, patch),
          Number(form.version),
        )
        return `/ui/actions/${actionId}?done=edited`
      },
      redraw: async (state) =>
        actionPage(s, await actionView(c, s, actionId), renamed(state, { ownerIds: 'owners' })),
      oneTime: true,
      conflicts: { 'illegal-transition': 'owners' },
    }
  })

  postForm(app, '/ui/actions/:actionId/updates', (c, s, form) => {
    const actionId = idParam(c, 'actionId')
    return {
      form: 'update',
      firstField: 'text',
      change: async () => {
        const input = parsed(PostUpdateInput, { text: form.text ?? '', proposeComplete: false })
        await actions.postUpdate(deps, s.principal, actionId, input)
        return `/ui/actions/${actionId}?done=update`
      },
      redraw: async (state) => actionPage(s, await actionView(c, s, actionId), state),
      oneTime: true,
    }
  })

  return app
}
