import { createHash } from 'node:crypto'
import type * as z from 'zod'
import { CreateActionInput, type ExemptionInput, OutcomeRow } from '../domain/action.ts'
import type { Board } from '../domain/board.ts'
import { IsoDate } from '../domain/common.ts'
import { type Attendance, CreateMeetingInput, type Meeting } from '../domain/meeting.ts'
import {
  type AcceptDraftsInput,
  type Draft,
  type DraftEdits,
  MAX_DRAFTS,
  type MinutesImport,
  type SourceFormat,
  type StoredDraft,
  unclaimStale,
} from '../domain/minutes-import.ts'
import {
  approvedMeeting,
  type MatchContext,
  meetingOn,
  otherMeetingDate,
  personNamed,
  referenceForms,
  sameDescription,
  unknownInitials,
  viewDraft,
} from '../domain/minutes-match.ts'
import type { MinutesRead, ReadKind } from '../domain/minutes-read.ts'
import { readMinutes } from '../domain/minutes-reader/index.ts'
import { announcesByDefault } from '../domain/outbox.ts'
import { ownerLookup, parseOwners } from '../domain/owners.ts'
import { mayRecordMeetings } from '../domain/policy.ts'
import { actorOf, type Principal } from '../domain/principal.ts'
import { fromZoned, isoDateIn, toZoned } from '../domain/time.ts'
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError, zodIssues } from '../errors.ts'
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
    claimed: false,
    version: 1,
  }))
  await deps.store.imports.create(imp, drafts)
  return view(deps, imp, drafts, meeting, board)
}

const draftId = (i: number) => `d${String(i + 1).padStart(3, '0')}`

