import {
  type Action,
  type CreateActionInput,
  defaultPublicWording,
  type Exemption,
  type HistoryEntry,
  type OutcomeInput,
  type PatchActionInput,
  type PostUpdateInput,
  type RedactedAction,
} from '../domain/action.ts'
import { changedFields, isArisingAt, outcomeBlocker, withUpdate } from '../domain/action-rules.ts'
import type { Actor } from '../domain/common.ts'
import { historyEntry, redactHistory } from '../domain/history.ts'
import type { Meeting } from '../domain/meeting.ts'
import { acceptsOutcomes, canBeDueMeeting } from '../domain/meeting-rules.ts'
import { announcesByDefault } from '../domain/outbox.ts'
import { mapPage, type Page, type PageRequest } from '../domain/page.ts'
import { mayEditActions } from '../domain/policy.ts'
import { actorOf, type Principal } from '../domain/principal.ts'
import { formatReference, normaliseReference, withOrdinal } from '../domain/reference.ts'
import { isoDateIn } from '../domain/time.ts'
import { ConflictError, ForbiddenError, ValidationError } from '../errors.ts'
import type { FormUse } from '../store/links.ts'
import { actsFor, authorize, isOwnerFor, viewerFor } from './authz.ts'
import type { Deps } from './deps.ts'
import { checkVersion, loadAction, loadBoard, loadMeeting, resolvePeople } from './load.ts'

/** Fields whose changes the history records on an edit. */
const EDITABLE = [
  'itemNumber',
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
  const board = await loadBoard(deps, meeting.boardId)
  await resolvePeople(deps, input.ownerIds, 'ownerIds')
  const due = input.dueMeetingId
    ? await dueMeetingFor(deps, meeting, input.dueMeetingId)
    : await deps.store.meetings.nextScheduled(meeting.boardId, meeting.startsAt)
  if (input.dueDate && input.dueDate < isoDateIn(new Date(meeting.startsAt), board.timeZone)) {
    throw new ValidationError('invalid due date', [
      { path: 'dueDate', message: 'the due date is before the meeting that raised the action' },
    ])
  }

  const now = deps.now().toISOString()
  const actor = actorOf(principal)
  const draft: Action = {
    id: deps.newId(),
    boardId: meeting.boardId,
    ref: input.ref ?? formatReference(input.itemNumber, new Date(meeting.startsAt), board.timeZone),
    itemNumber: input.itemNumber,
    description: input.description,
    ownerIds: input.ownerIds,
    raisedAtMeetingId: meeting.id,
    raisedAt: meeting.startsAt,
    dueMeetingId: due?.id ?? null,
    dueMeetingStartsAt: due?.startsAt ?? null,
    dueDate: input.dueDate ?? null,
    waitingAfter: due ? null : meeting.startsAt,
    status: 'open',
    updates: [],
    proposedOutcome: null,
    carryCount: 0,
    discharge: null,
    exempt: input.exempt ? exemption(input.exempt) : null,
    notifyOwners: input.notifyOwners ?? announcesByDefault(meeting, deps.now()),
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
  if (input.ref) {
    await deps.store.actions.create(draft, historyEntry(draft, actor, 'created', { meetingId: meeting.id }))
    return draft
  }
  // A generated reference may collide with a second action on the same agenda item, or with
  // one raised at the same moment: number it "(2)", "(3)"… and try again. Concurrent raises
  // on one item each find the next free ordinal in turn, so the loop ends for every one of
  // them; the jitter keeps a crowd from retrying in lockstep.
  for (let attempt = 1; ; attempt++) {
    const taken = new Set(
      (await deps.store.actions.referencesStartingWith(draft.boardId, draft.ref)).map(normaliseReference),
    )
    let ordinal = 1
    while (taken.has(normaliseReference(withOrdinal(draft.ref, ordinal)))) ordinal++
    const action = { ...draft, ref: withOrdinal(draft.ref, ordinal) }
    try {
      await deps.store.actions.create(
        action,
        historyEntry(action, actor, 'created', { meetingId: meeting.id }),
      )
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
  const prev = await loadAction(deps, id)
  checkVersion(prev, expectedVersion, `action ${id}`)
  const movesWork =
    input.ownerIds !== undefined || input.dueMeetingId !== undefined || input.dueDate !== undefined
  if (prev.status !== 'open' && movesWork) {
    throw new ConflictError('illegal-transition', 'owners and due of a discharged action cannot change')
  }
  if (input.ownerIds) await resolvePeople(deps, input.ownerIds, 'ownerIds')
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
  // New owners of an action from old minutes are told only if asked, as when it was entered.
  const addsOwners = input.ownerIds?.some((o) => !prev.ownerIds.includes(o)) ?? false
  const notifyOwners =
    input.notifyOwners ??
    (addsOwners ? announcesByDefault(await raisingMeeting(), deps.now()) : prev.notifyOwners)
  const { exempt, ...rest } = input
  const next: Action = {
    ...prev,
    ...rest,
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
  for (let attempt = 0; ; attempt++) {
    const prev = await loadAction(deps, id)
    if (actingFor && !isOwnerFor(prev, actingFor)) {
      throw new ForbiddenError('only the secretariat or an owner of this action may post updates')
    }
    if (prev.status !== 'open')
      throw new ConflictError('illegal-transition', 'the action is already discharged')
    const now = deps.now().toISOString()
    const update = { at: now, by: actor, text: input.text, proposeComplete: input.proposeComplete }
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
        historyEntry(next, actor, 'update-posted', { before: prev, note }),
        opts,
      )
      return next
    } catch (e) {
      if (!(e instanceof ConflictError && e.reason === 'stale-version') || attempt >= 3) throw e
    }
  }
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
  const meeting = await loadMeeting(deps, meetingId)
  if (!acceptsOutcomes(meeting)) {
    throw new ConflictError(
      'illegal-transition',
      `outcomes cannot be recorded at a ${meeting.status} meeting`,
    )
  }
  const prev = await loadAction(deps, input.actionId)
  checkVersion(prev, expectedVersion, `action ${prev.id}`)
  const blocker = outcomeBlocker(prev, meeting)
  if (blocker) throw new ConflictError('illegal-transition', blocker)
  const actor = actorOf(principal)
  const now = deps.now().toISOString()
  const next: Action = {
    ...prev,
    proposedOutcome: { meetingId, outcome: input.outcome, note: input.note, by: actor, at: now },
    updatedAt: now,
    version: prev.version + 1,
  }
  await deps.store.actions.save(
    prev,
    next,
    historyEntry(next, actor, 'outcome-proposed', {
      before: prev,
      meetingId,
      changes: changedFields(prev, next, ['proposedOutcome']),
      note: input.note,
    }),
  )
  return next
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

function exemption(input: { section: string; publicWording?: string | undefined }): Exemption {
  return { section: input.section, publicWording: input.publicWording ?? defaultPublicWording(input.section) }
}
