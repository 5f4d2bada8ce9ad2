import { type LinkClaims, LinkSigner } from '../auth/signed-link.ts'
import { type Action, PostUpdateInput } from '../domain/action.ts'
import { isArisingAt } from '../domain/action-rules.ts'
import type { Board } from '../domain/board.ts'
import type { Actor } from '../domain/common.ts'
import type { Meeting } from '../domain/meeting.ts'
import type { Person } from '../domain/person.ts'
import { mayManageEmail } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import { ConflictError, LinkRefusedError, ValidationError } from '../errors.ts'
import { postUpdate } from './actions.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'
import { loadMeeting, loadPerson } from './load.ts'

/**
 * The owner's side of a signed link: the page listing the owner's actions due at one
 * meeting, and the form that posts an update to one of them. Each check refuses with a
 * reason the page can explain; none of them needs a password.
 */

export type OwnerPage = {
  board: Board
  meeting: Meeting
  owner: Person
  /** The owner's open actions due at or before the meeting, in the reminder's order. */
  actions: Action[]
  /** A single-use form token per action. */
  forms: Map<string, string>
}

export type OwnerSubmission = { form: string; actionId: string; text: string; proposeComplete: boolean }

/** What a genuine, live link gives access to. */
type LinkScope = { claims: LinkClaims; board: Board; meeting: Meeting; owner: Person }

const INVALID = 'This link is not valid. It may have been copied incompletely or changed.'

export async function openOwnerPage(deps: Deps, signer: LinkSigner, token: string): Promise<OwnerPage> {
  const scope = await checkLink(deps, signer, token)
  const actions = await ownerActions(deps, scope)
  const forms = new Map(actions.map((a) => [a.id, formToken(signer, scope, a.id, deps.now())]))
  return { board: scope.board, meeting: scope.meeting, owner: scope.owner, actions, forms }
}

/**
 * Posts an update as the owner. The form token must be one this link's page issued for
 * that action, and is used once: a second submission of the same form (a replay, or a
 * double click) is refused and nothing is recorded twice. Invalid text is refused before
 * the token is used, so the owner can correct it and send again.
 */
export async function submitOwnerUpdate(
  deps: Deps,
  signer: LinkSigner,
  token: string,
  submission: OwnerSubmission,
): Promise<{ action: Action; scope: Omit<LinkScope, 'claims'> }> {
  const scope = await checkLink(deps, signer, token)
  const { claims, board } = scope
  const form = signer.verify(submission.form, 'owner-form', deps.now())
  const contact = board.secretariatEmails
  if (!form.ok || form.claims.o !== claims.o || form.claims.m !== claims.m || !form.claims.n) {
    throw new LinkRefusedError(
      form.ok || form.reason !== 'expired' ? 'invalid' : 'expired',
      'This form could not be checked. Open the page from your reminder email again.',
      contact,
    )
  }
  if (form.claims.a !== submission.actionId) {
    throw new LinkRefusedError('invalid', 'This form does not belong to that action.', contact)
  }
  const input = PostUpdateInput.safeParse({
    text: submission.text,
    proposeComplete: submission.proposeComplete,
  })
  if (!input.success) {
    throw new ValidationError(
      'the update is not valid',
      input.error.issues.map((i) => ({ path: String(i.path[0] ?? 'text'), message: i.message })),
    )
  }
  const mine = await ownerActions(deps, scope)
  if (!mine.some((a) => a.id === submission.actionId)) {
    throw new LinkRefusedError(
      'not-yours',
      'That action is no longer open and due at this meeting under your name.',
      contact,
    )
  }
  const principal: Principal = { subject: `owner-link:${claims.o}`, role: 'member', personId: claims.o }
  const actor: Actor = {
    kind: 'owner-link',
    role: null,
    personId: claims.o,
    subject: `signed link issued ${new Date(claims.i * 1000).toISOString()}`,
  }
  try {
    const consumeForm = { nonce: form.claims.n, expiresAt: form.claims.e }
    const action = await postUpdate(deps, principal, submission.actionId, input.data, actor, { consumeForm })
    return { action, scope }
  } catch (e) {
    if (e instanceof ConflictError && e.reason === 'duplicate') {
      throw new LinkRefusedError(
        'replayed',
        'This form was already sent, so it was not recorded again.',
        contact,
      )
    }
    throw e
  }
}

/** The secretariat withdraws every link issued so far for (meeting, owner), e.g. after a forwarded email. */
export async function revokeOwnerLinks(
  deps: Deps,
  principal: Principal,
  meetingId: string,
  ownerId: string,
): Promise<void> {
  authorize(principal, mayManageEmail)
  await loadMeeting(deps, meetingId)
  await loadPerson(deps, ownerId)
  await deps.store.links.revoke(meetingId, ownerId, deps.now().toISOString())
}

/**
 * Signature first (in constant time), then expiry, then the state it points at: the
 * meeting must still be scheduled and not started (a link outlives neither a
 * cancellation nor a move to an earlier time), and the link must not be revoked.
 */
async function checkLink(deps: Deps, signer: LinkSigner, token: string): Promise<LinkScope> {
  const now = deps.now()
  const check = signer.verify(token, 'owner-page', now)
  if (!check.ok && check.reason !== 'expired') throw new LinkRefusedError('invalid', INVALID)
  const claims = check.claims
  if (!claims) throw new LinkRefusedError('invalid', INVALID)
  const meeting = await deps.store.meetings.get(claims.m)
  const board = meeting ? await deps.store.boards.get(meeting.boardId) : null
  if (!meeting || !board) throw new LinkRefusedError('invalid', INVALID)
  const contact = board.secretariatEmails
  if (!check.ok) {
    throw new LinkRefusedError(
      'expired',
      'This link has expired: it worked until the meeting started. Please send any update to the secretariat.',
      contact,
    )
  }
  if (meeting.status === 'cancelled') {
    throw new LinkRefusedError(
      'meeting-over',
      'The meeting this link was for has been cancelled, so the link no longer works. A reminder for the next meeting will bring a new one.',
      contact,
    )
  }
  if (meeting.status !== 'scheduled' || new Date(meeting.startsAt) <= now) {
    throw new LinkRefusedError(
      'meeting-over',
      'The meeting this link was for has started, so the link no longer works. Please send any update to the secretariat.',
      contact,
    )
  }
  const revokedAt = await deps.store.links.revokedAt(meeting.id, claims.o)
  if (revokedAt && claims.i * 1000 <= new Date(revokedAt).getTime()) {
    throw new LinkRefusedError(
      'revoked',
      'The secretariat has withdrawn this link. Your next reminder will bring a new one, or ask the secretariat.',
      contact,
    )
  }
  const owner = await deps.store.people.get(claims.o)
  if (!owner) throw new LinkRefusedError('invalid', INVALID, contact)
  return { claims, board, meeting, owner }
}

/** The same selection as the reminder: open, due at or before the meeting, owned by this owner. */
async function ownerActions(deps: Deps, { meeting, board, claims }: LinkScope): Promise<Action[]> {
  const due = await deps.store.actions.listOpenDueBy(board.id, meeting.startsAt)
  return due.filter((a) => isArisingAt(a, meeting) && a.ownerIds.includes(claims.o))
}

function formToken(signer: LinkSigner, { claims }: LinkScope, actionId: string, now: Date): string {
  return signer.sign({
    p: 'owner-form',
    o: claims.o,
    m: claims.m,
    a: actionId,
    // The form lives as long as the link; the nonce, not the expiry, stops a replay.
    e: claims.e,
    i: Math.floor(now.getTime() / 1000),
    n: LinkSigner.nonce(),
  })
}
