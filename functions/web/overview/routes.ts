import { Hono } from 'hono'
import { PAGE_LIMIT } from '#shared/domain/page.ts'
import { mayViewOverdue } from '#shared/domain/policy.ts'
import { ForbiddenError } from '#shared/errors.ts'
import * as actions from '#shared/usecases/actions.ts'
import * as boards from '#shared/usecases/boards.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import * as queries from '#shared/usecases/queries.ts'
import type { WebKit } from '../kit.ts'
import { byBoard, chairPage, minePage } from './pages.tsx'

/** The chair's overdue and due report across boards, and a member's own actions. */
export function overviewRoutes(k: WebKit): Hono {
  const { deps, htmlPage, signed, listPage, pageLinks } = k
  const app = new Hono()

  app.get(
    '/ui/chair',
    signed(async (c, s) => {
      if (!mayViewOverdue(s.principal))
        throw new ForbiddenError('the overdue list is for the secretariat and the chair')
      const now = deps.now()
      const all = await boards.listBoards(deps)
      const people = new Map((await peopleUc.listPeople(deps)).map((p) => [p.id, p]))
      const list = await Promise.all(
        all.map(async (board) => {
          const overdue = await queries.overdueReport(deps, s.principal, board.id)
          const upcoming = await meetings.listMeetings(deps, board.id, { from: now.toISOString() })
          const next = upcoming.find((m) => m.status === 'scheduled') ?? null
          const dueNext = next
            ? await actions.listActionsArising(deps, s.principal, next.id, { limit: PAGE_LIMIT.default })
            : { items: [], next: null }
          return { board, overdue, next, dueNext: dueNext.items, moreDue: dueNext.next !== null, people }
        }),
      )
      return htmlPage(c, chairPage(s, list))
    }),
  )

  app.get(
    '/ui/mine',
    signed(async (c, s) => {
      if (!s.principal.personId) return htmlPage(c, minePage(s, [], new Map()))
      const mine = await queries.listPersonActions(
        deps,
        s.principal,
        s.principal.personId,
        'open',
        listPage(c, 'cursor'),
      )
      const boardsById = new Map((await boards.listBoards(deps)).map((b) => [b.id, b]))
      const people = new Map((await peopleUc.listPeople(deps)).map((p) => [p.id, p]))
      return htmlPage(
        c,
        minePage(s, byBoard(mine.items, boardsById), people, pageLinks(c, ['cursor'], 'cursor', mine.next)),
      )
    }),
  )

  return app
}
