import * as z from 'zod'
import {
  Action,
  ActionStatus,
  CreateActionInput,
  DecideOutcomesInput,
  HistoryEntry,
  OutcomeInput,
  PatchActionInput,
  PostUpdateInput,
  RaiseActionsInput,
  RedactedAction,
  WithdrawActionInput,
} from '#shared/domain/action.ts'
import { Board, BoardRef, CreateBoardInput, PatchBoardInput } from '#shared/domain/board.ts'
import { BOARD_LOG_READ_BOUND, BoardLogFilter } from '#shared/domain/board-log.ts'
import { Email, Id, Instant, oneOrMany } from '#shared/domain/common.ts'
import {
  CreateMeetingInput,
  Meeting,
  MinutesApprovalInput,
  PatchMeetingInput,
} from '#shared/domain/meeting.ts'
import { CreateMeetingSeriesInput, SeriesResult } from '#shared/domain/meeting-series.ts'
import type { Page } from '#shared/domain/page.ts'
import { CreatePersonInput, PatchPersonInput, Person } from '#shared/domain/person.ts'
import type { Principal } from '#shared/domain/principal.ts'
import { Suppression } from '#shared/domain/suppression.ts'
import { asDependencyOutage, DependencyUnavailableError } from '#shared/errors.ts'
import * as actions from '#shared/usecases/actions.ts'
import * as boards from '#shared/usecases/boards.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as members from '#shared/usecases/members.ts'
import * as notify from '#shared/usecases/notify.ts'
import * as ownerLinks from '#shared/usecases/owner-links.ts'
import * as people from '#shared/usecases/people.ts'
import * as queries from '#shared/usecases/queries.ts'
import * as suppressions from '#shared/usecases/suppressions.ts'
import { actionLogSpec } from '../http/action-log-spec.ts'
import { minutesImportSpec } from '../http/minutes-import-spec.ts'
import { RowResults, rowsAnswer } from '../http/problem.ts'
import { file, ok, principalOf, type RouteDef, type RouteSpec, route } from '../http/route.ts'
import { uiRoutes } from '../http/ui-routes.ts'
import { workProgrammeExportSpec } from '../http/work-programme-spec.ts'
import { importRoutes } from './import-routes.ts'
import { listRoute, type PageParams } from './list-routes.ts'
import { ownerPageRoutes } from './owner-routes.ts'
import { publicationRoutes } from './publication-routes.ts'
import { workProgrammeRoutes } from './work-programme-routes.ts'

/** DynamoDB answers in milliseconds; a readiness check waits no longer than this. */
const READINESS_TIMEOUT_MS = 1_000

const boardParams = z.object({ boardId: Id })
const personParams = z.object({ personId: Id })
const meetingParams = z.object({ meetingId: Id })
const actionParams = z.object({ actionId: Id })
const statusQuery = z.strictObject({ status: z.enum(['open', 'discharged']).optional() })
const memberParams = z.object({ boardId: Id, personId: Id })
const includeQuery = z.strictObject({
  include: z
    .enum(['retired'])
    .optional()
    .meta({ description: 'retired: list retired entries too (left out by default)' }),
})
/** A board's log also lists withdrawn actions, when (and only when) asked for them. */
const boardStatusQuery = z.strictObject({
  status: ActionStatus.optional().meta({
    description: 'Without it, discharged and open actions; `withdrawn` lists only the withdrawn ones',
  }),
})
const raiseBody = oneOrMany(['actions'], CreateActionInput, RaiseActionsInput)
const outcomesBody = oneOrMany(['outcomes', 'carryForwardRest'], OutcomeInput, DecideOutcomesInput)

const Via = z.object({ kind: z.enum(['owner', 'team', 'deputy']), ownerId: Id })
const OverdueReport = z.object({
  boardId: Id,
  asOf: z.string(),
  carryThreshold: z.number(),
  total: z.number(),
  owners: z.array(
    z.object({
      owner: Person.pick({ id: true, name: true, initials: true, kind: true }),
      actions: z.array(
        RedactedAction.extend({ ageDays: z.number(), pastDue: z.boolean(), carriedTooOften: z.boolean() }),
      ),
    }),
  ),
})

/**
 * Making a person a board's member and taking them off are one route each on the same
 * address, the secretariat's, answering 204 with no body: they differ only in the change.
 */
