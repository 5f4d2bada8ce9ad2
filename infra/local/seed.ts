import { type Action, NOT_WORK_PROGRAMME } from '#shared/domain/action.ts'
import { CreateMeetingInput, type Meeting } from '#shared/domain/meeting.ts'
import { CreatePersonInput } from '#shared/domain/person.ts'
import type { Principal } from '#shared/domain/principal.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { createMeeting } from '#shared/usecases/meetings.ts'
import { createPerson } from '#shared/usecases/people.ts'

/**
 * `count` owners, `Owner 0`, `Owner 1`…, entered one after another through createPerson with
 * the initials and address `who` gives each; answers their ids in that order.
 */
export async function seedOwners(
  deps: Deps,
  as: Principal,
  count: number,
  who: (i: number) => { initials: string; email: string },
): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const input = CreatePersonInput.parse({ name: `Owner ${i}`, kind: 'person', ...who(i) })
    ids.push((await createPerson(deps, as, input)).id)
  }
  return ids
}

/** A board's meetings starting at `starts`, created through createMeeting in that order. */
export async function seedMeetings<const T extends readonly string[]>(
  deps: Deps,
  as: Principal,
  boardId: string,
  starts: T,
): Promise<{ -readonly [K in keyof T]: Meeting }> {
  const meetings: Meeting[] = []
  for (const startsAt of starts)
    meetings.push(await createMeeting(deps, as, boardId, CreateMeetingInput.parse({ startsAt })))
  // One meeting for each start, in order: the tuple the caller named.
  return meetings as { -readonly [K in keyof T]: Meeting }
}

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