export async function getImport(deps: Deps, principal: Principal, importId: string): Promise<ImportView> {
  authorize(principal, mayRecordMeetings)
  const imp = await loadImport(deps, importId)
  const [stored, meeting, board] = await Promise.all([
    storedDrafts(deps, imp.id),
    loadMeeting(deps, imp.meetingId),
    loadBoard(deps, imp.boardId),
  ])
  return view(deps, imp, stored, meeting, board)
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

/** The import's drafts, a claim left by a crashed request given back. */
async function storedDrafts(deps: Deps, importId: string): Promise<StoredDraft[]> {
  const now = deps.now()
  return (await deps.store.imports.drafts(importId)).map((d) => unclaimStale(d, now))
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
  board: Board,
): Promise<ImportView> {
  const ctx = await matchContext(deps, meeting, board, stored)
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
  board: Board,
  drafts: readonly StoredDraft[],
): Promise<MatchContext> {
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
 *
 * Each draft is claimed (its version moved on) before its write, so two people accepting it
 * at once write it once; a write that fails gives the claim back. Approvals go last: approving
 * the meeting's minutes closes it to outcomes, and starts the rollover they feed.
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
  const stored = await storedDrafts(deps, imp.id)
  const byId = new Map(stored.map((d) => [d.id, d]))
  const ctx = await matchContext(deps, meeting, board, stored)
  const actor = actorOf(principal)
  // Old minutes tell no one, unless asked: the raise form's rule, for rollovers too.
  const notifyOwners = input.notifyOwners ?? announcesByDefault(meeting, deps.now())
  const results: DraftResult[] = []

  const save = (d: StoredDraft, change: Partial<StoredDraft>): Promise<StoredDraft> => {
    const next = { ...d, ...change, version: d.version + 1 }
    return deps.store.imports.saveDraft(d, next).then(() => next)
  }
  const claim = (d: StoredDraft) =>
    save(d, {
      decision: 'accepted',
      result: null,
      decidedBy: actor,
      decidedAt: deps.now().toISOString(),
      claimed: true,
    })
  const release = (claimed: StoredDraft) =>
    save(claimed, { decision: 'pending', decidedBy: null, decidedAt: null, claimed: false }).catch(
      () => undefined,
    )
  const ok = (
    d: StoredDraft,
    decision: 'accepted' | 'rejected',
    result: StoredDraft['result'],
  ): DraftResult => ({
    draftId: d.id,
    kind: d.read.kind,
    label: labelOf(d),
    ok: true,
    decision,
    actionId: result?.actionId ?? null,
    meetingId: result?.meetingId ?? null,
  })
  const refuse = (id: string, d: StoredDraft | undefined, error: unknown, field = 'id'): DraftResult => ({
    draftId: id,
    kind: d?.read.kind ?? null,
    label: d ? labelOf(d) : id,
    ok: false,
    field: fieldOf(error, field),
    error,
  })
  /** Claims the draft, writes, and records what the write made; the claim is given back if it fails. */
  const accept = async (d: StoredDraft, write: () => Promise<StoredDraft['result']>) => {
    const claimed = await claim(d)
    let result: StoredDraft['result']
    try {
      result = await write()
    } catch (e) {
      await release(claimed)
      throw e
    }
    await save(claimed, { result, claimed: false })
    return ok(d, 'accepted', result)
  }

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
      const d = pick(id)
      await save(d, { decision: 'rejected', decidedBy: actor, decidedAt: deps.now().toISOString() })
      results.push(ok(d, 'rejected', null))
    } catch (error) {
      results.push(refuse(id, byId.get(id), error))
    }
  }

  const picked: { d: StoredDraft; edits: DraftEdits }[] = []
  for (const { id, edits = {} } of input.accept) {
    try {
      picked.push({ d: pick(id), edits })
    } catch (error) {
      results.push(refuse(id, byId.get(id), error))
    }
  }
  const ofKind = (kind: ReadKind) => picked.filter((p) => p.d.read.kind === kind)

  for (const { d, edits } of [...ofKind('action'), ...ofKind('next-meeting')]) {
    try {
      results.push(await acceptOne(d, edits))
    } catch (error) {
      results.push(refuse(d.id, d, error))
    }
  }
  results.push(...(await acceptOutcomes(ofKind('outcome'))))
  results.push(...(await acceptAttendance(ofKind('attendance'))))
  for (const { d } of ofKind('approval')) {
    try {
      results.push(await acceptApproval(d))
    } catch (error) {
      results.push(refuse(d.id, d, error))
    }
  }
  // In the order the request named the drafts (rejections first), whatever order they were saved in.
  const order = new Map([...input.reject, ...input.accept.map((a) => a.id)].map((id, i) => [id, i]))
  return results.sort((a, b) => (order.get(a.draftId) ?? 0) - (order.get(b.draftId) ?? 0))

  async function acceptOne(d: StoredDraft, edits: DraftEdits): Promise<DraftResult> {
    const read = d.read
    const draft = viewDraft(d, ctx)
    if (read.kind === 'next-meeting') {
      if (!read.date)
        throw new ValidationError('no date', [
          { path: 'date', message: 'the minutes give no date for the next meeting: schedule it by hand' },
        ])
      const found = meetingOn(read.date, ctx)
      if (found) return accept(d, async () => ({ actionId: null, meetingId: found.id, personId: null }))
      const start = CreateMeetingInput.safeParse({
        startsAt: startOf(read.date, read.time, meeting, board.timeZone),
      })
      if (!start.success) throw new ValidationError('invalid date', zodIssues(start.error.issues))
      return accept(d, async () => {
        const next = await createMeeting(deps, principal, board.id, start.data)
        return { actionId: null, meetingId: next.id, personId: null }
      })
    }
    if (read.kind !== 'action') throw new Error(`not an action: ${read.kind}`)
    const refCleared = edits.ref === ''
    const refChanged = edits.ref !== undefined && edits.ref !== (read.ref ?? '')
    if (draft.match === 'matches') {
      // Already in the log: accepted as it is there. Edits that say otherwise belong on the
      // action's own page, where its history records them.
      const existing =
        (read.ref ? ctx.actionByRef(read.ref) : undefined) ??
        ctx.raisedHere.find((a) => a.id === draft.matchedActionId)
      const owners = edits.owners ? parseOwners(edits.owners, ctx.lookup).ids : existing?.ownerIds
      const agrees =
        !!existing &&
        !refChanged &&
        (edits.description === undefined || sameDescription(edits.description, existing.description)) &&
        [...(owners ?? [])].sort().join() === [...existing.ownerIds].sort().join()
      if (!agrees)
        throw new ConflictError(
          'duplicate',
          'this action is already in the log: change it on its own page, or reject this draft',
        )
      return accept(d, async () => ({ actionId: draft.matchedActionId, meetingId: null, personId: null }))
    }
    if (draft.match === 'conflicts' && !refChanged)
      throw new ConflictError(
        'duplicate',
        `reference ${read.ref} is already used on this board by another action: edit or clear the reference, or reject this draft`,
      )
    const ref = refCleared ? null : (edits.ref ?? read.ref)
    const parsed = CreateActionInput.safeParse(actionInput(read, edits, ref, notifyOwners))
    if (!parsed.success) throw new ValidationError('invalid draft', zodIssues(parsed.error.issues))
    return accept(d, async () => {
      const action = await raiseAction(deps, principal, meeting.id, parsed.data)
      return { actionId: action.id, meetingId: null, personId: null }
    })
  }

  /** Outcomes as the meeting's proposed decisions, in one call of the decisions' use case. */
  async function acceptOutcomes(rows: { d: StoredDraft; edits: DraftEdits }[]): Promise<DraftResult[]> {
    const out: DraftResult[] = []
    const ready: { claimed: StoredDraft; row: OutcomeRow }[] = []
    for (const { d, edits } of rows) {
      const read = d.read
      try {
        if (read.kind !== 'outcome') throw new Error(`not an outcome: ${read.kind}`)
        const actionId = viewDraft(d, ctx).matchedActionId
        if (!actionId) throw new NotFoundError('action', read.ref ?? read.description.slice(0, 60))
        const outcome = edits.outcome ?? read.outcome ?? 'carried-forward'
        const note = edits.note ?? (read.note ? cleanText(read.note) : undefined)
        const row = OutcomeRow.safeParse({ actionId, outcome, ...(note ? { note } : {}) })
        if (!row.success) throw new ValidationError('invalid outcome', zodIssues(row.error.issues))
        // The same decision already recorded (the same minutes imported again): nothing to write.
        const was = read.ref ? ctx.actionByRef(read.ref)?.proposedOutcome : null
        if (was?.meetingId === meeting.id && was.outcome === outcome && was.note === (note ?? '')) {
          out.push(await accept(d, async () => ({ actionId, meetingId: null, personId: null })))
          continue
        }
        ready.push({ claimed: await claim(d), row: row.data })
      } catch (error) {
        out.push(refuse(d.id, d, error))
      }
    }
    if (ready.length === 0) return out
    let decided: Awaited<ReturnType<typeof decideOutcomes>>
    try {
      decided = await decideOutcomes(deps, principal, meeting.id, { outcomes: ready.map((r) => r.row) })
    } catch (error) {
      for (const r of ready) {
        await release(r.claimed)
        out.push(refuse(r.claimed.id, r.claimed, error))
      }
      return out
    }
    for (const [i, r] of decided.entries()) {
      const { claimed } = ready[i] as (typeof ready)[number]
      if (r.ok) {
        const result = { actionId: r.actionId, meetingId: null, personId: null }
        await save(claimed, { result, claimed: false })
        out.push(ok(claimed, 'accepted', result))
      } else {
        await release(claimed)
        out.push(refuse(claimed.id, claimed, r.error, r.field))
      }
    }
    return out
  }

  /**
   * Attendance in one write of the meeting's list; each entry checked first (the person in the
   * directory and in use, who represented them the same), so one bad row is refused alone.
   */
  async function acceptAttendance(rows: { d: StoredDraft; edits: DraftEdits }[]): Promise<DraftResult[]> {
    const out: DraftResult[] = []
    const ids = rows.flatMap(({ d, edits }) =>
      [edits.personId ?? viewDraft(d, ctx).matchedPersonId ?? []].flat(),
    )
    const known = new Map((await deps.store.people.batchGet(ids)).map((p) => [p.id, p]))
    const ready: { claimed: StoredDraft; entry: Attendance; guest: boolean }[] = []
    for (const { d, edits } of rows) {
      const read = d.read
      try {
        if (read.kind !== 'attendance') throw new Error(`not attendance: ${read.kind}`)
        const personId = edits.personId ?? viewDraft(d, ctx).matchedPersonId
        const person = personId ? known.get(personId) : undefined
        if (!personId || !person || person.retiredAt) {
          throw new ValidationError('unknown person', [
            {
              path: 'personId',
              message: person?.retiredAt
                ? `${person.name} is retired`
                : `no member or guest is ${read.name}: add them as a person or an alias first`,
            },
          ])
        }
        const entry = attendanceEntry(read, personId, ctx)
        const guest = !ctx.people.some((p) => p.id === personId)
        ready.push({ claimed: await claim(d), entry, guest })
      } catch (error) {
        out.push(refuse(d.id, d, error, 'personId'))
      }
    }
    if (ready.length === 0) return out
    try {
      const fresh = await loadMeeting(deps, meeting.id)
      const named = new Set(ready.map((a) => a.entry.personId))
      await patchMeeting(
        deps,
        principal,
        meeting.id,
        {
          attendance: [
            ...fresh.attendance.filter((a) => !named.has(a.personId)),
            ...ready.map((a) => a.entry),
          ],
          guestIds: [
            ...new Set([...fresh.guestIds, ...ready.filter((a) => a.guest).map((a) => a.entry.personId)]),
          ],
        },
        fresh.version,
      )
    } catch (error) {
      for (const a of ready) {
        await release(a.claimed)
        out.push(refuse(a.claimed.id, a.claimed, error, 'personId'))
      }
      return out
    }
    for (const a of ready) {
      const result = { actionId: null, meetingId: meeting.id, personId: a.entry.personId }
      await save(a.claimed, { result, claimed: false })
      out.push(ok(a.claimed, 'accepted', result))
    }
    return out
  }

  async function acceptApproval(d: StoredDraft): Promise<DraftResult> {
    const read = d.read
    if (read.kind !== 'approval') throw new Error(`not an approval: ${read.kind}`)
    const target = approvedMeeting(read, ctx)
    if (!target)
      throw new NotFoundError(
        'meeting',
        read.meetingDate
          ? `of ${read.meetingDate} on this board (schedule it first)`
          : `before ${meeting.title}`,
      )
    // Unsigned minutes (a template's blank "Date:") are not an approval to record.
    const approvedOn = read.approvedOn
    if (!approvedOn)
      throw new ValidationError('no date', [
        {
          path: 'approvedOn',
          message:
            'the minutes give no date of approval: record it on the meeting page once they are approved',
        },
      ])
    // The name printed under the signature: the person in the directory if it is theirs, else as written.
    const signatory = read.signatory
      ? cleanText(read.signatory).replace(/\s+/g, ' ').trim().slice(0, 120) || null
      : null
    // "Philip Seccombe, Police and Crime Commissioner": the name is before the title.
    const signer = signatory
      ? (personNamed(signatory, null, ctx) ?? personNamed(signatory.split(',')[0] ?? '', null, ctx))
      : undefined
    return accept(d, async () => {
      if (target.status !== 'minutes-approved') {
        await approveMinutes(deps, principal, target.id, {
          approvedOn,
          ...(read.amendments ? { amendments: cleanText(read.amendments) } : {}),
          ...(signatory
            ? {
                signatories: [
                  signer
                    ? { personId: signer.id, signedOn: approvedOn }
                    : { name: signatory, signedOn: approvedOn },
                ],
              }
            : {}),
          notifyOwners,
        })
      }
      return { actionId: null, meetingId: target.id, personId: null }
    })
  }
}

