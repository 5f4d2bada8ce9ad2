import { type Context, Hono } from 'hono'
import { boardWriteBlocker, CreateBoardInput, PatchBoardInput } from '#shared/domain/board.ts'
import { Id } from '#shared/domain/common.ts'
import { CreateMeetingInput } from '#shared/domain/meeting.ts'
import type { Occurrence } from '#shared/domain/meeting-series.ts'
import { mayManageBoards } from '#shared/domain/policy.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors.ts'
import * as boards from '#shared/usecases/boards.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as members from '#shared/usecases/members.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import * as queries from '#shared/usecases/queries.ts'
import { file } from '../../http/route.ts'
import { NO_PAGES } from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { changedOnly, chosenId, list, localInstant, parsed, renamed, savePatch } from '../form-input.ts'
import type { Signed, WebKit } from '../kit.ts'
import { DONE, dateIn } from '../shell.tsx'
import { boardLogPage } from './log.tsx'
import { LOG_FIELDS, readLogQuery } from './log-query.ts'
import { boardPage, boardsPage, retirePage } from './pages.tsx'
import { onForm, previewSeries, SERIES, seriesInput } from './series.tsx'

/** The boards, a board's meetings and settings, and scheduling a meeting. */
export function boardRoutes(k: WebKit): Hono {
  const { deps, htmlPage, signed, notOffered, readForm, listPage, pageLinks, idParam } = k
  const { postForm, postOn, postRetire } = k
  const app = new Hono()

  const boardsView = async (c: Context, s: Signed, state?: FormState) => {
    const withRetired = c.req.query('include') === 'retired'
    const [page, people] = await Promise.all([
      boards.pageBoards(deps, listPage(c, 'cursor'), { includeRetired: withRetired }),
      peopleUc.listPeople(deps),
    ])
    const links = pageLinks(c, ['cursor', 'include'], 'cursor', page.next)
    return boardsPage(s, page.items, links, people, state, withRetired)
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

  const boardView = async (
    c: Context,
    s: Signed,
    boardId: string,
    state?: FormState,
    done?: string,
    preview?: readonly Occurrence[],
  ) => {
    const board = await boards.getBoard(deps, boardId)
    const now = deps.now()
    const lists = ['upcoming', 'past']
    const [upcoming, past, people, boardMembers] = await Promise.all([
      meetings.pageMeetings(deps, board.id, { from: now.toISOString() }, listPage(c, 'upcoming')),
      meetings.pageMeetings(
        deps,
        board.id,
        { to: new Date(now.getTime() - 1).toISOString(), newestFirst: true },
        listPage(c, 'past'),
      ),
      peopleUc.listPeople(deps),
      members.listMembers(deps, board.id),
    ])
    const links = {
      upcoming: pageLinks(c, lists, 'upcoming', upcoming.next, '#upcoming'),
      past: pageLinks(c, lists, 'past', past.next, '#past'),
    }
    return boardPage(
      s,
      { board, upcoming: upcoming.items, past: past.items, links, people, members: boardMembers, preview },
      state,
      done,
    )
  }

  postOn(app, '/ui/boards/:boardId', (boardId, s, form, c) => {
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
        const saved = await savePatch(PatchBoardInput, changedOnly(next, current), (patch) =>
          boards.patchBoard(deps, s.principal, boardId, patch, Number(form.version)),
        )
        return `/ui/boards/${boardId}?done=${saved ? 'board-changed' : 'unchanged'}`
      },
      redraw: (state) => boardView(c, s, boardId, state),
      oneTime: true,
    }
  })

  app.get(
    '/ui/boards/:boardId',
    signed(async (c, s) =>
      htmlPage(
        c,
        await boardView(c, s, idParam(c, 'boardId'), undefined, BOARD_DONE[c.req.query('done') ?? '']),
      ),
    ),
  )

  postOn(app, '/ui/boards/:boardId/meetings', (boardId, s, form, c) => ({
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
  }))

  // A series in one form: the meetings made together, or none (the form is drawn again with why).
  postOn(app, '/ui/boards/:boardId/meeting-series', (boardId, s, form, c) => ({
    form: SERIES,
    firstField: 'every',
    change: async () => {
      const input = seriesInput(form)
      const result = await meetings.createMeetingSeries(deps, s.principal, boardId, input).catch((e) => {
        if (e instanceof ValidationError) throw new ValidationError(e.message, onForm(e.issues))
        throw e
      })
      const done = result.skipped.length > 0 ? 'series-skipped' : 'series'
      return `/ui/boards/${boardId}?done=${done}#upcoming`
    },
    redraw: (state) => boardView(c, s, boardId, state),
    oneTime: true,
  }))

  // The dates a series would make, drawn under its form with what was typed; nothing is saved.
  app.post(
    '/ui/boards/:boardId/meeting-series/preview',
    signed(async (c, s) => {
      const boardId = idParam(c, 'boardId')
      const values = await readForm(c)
      const board = await boards.getBoard(deps, boardId)
      try {
        const dates = previewSeries(values, board)
        return htmlPage(
          c,
          await boardView(c, s, boardId, { form: SERIES, issues: [], values }, undefined, dates),
        )
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e
        return htmlPage(c, await boardView(c, s, boardId, { form: SERIES, issues: e.issues, values }), 400)
      }
    }),
  )

  postOn(app, '/ui/boards/:boardId/members', (boardId, s, form, c) => ({
    form: 'member',
    firstField: 'personId',
    change: async () => {
      const personId = chosenId(form, 'personId', 'Choose a person or team to add')
      await members.addMember(deps, s.principal, boardId, personId)
      return `/ui/boards/${boardId}?done=member-added#members`
    },
    redraw: (state) => boardView(c, s, boardId, state),
    oneTime: true,
    conflicts: { duplicate: 'personId', 'illegal-transition': 'personId' },
  }))

  // Removing is the same however often it is sent: no one-time key.
  app.post(
    '/ui/boards/:boardId/members/remove',
    signed(async (c, s) => {
      const boardId = idParam(c, 'boardId')
      const personId = Id.safeParse((await readForm(c)).personId)
      if (!personId.success) throw new NotFoundError('person', 'chosen')
      await members.removeMember(deps, s.principal, boardId, personId.data)
      return c.redirect(`/ui/boards/${boardId}?done=member-removed#members`, 303)
    }),
  )

  app.get(
    '/ui/boards/:boardId/retire',
    signed(async (c, s) => {
      if (!mayManageBoards(s.principal))
        throw new ForbiddenError(`only ${mayManageBoards.who} retires boards`)
      const board = await boards.getBoard(deps, idParam(c, 'boardId'))
      const blocker = boardWriteBlocker(board)
      if (blocker)
        return notOffered(
          c,
          s,
          'This board is already retired',
          `It was retired on ${dateIn(board.retiredAt ?? '', board)}.`,
          { href: `/ui/boards/${board.id}`, label: `Back to the ${board.name}` },
        )
      return htmlPage(c, retirePage(s, board))
    }),
  )

  postRetire(app, '/ui/boards/:boardId/retire', {
    retire: (s, boardId, version) => boards.retireBoard(deps, s.principal, boardId, version),
    done: (boardId) => `/ui/boards/${boardId}?done=retired`,
    redraw: async (s, boardId, state) => retirePage(s, await boards.getBoard(deps, boardId), state),
  })

  const boardLogView = async (c: Context, s: Signed, boardId: string) => {
    const board = await boards.getBoard(deps, boardId)
    const asked = readLogQuery(c.req.query())
    const [boardMembers, all, meetingList] = await Promise.all([
      members.listMembers(deps, board.id),
      peopleUc.listPeople(deps),
      meetings.listMeetings(deps, board.id, {}),
    ])
    const base = {
      board,
      owners: boardMembers.length > 0 ? boardMembers : all.filter((p) => !p.retiredAt),
      meetings: meetingList,
      people: new Map(all.map((p) => [p.id, p])),
      values: asked.values,
    }
    if ('issues' in asked)
      return {
        status: 400 as const,
        html: boardLogPage(s, { ...base, page: null, links: NO_PAGES }, { form: 'log', ...asked }),
      }
    const request = listPage(c, 'cursor')
    const found = await queries.listBoardActions(deps, s.principal, board.id, asked.filter, request)
    // A filtered page reads a bounded part of the log: it may be short and still have more.
    const short = found.next !== null && found.items.length < request.limit
    const links = pageLinks(c, [...LOG_FIELDS, 'cursor'], 'cursor', found.next)
    return {
      status: 200 as const,
      html: boardLogPage(s, { ...base, page: { items: found.items, short }, links }),
    }
  }

  app.get(
    '/ui/boards/:boardId/actions',
    signed(async (c, s) => {
      const { status, html } = await boardLogView(c, s, idParam(c, 'boardId'))
      return htmlPage(c, html, status)
    }),
  )

  // The same filter's CSV, every page of it, as the API's export route sends it.
  app.get(
    '/ui/boards/:boardId/actions.csv',
    signed(async (c, s) => {
      const boardId = idParam(c, 'boardId')
      const asked = readLogQuery(c.req.query())
      if ('issues' in asked) {
        const { html } = await boardLogView(c, s, boardId)
        return htmlPage(c, html, 400)
      }
      const f = file(await queries.exportBoardLog(deps, s.principal, boardId, asked.filter))
      return c.body(f.raw ?? '', 200, { ...f.headers, ...FILE_HEADERS })
    }),
  )

  return app
}

/** The file has no script and loads nothing. */
const FILE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
}

/** The banners of this area's changes, beside the shared ones. */
const BOARD_DONE: Record<string, string> = {
  ...DONE,
  'member-added': 'The member was added to the board.',
  'member-removed': 'The member was taken off the board. Their actions and past attendance stay as they are.',
  retired: 'The board was retired. It stays readable, and takes no more changes.',
  series: 'The series of meetings was scheduled: they are listed under Upcoming meetings.',
  'series-skipped':
    'The series of meetings was scheduled. Dates on which the board already met at that time were left as they were.',
}
