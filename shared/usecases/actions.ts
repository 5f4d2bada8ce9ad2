import type * as z from 'zod'
import {
  type Action,
  CreateActionInput,
  type DecideOutcomesInput,
  defaultPublicWording,
  type Exemption,
  type HistoryEntry,
  NOT_WORK_PROGRAMME,
  type Outcome,
  type OutcomeInput,
  OutcomeRow,
  type PatchActionInput,
  type PostUpdateInput,
  type RedactedAction,
  unworked,
  type WithdrawActionInput,
} from '../domain/action.ts'
import {
  answersFor,
  changedFields,
  givenOnProblem,
  isArisingAt,
  isShown,
  notOpen,
  outcomeBlocker,
  outcomeRowProblem,
  undecidedArising,
  withdrawBlocker,
  withUpdate,
} from '../domain/action-rules.ts'
import type { Board } from '../domain/board.ts'
import { type Actor, Id } from '../domain/common.ts'
import { historyEntry, redactHistory } from '../domain/history.ts'
import type { Meeting } from '../domain/meeting.ts'
import { acceptsOutcomes, canBeDueMeeting } from '../domain/meeting-rules.ts'
import { announcesByDefault } from '../domain/outbox.ts'
import { mapPage, type Page, type PageRequest } from '../domain/page.ts'
import { mayEditActions } from '../domain/policy.ts'
import { actorOf, type Principal } from '../domain/principal.ts'
import { formatReference, normaliseReference, withOrdinal } from '../domain/reference.ts'
import { isoDateIn } from '../domain/time.ts'
import { itemDescription } from '../domain/work-programme.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, zodIssues } from '../errors.ts'
import type { FormUse } from '../store/links.ts'
import { actsFor, authorize, isOwnerFor, viewerFor } from './authz.ts'
import type { Deps } from './deps.ts'
import { checkVersion, loadAction, loadMeeting, loadWritableBoard, resolvePeople } from './load.ts'
import { resolveOwners } from './owners.ts'

/** Fields whose changes the history records on an edit. */
const EDITABLE = [
  'itemNumber',
  'itemTitle',
  'title',
  'detail',
  'description',
  'ownerIds',
  'dueMeetingId',
  'dueDate',
  'ref',
  'exempt',
] as const