/** Text as the minutes gave it, without the control characters no field takes (tabs and line breaks stay). */
const cleanText = (s: string) => s.replace(/[^\P{Cc}\t\n\r]/gu, ' ')

const labelOf = (d: StoredDraft): string => {
  const r = d.read
  if ((r.kind === 'action' || r.kind === 'outcome') && r.ref) return r.ref
  if (r.kind === 'attendance') return r.name
  return d.id
}

/**
 * A draft action and its edits as the raise form's input, checked by the same schema. What the
 * reader read is cleaned of characters no field takes; a due date it read that no field would
 * take (a year mistyped) is left out rather than refusing the action: what a person typed is
 * checked as typed.
 */
function actionInput(
  read: Extract<MinutesRead, { kind: 'action' }>,
  edits: DraftEdits,
  ref: string | null,
  notifyOwners: boolean,
): unknown {
  const owners = edits.owners ?? read.owners
  if (!owners) {
    throw new ValidationError('no owners', [
      { path: 'owners', message: 'the minutes name no owner: give the owners ("DT / OPCC")' },
    ])
  }
  const exempt = edits.exempt !== undefined ? edits.exempt : exemptionOf(read.exemptReason)
  const readDue = read.dueDate && IsoDate.safeParse(read.dueDate).success ? read.dueDate : null
  const dueDate = edits.dueDate ?? readDue
  const title = edits.itemTitle ?? (read.itemTitle ? cleanText(read.itemTitle) : null)
  return {
    itemNumber: edits.itemNumber ?? read.itemNumber ?? 0,
    ...(title ? { itemTitle: title } : {}),
    description: edits.description ?? cleanText(read.description),
    owners,
    ...(ref ? { ref } : {}),
    ...(edits.dueMeetingId ? { dueMeetingId: edits.dueMeetingId } : {}),
    ...(dueDate ? { dueDate } : {}),
    ...(exempt ? { exempt } : {}),
    notifyOwners,
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
