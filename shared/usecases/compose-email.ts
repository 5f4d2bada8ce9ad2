import type { Action } from '../domain/action.ts'
import { isDueAt, isShown } from '../domain/action-rules.ts'
import type { Board } from '../domain/board.ts'
import type { Meeting } from '../domain/meeting.ts'
import type { EmailIntent } from '../domain/outbox.ts'
import { overdueItems, overdueReportOf } from '../domain/overdue.ts'
import type { Person } from '../domain/person.ts'
import { peopleNeededFor, type Recipients, recipientsFor } from '../domain/recipients.ts'
import { bouncedAmong, summaryRecipients } from '../domain/summary.ts'
import { addressKey, type Suppression } from '../domain/suppression.ts'
import { meetingIcs } from '../mail/ics.ts'
import type { Attachment } from '../mail/mailer.ts'
import {
  assignmentEmail,
  awaitingMeetingEmail,
  overdueSummaryEmail,
  type RenderedEmail,
  reminderEmail,
  rolloverEmail,
} from '../mail/templates.ts'
import type { Deps } from './deps.ts'
import { type OwnerLinks, ownerLinkUrl } from './owner-link-url.ts'

export type ComposeDeps = Deps & { links: OwnerLinks }

/** A rendered email and who it goes to; or why there is nothing to send any more. */
export type Composed =
  | {
      send: true
      recipients: Recipients
      replyTo: string[]
      email: RenderedEmail & { attachments?: Attachment[] }
    }
  | { send: false; reason: string }

const drop = (reason: string): Composed => ({ send: false, reason })

/**
 * Reads shared by the emails of one run (a stream batch, a sweep): twenty-five owners' emails
 * about one rollover read the meeting, its actions and the people once, not twenty-five times.
 * Kept for one run only, so an email is never rendered from state older than the run.
 */
export class RunReads {
  private readonly memo = new Map<string, Promise<unknown>>()
  constructor(private readonly deps: Deps) {}

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined
    if (!p) {
      p = read()
      // A failed read is not remembered: the next email tries again.
      p.catch(() => this.memo.delete(key))
      this.memo.set(key, p)
    }
    return p
  }

  board = (id: string) => this.once(`board#${id}`, () => this.deps.store.boards.get(id))
  meeting = (id: string) => this.once(`meeting#${id}`, () => this.deps.store.meetings.get(id))
  suppressions = () => this.once('suppressions', () => this.deps.store.suppressions.list())
  async suppressed(): Promise<Set<string>> {
    return new Set((await this.suppressions()).map((s: Suppression) => addressKey(s.email)))
  }
  rolloverActions = (meetingId: string) =>
    this.once(`rollover#${meetingId}`, async () => {
      const entries = await this.deps.store.actions.listRolloverEntries(meetingId)
      const kinds = new Map(entries.map((e) => [e.actionId, e.kind]))
      const actions = await this.deps.store.actions.batchGet([...kinds.keys()])
      return { kinds, actions }
    })
  openActions = (boardId: string) =>
    this.once(`open#${boardId}`, () => this.deps.store.actions.listOpen(boardId))
  /** These people and everyone their emails also go to (team members, deputies). */
  async people(ids: readonly string[]): Promise<Map<string, Person>> {
    const owners = await this.peopleById(ids)
    const related = await this.peopleById(peopleNeededFor(owners))
    return new Map([...owners, ...related].map((p) => [p.id, p]))
  }
  private async peopleById(ids: readonly string[]): Promise<Person[]> {
    const unique = [...new Set(ids)].sort()
    return this.once(`people#${unique.join(',')}`, () => this.deps.store.people.batchGet(unique))
  }
}