export async function raiseAction(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  input: CreateActionInput,
): Promise<Action> {
  authorize(principal, mayEditActions)
  const meeting = await loadMeeting(deps, meetingId)
  if (meeting.status === 'cancelled') {
    throw new ConflictError('illegal-transition', 'actions cannot be raised at a cancelled meeting')
  }
  const board = await loadWritableBoard(deps, meeting.boardId)
  const ownerIds = await ownersOf(deps, board, input)
  const due = input.dueMeetingId
    ? await dueMeetingFor(deps, meeting, input.dueMeetingId)
    : await deps.store.meetings.nextScheduled(meeting.boardId, meeting.startsAt)
  checkDueDate(input.dueDate, meeting, board)

  const now = deps.now().toISOString()
  const actor = actorOf(principal)
  const draft: Action = {
    id: deps.newId(),
    boardId: meeting.boardId,
    ref: input.ref ?? formatReference(input.itemNumber, new Date(meeting.startsAt), board.timeZone),
    itemNumber: input.itemNumber,
    itemTitle: input.itemTitle ?? null,
    description: input.description,
    ownerIds,
    raisedAtMeetingId: meeting.id,
    raisedAt: meeting.startsAt,
    dueMeetingId: due?.id ?? null,
    dueMeetingStartsAt: due?.startsAt ?? null,
    dueDate: input.dueDate ?? null,
    waitingAfter: due ? null : meeting.startsAt,
    ...unworked(),
    exempt: input.exempt ? exemption(input.exempt) : null,
    notifyOwners: input.notifyOwners ?? announcesByDefault(meeting, deps.now()),
    ...NOT_WORK_PROGRAMME,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
  if (input.ref) {
    await deps.store.actions.create(draft, historyEntry(draft, actor, 'created', { meetingId: meeting.id }))
    return draft
  }
  return createNumbered(deps, draft, (action) =>
    historyEntry(action, actor, 'created', { meetingId: meeting.id }),
  )
}

/**
 * Creates `draft` under the first free ordinal of its reference. A generated reference may
 * collide with a second action on the same agenda item, or with one raised at the same
 * moment: number it "(2)", "(3)"… and try again. Concurrent raises on one item each find the
 * next free ordinal in turn, so the loop ends for every one of them; the jitter keeps a crowd
 * from retrying in lockstep.
 */
export async function createNumbered(
  deps: Deps,
  draft: Action,
  created: (action: Action) => HistoryEntry,
): Promise<Action> {
  for (let attempt = 1; ; attempt++) {
    const taken = new Set(
      (await deps.store.actions.referencesStartingWith(draft.boardId, draft.ref)).map(normaliseReference),
    )
    let ordinal = 1
    while (taken.has(normaliseReference(withOrdinal(draft.ref, ordinal)))) ordinal++
    const action = { ...draft, ref: withOrdinal(draft.ref, ordinal) }
    try {
      await deps.store.actions.create(action, created(action))
      return action
    } catch (e) {
      const contended = e instanceof ConflictError && (e.reason === 'duplicate' || e.contended)
      if (!contended || attempt >= MAX_REFERENCE_ATTEMPTS) throw e
      await new Promise((r) => setTimeout(r, Math.random() * 10 * Math.min(attempt, 10)))
    }
  }
}

/** Enough for a hundred actions raised on one agenda item at the same moment. */
const MAX_REFERENCE_ATTEMPTS = 100

/**
 * One row of a call that takes many: what names it (the action, once there is one), and
 * either what it made or the error that refused it with the field it concerns. The HTTP
 * side maps the error through the one error table (functions/http/problem.ts rowProblem).
 */
export type RowResult = {
  row: number
  actionId: string | null
  ref: string | null
  /** What a person knows the row by: the reference, or else the field at fault. */
  label: string
} & ({ ok: true; action: Action } | { ok: false; field: string; error: unknown })

/**
 * Several actions raised at one meeting in one call, in the order given (so "(2)", "(3)"
 * number as the minutes do): each row validated and raised on its own by raiseAction, so a
 * row that fails is not written and the others are.
 */
export async function raiseActions(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  rows: readonly unknown[],
): Promise<RowResult[]> {
  authorize(principal, mayEditActions)
  const meeting = await loadMeeting(deps, meetingId)
  if (meeting.status === 'cancelled') {
    throw new ConflictError('illegal-transition', 'actions cannot be raised at a cancelled meeting')
  }
  const results: RowResult[] = []
  for (const [row, raw] of rows.entries()) {
    const given = typeof (raw as { ref?: unknown })?.ref === 'string' ? (raw as { ref: string }).ref : null
    try {
      const input = parseRow(CreateActionInput, raw)
      const action = await raiseAction(deps, principal, meetingId, input)
      results.push({ row, actionId: action.id, ref: action.ref, label: action.ref, ok: true, action })
    } catch (error) {
      const field = fieldOf(error, given ? 'ref' : '(row)')
      // The reference names the row where the minutes gave one, as the outcomes' rows do.
      results.push({ row, actionId: null, ref: given, label: given ?? field, ok: false, field, error })
    }
  }
  return results
}

/** A row of a many-row call, validated on its own: a 400 naming the row's own field. */
export function parseRow<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw)
  if (parsed.success) return parsed.data
  throw new ValidationError('invalid row', zodIssues(parsed.error.issues))
}

/** The field a row's error concerns: the first one a validation names, else `fallback`. */
export function fieldOf(error: unknown, fallback: string): string {
  return error instanceof ValidationError && error.issues[0] ? error.issues[0].path : fallback
}

