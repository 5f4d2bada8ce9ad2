import * as z from 'zod'
import {
  Action,
  CreateActionInput,
  HistoryEntry,
  OutcomeInput,
  PatchActionInput,
  PostUpdateInput,
  RedactedAction,
} from '#shared/domain/action.ts'
import { Board, CreateBoardInput, PatchBoardInput } from '#shared/domain/board.ts'
import { Email, Id, Instant } from '#shared/domain/common.ts'
import {
  CreateMeetingInput,
  Meeting,
  MinutesApprovalInput,
  PatchMeetingInput,
} from '#shared/domain/meeting.ts'
import { CreatePersonInput, PatchPersonInput, Person } from '#shared/domain/person.ts'
import { Suppression } from '#shared/domain/suppression.ts'
import * as actions from '#shared/usecases/actions.ts'
import * as boards from '#shared/usecases/boards.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as ownerLinks from '#shared/usecases/owner-links.ts'
import * as people from '#shared/usecases/people.ts'
import * as queries from '#shared/usecases/queries.ts'
import * as suppressions from '#shared/usecases/suppressions.ts'
import { actionLogSpec } from '../action-log/spec.ts'
import { ok, principalOf, type RouteDef, type RouteSpec, route } from '../http/route.ts'
import { uiRoutes } from '../web/ui/routes.ts'
import { ownerPageRoutes } from './owner-routes.ts'

