import type { Action } from '../domain/action.ts'
import { changedFields } from '../domain/action-rules.ts'
import type { Board } from '../domain/board.ts'
import { historyEntry } from '../domain/history.ts'
import type {
  CreateMeetingInput,
  Meeting,
  MinutesApprovalInput,
  PatchMeetingInput,
  Signatory,
} from '../domain/meeting.ts'
import {
  attendanceIssues,
  canPatchStatus,
  minutesApprovalBlocker,
  signatoryIssues,
  withCalendarSequence,
} from '../domain/meeting-rules.ts'
import { type CreateMeetingSeriesInput, expandSeries, type SeriesResult } from '../domain/meeting-series.ts'
import type { Page, PageRequest } from '../domain/page.ts'
import { mayApproveMinutes, mayRecordMeetings } from '../domain/policy.ts'
import { actorOf, type Principal } from '../domain/principal.ts'
import { ConflictError, ForbiddenError, ValidationError } from '../errors.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'
import { loadBoard, loadMeeting, loadWritableBoard, resolvePeople } from './load.ts'

export async function createMeeting(
  deps: Deps,
  principal: Principal,
  boardId: string,
  input: CreateMeetingInput,
): Promise<Meeting> {
  authorize(principal, mayRecordMeetings)
  const board = await loadWritableBoard(deps, boardId)
  const meeting = newMeeting(deps, board, input, null, deps.now().toISOString())
  await deps.store.meetings.create(meeting)
  return meeting
}