/** The owners a request names, as ids or as text ("DT / OPCC") resolved on the board. */
export async function ownersOf(
  deps: Deps,
  board: Board,
  input: { ownerIds?: string[] | undefined; owners?: string | undefined },
  opts: { keep?: readonly string[] } = {},
): Promise<string[]> {
  if (input.ownerIds) {
    await resolvePeople(deps, input.ownerIds, 'ownerIds', opts)
    return input.ownerIds
  }
  const parsed = await resolveOwners(deps, board.id, input.owners ?? '', opts)
  const problems = parsed.unknown.map((token) => ({
    path: 'owners',
    message: `no one on this board has the initials "${token}"`,
  }))
  if (parsed.ids.length === 0 && problems.length === 0)
    problems.push({ path: 'owners', message: 'name at least one owner' })
  if (parsed.ids.length > MAX_OWNERS)
    problems.push({ path: 'owners', message: `name at most ${MAX_OWNERS} owners` })
  if (problems.length > 0) throw new ValidationError('unknown owners', problems)
  return parsed.ids
}

/** As ownerIds allows. */
const MAX_OWNERS = 20

/** A due date cannot come before the meeting that raised the action (in the board's zone). */
function checkDueDate(dueDate: string | null | undefined, raisedAt: Meeting, board: Board): void {
  if (dueDate && dueDate < isoDateIn(new Date(raisedAt.startsAt), board.timeZone)) {
    throw new ValidationError('invalid due date', [
      { path: 'dueDate', message: 'the due date is before the meeting that raised the action' },
    ])
  }
}

export async function getAction(deps: Deps, principal: Principal, id: string): Promise<RedactedAction> {
  const action = await loadAction(deps, id)
  return (await viewerFor(deps, principal))(action)
}

/** A page of the actions raised at a meeting, in minutes order. */
export async function listActionsRaisedAt(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  page: PageRequest,
): Promise<Page<RedactedAction>> {
  await loadMeeting(deps, meetingId)
  const view = await viewerFor(deps, principal)
  return mapPage(await deps.store.actions.pageRaisedAt(meetingId, page), view)
}

/** A page of Actions Arising: open actions due at or before the meeting, each with any proposed outcome. */
export async function listActionsArising(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  page: PageRequest,
): Promise<Page<RedactedAction>> {
  const meeting = await loadMeeting(deps, meetingId)
  const view = await viewerFor(deps, principal)
  const due = await deps.store.actions.pageOpenDueBy(meeting.boardId, meeting.startsAt, page)
  return { items: due.items.filter((a) => isArisingAt(a, meeting)).map(view), next: due.next }
}

/**
 * What a meeting whose minutes are approved decided: the actions its rollover discharged or
 * carried forward, with which. Its Actions Arising are empty by then (all closed or due later).
 */
export async function listActionsDecidedAt(
  deps: Deps,
  principal: Principal,
  meetingId: string,
): Promise<(RedactedAction & { decided: 'discharged' | 'carried-forward' })[]> {
  await loadMeeting(deps, meetingId)
  const view = await viewerFor(deps, principal)
  const entries = await deps.store.actions.listRolloverEntries(meetingId)
  const kinds = new Map(entries.map((e) => [e.actionId, e.kind]))
  const actions = await deps.store.actions.batchGet([...kinds.keys()])
  return actions
    .filter(isShown)
    .map((a) => ({ ...view(a), decided: kinds.get(a.id) ?? 'carried-forward' }))
    .sort((x, y) => x.ref.localeCompare(y.ref, 'en', { numeric: true }))
}