const boardParams = z.object({ boardId: Id })
const personParams = z.object({ personId: Id })
const meetingParams = z.object({ meetingId: Id })
const actionParams = z.object({ actionId: Id })
const statusQuery = z.strictObject({ status: z.enum(['open', 'discharged']).optional() })

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

  // ---- boards ----
  route({
    method: 'post',
    path: '/boards',
    summary: 'Create a board (a recurring meeting such as the PAM)',
    tag: 'boards',
    auth: 'jwt',
    allow: ['secretariat'],
    body: CreateBoardInput,
    response: { status: 201, description: 'The board', schema: Board },
    handle: async (req, deps) => ok(await boards.createBoard(deps, principalOf(req), req.body), 201),
  }),
  route({
    method: 'get',
    path: '/boards',
    summary: 'List boards',
    tag: 'boards',
    auth: 'jwt',
    response: { status: 200, description: 'Boards by name', schema: z.array(Board) },
    handle: async (_req, deps) => ok(await boards.listBoards(deps)),
  }),
  route({
    method: 'get',
    path: '/boards/{boardId}',
    summary: 'Get a board',
    tag: 'boards',
    auth: 'jwt',
    params: boardParams,
    response: { status: 200, description: 'The board', schema: Board },
    handle: async (req, deps) => ok(await boards.getBoard(deps, req.params.boardId)),
  }),
  route({
    method: 'patch',
    path: '/boards/{boardId}',
    summary: 'Change a board',
    tag: 'boards',
    auth: 'jwt',
    allow: ['secretariat'],
    params: boardParams,
    body: PatchBoardInput,
    ifMatch: 'optional',
    response: { status: 200, description: 'The changed board', schema: Board },
    handle: async (req, deps) =>
      ok(await boards.patchBoard(deps, principalOf(req), req.params.boardId, req.body, req.ifMatch)),
  }),

  // ---- people ----
  route({
    method: 'post',
    path: '/people',
    summary: 'Add a person or team to the owner directory',
    tag: 'people',
    auth: 'jwt',
    allow: ['secretariat'],
    body: CreatePersonInput,
    response: { status: 201, description: 'The person or team', schema: Person },
    handle: async (req, deps) => ok(await people.createPerson(deps, principalOf(req), req.body), 201),
  }),
  route({
    method: 'get',
    path: '/people',
    summary: 'List the owner directory by initials',
    tag: 'people',
    auth: 'jwt',
    response: { status: 200, description: 'People and teams', schema: z.array(Person) },
    handle: async (_req, deps) => ok(await people.listPeople(deps)),
  }),
  route({
    method: 'get',
    path: '/people/{personId}',
    summary: 'Get a person or team',
    tag: 'people',
    auth: 'jwt',
    params: personParams,
    response: { status: 200, description: 'The person or team', schema: Person },
    handle: async (req, deps) => ok(await people.getPerson(deps, req.params.personId)),
  }),
  route({
    method: 'patch',
    path: '/people/{personId}',
    summary: 'Change a person or team (mailbox, members, deputy)',
    tag: 'people',
    auth: 'jwt',
    allow: ['secretariat'],
    params: personParams,
    body: PatchPersonInput,
    ifMatch: 'optional',
    response: { status: 200, description: 'The changed entry', schema: Person },
    handle: async (req, deps) =>
      ok(await people.patchPerson(deps, principalOf(req), req.params.personId, req.body, req.ifMatch)),
  }),
  route({
    method: 'get',
    path: '/people/{personId}/actions',
    summary: "A person's actions: their own, their teams' and those they deputise for",
    tag: 'people',
    auth: 'jwt',
    alsoAllowed: 'secretariat, chair, or the member themselves',
    params: personParams,
    query: statusQuery,
    response: {
      status: 200,
      description: 'Actions with the reason each is theirs',
      schema: z.array(RedactedAction.extend({ via: z.array(Via) })),
    },
    handle: async (req, deps) =>
      ok(await queries.listPersonActions(deps, principalOf(req), req.params.personId, req.query.status)),
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
    method: 'get',
    path: '/boards/{boardId}/meetings',
    summary: "A board's meetings by start time",
    tag: 'meetings',
    auth: 'jwt',
    params: boardParams,
    query: z.strictObject({ from: Instant.optional(), to: Instant.optional() }),
    response: { status: 200, description: 'Meetings, earliest first', schema: z.array(Meeting) },
    handle: async (req, deps) => ok(await meetings.listMeetings(deps, req.params.boardId, req.query)),
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

  // ---- actions ----
  route({
    method: 'post',
    path: '/meetings/{meetingId}/actions',
    summary: 'Raise an action at a meeting',
    tag: 'actions',
    auth: 'jwt',
    allow: ['secretariat'],
    params: meetingParams,
    body: CreateActionInput,
    response: { status: 201, description: 'The action, with its reference', schema: Action },
    handle: async (req, deps) => {
      const action = await actions.raiseAction(deps, principalOf(req), req.params.meetingId, req.body)
      const res = ok(action, 201)
      return { ...res, headers: { ...res.headers, Location: `/actions/${action.id}` } }
    },
  }),
  route({
    method: 'get',
    path: '/meetings/{meetingId}/actions',
    summary: 'Actions raised at a meeting, in minutes order',
    tag: 'actions',
    auth: 'jwt',
    params: meetingParams,
    response: { status: 200, description: 'Actions', schema: z.array(RedactedAction) },
    handle: async (req, deps) =>
      ok(await actions.listActionsRaisedAt(deps, principalOf(req), req.params.meetingId)),
  }),
  route({
    method: 'get',
    path: '/meetings/{meetingId}/actions-arising',
    summary: 'Actions Arising: open actions due at or before the meeting, with proposed outcomes',
    tag: 'actions',
    auth: 'jwt',
    params: meetingParams,
    response: { status: 200, description: 'Actions, earliest due first', schema: z.array(RedactedAction) },
    handle: async (req, deps) =>
      ok(await actions.listActionsArising(deps, principalOf(req), req.params.meetingId)),
  }),
  route({
    method: 'post',
    path: '/meetings/{meetingId}/outcomes',
    summary: 'Record an outcome (discharged / carried forward) proposed at this meeting',
    tag: 'actions',
    auth: 'jwt',
    allow: ['secretariat'],
    params: meetingParams,
    body: OutcomeInput,
    ifMatch: 'optional',
    response: { status: 200, description: 'The action with its proposed outcome', schema: Action },
    handle: async (req, deps) =>
      ok(await actions.proposeOutcome(deps, principalOf(req), req.params.meetingId, req.body, req.ifMatch)),
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
    method: 'get',
    path: '/actions/{actionId}/history',
    summary: 'Every change to an action',
    tag: 'actions',
    auth: 'jwt',
    params: actionParams,
    response: { status: 200, description: 'History, oldest first', schema: z.array(HistoryEntry) },
    handle: async (req, deps) => ok(await actions.actionHistory(deps, principalOf(req), req.params.actionId)),
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
  route({
    method: 'get',
    path: '/boards/{boardId}/actions',
    summary: "A board's action log",
    tag: 'actions',
    auth: 'jwt',
    params: boardParams,
    query: statusQuery.extend({ ownerId: Id.optional() }),
    response: { status: 200, description: 'Actions by raising date', schema: z.array(RedactedAction) },
    handle: async (req, deps) =>
      ok(await queries.listBoardActions(deps, principalOf(req), req.params.boardId, req.query)),
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
  route({
    method: 'get',
    path: '/suppressions',
    summary: 'Addresses no email goes to, after a bounce or complaint',
    tag: 'owners',
    auth: 'jwt',
    allow: ['secretariat', 'chair'],
    response: {
      status: 200,
      description: 'Suppressed addresses, newest first',
      schema: z.array(Suppression),
    },
    handle: async (req, deps) => ok(await suppressions.listSuppressions(deps, principalOf(req))),
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
]

/**
 * Every route of the API as the OpenAPI document describes it, including those another
 * function serves (the action log, whose Word library stays out of this function).
 */
export const documentedRoutes: readonly RouteSpec[] = [...routes, actionLogSpec]

/** Routes API Gateway serves without the JWT authorizer. */
export const publicRoutes = [
  ...routes.filter((r) => r.auth === 'public').map((r) => ({ method: r.method, path: r.path })),
  { method: 'get' as const, path: '/openapi.json' },
  ...ownerPageRoutes,
  ...uiRoutes,
]