function memberRoute(
  method: 'put' | 'delete',
  summary: string,
  done: string,
  change: members.MemberChange,
): RouteDef {
  return route({
    method,
    path: '/boards/{boardId}/members/{personId}',
    summary,
    tag: 'boards',
    auth: 'jwt',
    allow: ['secretariat'],
    params: memberParams,
    response: { status: 204, description: done },
    handle: async (req, deps) => {
      await change(deps, principalOf(req), req.params.boardId, req.params.personId)
      return { status: 204 }
    },
  })
}

/**
 * Boards and people are the directory's two kinds of entry, with one set of routes each:
 * the secretariat creates, changes and retires an entry; everyone signed in lists and reads.
 */
function directoryRoutes<C extends z.ZodType, U extends z.ZodType>(r: {
  collection: 'boards' | 'people'
  param: 'boardId' | 'personId'
  schema: z.ZodType
  /** How the create and get routes describe their answer: "The board". */
  answer: string
  create: {
    summary: string
    body: C
    run: (deps: Deps, principal: Principal, input: z.output<C>) => Promise<unknown>
  }
  list: {
    summary: string
    description: string
    run: (deps: Deps, page: PageParams, o: { includeRetired: boolean }) => Promise<Page<unknown>>
  }
  get: { summary: string; run: (deps: Deps, id: string) => Promise<unknown> }
  patch: {
    summary: string
    description: string
    body: U
    run: (
      deps: Deps,
      principal: Principal,
      id: string,
      input: z.output<U>,
      version?: number,
    ) => Promise<unknown>
  }
  retire: {
    summary: string
    description: string
    run: (deps: Deps, principal: Principal, id: string, version?: number) => Promise<unknown>
  }
}): RouteDef[] {
  const { collection: tag, schema } = r
  const path = `/${r.collection}`
  const itemPath = `${path}/{${r.param}}`
  const params: z.ZodType<Record<string, string>> = z.object({ [r.param]: Id })
  // `params` has checked it is there; a route whose path lost it is a bug, not a request's fault.
  const id = (req: { params: Record<string, string> }) => {
    const value = req.params[r.param]
    if (value === undefined) throw new Error(`${itemPath} has no ${r.param}`)
    return value
  }
  const common = { tag, auth: 'jwt' } as const
  const secretariat = { ...common, allow: ['secretariat'] } as const
  return [
    route({
      method: 'post',
      path,
      summary: r.create.summary,
      ...secretariat,
      body: r.create.body,
      response: { status: 201, description: r.answer, schema },
      handle: async (req, deps) => ok(await r.create.run(deps, principalOf(req), req.body), 201),
    }),
    listRoute({
      method: 'get',
      path,
      summary: r.list.summary,
      ...common,
      query: includeQuery,
      item: schema,
      description: r.list.description,
      list: (req, deps) => r.list.run(deps, req.query, { includeRetired: req.query.include === 'retired' }),
    }),
    route({
      method: 'get',
      path: itemPath,
      summary: r.get.summary,
      ...common,
      params,
      response: { status: 200, description: r.answer, schema },
      handle: async (req, deps) => ok(await r.get.run(deps, id(req))),
    }),
    route({
      method: 'patch',
      path: itemPath,
      summary: r.patch.summary,
      ...secretariat,
      params,
      body: r.patch.body,
      ifMatch: 'optional',
      response: { status: 200, description: r.patch.description, schema },
      handle: async (req, deps) =>
        ok(await r.patch.run(deps, principalOf(req), id(req), req.body, req.ifMatch)),
    }),
    route({
      method: 'post',
      path: `${itemPath}/retire`,
      summary: r.retire.summary,
      ...secretariat,
      params,
      ifMatch: 'optional',
      response: { status: 200, description: r.retire.description, schema },
      handle: async (req, deps) => ok(await r.retire.run(deps, principalOf(req), id(req), req.ifMatch)),
    }),
  ]
}

/**
 * Every route of the API. The app, the OpenAPI document and the local stack's emulated
 * JWT authorizer (which needs to know the public routes) are all built from this list.
 */