export async function patchAction(
  deps: Deps,
  principal: Principal,
  id: string,
  input: PatchActionInput,
  expectedVersion: number,
): Promise<Action> {
  authorize(principal, mayEditActions)
  const prev = await loadAction(deps, id, expectedVersion)
  if (prev.status === 'withdrawn') {
    throw new ConflictError('illegal-transition', 'a withdrawn action cannot be changed')
  }
  const movesWork =
    input.ownerIds !== undefined ||
    input.owners !== undefined ||
    input.dueMeetingId !== undefined ||
    input.dueDate !== undefined
  if (prev.status !== 'open' && movesWork) {
    throw new ConflictError('illegal-transition', 'owners and due of a discharged action cannot change')
  }
  // A standing item is due at every meeting, so at none in particular (the work programme).
  if (prev.kind === 'standing' && input.dueMeetingId !== undefined)
    throw new ValidationError('invalid due meeting', [
      { path: 'dueMeetingId', message: 'a standing item is taken at every meeting: it has no due meeting' },
    ])
  if (prev.kind !== 'action' && input.description !== undefined)
    throw new ValidationError('a work-programme item', [
      {
        path: 'description',
        message: 'a work-programme item is described by its title and detail: change those',
      },
    ])
  if (prev.kind === 'action' && (input.title !== undefined || input.detail !== undefined))
    throw new ValidationError('not a work-programme item', [
      {
        path: input.title !== undefined ? 'title' : 'detail',
        message: 'only a work-programme item has a title and detail',
      },
    ])
  const board = await loadWritableBoard(deps, prev.boardId)
  // An owner retired since may stay on the action; they cannot be given it anew.
  const ownerIds =
    input.ownerIds || input.owners ? await ownersOf(deps, board, input, { keep: prev.ownerIds }) : undefined
  let due: Pick<Meeting, 'id' | 'startsAt'> | null = prev.dueMeetingId
    ? { id: prev.dueMeetingId, startsAt: prev.dueMeetingStartsAt ?? '' }
    : null
  let raisedAt: Meeting | null = null
  const raisingMeeting = async () => {
    raisedAt ??= await loadMeeting(deps, prev.raisedAtMeetingId)
    return raisedAt
  }
  if (input.dueMeetingId && input.dueMeetingId !== prev.dueMeetingId) {
    due = await dueMeetingFor(deps, await raisingMeeting(), input.dueMeetingId)
  }
  if (input.dueDate) checkDueDate(input.dueDate, await raisingMeeting(), board)
  // New owners of an action from old minutes are told only if asked, as when it was entered.
  const addsOwners = ownerIds?.some((o) => !prev.ownerIds.includes(o)) ?? false
  const notifyOwners =
    input.notifyOwners ??
    (addsOwners ? announcesByDefault(await raisingMeeting(), deps.now()) : prev.notifyOwners)
  const { exempt, owners: _text, ownerIds: _ids, ...rest } = input
  // An item's title or detail changed: its description, which the lists show, follows them.
  const retitled =
    input.title !== undefined || input.detail !== undefined
      ? {
          description: itemDescription(
            input.title ?? prev.title ?? '',
            input.detail !== undefined ? input.detail : prev.detail,
          ),
        }
      : {}
  const next: Action = {
    ...prev,
    ...rest,
    ...retitled,
    ...(ownerIds ? { ownerIds } : {}),
    ...(exempt !== undefined ? { exempt: exempt && exemption(exempt) } : {}),
    dueMeetingId: due?.id ?? null,
    dueMeetingStartsAt: due?.startsAt ?? null,
    notifyOwners,
    updatedAt: deps.now().toISOString(),
    version: prev.version + 1,
  }
  const changes = changedFields(prev, next, EDITABLE)
  if (Object.keys(changes).length === 0) return prev
  await deps.store.actions.save(
    prev,
    next,
    historyEntry(next, actorOf(principal), 'edited', { before: prev, changes }),
  )
  return next
}

/**
 * An owner (or the secretariat) posts an update. Updates are appends, so a clash with a
 * concurrent change is retried here on the fresh version rather than bounced to the owner.
 */
