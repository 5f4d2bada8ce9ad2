import { type Action, NOT_WORK_PROGRAMME } from '#shared/domain/action.ts'
import type { Meeting } from '#shared/domain/meeting.ts'

/**
 * A just-raised open action as raiseAction would store it, for seeding benches and fault
 * worlds straight into the table (their reads are not what is measured or tested).
 */
export function openAction(a: {
  id: string
  boardId: string
  ref: string
  itemNumber: number
  description: string
  ownerIds: string[]
  raisedAt: Pick<Meeting, 'id' | 'startsAt'>
  due: Pick<Meeting, 'id' | 'startsAt'>
  now: string
  proposedOutcome?: Action['proposedOutcome']
}): Action {
  return {
    id: a.id,
    boardId: a.boardId,
    ref: a.ref,
    itemNumber: a.itemNumber,
    itemTitle: null,
    description: a.description,
    ownerIds: a.ownerIds,
    raisedAtMeetingId: a.raisedAt.id,
    raisedAt: a.raisedAt.startsAt,
    dueMeetingId: a.due.id,
    dueMeetingStartsAt: a.due.startsAt,
    dueDate: null,
    waitingAfter: null,
    status: 'open',
    updates: [],
    proposedOutcome: a.proposedOutcome ?? null,
    carryCount: 0,
    discharge: null,
    withdrawal: null,
    exempt: null,
    notifyOwners: false,
    ...NOT_WORK_PROGRAMME,
    createdAt: a.now,
    updatedAt: a.now,
    version: 1,
  }
}
