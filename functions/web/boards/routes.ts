import { type Context, Hono } from 'hono'
import { CreateBoardInput, PatchBoardInput } from '#shared/domain/board.ts'
import { CreateMeetingInput } from '#shared/domain/meeting.ts'
import * as boards from '#shared/usecases/boards.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import type { FormState } from '../../http/ui/forms.ts'
import { changedOnly, list, localInstant, parsed, renamed } from '../form-input.ts'
import type { Signed, WebKit } from '../kit.ts'
import { DONE } from '../shell.tsx'
import { boardPage, boardsPage } from './pages.tsx'

/** The boards, a board's meetings and settings, and scheduling a meeting. */
export function boardRoutes(k: WebKit): Hono {
  const { deps, htmlPage, signed, postForm, listPage, pageLinks, idParam } = k
  const app = new Hono()

  const boardsView = async (c: Context, s: Signed, state?: FormState) => {
    const [page, people] = await Promise.all([
      boards.pageBoards(deps, listPage(c, 'cursor')),
      peopleUc.listPeople(deps),
    ])
    return boardsPage(s, page.items, pageLinks(c, ['cursor'], 'cursor', page.next), people, state)
  }

  app.get(
    '/ui/boards',
    signed(async (c, s) => htmlPage(c, await boardsView(c, s))),
  )

  postForm(app, '/ui/boards', (c, s, form) => ({
    form: 'board',
    firstField: 'name',
    change: async () => {
      const input = parsed(CreateBoardInput, {
        name: form.name ?? '',
        shortName: form.shortName ?? '',
        secretariatEmails: list(form.secretariatEmails),
        ...(form.chairId ? { chairId: form.chairId } : {}),
      })
      const board = await boards.createBoard(deps, s.principal, input)
      return `/ui/boards/${board.id}`
    },
    redraw: (state) => boardsView(c, s, state),
    oneTime: true,
  }))

  const boardView = async (c: Context, s: Signed, boardId: string, state?: FormState, done?: string) => {
    const board = await boards.getBoard(deps, boardId)
    const now = deps.now()
    const lists = ['upcoming', 'past']
    const [upcoming, past, people] = await Promise.all([
      meetings.pageMeetings(deps, board.id, { from: now.toISOString() }, listPage(c, 'upcoming')),
      meetings.pageMeetings(
        deps,
        board.id,
        { to: new Date(now.getTime() - 1).toISOString(), newestFirst: true },
        listPage(c, 'past'),
      ),
      peopleUc.listPeople(deps),
    ])
    const links = {
      upcoming: pageLinks(c, lists, 'upcoming', upcoming.next, '#upcoming'),
      past: pageLinks(c, lists, 'past', past.next, '#past'),
    }
    return boardPage(s, { board, upcoming: upcoming.items, past: past.items, links, people }, state, done)
  }

  postForm(app, '/ui/boards/:boardId', (c, s, form) => {
    const boardId = idParam(c, 'boardId')
    const days = (raw: string | undefined) =>
      list(raw).map((d) => (/^\d{1,2}$/.test(d) ? Number(d) : Number.NaN))
    const number = (raw: string | undefined) =>
      /^\d{1,2}$/.test(raw?.trim() ?? '') ? Number(raw) : Number.NaN
    const minutes = (raw: string | undefined) =>
      /^\d{1,3}$/.test(raw?.trim() ?? '') ? Number(raw) : Number.NaN
    return {
      form: 'board-settings',
      firstField: 'name',
      change: async () => {
        const current = await boards.getBoard(deps, boardId)
        const next = {
          name: form.name ?? '',
          shortName: form.shortName ?? '',
          secretariatEmails: list(form.secretariatEmails),
          chairId: form.chairId ? form.chairId : null,
          reminderDaysBefore: days(form.reminderDaysBefore),
          summaryDaysBefore: number(form.summaryDaysBefore),
          overdueCarryThreshold: number(form.overdueCarryThreshold),
          meetingLengthMinutes: minutes(form.meetingLengthMinutes),
        }
        const patch = changedOnly(next, current)
        if (Object.keys(patch).length === 0) return `/ui/boards/${boardId}?done=unchanged`
        await boards.patchBoard(
          deps,
          s.principal,
          boardId,
          parsed(PatchBoardInput, patch),
          Number(form.version),
        )
        return `/ui/boards/${boardId}?done=board-changed`
      },
      redraw: (state) => boardView(c, s, boardId, state),
      oneTime: true,
    }
  })

  app.get(
    '/ui/boards/:boardId',
    signed(async (c, s) =>
      htmlPage(c, await boardView(c, s, idParam(c, 'boardId'), undefined, DONE[c.req.query('done') ?? ''])),
    ),
  )

  postForm(app, '/ui/boards/:boardId/meetings', (c, s, form) => {
    const boardId = idParam(c, 'boardId')
    return {
      form: 'meeting',
      firstField: 'date',
      change: async () => {
        const board = await boards.getBoard(deps, boardId)
        const startsAt = localInstant(form.date, form.time, board)
        const input = parsed(CreateMeetingInput, {
          startsAt,
          ...(form.location?.trim() ? { location: form.location.trim() } : {}),
        })
        const meeting = await meetings.createMeeting(deps, s.principal, boardId, input)
        return `/ui/meetings/${meeting.id}`
      },
      redraw: (state) => boardView(c, s, boardId, renamed(state, { startsAt: 'date' })),
      oneTime: true,
    }
  })

  return app
}