export async function postUpdate(
  deps: Deps,
  principal: Principal,
  id: string,
  input: PostUpdateInput,
  actor: Actor = actorOf(principal),
  opts: { consumeForm?: FormUse } = {},
): Promise<Action> {
  // Whom the caller answers for does not change between retries: look it up once.
  const actingFor = principal.role === 'secretariat' ? null : await actsFor(deps, principal)
  let given: Given = {}
  for (let attempt = 0; ; attempt++) {
    const prev = await loadAction(deps, id)
    if (actingFor && !isOwnerFor(prev, actingFor)) {
      throw new ForbiddenError('only the secretariat or an owner of this action may post updates')
    }
    if (prev.status !== 'open') throw new ConflictError('illegal-transition', notOpen(prev))
    if (attempt === 0) {
      const board = await loadWritableBoard(deps, prev.boardId)
      given = await givenFor(deps, principal, prev, input, board)
    }
    const now = deps.now().toISOString()
    const update = { at: now, by: actor, text: input.text, proposeComplete: input.proposeComplete, ...given }
    const next: Action = {
      ...prev,
      // Only the latest updates stay inline; every one of them is in the history.
      updates: withUpdate(prev.updates, update),
      updatedAt: now,
      version: prev.version + 1,
    }
    try {
      const note = input.proposeComplete ? `${input.text}\n(proposed as complete)` : input.text
      await deps.store.actions.save(
        prev,
        next,
        historyEntry(next, actor, 'update-posted', { before: prev, note, given }),
        opts,
      )
      return next
    } catch (e) {
      if (!(e instanceof ConflictError && e.reason === 'stale-version') || attempt >= 3) throw e
    }
  }
}

type Given = { onBehalfOf?: string; givenOn?: string }

/**
 * Whom an update came from and the day it was given, when the secretariat types it for an
 * owner: only the secretariat may say so (an owner's own update is theirs, on the day), the
 * person must answer for the action, and the day must lie between its raising and today.
 */
async function givenFor(
  deps: Deps,
  principal: Principal,
  action: Action,
  input: PostUpdateInput,
  board: Board,
): Promise<Given> {
  const { onBehalfOf, givenOn } = input
  if (onBehalfOf === undefined && givenOn === undefined) return {}
  if (principal.role !== 'secretariat')
    throw new ForbiddenError('only the secretariat records an update on behalf of an owner or on another day')
  const issues: { path: string; message: string }[] = []
  if (givenOn !== undefined) {
    const problem = givenOnProblem(givenOn, action, deps.now(), board.timeZone)
    if (problem) issues.push({ path: 'givenOn', message: problem })
  }
  if (onBehalfOf !== undefined) {
    const person = await deps.store.people.get(onBehalfOf)
    const problem = !person
      ? `no person ${onBehalfOf}`
      : person.kind !== 'person'
        ? `${person.name} is a team: name the person who gave the update`
        : !answersFor(action, person.id, await deps.store.people.relationsOf(person.id))
          ? `${person.name} (${person.initials}) is not an owner of this action`
          : null
    if (problem) issues.push({ path: 'onBehalfOf', message: problem })
  }
  if (issues.length > 0) throw new ValidationError('the update is not valid', issues)
  return { ...(onBehalfOf ? { onBehalfOf } : {}), ...(givenOn ? { givenOn } : {}) }
}

/** The secretariat records a meeting's decision on an action; it is final at minutes approval. */
export async function proposeOutcome(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  input: OutcomeInput,
  expectedVersion?: number,
): Promise<Action> {
  authorize(principal, mayEditActions)
  const meeting = await meetingTakingOutcomes(deps, meetingId)
  const prev = await loadAction(deps, input.actionId, expectedVersion)
  return saveOutcome(deps, actorOf(principal), meeting, prev, input.outcome, input.note)
}