/** Renders an intent from the table's current state. */
export async function compose(
  deps: ComposeDeps,
  intent: EmailIntent,
  reads: RunReads,
  now: Date,
): Promise<Composed> {
  const ref = intent.ref
  const meeting = await reads.meeting(ref.meetingId)
  if (!meeting) return drop('the meeting no longer exists')
  const board = await reads.board(meeting.boardId)
  if (!board) return drop('the board no longer exists')
  const replyTo = board.secretariatEmails
  const suppressed = await reads.suppressed()
  const to = (recipients: Recipients, email: RenderedEmail & { attachments?: Attachment[] }): Composed =>
    recipients.to.length === 0
      ? drop('every recipient is suppressed')
      : { send: true, recipients, replyTo, email }

  switch (ref.kind) {
    case 'rollover': {
      if (meeting.status !== 'minutes-approved') return drop('the minutes are no longer approved')
      const { kinds, actions } = await reads.rolloverActions(meeting.id)
      // One withdrawn since the rollover is in no email any more.
      const mine = actions.filter((a) => isShown(a) && a.ownerIds.includes(ref.ownerId))
      if (mine.length === 0) return drop('the owner has no action in the rollover')
      const people = await reads.people([ref.ownerId])
      const owner = people.get(ref.ownerId)
      if (!owner) return drop('the owner is no longer in the directory')
      const nextId = mine.find((a) => kinds.get(a.id) === 'carried-forward' && a.dueMeetingId)?.dueMeetingId
      const next = nextId ? await reads.meeting(nextId) : null
      const email = rolloverEmail({
        board,
        meeting,
        next,
        owner,
        discharged: mine.filter((a) => kinds.get(a.id) === 'discharged'),
        carried: mine.filter((a) => kinds.get(a.id) === 'carried-forward'),
      })
      return to(recipientsFor(owner, people, suppressed), email)
    }
    case 'awaiting': {
      const { actions } = await reads.rolloverActions(meeting.id)
      const waiting = actions.filter((a) => a.status === 'open' && a.dueMeetingId === null)
      if (waiting.length === 0) return drop('no action is waiting for a meeting')
      const secretariat = board.secretariatEmails.filter((e) => !suppressed.has(addressKey(e)))
      return to({ to: secretariat, cc: [] }, awaitingMeetingEmail({ board, meeting, waiting }))
    }
    case 'assignment':
      return composeAssignment(
        deps,
        ref.ownerId,
        intent.actions,
        { board, meeting, reads, suppressed, now },
        to,
      )
    case 'reminder': {
      if (meeting.status !== 'scheduled' || Date.parse(meeting.startsAt) <= now.getTime())
        return drop('the meeting has started or is no longer scheduled')
      const mine = (await reads.openActions(board.id)).filter(
        (a) => a.ownerIds.includes(ref.ownerId) && isDueAt(a, meeting),
      )
      if (mine.length === 0) return drop('nothing of the owner is due at the meeting any more')
      const people = await reads.people([ref.ownerId])
      const owner = people.get(ref.ownerId)
      if (!owner) return drop('the owner is no longer in the directory')
      const email = reminderEmail({
        board,
        meeting,
        owner,
        actions: mine,
        offsetDays: ref.offsetDays,
        respondUrl: ownerLinkUrl(deps.links, { ownerId: ref.ownerId, meeting }),
      })
      const attachment = {
        fileName: 'meeting.ics',
        contentType: 'text/calendar; method=PUBLISH',
        content: meetingIcs(meeting, board, now),
      }
      return to(recipientsFor(owner, people, suppressed), { ...email, attachments: [attachment] })
    }
    case 'summary':
      return composeSummary({ board, meeting, reads, suppressed, now }, to)
  }
}

type Context = { board: Board; meeting: Meeting; reads: RunReads; suppressed: Set<string>; now: Date }
type To = (recipients: Recipients, email: RenderedEmail & { attachments?: Attachment[] }) => Composed

/**
 * The owner's gathered assignments from one sitting: the actions still open and still theirs
 * (one reassigned or discharged meanwhile is left out), each with its due meeting and
 * co-owners, and the owner's link for the first scheduled meeting they are due at.
 */
async function composeAssignment(
  deps: ComposeDeps,
  ownerId: string,
  ids: readonly string[],
  c: Context,
  to: To,
): Promise<Composed> {
  const actions = (await deps.store.actions.batchGet(ids))
    .filter((a) => a.status === 'open' && a.ownerIds.includes(ownerId))
    .sort((a, b) => a.itemNumber - b.itemNumber || a.ref.localeCompare(b.ref))
  if (actions.length === 0) return drop('none of the actions is still open and the owner’s')
  const people = await c.reads.people([...new Set(actions.flatMap((a) => a.ownerIds))])
  const owner = people.get(ownerId)
  if (!owner) return drop('the owner is no longer in the directory')
  const dueIds = [...new Set(actions.flatMap((a) => (a.dueMeetingId ? [a.dueMeetingId] : [])))]
  const dues = new Map<string, Meeting>()
  for (const id of dueIds) {
    const m = await c.reads.meeting(id)
    if (m) dues.set(id, m)
  }
  const upcoming = [...dues.values()]
    .filter((m) => m.status === 'scheduled' && Date.parse(m.startsAt) > c.now.getTime())
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0]
  const email = assignmentEmail({
    board: c.board,
    meeting: c.meeting,
    owner,
    items: actions.map((action) => ({
      action,
      due: (action.dueMeetingId && dues.get(action.dueMeetingId)) || null,
      coOwners: action.ownerIds.filter((o) => o !== ownerId).flatMap((o) => people.get(o) ?? []),
    })),
    respondUrl: upcoming ? ownerLinkUrl(deps.links, { ownerId, meeting: upcoming }) : null,
  })
  return to(recipientsFor(owner, people, c.suppressed), email)
}

/** The chair's overdue summary for a meeting, as of `now`. */
async function composeSummary(c: Context, to: To): Promise<Composed> {
  const { board, meeting, now } = c
  if (meeting.status !== 'scheduled' || Date.parse(meeting.startsAt) <= now.getTime())
    return drop('the meeting has started or is no longer scheduled')
  const open = await c.reads.openActions(board.id)
  const people = await c.reads.people([
    ...open.flatMap((a) => a.ownerIds),
    ...(board.chairId ? [board.chairId] : []),
  ])
  const report = overdueReportOf(board, overdueItems(board, open, now), people, now)
  const { reaches, ...recipients } = summaryRecipients(board, people, c.suppressed)
  const bounced = bouncedAmong(await c.reads.suppressions(), people.values(), board)
  const chair = (board.chairId && people.get(board.chairId)) || null
  const email = overdueSummaryEmail({
    board,
    meeting,
    report,
    dueCount: open.filter((a: Action) => isDueAt(a, meeting)).length,
    bounced,
    reaches,
    chair,
  })
  return to(recipients, email)
}
