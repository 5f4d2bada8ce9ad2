import type { Board } from './board.ts'
import type { Role } from './common.ts'
import type { Principal } from './principal.ts'

/**
 * Who may do what, as named predicates: the use cases enforce them (`authorize` in
 * shared/usecases/authz.ts) and the pages ask the same ones to decide what to offer, so the
 * two cannot drift apart. Each says in words who may, for the refusal.
 */
export type Policy<Context extends unknown[] = []> = ((p: Principal, ...context: Context) => boolean) & {
  who: string
}

function byRole<Context extends unknown[] = []>(...roles: Role[]): Policy<Context> {
  const allows = (p: Principal, ..._context: Context) => roles.includes(p.role)
  return Object.assign(allows, { who: `the ${roles.join(' or ')} role` })
}

/** Boards: create, change, retire. */
export const mayManageBoards = byRole('secretariat')
/** People and teams of the organisation, and boards' members. */
export const mayManagePeople = byRole('secretariat')
/** Meetings: schedule, move, cancel, attendance. */
export const mayRecordMeetings = byRole('secretariat')
/** Raise, edit and withdraw actions, and decide Actions Arising. */
export const mayEditActions = byRole('secretariat')
/**
 * Approving a board's minutes discharges and carries forward the meeting's actions. Given
 * the board, a chair may only if they chair it (the pages ask so; the use case checks it too).
 */
export const mayApproveMinutes: Policy<[board?: Board]> = Object.assign(
  (p: Principal, board?: Board) =>
    p.role === 'secretariat' ||
    (p.role === 'chair' && (board === undefined || (!!p.personId && board.chairId === p.personId))),
  { who: 'the secretariat or chair role' },
)
/** The overdue and due report across boards. */
export const mayViewOverdue = byRole('secretariat', 'chair')
/** Addresses that bounced or complained. */
export const mayViewSuppressions = byRole('secretariat', 'chair')
/** Lift a suppression, revoke owners' links, send queued emails now. */
export const mayManageEmail = byRole('secretariat')
/** The full (not for publication) version of a meeting's action log: an allow-list, so a role added later does not see exempt text. */
export const mayReadFullActionLog = byRole('secretariat', 'chair')
/** Withhold a meeting's open action log from publication, or publish it again. */
export const mayWithholdPublication = byRole('secretariat')