/**
 * A meeting's decisions on many of its Actions Arising in one call (the "Save decisions" of
 * its page), each row checked and saved on its own, so one that fails (a discharge without
 * its note, an action not arising here, a stale version) does not stop the others. With
 * `carryForwardRest`, every action arising here that the list leaves out and that has no
 * decision of this meeting yet is proposed carried forward as well.
 */
export async function decideOutcomes(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  input: DecideOutcomesInput,
): Promise<RowResult[]> {
  authorize(principal, mayEditActions)
  const meeting = await meetingTakingOutcomes(deps, meetingId)
  const actor = actorOf(principal)
  // Only a well-formed id is looked up: a row with junk fails on its own in parseRow.
  const idOf = (raw: unknown) => {
    const id = Id.safeParse((raw as { actionId?: unknown } | null)?.actionId)
    return id.success ? id.data : null
  }
  const listed = input.outcomes.map(idOf)
  const rest = input.carryForwardRest
    ? undecidedArising(
        await deps.store.actions.listOpenDueBy(meeting.boardId, meeting.startsAt),
        meeting,
        new Set(listed.flatMap((id) => id ?? [])),
      ).map((a) => ({ actionId: a.id, outcome: 'carried-forward' as const }))
    : []
  const ids = [...new Set([...listed, ...rest.map((r) => r.actionId)].flatMap((id) => id ?? []))]
  const found = new Map((await deps.store.actions.batchGet(ids)).map((a) => [a.id, a]))
  // The index behind `rest` may lag: a decision made meanwhile (read consistently) stands.
  const rows = [
    ...input.outcomes,
    ...rest.filter((r) => found.get(r.actionId)?.proposedOutcome?.meetingId !== meeting.id),
  ]
  const seen = new Set<string>()
  return inPool(rows, OUTCOME_WRITERS, async (raw, row): Promise<RowResult> => {
    const id = idOf(raw)
    const prev = id ? found.get(id) : undefined
    const ref = prev?.ref ?? null
    const label = ref ?? id ?? `row ${row + 1}`
    const repeated = id !== null && seen.has(id)
    if (id) seen.add(id)
    try {
      const r = parseRow(OutcomeRow, raw)
      if (repeated)
        throw new ValidationError('repeated', [{ path: 'actionId', message: 'this action is listed twice' }])
      if (!prev) throw new NotFoundError('action', r.actionId)
      checkVersion(prev, r.version, `action ${prev.id}`)
      const blocker = outcomeBlocker(prev, meeting)
      if (blocker) throw new ConflictError('illegal-transition', blocker)
      const problem = outcomeRowProblem(r)
      if (problem) throw new ValidationError('invalid outcome', [problem])
      const action = await saveOutcome(deps, actor, meeting, prev, r.outcome, r.note ?? '')
      return { row, actionId: action.id, ref: action.ref, label, ok: true, action }
    } catch (error) {
      return { row, actionId: id, ref, label, ok: false, field: fieldOf(error, 'actionId'), error }
    }
  })
}

/** Rows saved at once: a meeting's 200 decisions in a few seconds, without a burst of writes. */
const OUTCOME_WRITERS = 8

/** Runs `work` over `items` with at most `size` at a time; results in the items' order. */
async function inPool<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T, i)
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker))
  return results
}

async function meetingTakingOutcomes(deps: Deps, meetingId: string): Promise<Meeting> {
  const meeting = await loadMeeting(deps, meetingId)
  if (!acceptsOutcomes(meeting)) {
    throw new ConflictError(
      'illegal-transition',
      `outcomes cannot be recorded at a ${meeting.status} meeting`,
    )
  }
  await loadWritableBoard(deps, meeting.boardId)
  return meeting
}

