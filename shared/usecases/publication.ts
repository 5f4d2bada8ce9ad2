import type { Action } from '../domain/action.ts'
import type { ActionLog } from '../domain/action-log.ts'
import type { Board } from '../domain/board.ts'
import { type ForwardPlan, forwardPlan } from '../domain/forward-plan.ts'
import { MAX_PUBLICATION_DECISIONS, type Meeting, type Publication } from '../domain/meeting.ts'
import { canBeDueMeeting } from '../domain/meeting-rules.ts'
import { mayWithholdPublication } from '../domain/policy.ts'
import { actorOf, type Principal } from '../domain/principal.ts'
import {
  asNotPublished,
  isPublished,
  type PublicationInput,
  parseMeetingSlug,
  publishedLog,
  publishedPlan,
  slugsOf,
} from '../domain/publication.ts'
import { addDays, fromZoned, isoDateIn, type LocalDate } from '../domain/time.ts'
import { NotFoundError } from '../errors.ts'
import { assembleActionLog } from './action-log-read.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'
import { loadBoard, loadMeeting } from './load.ts'

/** The index lists at most this many meetings a page (four years of monthly meetings), then links to earlier ones. */
export const PUBLISHED_INDEX_LIMIT = 50
/** Meetings read for one index page at most, approved or not: a request's cost stays bounded. */
const INDEX_READ_BOUND = 500

export type PublishedMeeting = { meeting: Meeting; date: string; slug: string }

export type PublishedIndex = {
  board: Board
  /** Whether the board has a work programme to publish (open reports, standing items, briefings). */
  hasWorkProgramme: boolean
  /** Newest first. */
  meetings: PublishedMeeting[]
  /** The `before` date of the next (earlier) page, or null on the last. */
  earlier: string | null
}

/**
 * A board's published meetings, newest first, starting before the local day `before` (or
 * now): approved and not withheld. A page never splits a day, so the `-2` of a second
 * meeting that day is counted on the page that shows it.
 */
export async function publishedIndex(deps: Deps, boardId: string, before?: string): Promise<PublishedIndex> {
  const board = await loadBoard(deps, boardId)
  const tz = board.timeZone
  const upTo = before ? new Date(dayStart(localDate(before), tz).getTime() - 1) : deps.now()
  const [page, programme] = await Promise.all([
    deps.store.meetings.pageApproved(
      board.id,
      upTo.toISOString(),
      PUBLISHED_INDEX_LIMIT + 1,
      INDEX_READ_BOUND,
    ),
    deps.store.actions.listWorkProgramme(board.id),
  ])
  const dated = page.items.map((meeting) => ({ meeting, date: isoDateIn(new Date(meeting.startsAt), tz) }))
  const beyond = dated[PUBLISHED_INDEX_LIMIT]
  const more = beyond !== undefined || page.next !== null
  const whole = dated.slice(0, PUBLISHED_INDEX_LIMIT).filter((d) => d.date !== beyond?.date)
  const slugs = slugsOf(whole)
  return {
    board,
    hasWorkProgramme: programme.length > 0,
    meetings: whole
      .filter((d) => isPublished(d.meeting))
      .map((d) => ({ ...d, slug: slugs.get(d.meeting.id) ?? d.date })),
    earlier: more ? (whole.at(-1)?.date ?? null) : null,
  }
}

export type PublishedMeetingLog = PublishedMeeting & { board: Board; log: ActionLog }

/** A published meeting by its address (date and ordinal) with its open log; not found unless published. */
export async function publishedMeeting(
  deps: Deps,
  boardId: string,
  slug: string,
): Promise<PublishedMeetingLog> {
  const at = parseMeetingSlug(slug)
  if (!at) throw new NotFoundError('published meeting', slug)
  const board = await loadBoard(deps, boardId)
  const meeting = (await approvedOn(deps, board, at.date))[at.ordinal - 1]
  if (!meeting || !isPublished(meeting)) throw new NotFoundError('published meeting', slug)
  const log = publishedLog(
    await assembleActionLog(deps, meeting, board, 'open', hidingUnpublished(deps, meeting.id)),
  )
  return { board, meeting, date: at.date, slug, log }
}

