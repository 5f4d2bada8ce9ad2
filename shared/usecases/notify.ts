import type { Action } from '../domain/action.ts'
import type { Person } from '../domain/person.ts'
import { peopleNeededFor, recipientsFor } from '../domain/recipients.ts'
import type { Attachment, Mailer } from '../mail/mailer.ts'
import {
  assignmentEmail,
  awaitingMeetingEmail,
  type RenderedEmail,
  rolloverEmail,
} from '../mail/templates.ts'
import type { Deps } from './deps.ts'

export type NotifyDeps = Deps & { mailer: Mailer }

/** How long the sent-email log remembers a key (DynamoDB TTL), well past any retry. */
const EMAIL_LOG_TTL_DAYS = 400

/**
 * Sends an email at most once per idempotency key: the key is claimed in the table first
 * (a conditional put), so replays and concurrent duplicates send nothing; if SES refuses,
 * the claim is released and the error rethrown so the delivery is retried.
 */
export async function sendOnce(
  deps: NotifyDeps,
  idempotencyKey: string,
  recipients: { to: string[]; cc: string[] },
  email: RenderedEmail & { attachments?: Attachment[] },
): Promise<boolean> {
  if (recipients.to.length === 0) return false
  const now = deps.now()
  const claimed = await deps.store.claimEmail({
    key: idempotencyKey,
    sentAt: now.toISOString(),
    messageId: null,
    expiresAt: Math.floor(now.getTime() / 1000) + EMAIL_LOG_TTL_DAYS * 86_400,
  })
  if (!claimed) return false
  try {
    await deps.mailer.send({ ...recipients, ...email })
    return true
  } catch (e) {
    await deps.store.releaseEmail(idempotencyKey)
    throw e
  }
}

/** After a rollover: one email per owner (what was discharged, what carried where), and the secretariat told about actions left waiting. */
export async function notifyRollover(deps: NotifyDeps, meetingId: string): Promise<number> {
  const meeting = await deps.store.getMeeting(meetingId)
  if (meeting?.status !== 'minutes-approved') return 0
  const board = await deps.store.getBoard(meeting.boardId)
  if (!board) return 0
  const entries = await deps.store.listRolloverEntries(meetingId)
  if (entries.length === 0) return 0
  const kinds = new Map(entries.map((e) => [e.actionId, e.kind]))
  const actions = await deps.store.batchGetActions([...kinds.keys()])
  const people = await loadPeopleFor(deps, actions)
  const nextId = actions.find((a) => kinds.get(a.id) === 'carried-forward' && a.dueMeetingId)?.dueMeetingId
  const next = nextId ? await deps.store.getMeeting(nextId) : null

  let sent = 0
  const owners = [...new Set(actions.flatMap((a) => a.ownerIds))]
  for (const ownerId of owners) {
    const owner = people.get(ownerId)
    if (!owner) continue
    const mine = actions.filter((a) => a.ownerIds.includes(ownerId))
    const email = rolloverEmail({
      board,
      meeting,
      next,
      owner,
      discharged: mine.filter((a) => kinds.get(a.id) === 'discharged'),
      carried: mine.filter((a) => kinds.get(a.id) === 'carried-forward'),
    })
    if (await sendOnce(deps, `rollover#${meetingId}#${ownerId}`, recipientsFor(owner, people), email)) sent++
  }
  const waiting = actions.filter((a) => a.status === 'open' && a.dueMeetingId === null)
  if (waiting.length > 0) {
    const to = { to: board.secretariatEmails, cc: [] }
    if (await sendOnce(deps, `awaiting#${meetingId}`, to, awaitingMeetingEmail({ board, meeting, waiting })))
      sent++
  }
  return sent
}

/** New owners of an action hear about it, once per owner and version. */
export async function notifyAssignment(
  deps: NotifyDeps,
  action: Action,
  newOwnerIds: readonly string[],
): Promise<number> {
  if (newOwnerIds.length === 0 || action.status !== 'open') return 0
  const board = await deps.store.getBoard(action.boardId)
  if (!board) return 0
  const people = await loadPeopleFor(deps, [{ ...action, ownerIds: [...newOwnerIds] }])
  const due = action.dueMeetingId ? await deps.store.getMeeting(action.dueMeetingId) : null
  let sent = 0
  for (const ownerId of newOwnerIds) {
    const owner = people.get(ownerId)
    if (!owner) continue
    const email = assignmentEmail({ board, action, owner, due })
    const key = `assigned#${action.id}#${ownerId}#${action.version}`
    if (await sendOnce(deps, key, recipientsFor(owner, people), email)) sent++
  }
  return sent
}

/** The owners of these actions and everyone their emails go to (team members, deputies). */
export async function loadPeopleFor(
  deps: Deps,
  actions: readonly Pick<Action, 'ownerIds'>[],
): Promise<Map<string, Person>> {
  const owners = await deps.store.batchGetPeople([...new Set(actions.flatMap((a) => a.ownerIds))])
  const related = await deps.store.batchGetPeople(peopleNeededFor(owners))
  return new Map([...owners, ...related].map((p) => [p.id, p]))
}