async function saveOutcome(
  deps: Deps,
  actor: Actor,
  meeting: Meeting,
  prev: Action,
  outcome: Outcome,
  note: string,
): Promise<Action> {
  const blocker = outcomeBlocker(prev, meeting)
  if (blocker) throw new ConflictError('illegal-transition', blocker)
  return saveChange(
    deps,
    prev,
    actor,
    (at) => ({ proposedOutcome: { meetingId: meeting.id, outcome, note, by: actor, at } }),
    { kind: 'outcome-proposed', changed: ['proposedOutcome'], meetingId: meeting.id, note: note || null },
  )
}

/**
 * Saves the action's next version, `change` made by `actor` at one instant, with its history
 * entry (`kind`, the `changed` fields as they were and are); at the version read, so a change
 * saved meanwhile wins (409).
 */
async function saveChange(
  deps: Deps,
  prev: Action,
  actor: Actor,
  change: (at: string) => Partial<Action>,
  entry: {
    kind: HistoryEntry['kind']
    changed: readonly (keyof Action)[]
    meetingId?: string
    note: string | null
  },
): Promise<Action> {
  const now = deps.now().toISOString()
  const next: Action = { ...prev, ...change(now), updatedAt: now, version: prev.version + 1 }
  const { kind, changed, ...details } = entry
  await deps.store.actions.save(
    prev,
    next,
    historyEntry(next, actor, kind, {
      before: prev,
      ...details,
      changes: changedFields(prev, next, changed),
    }),
  )
  return next
}

/**
 * An action raised in error is withdrawn: it keeps its history (this change with the reason)
 * and its reference (never reused), and leaves every log, list, report and email. Only open
 * work can be withdrawn, once.
 */
export async function withdrawAction(
  deps: Deps,
  principal: Principal,
  id: string,
  input: WithdrawActionInput,
  expectedVersion?: number,
): Promise<Action> {
  authorize(principal, mayEditActions)
  const prev = await loadAction(deps, id, expectedVersion)
  await loadWritableBoard(deps, prev.boardId)
  const blocker = withdrawBlocker(prev)
  if (blocker) throw new ConflictError('illegal-transition', blocker)
  const actor = actorOf(principal)
  return saveChange(
    deps,
    prev,
    actor,
    (at) => ({ status: 'withdrawn', withdrawal: { reason: input.reason, by: actor, at } }),
    { kind: 'withdrawn', changed: ['status'], note: input.reason },
  )
}

/** A page of an action's history, oldest first. */
export async function actionHistory(
  deps: Deps,
  principal: Principal,
  id: string,
  page: PageRequest,
): Promise<Page<HistoryEntry>> {
  const action = await loadAction(deps, id)
  if (principal.role !== 'member') return deps.store.actions.pageHistory(id, page)
  const owns = isOwnerFor(action, await actsFor(deps, principal))
  if (action.exempt && !owns) {
    throw new ForbiddenError(
      'the history of an exempt action is visible to its owners, the secretariat and the chair',
    )
  }
  const history = await deps.store.actions.pageHistory(id, page)
  // Entries from while it was exempt keep their texts hidden from members who do not own it.
  return owns ? history : mapPage(history, redactHistory)
}

async function dueMeetingFor(deps: Deps, raisedAt: Meeting, dueMeetingId: string): Promise<Meeting> {
  const due = await deps.store.meetings.get(dueMeetingId)
  const problem = !due
    ? `no meeting ${dueMeetingId}`
    : due.boardId !== raisedAt.boardId
      ? 'the due meeting belongs to another board'
      : !canBeDueMeeting(due)
        ? `the due meeting is ${due.status}`
        : due.startsAt <= raisedAt.startsAt
          ? 'the due meeting must come after the meeting that raised the action'
          : null
  if (problem || !due)
    throw new ValidationError('invalid due meeting', [{ path: 'dueMeetingId', message: problem ?? '' }])
  return due
}

export function exemption(input: { section: string; publicWording?: string | undefined }): Exemption {
  return { section: input.section, publicWording: input.publicWording ?? defaultPublicWording(input.section) }
}