/** A meeting as scheduled, not yet held, titled by its date unless given a title. */
function newMeeting(
  deps: Deps,
  board: Board,
  input: CreateMeetingInput,
  seriesId: string | null,
  now: string,
): Meeting {
  return {
    id: deps.newId(),
    boardId: board.id,
    startsAt: input.startsAt,
    location: input.location ?? null,
    title: input.title ?? defaultTitle(board, input.startsAt),
    status: 'scheduled',
    attendance: [],
    guestIds: [],
    minutesApproval: null,
    seriesId,
    calendarSequence: 0,
    publication: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
}

/** "PAM 24 March 2026", as the minutes head themselves. */
export function defaultTitle(board: Board, startsAt: string): string {
  const date = new Intl.DateTimeFormat('en-GB', {
    timeZone: board.timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(startsAt))
  return `${board.shortName} ${date}`
}

export async function listMeetings(
  deps: Deps,
  boardId: string,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<Meeting[]> {
  await loadBoard(deps, boardId)
  checkRange(range)
  return deps.store.meetings.list(boardId, {
    ...(range.from ? { from: range.from } : {}),
    ...(range.to ? { to: range.to } : {}),
  })
}

/** A page of a board's meetings within [from, to], earliest first (or latest first, for the pages' past meetings). */
export async function pageMeetings(
  deps: Deps,
  boardId: string,
  range: { from?: string | undefined; to?: string | undefined; newestFirst?: boolean },
  page: PageRequest,
): Promise<Page<Meeting>> {
  await loadBoard(deps, boardId)
  checkRange(range)
  return deps.store.meetings.page(boardId, range, page)
}

function checkRange(range: { from?: string | undefined; to?: string | undefined }): void {
  if (range.from && range.to && range.from > range.to) {
    throw new ValidationError('invalid range', [{ path: 'from', message: 'from must not be after to' }])
  }
}

export function getMeeting(deps: Deps, id: string): Promise<Meeting> {
  return loadMeeting(deps, id)
}

export async function patchMeeting(
  deps: Deps,
  principal: Principal,
  id: string,
  input: PatchMeetingInput,
  expectedVersion?: number,
): Promise<Meeting> {
  authorize(principal, mayRecordMeetings)
  const prev = await loadMeeting(deps, id, expectedVersion)
  if (input.status && !canPatchStatus(prev.status, input.status)) {
    throw new ConflictError('illegal-transition', `a ${prev.status} meeting cannot become ${input.status}`)
  }
  const moves = input.startsAt !== undefined && input.startsAt !== prev.startsAt
  if (moves && prev.status !== 'scheduled') {
    throw new ConflictError('illegal-transition', `a ${prev.status} meeting cannot be rescheduled`)
  }
  const board = await loadWritableBoard(deps, prev.boardId)
  const now = deps.now().toISOString()
  const changed: Meeting = { ...prev, ...input, updatedAt: now, version: prev.version + 1 }
  await checkAttendance(deps, prev, changed)
  if (moves && input.title === undefined) {
    // A title that was made from the old date ("PAM 24 March 2026") follows the new date;
    // one the secretariat wrote is theirs and stays.
    if (prev.title === defaultTitle(board, prev.startsAt))
      changed.title = defaultTitle(board, changed.startsAt)
  }
  const next = withCalendarSequence(prev, changed)
  // Open actions due here follow the meeting when it moves; when it is cancelled they go to
  // the board's next scheduled meeting, or wait for one.
  const cancels = next.status === 'cancelled' && prev.status !== 'cancelled'
  const dueHere = moves || cancels ? await deps.store.actions.listOpenDueAt(prev.boardId, prev) : []
  const target = cancels ? await deps.store.meetings.nextScheduled(prev.boardId, prev.startsAt) : next
  const moved = dueHere.map((before) => {
    const after: Action = {
      ...before,
      dueMeetingId: target?.id ?? null,
      dueMeetingStartsAt: target?.startsAt ?? null,
      updatedAt: now,
      version: before.version + 1,
    }
    const history = historyEntry(after, actorOf(principal), 'due-meeting-moved', {
      before,
      meetingId: next.id,
      changes: changedFields(before, after, ['dueMeetingId', 'dueMeetingStartsAt']),
      ...(cancels ? { note: `${prev.title} was cancelled` } : {}),
    })
    return { before, after, history }
  })
  await deps.store.meetings.save(prev, next, moved)
  return next
}

/**
 * The attendance list is the board's members and the meeting's guests. Guests newly named
 * must be in the directory and in use; attendance entries newly named must be members or
 * guests (or, on a board without members yet, anyone in the directory).
 */
async function checkAttendance(deps: Deps, prev: Meeting, next: Meeting): Promise<void> {
  const newGuests = next.guestIds.filter((id) => !prev.guestIds.includes(id))
  if (newGuests.length > 0) await resolvePeople(deps, next.guestIds, 'guestIds', { keep: prev.guestIds })
  const alreadyNamed = prev.attendance.map((a) => a.personId)
  const named = next.attendance.filter((a) => !alreadyNamed.includes(a.personId))
  if (named.length === 0 && !next.attendance.some((a) => a.representedBy)) return
  const memberIds = await deps.store.members.ids(next.boardId)
  if (memberIds.length === 0) {
    await resolvePeople(
      deps,
      next.attendance.map((a) => a.personId),
      'attendance',
      { keep: alreadyNamed },
    )
    return
  }
  const issues = attendanceIssues(next.attendance, { memberIds, guestIds: next.guestIds, alreadyNamed })
  if (issues.length > 0) throw new ValidationError('attendance names someone not invited', issues)
}

/**
 * Records that the minutes of a meeting were approved. The rollover this triggers
 * (discharge and carry-forward) is driven by the table's stream from this write.
 */
export async function approveMinutes(
  deps: Deps,
  principal: Principal,
  id: string,
  input: MinutesApprovalInput,
  expectedVersion?: number,
): Promise<Meeting> {
  authorize(principal, mayApproveMinutes)
  const prev = await loadMeeting(deps, id, expectedVersion)
  const board = await loadWritableBoard(deps, prev.boardId)
  if (!mayApproveMinutes(principal, board)) {
    throw new ForbiddenError(
      `only the chair of the ${board.name} (or the secretariat) may record its minutes approval`,
    )
  }
  const now = deps.now()
  const blocker = minutesApprovalBlocker(prev, input.approvedOn, now, board.timeZone)
  if (blocker) throw new ConflictError('illegal-transition', blocker)
  const signatories = await signatoriesOf(deps, prev, input.signatories ?? [], now, board.timeZone)
  const next: Meeting = {
    ...prev,
    status: 'minutes-approved',
    minutesApproval: {
      approvedOn: input.approvedOn,
      signatories,
      amendments: input.amendments ?? null,
      recordedBy: actorOf(principal),
      recordedAt: now.toISOString(),
      notifyOwners: input.notifyOwners ?? true,
    },
    updatedAt: now.toISOString(),
    version: prev.version + 1,
  }
  await deps.store.meetings.save(prev, next)
  return next
}

/**
 * The signatories as stored: a person of the directory by id and their name as it is now
 * (the record keeps the name it was signed under), or a name as written.
 */
async function signatoriesOf(
  deps: Deps,
  meeting: Meeting,
  input: NonNullable<MinutesApprovalInput['signatories']>,
  now: Date,
  timeZone: string,
): Promise<Signatory[]> {
  const issues = signatoryIssues(
    meeting,
    input.map((s) => s.signedOn),
    now,
    timeZone,
  )
  if (issues.length > 0) throw new ValidationError('signatories are not valid', issues)
  const ids = input.flatMap((s, i) => (s.personId ? [[i, s.personId] as const] : []))
  const found = new Map((await deps.store.people.batchGet(ids.map(([, id]) => id))).map((p) => [p.id, p]))
  const unknown = ids.flatMap(([i, id]) => {
    const p = found.get(id)
    if (!p) return [{ path: `signatories.${i}.personId`, message: `no person ${id}` }]
    if (p.kind !== 'person') return [{ path: `signatories.${i}.personId`, message: `${p.name} is a team` }]
    return []
  })
  if (unknown.length > 0) throw new ValidationError('unknown signatories', unknown)
  return input.map((s) => {
    const p = s.personId ? found.get(s.personId) : undefined
    return { personId: p?.id ?? null, name: p?.name ?? s.name ?? '', signedOn: s.signedOn }
  })
}

/**
 * A board's next meetings from a pattern, written in one transaction (all or none). A date
 * on which the board already meets at that time is left alone and reported, so sending the
 * same series again (a retry after a timeout) creates nothing twice.
 */
export async function createMeetingSeries(
  deps: Deps,
  principal: Principal,
  boardId: string,
  input: CreateMeetingSeriesInput,
): Promise<SeriesResult> {
  authorize(principal, mayRecordMeetings)
  const board = await loadWritableBoard(deps, boardId)
  const expanded = expandSeries(input, board.timeZone)
  if ('problem' in expanded) throw new ValidationError('the series makes no meetings', [expanded.problem])
  const { occurrences } = expanded
  const first = occurrences[0]?.startsAt ?? ''
  const last = occurrences.at(-1)?.startsAt ?? ''
  const existing = new Map(
    (await deps.store.meetings.list(boardId, { from: first, to: last })).map((m) => [m.startsAt, m]),
  )
  const seriesId = deps.newId()
  const now = deps.now().toISOString()
  const skipped: SeriesResult['skipped'] = []
  const created: Meeting[] = []
  for (const o of occurrences) {
    const there = existing.get(o.startsAt)
    if (there) {
      skipped.push({
        ...o,
        meeting: { id: there.id, title: there.title, status: there.status, seriesId: there.seriesId },
      })
      continue
    }
    const fields = {
      startsAt: o.startsAt,
      ...(input.location ? { location: input.location } : {}),
      ...(input.title ? { title: input.title } : {}),
    }
    created.push(newMeeting(deps, board, fields, seriesId, now))
  }
  await deps.store.meetings.createMany(created)
  return { seriesId, created, skipped }
}
