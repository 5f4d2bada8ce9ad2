import { createHash } from 'node:crypto'
import type * as z from 'zod'
import type { CreateActionInput, ExemptionInput, OutcomeRow } from '../domain/action.ts'
import type { Attendance, Meeting } from '../domain/meeting.ts'
import {
  type AcceptDraftsInput,
  type Draft,
  type DraftEdits,
  MAX_DRAFTS,
  type MinutesImport,
  type SourceFormat,
  type StoredDraft,
} from '../domain/minutes-import.ts'
import {
  approvedMeeting,
  type MatchContext,
  meetingOn,
  otherMeetingDate,
  personNamed,
  referenceForms,
  unknownInitials,
  viewDraft,
} from '../domain/minutes-match.ts'
import type { MinutesRead, ReadKind } from '../domain/minutes-read.ts'
import { readMinutes } from '../domain/minutes-reader/index.ts'
import { ownerLookup } from '../domain/owners.ts'
import { mayRecordMeetings } from '../domain/policy.ts'
import { actorOf, type Principal } from '../domain/principal.ts'
import { fromZoned, isoDateIn, toZoned } from '../domain/time.ts'
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from '../errors.ts'
import { decideOutcomes, fieldOf, raiseAction } from './actions.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'
import { loadBoard, loadMeeting, loadWritableBoard } from './load.ts'
import { approveMinutes, createMeeting, patchMeeting } from './meetings.ts'
import { listMembers } from './members.ts'

/** What was read, and from what. */
export type ImportSource = {
  format: SourceFormat
  name: string | null
  bytes: number
  pages: number | null
  text: string
}

export type ImportView = MinutesImport & {
  drafts: Draft[]
  /** Initials and names pending drafts use that no member or guest has, each once. */
  unknownInitials: string[]
  /** The date the minutes' references carry when it is not the meeting's (see otherMeetingDate). */
  referencesDated: string | null
}

/**
 * Reads a meeting's minutes into drafts and stores them: the import and its drafts, nothing in
 * the log. Files are made text by the caller (the import function, which holds the Word and
 * PDF libraries); reading the text is the domain's.
 */