/**
 * The view that shows an action raised at a meeting that is not published (other than
 * `shownMeetingId`, the one being published) as such (see asNotPublished).
 */
function hidingUnpublished(deps: Deps, shownMeetingId: string | null) {
  return async (actions: readonly Action[]) => {
    const earlier = new Set(actions.map((a) => a.raisedAtMeetingId).filter((id) => id !== shownMeetingId))
    const shown = new Set(
      (await deps.store.meetings.batchGet([...earlier])).filter(isPublished).map((m) => m.id),
    )
    return (a: Action) =>
      a.raisedAtMeetingId === shownMeetingId || shown.has(a.raisedAtMeetingId) ? a : asNotPublished(a)
  }
}

/**
 * A board's work programme as published: the public forward plan over its coming meetings.
 * An item asked for at a meeting whose log is not published (not yet approved, or withheld)
 * shows only that, as in the meetings' logs.
 */
export async function publishedWorkProgramme(
  deps: Deps,
  boardId: string,
): Promise<{ board: Board; plan: ForwardPlan }> {
  const board = await loadBoard(deps, boardId)
  const [items, upcoming] = await Promise.all([
    deps.store.actions.listWorkProgramme(board.id),
    deps.store.meetings.list(board.id, { from: deps.now().toISOString() }),
  ])
  if (items.length === 0) throw new NotFoundError('published work programme', boardId)
  const [view, people] = await Promise.all([
    hidingUnpublished(deps, null)(items),
    deps.store.people.batchGet([...new Set(items.flatMap((a) => a.ownerIds))]),
  ])
  const plan = forwardPlan(
    items.map(view),
    upcoming.filter(canBeDueMeeting),
    new Map(people.map((p) => [p.id, p])),
    { public: true, board },
  )
  return { board, plan: publishedPlan(plan) }
}

export const publishedWorkProgrammePath = (boardId: string) => `${publishedIndexPath(boardId)}/work-programme`

/** Where a meeting's open log is (or would be, once approved and not withheld) published. */
export async function publishedPath(deps: Deps, meeting: Meeting, board: Board): Promise<string | null> {
  if (meeting.status !== 'minutes-approved') return null
  const date = isoDateIn(new Date(meeting.startsAt), board.timeZone)
  const sameDay = await approvedOn(deps, board, date)
  const slug = slugsOf(sameDay.map((m) => ({ meeting: m, date }))).get(meeting.id) ?? date
  return `${publishedIndexPath(board.id)}/meetings/${slug}`
}

export const publishedIndexPath = (boardId: string) => `/published/boards/${boardId}`

/** Withholds a meeting from publication (with the reason) or publishes it again; who and when are kept. */
export async function setPublication(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  input: PublicationInput,
  expectedVersion?: number,
): Promise<Meeting> {
  authorize(principal, mayWithholdPublication)
  const prev = await loadMeeting(deps, meetingId, expectedVersion)
  const now = deps.now().toISOString()
  const next: Meeting = {
    ...prev,
    publication: {
      withheld: input.withheld,
      reason: input.reason ?? null,
      by: actorOf(principal),
      at: now,
      earlier: prev.publication
        ? [...prev.publication.earlier, withoutEarlier(prev.publication)].slice(-MAX_PUBLICATION_DECISIONS)
        : [],
    },
    updatedAt: now,
    version: prev.version + 1,
  }
  await deps.store.meetings.save(prev, next)
  return next
}

const withoutEarlier = ({ earlier: _, ...decision }: Publication) => decision

/** A board's approved meetings on a local day, in start order (pattern 2, one day's range). */
async function approvedOn(deps: Deps, board: Board, date: string): Promise<Meeting[]> {
  const day = localDate(date)
  const to = dayStart(addDays(day, 1), board.timeZone)
  const meetings = await deps.store.meetings.list(board.id, {
    from: dayStart(day, board.timeZone).toISOString(),
    to: new Date(to.getTime() - 1).toISOString(),
  })
  return meetings.filter((x) => x.status === 'minutes-approved')
}

function localDate(date: string): LocalDate {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number)
  return { year, month, day }
}

const dayStart = (d: LocalDate, timeZone: string) =>
  fromZoned({ ...d, hour: 0, minute: 0, second: 0 }, timeZone)
