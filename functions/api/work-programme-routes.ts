import * as z from 'zod'
import { Action } from '#shared/domain/action.ts'
import { Id, oneOrMany } from '#shared/domain/common.ts'
import {
  AddWorkProgrammeInput,
  RecordItemInput,
  WorkProgrammeItem,
  WorkProgrammeItemInput,
} from '#shared/domain/work-programme.ts'
import * as workProgramme from '#shared/usecases/work-programme.ts'
import { RowResults, rowsAnswer } from '../http/problem.ts'
import { ok, principalOf, type RouteDef, route } from '../http/route.ts'
import { itemsRoute } from './list-routes.ts'

const boardParams = z.object({ boardId: Id })
const addBody = oneOrMany(['items'], WorkProgrammeItemInput, AddWorkProgrammeInput)

/** The Panel's work programme (issue 17); its export is the action log function's (work-programme-spec). */
export const workProgrammeRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/boards/{boardId}/work-programme',
    summary:
      'Add a work-programme item (report, standing item, briefing note), or several with `{ "items": [ … ] }` (each row added or refused on its own)',
    tag: 'work-programme',
    auth: 'jwt',
    allow: ['secretariat'],
    params: boardParams,
    body: addBody,
    response: {
      status: 201,
      description:
        'The item (an action of its kind); for several, each row’s result (201 when every row was added, else 200)',
      schema: z.union([Action, RowResults]),
    },
    handle: async (req, deps) => {
      if ('items' in req.body) {
        return rowsAnswer(
          await workProgramme.addWorkProgrammeItems(deps, principalOf(req), req.params.boardId, req.body),
          201,
        )
      }
      return ok(
        await workProgramme.addWorkProgrammeItem(deps, principalOf(req), req.params.boardId, req.body),
        201,
      )
    },
  }),
  itemsRoute({
    method: 'get',
    path: '/boards/{boardId}/work-programme',
    summary:
      "A board's open work-programme items (a member sees an exempt item they do not own by its wording)",
    tag: 'work-programme',
    auth: 'jwt',
    params: boardParams,
    item: WorkProgrammeItem,
    description: 'The items, in the order they were requested',
    list: (req, deps) => workProgramme.listWorkProgramme(deps, principalOf(req), req.params.boardId),
  }),
  route({
    method: 'post',
    path: '/boards/{boardId}/work-programme/{itemId}/record',
    summary:
      'Record an item at a meeting: taken (its date of last report moves; it closes or is timetabled again), deferred or brought forward',
    tag: 'work-programme',
    auth: 'jwt',
    allow: ['secretariat'],
    params: z.object({ boardId: Id, itemId: Id }),
    body: RecordItemInput,
    ifMatch: 'optional',
    response: { status: 200, description: 'The item as it now is', schema: Action },
    handle: async (req, deps) =>
      ok(
        await workProgramme.recordItem(
          deps,
          principalOf(req),
          req.params.boardId,
          req.params.itemId,
          req.body,
          req.ifMatch,
        ),
      ),
  }),
]