export async function createImport(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  source: ImportSource,
): Promise<ImportView> {
  authorize(principal, mayRecordMeetings)
  const meeting = await loadMeeting(deps, meetingId)
  const board = await loadWritableBoard(deps, meeting.boardId)
  const reads = readMinutes(source.text, {
    meetingDate: isoDateIn(new Date(meeting.startsAt), board.timeZone),
  })
  if (reads.length === 0) {
    throw new ValidationError('nothing read', [
      {
        path: source.format === 'text' ? 'text' : 'file',
        message:
          'no actions, outcomes, attendance or approval were found in these minutes: check they are the right file, or enter the actions by hand',
      },
    ])
  }
  if (reads.length > MAX_DRAFTS) {
    throw new PayloadTooLargeError(
      `these minutes read as ${reads.length} drafts; at most ${MAX_DRAFTS} are kept from one import: import them in parts`,
    )
  }
  const now = deps.now().toISOString()
  const imp: MinutesImport = {
    id: deps.newId(),
    meetingId,
    boardId: meeting.boardId,
    status: 'ready',
    source: {
      format: source.format,
      name: source.name,
      bytes: source.bytes,
      pages: source.pages,
      sha256: createHash('sha256').update(source.text).digest('hex'),
    },
    draftCount: reads.length,
    createdBy: actorOf(principal),
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
  const drafts: StoredDraft[] = reads.map((read, i) => ({
    importId: imp.id,
    id: draftId(i),
    read,
    decision: 'pending',
    result: null,
    decidedBy: null,
    decidedAt: null,
    version: 1,
  }))
  await deps.store.imports.create(imp, drafts)
  return view(deps, imp, drafts, meeting)
}

const draftId = (i: number) => `d${String(i + 1).padStart(3, '0')}`

export async function getImport(deps: Deps, principal: Principal, importId: string): Promise<ImportView> {
  authorize(principal, mayRecordMeetings)
  const imp = await loadImport(deps, importId)
  return view(deps, imp, await deps.store.imports.drafts(imp.id), await loadMeeting(deps, imp.meetingId))
}

/** A meeting's imports, oldest first. */
export async function listImports(
  deps: Deps,
  principal: Principal,
  meetingId: string,
): Promise<MinutesImport[]> {
  authorize(principal, mayRecordMeetings)
  await loadMeeting(deps, meetingId)
  return deps.store.imports.listForMeeting(meetingId)
}

async function loadImport(deps: Deps, id: string): Promise<MinutesImport> {
  const imp = await deps.store.imports.get(id)
  if (!imp) throw new NotFoundError('minutes import', id)
  return imp
}

async function view(
  deps: Deps,
  imp: MinutesImport,
  stored: readonly StoredDraft[],
  meeting: Meeting,
): Promise<ImportView> {
  const ctx = await matchContext(deps, meeting, stored)
  const drafts = stored.map((d) => viewDraft(d, ctx))
  const meetingDate = isoDateIn(new Date(meeting.startsAt), ctx.timeZone)
  return {
    ...imp,
    drafts,
    unknownInitials: unknownInitials(drafts),
    referencesDated: otherMeetingDate(drafts, meetingDate),
  }
}

/** Everything the drafts are matched against, in a handful of reads whatever their number. */
async function matchContext(
  deps: Deps,
  meeting: Meeting,
  drafts: readonly StoredDraft[],
): Promise<MatchContext> {
  const board = await loadBoard(deps, meeting.boardId)
  const refs = drafts.flatMap((d) =>
    (d.read.kind === 'action' || d.read.kind === 'outcome') && d.read.ref ? referenceForms(d.read.ref) : [],
  )
  const [members, guests, idsByRef, raisedHere, meetings] = await Promise.all([
    listMembers(deps, board.id),
    deps.store.people.batchGet(meeting.guestIds),
    deps.store.actions.idsByReference(board.id, [...new Set(refs)]),
    deps.store.actions.listRaisedAt(meeting.id),
    deps.store.meetings.list(board.id),
  ])
  const actions = new Map((await deps.store.actions.batchGet([...idsByRef.values()])).map((a) => [a.id, a]))
  // A board with no members yet finds people in the whole directory, as owners typed on a form do.
  const invited = members.length > 0 ? members : await deps.store.people.list()
  const people = [...invited, ...guests.filter((g) => !invited.some((m) => m.id === g.id))].filter(
    (p) => !p.retiredAt,
  )
  return {
    meeting,
    timeZone: board.timeZone,
    people,
    lookup: ownerLookup(people),
    actionByRef: (ref) => {
      for (const form of referenceForms(ref)) {
        const id = idsByRef.get(form)
        const action = id ? actions.get(id) : undefined
        if (action && action.status !== 'withdrawn') return action
      }
      return undefined
    },
    raisedHere,
    meetings,
  }
}

/** One draft's result: what it wrote or found, or why it was refused. */
export type DraftResult = { draftId: string; kind: ReadKind | null; label: string } & (
  | { ok: true; decision: 'accepted' | 'rejected'; actionId: string | null; meetingId: string | null }
  | { ok: false; field: string; error: unknown }
)

/**
 * Accepts and rejects drafts, each on its own: one refused (an owner no member has, a
 * reference another action holds) does not stop the others. Accepting writes through the
 * same use cases as the forms: an action is raised, an outcome becomes the meeting's proposed
 * decision, attendance is recorded, minutes approved, a next meeting scheduled. A draft the
 * log already holds (same reference, same words) is accepted without writing it twice, so
 * importing the same minutes again creates nothing new.
 */
export async function acceptDrafts(
  deps: Deps,
  principal: Principal,
  importId: string,
  input: AcceptDraftsInput,
): Promise<DraftResult[]> {
  authorize(principal, mayRecordMeetings)
  const imp = await loadImport(deps, importId)
  const meeting = await loadMeeting(deps, imp.meetingId)
  const board = await loadWritableBoard(deps, imp.boardId)
  const stored = await deps.store.imports.drafts(imp.id)
  const byId = new Map(stored.map((d) => [d.id, d]))
  const ctx = await matchContext(deps, meeting, stored)
  const actor = actorOf(principal)
  const results: DraftResult[] = []
  const decide = async (
    d: StoredDraft,
    decision: 'accepted' | 'rejected',
    result: StoredDraft['result'],
  ): Promise<DraftResult> => {
    await deps.store.imports.saveDraft(d, {
      ...d,
      decision,
      result,
      decidedBy: actor,
      decidedAt: deps.now().toISOString(),
      version: d.version + 1,
    })
    return {
      draftId: d.id,
      kind: d.read.kind,
      label: labelOf(d),
      ok: true,
      decision,
      actionId: result?.actionId ?? null,
      meetingId: result?.meetingId ?? null,
    }
  }
  const refuse = (id: string, d: StoredDraft | undefined, error: unknown, field = 'id'): DraftResult => ({
    draftId: id,
    kind: d?.read.kind ?? null,
    label: d ? labelOf(d) : id,
    ok: false,
    field: fieldOf(error, field),
    error,
  })

  const seen = new Set<string>()
  const pick = (id: string): StoredDraft => {
    const d = byId.get(id)
    if (!d) throw new NotFoundError('draft', id)
    if (seen.has(id))
      throw new ValidationError('repeated', [{ path: 'id', message: 'this draft is listed twice' }])
    seen.add(id)
    if (d.decision !== 'pending')
      throw new ConflictError('illegal-transition', `this draft was already ${d.decision}`)
    return d
  }

  for (const id of input.reject) {
    try {
      results.push(await decide(pick(id), 'rejected', null))
    } catch (error) {
      results.push(refuse(id, byId.get(id), error))
    }
  }

  // Attendance is one write of the meeting's list, the rest one use case call per draft.
  const attendance: { d: StoredDraft; entry: Attendance; guest: boolean }[] = []
  const outcomes: { d: StoredDraft; row: OutcomeRow }[] = []
  for (const { id, edits = {} } of input.accept) {
    let d: StoredDraft | undefined
    try {
      d = pick(id)
      const read = d.read
      const draft = viewDraft(d, ctx)
      switch (read.kind) {
        case 'action': {
          const existing = draft.matchedActionId
          const ref = edits.ref ?? read.ref
          const refChanged = edits.ref !== undefined && edits.ref !== read.ref
          if (draft.match === 'matches' && !refChanged) {
            results.push(await decide(d, 'accepted', { actionId: existing, meetingId: null, personId: null }))
            break
          }
          if (draft.match === 'conflicts' && !refChanged) {
            throw new ConflictError(
              'duplicate',
              `reference ${read.ref} is already used on this board by another action: edit the reference, or reject this draft`,
            )
          }
          const action = await raiseAction(deps, principal, meeting.id, actionInput(read, edits, ref, input))
          results.push(await decide(d, 'accepted', { actionId: action.id, meetingId: null, personId: null }))
          break
        }
        case 'outcome': {
          const actionId = draft.matchedActionId
          if (!actionId) {
            throw new NotFoundError('action', read.ref ?? read.description.slice(0, 60))
          }
          const outcome = edits.outcome ?? read.outcome ?? 'carried-forward'
          const note = edits.note ?? read.note ?? undefined
          outcomes.push({ d, row: { actionId, outcome, ...(note ? { note } : {}) } })
          break
        }
        case 'attendance': {
          const personId = edits.personId ?? draft.matchedPersonId
          if (!personId) {
            throw new ValidationError('unknown person', [
              {
                path: 'personId',
                message: `no member or guest is ${read.name}: add them as a person or an alias first`,
              },
            ])
          }
          const guest = !ctx.people.some((p) => p.id === personId)
          attendance.push({ d, entry: attendanceEntry(read, personId, ctx), guest })
          break
        }
        case 'approval': {
          const target = approvedMeeting(read, ctx)
          if (!target)
            throw new NotFoundError('meeting', `before ${meeting.title} on this board (schedule it first)`)
          if (target.status !== 'minutes-approved') {
            await approveMinutes(deps, principal, target.id, {
              approvedOn: read.approvedOn ?? isoDateIn(deps.now(), board.timeZone),
              ...(read.amendments ? { amendments: read.amendments } : {}),
            })
          }
          results.push(await decide(d, 'accepted', { actionId: null, meetingId: target.id, personId: null }))
          break
        }
        case 'next-meeting': {
          if (!read.date)
            throw new ValidationError('no date', [
              { path: 'date', message: 'the minutes give no date for the next meeting: schedule it by hand' },
            ])
          const found = meetingOn(read.date, ctx)
          const next =
            found ??
            (await createMeeting(deps, principal, board.id, {
              startsAt: startOf(read.date, read.time, meeting, board.timeZone),
            }))
          results.push(await decide(d, 'accepted', { actionId: null, meetingId: next.id, personId: null }))
          break
        }
      }
    } catch (error) {
      results.push(refuse(id, d, error))
    }
  }

  if (outcomes.length > 0) {
    const decided = await decideOutcomes(deps, principal, meeting.id, {
      outcomes: outcomes.map((o) => o.row),
    })
    for (const [i, r] of decided.entries()) {
      const o = outcomes[i] as (typeof outcomes)[number]
      results.push(
        r.ok
          ? await decide(o.d, 'accepted', { actionId: r.actionId, meetingId: null, personId: null })
          : refuse(o.d.id, o.d, r.error, r.field),
      )
    }
  }
  if (attendance.length > 0) {
    try {
      const fresh = await loadMeeting(deps, meeting.id)
      const named = new Set(attendance.map((a) => a.entry.personId))
      await patchMeeting(
        deps,
        principal,
        meeting.id,
        {
          attendance: [
            ...fresh.attendance.filter((a) => !named.has(a.personId)),
            ...attendance.map((a) => a.entry),
          ],
          guestIds: [
            ...new Set([
              ...fresh.guestIds,
              ...attendance.filter((a) => a.guest).map((a) => a.entry.personId),
            ]),
          ],
        },
        fresh.version,
      )
      for (const a of attendance)
        results.push(
          await decide(a.d, 'accepted', {
            actionId: null,
            meetingId: meeting.id,
            personId: a.entry.personId,
          }),
        )
    } catch (error) {
      for (const a of attendance) results.push(refuse(a.d.id, a.d, error, 'personId'))
    }
  }
  return results
}

const labelOf = (d: StoredDraft): string => {
  const r = d.read
  if ((r.kind === 'action' || r.kind === 'outcome') && r.ref) return r.ref
  if (r.kind === 'attendance') return r.name
  return d.id
}

/** A draft action and its edits as the form's input: the same rules raise it. */
function actionInput(
  read: Extract<MinutesRead, { kind: 'action' }>,
  edits: DraftEdits,
  ref: string | null,
  input: AcceptDraftsInput,
): CreateActionInput {
  const owners = edits.owners ?? read.owners
  if (!owners) {
    throw new ValidationError('no owners', [
      { path: 'owners', message: 'the minutes name no owner: give the owners ("DT / OPCC")' },
    ])
  }
  const exempt = edits.exempt !== undefined ? edits.exempt : exemptionOf(read.exemptReason)
  const dueDate = edits.dueDate ?? read.dueDate
  return {
    itemNumber: edits.itemNumber ?? read.itemNumber ?? 0,
    ...((edits.itemTitle ?? read.itemTitle) ? { itemTitle: edits.itemTitle ?? read.itemTitle ?? '' } : {}),
    description: edits.description ?? read.description,
    owners,
    ...(ref ? { ref } : {}),
    ...(edits.dueMeetingId ? { dueMeetingId: edits.dueMeetingId } : {}),
    ...(dueDate ? { dueDate } : {}),
    ...(exempt ? { exempt } : {}),
    ...(input.notifyOwners !== undefined ? { notifyOwners: input.notifyOwners } : {}),
  }
}

/** "Exempt FOIA under Section S.31 (Law Enforcement)" → its section, the wording as written. */
export function exemptionOf(reason: string | null): z.infer<typeof ExemptionInput> | null {
  if (!reason) return null
  const section = /section\s+(.+)$/i.exec(reason)?.[1]?.trim() ?? reason.trim()
  return { section: section.slice(0, 200), publicWording: reason.trim().slice(0, 500) }
}

function attendanceEntry(
  read: Extract<MinutesRead, { kind: 'attendance' }>,
  personId: string,
  ctx: MatchContext,
): Attendance {
  const stoodIn = read.representative ? personNamed(read.representative, null, ctx) : undefined
  return {
    personId,
    status: read.status,
    mode: read.mode,
    timing: read.timing,
    role: read.role,
    representedBy: stoodIn?.id ?? null,
    substitute: false,
  }
}

/** The next meeting's start: the time the minutes give, else this meeting's, board-local. */
function startOf(date: string, time: string | null, meeting: Meeting, timeZone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const at = time ? time.split(':').map(Number) : null
  const here = toZoned(new Date(meeting.startsAt), timeZone)
  const local = { year, month, day, hour: at?.[0] ?? here.hour, minute: at?.[1] ?? here.minute, second: 0 }
  return fromZoned(local, timeZone).toISOString()
}