export const routes: RouteDef[] = [
  route({
    method: 'get',
    path: '/health',
    summary: 'Liveness check',
    tag: 'meta',
    auth: 'public',
    response: { status: 200, description: 'The API is up', schema: z.object({ status: z.literal('ok') }) },
    handle: async () => ok({ status: 'ok' }),
  }),
  route({
    method: 'get',
    path: '/health/ready',
    summary: 'Readiness check: whether the table answers (503 with Retry-After if not)',
    tag: 'meta',
    auth: 'public',
    response: {
      status: 200,
      description: 'DynamoDB answers',
      schema: z.object({ status: z.literal('ready') }),
    },
    handle: async (_req, deps) => {
      try {
        await deps.store.probe(READINESS_TIMEOUT_MS)
      } catch (e) {
        // Whatever the reason (no answer, no table, no permission), the API is not ready.
        throw (
          asDependencyOutage(e) ?? new DependencyUnavailableError('the table did not answer', { cause: e })
        )
      }
      return ok({ status: 'ready' })
    },
  }),

  // ---- boards ----
  ...directoryRoutes({
    collection: 'boards',
    param: 'boardId',
    schema: Board,
    answer: 'The board',
    create: {
      summary: 'Create a board (a recurring meeting such as the PAM)',
      body: CreateBoardInput,
      run: boards.createBoard,
    },
    list: {
      summary: 'List boards',
      description: 'Boards by name (retired ones only with `include=retired`)',
      run: boards.pageBoards,
    },
    get: { summary: 'Get a board', run: boards.getBoard },
    patch: {
      summary: 'Change a board',
      description: 'The changed board',
      body: PatchBoardInput,
      run: boards.patchBoard,
    },
    retire: {
      summary: 'Retire a board (made in error, or wound up): readable, read-only, no emails',
      description: 'The retired board',
      run: boards.retireBoard,
    },
  }),
  listRoute({
    method: 'get',
    path: '/boards/{boardId}/members',
    summary: "A board's members (people and teams): its attendance list and whom its owners are named from",
    tag: 'boards',
    auth: 'jwt',
    params: boardParams,
    item: Person,
    description: 'Members, in the order they were entered in the directory',
    list: (req, deps) => members.pageMembers(deps, req.params.boardId, req.query),
  }),
  memberRoute(
    'put',
    "Make a person or team a member of the board (again: no change); their initials and aliases must be free among the board's members",
    'They are a member',
    members.addMember,
  ),
  memberRoute(
    'delete',
    'Take a person or team off the board (their actions stay theirs)',
    'They are not a member',
    members.removeMember,
  ),

  // ---- people ----
  ...directoryRoutes({
    collection: 'people',
    param: 'personId',
    schema: Person,
    answer: 'The person or team',
    create: {
      summary: 'Add a person or team to the owner directory',
      body: CreatePersonInput,
      run: people.createPerson,
    },
    list: {
      summary: 'List the owner directory by initials',
      description: 'People and teams (retired ones only with `include=retired`)',
      run: people.pagePeople,
    },
    get: { summary: 'Get a person or team', run: people.getPerson },
    patch: {
      summary: 'Change a person or team (any field it was added with)',
      description: 'The changed entry',
      body: PatchPersonInput,
      run: people.patchPerson,
    },
    retire: {
      summary:
        'Retire a person or team (made in error, or gone): readable, but no longer an owner, member or chair to choose',
      description: 'The retired entry',
      run: people.retirePerson,
    },
  }),
  listRoute({
    method: 'get',
    path: '/people/{personId}/actions',
    summary: "A person's actions: their own, their teams' and those they deputise for",
    tag: 'people',
    auth: 'jwt',
    alsoAllowed: 'secretariat, chair, or the member themselves',
    params: personParams,
    query: statusQuery,
    item: RedactedAction.extend({ via: z.array(Via), board: BoardRef }),
    description:
      'Actions with the reason each is theirs and their board, by status (discharged, then open), board, then entry',
    list: (req, deps) =>
      queries.listPersonActions(deps, principalOf(req), req.params.personId, req.query.status, req.query),
  }),

  // ---- meetings ----
  route({
    method: 'post',
    path: '/boards/{boardId}/meetings',
    summary: 'Schedule a meeting',
    tag: 'meetings',
    auth: 'jwt',
    allow: ['secretariat'],
    params: boardParams,
    body: CreateMeetingInput,
    response: { status: 201, description: 'The meeting', schema: Meeting },
    handle: async (req, deps) =>
      ok(await meetings.createMeeting(deps, principalOf(req), req.params.boardId, req.body), 201),
  }),
  route({
    method: 'post',
    path: '/boards/{boardId}/meeting-series',
    summary:
      'Schedule a series of meetings from a pattern (e.g. the fourth Tuesday of each month at 10:00, board-local)',
    tag: 'meetings',
    auth: 'jwt',
    allow: ['secretariat'],
    params: boardParams,
    body: CreateMeetingSeriesInput,
    response: {
      status: 201,
      description:
        'The meetings created and the dates skipped because the board already meets then (200 when every date was skipped, as on a retry)',
      schema: SeriesResult,
    },
    handle: async (req, deps) => {
      const result = await meetings.createMeetingSeries(deps, principalOf(req), req.params.boardId, req.body)
      return ok(result, result.created.length > 0 ? 201 : 200)
    },
  }),
  listRoute({
    method: 'get',
    path: '/boards/{boardId}/meetings',
    summary: "A board's meetings by start time",
    tag: 'meetings',
    auth: 'jwt',
    params: boardParams,
    query: z.strictObject({ from: Instant.optional(), to: Instant.optional() }),
    item: Meeting,
    description: 'Meetings, earliest first',
    list: (req, deps) =>
      meetings.pageMeetings(deps, req.params.boardId, { from: req.query.from, to: req.query.to }, req.query),
  }),
  route({
    method: 'get',
    path: '/meetings/{meetingId}',
    summary: 'Get a meeting',
    tag: 'meetings',
    auth: 'jwt',
    params: meetingParams,
    response: { status: 200, description: 'The meeting', schema: Meeting },
    handle: async (req, deps) => ok(await meetings.getMeeting(deps, req.params.meetingId)),
  }),
  route({
    method: 'patch',
    path: '/meetings/{meetingId}',
    summary: 'Reschedule, mark held or cancelled, record attendance',
    tag: 'meetings',
    auth: 'jwt',
    allow: ['secretariat'],
    params: meetingParams,
    body: PatchMeetingInput,
    ifMatch: 'optional',
    response: { status: 200, description: 'The changed meeting', schema: Meeting },
    handle: async (req, deps) =>
      ok(await meetings.patchMeeting(deps, principalOf(req), req.params.meetingId, req.body, req.ifMatch)),
  }),
  route({
    method: 'post',
    path: '/meetings/{meetingId}/minutes-approval',
    summary: "Record approval of the meeting's minutes (starts discharge and carry-forward)",
    tag: 'meetings',
    auth: 'jwt',
    allow: ['secretariat', 'chair'],
    params: meetingParams,
    body: MinutesApprovalInput,
    ifMatch: 'optional',
    response: { status: 202, description: 'Approval recorded; the rollover follows', schema: Meeting },
    handle: async (req, deps) =>
      ok(
        await meetings.approveMinutes(deps, principalOf(req), req.params.meetingId, req.body, req.ifMatch),
        202,
      ),
  }),

  route({
    method: 'post',
    path: '/meetings/{meetingId}/assignment-emails',
    summary:
      "Email the owners of this meeting's actions now: their gathered emails go at once, and actions entered without emails (from old minutes) are added",
    tag: 'meetings',
    auth: 'jwt',
    allow: ['secretariat'],
    params: meetingParams,
    response: {
      status: 202,
      description: 'The emails are on their way (owners already told of an action are not told again)',
      schema: z.object({ owners: z.number().int() }),
    },
    handle: async (req, deps) =>
      ok(await notify.sendAssignmentEmailsNow(deps, principalOf(req), req.params.meetingId), 202),
  }),

  // ---- actions ----
  route({
    method: 'post',
    path: '/meetings/{meetingId}/actions',
    summary:
      'Raise an action at a meeting, or several with `{ "actions": [ … ] }` (each row raised or refused on its own)',
    tag: 'actions',
    auth: 'jwt',
    allow: ['secretariat'],
    params: meetingParams,
    body: raiseBody,
    response: {
      status: 201,
      description:
        'The action, with its reference; for several, each row’s result (201 when every row was raised, else 200)',
      schema: z.union([Action, RowResults]),
    },
    handle: async (req, deps) => {
      if ('actions' in req.body) {
        const results = await actions.raiseActions(
          deps,
          principalOf(req),
          req.params.meetingId,
          req.body.actions,
        )
        return rowsAnswer(results, 201)
      }
      const action = await actions.raiseAction(deps, principalOf(req), req.params.meetingId, req.body)
      const res = ok(action, 201)
      return { ...res, headers: { ...res.headers, Location: `/actions/${action.id}` } }
    },
  }),
  listRoute({
    method: 'get',
    path: '/meetings/{meetingId}/actions',
    summary: 'Actions raised at a meeting, in minutes order',
    tag: 'actions',
    auth: 'jwt',
    params: meetingParams,
    item: RedactedAction,
    description: 'Actions',
    list: (req, deps) => actions.listActionsRaisedAt(deps, principalOf(req), req.params.meetingId, req.query),
  }),
  listRoute({
    method: 'get',
    path: '/meetings/{meetingId}/actions-arising',
    summary: 'Actions Arising: open actions due at or before the meeting, with proposed outcomes',
    tag: 'actions',
    auth: 'jwt',
    params: meetingParams,
    item: RedactedAction,
    description: 'Actions, earliest due first',
    list: (req, deps) => actions.listActionsArising(deps, principalOf(req), req.params.meetingId, req.query),
  }),
  route({
    method: 'post',
    path: '/meetings/{meetingId}/outcomes',
    summary:
      'Record an outcome (discharged / carried forward) proposed at this meeting, or many with `{ "outcomes": [ … ], "carryForwardRest"?: true }`',
    tag: 'actions',
    auth: 'jwt',
    allow: ['secretariat'],
    params: meetingParams,
    body: outcomesBody,
    ifMatch: 'optional',
    response: {
      status: 200,
      description:
        'The action with its proposed outcome; for many, each row’s result (a row’s version goes in the row, not If-Match)',
      schema: z.union([Action, RowResults]),
    },
    handle: async (req, deps) => {
      if ('outcomes' in req.body) {
        return rowsAnswer(
          await actions.decideOutcomes(deps, principalOf(req), req.params.meetingId, req.body),
          200,
        )
      }
      return ok(
        await actions.proposeOutcome(deps, principalOf(req), req.params.meetingId, req.body, req.ifMatch),
      )
    },
  }),
  route({
    method: 'get',
    path: '/actions/{actionId}',
    summary: 'Get an action',
    tag: 'actions',
    auth: 'jwt',
    params: actionParams,
    response: {
      status: 200,
      description: 'The action (redacted if exempt and not yours)',
      schema: RedactedAction,
    },
    handle: async (req, deps) => ok(await actions.getAction(deps, principalOf(req), req.params.actionId)),
  }),
  route({
    method: 'patch',
    path: '/actions/{actionId}',
    summary: 'Change an action (needs If-Match with the version you read)',
    tag: 'actions',
    auth: 'jwt',
    allow: ['secretariat'],
    params: actionParams,
    body: PatchActionInput,
    ifMatch: 'required',
    response: { status: 200, description: 'The changed action', schema: Action },
    handle: async (req, deps) =>
      ok(await actions.patchAction(deps, principalOf(req), req.params.actionId, req.body, req.ifMatch ?? 0)),
  }),
  route({
    method: 'post',
    path: '/actions/{actionId}/withdraw',
    summary:
      'Withdraw an action raised in error: it keeps its history and reference, and leaves every log, list and email',
    tag: 'actions',
    auth: 'jwt',
    allow: ['secretariat'],
    params: actionParams,
    body: WithdrawActionInput,
    ifMatch: 'optional',
    response: { status: 200, description: 'The withdrawn action', schema: Action },
    handle: async (req, deps) =>
      ok(await actions.withdrawAction(deps, principalOf(req), req.params.actionId, req.body, req.ifMatch)),
  }),
  listRoute({
    method: 'get',
    path: '/actions/{actionId}/history',
    summary: 'Every change to an action',
    tag: 'actions',
    auth: 'jwt',
    params: actionParams,
    item: HistoryEntry,
    description: 'History, oldest first',
    list: (req, deps) => actions.actionHistory(deps, principalOf(req), req.params.actionId, req.query),
  }),
  route({
    method: 'post',
    path: '/actions/{actionId}/updates',
    summary: 'Post an update (owners and the secretariat), optionally proposing completion',
    tag: 'actions',
    auth: 'jwt',
    alsoAllowed: 'the secretariat, or an owner of the action (including team members and deputies)',
    params: actionParams,
    body: PostUpdateInput,
    response: { status: 201, description: 'The action with the update', schema: Action },
    handle: async (req, deps) =>
      ok(await actions.postUpdate(deps, principalOf(req), req.params.actionId, req.body), 201),
  }),
  listRoute({
    method: 'get',
    path: '/boards/{boardId}/actions',
    summary: "A board's action log",
    tag: 'actions',
    auth: 'jwt',
    params: boardParams,
    query: boardStatusQuery.extend(BoardLogFilter.shape),
    item: RedactedAction,
    description: `Actions by status (discharged, then open), then raising date (with \`ownerId\` alone: then the order they were entered). Any other filter reads at most ${BOARD_LOG_READ_BOUND} of the board's actions per page, so a page may hold fewer than \`limit\` (even none) and still have a \`next\`.`,
    list: (req, deps) => {
      const { limit, cursor, ...filter } = req.query
      return queries.listBoardActions(deps, principalOf(req), req.params.boardId, filter, { limit, cursor })
    },
  }),
  route({
    method: 'get',
    path: '/boards/{boardId}/actions/export',
    summary:
      "A board's action log as CSV, filtered as the list is: every matching action, as the reader sees it",
    tag: 'actions',
    auth: 'jwt',
    params: boardParams,
    query: boardStatusQuery.extend(BoardLogFilter.shape).extend({ format: z.literal('csv').default('csv') }),
    response: {
      status: 200,
      description: `The CSV file (attachment); 413 if the filter matches more than ${queries.BOARD_LOG_CSV_MAX_ROWS} actions`,
      mediaTypes: ['text/csv'],
    },
    handle: async (req, deps) => {
      const { format: _csv, ...filter } = req.query
      return file(await queries.exportBoardLog(deps, principalOf(req), req.params.boardId, filter))
    },
  }),
  route({
    method: 'get',
    path: '/boards/{boardId}/overdue',
    summary: 'Overdue actions grouped by owner, oldest first (the chair’s list)',
    tag: 'actions',
    auth: 'jwt',
    allow: ['secretariat', 'chair'],
    params: boardParams,
    response: { status: 200, description: 'The overdue report', schema: OverdueReport },
    handle: async (req, deps) => ok(await queries.overdueReport(deps, principalOf(req), req.params.boardId)),
  }),
  route({
    method: 'post',
    path: '/meetings/{meetingId}/owner-links/revoke',
    summary: "Withdraw every signed link issued so far for an owner's actions at this meeting",
    tag: 'owners',
    auth: 'jwt',
    allow: ['secretariat'],
    params: meetingParams,
    body: z.strictObject({ ownerId: Id }),
    response: { status: 204, description: 'Links issued up to now no longer work' },
    handle: async (req, deps) => {
      await ownerLinks.revokeOwnerLinks(deps, principalOf(req), req.params.meetingId, req.body.ownerId)
      return { status: 204 }
    },
  }),
  listRoute({
    method: 'get',
    path: '/suppressions',
    summary: 'Addresses no email goes to, after a bounce or complaint',
    tag: 'owners',
    auth: 'jwt',
    allow: ['secretariat', 'chair'],
    item: Suppression,
    description: 'Suppressed addresses, by address',
    list: (req, deps) => suppressions.listSuppressions(deps, principalOf(req), req.query),
  }),
  route({
    method: 'post',
    path: '/suppressions/lift',
    summary: 'Send to an address again (once its mailbox is fixed)',
    tag: 'owners',
    auth: 'jwt',
    allow: ['secretariat'],
    body: z.strictObject({ email: Email }),
    response: { status: 204, description: 'Emails go to the address again' },
    handle: async (req, deps) => {
      await suppressions.liftSuppression(deps, principalOf(req), req.body.email)
      return { status: 204 }
    },
  }),
  ...importRoutes,
  ...publicationRoutes,
  ...workProgrammeRoutes,
]

/**
 * Every route of the API as the OpenAPI document describes it, including those another
 * function serves (the action log, whose Word library stays out of this function).
 */
export const documentedRoutes: readonly RouteSpec[] = [
  ...routes,
  actionLogSpec,
  minutesImportSpec,
  workProgrammeExportSpec,
]

/** Routes API Gateway serves without the JWT authorizer. */
export const publicRoutes = [
  ...routes.filter((r) => r.auth === 'public').map((r) => ({ method: r.method, path: r.path })),
  { method: 'get' as const, path: '/openapi.json' },
  ...ownerPageRoutes,
  ...uiRoutes,
]
