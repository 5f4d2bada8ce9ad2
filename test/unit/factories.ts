import { Action } from '#shared/domain/action.ts'
import { Board } from '#shared/domain/board.ts'
import type { Actor } from '#shared/domain/common.ts'
import { Meeting } from '#shared/domain/meeting.ts'
import { Person } from '#shared/domain/person.ts'

/** A valid ULID that is easy to read in a failure message: `id(7)` → `01J…0007`. */
export function id(n: number): string {
  return `01J${String(n).padStart(23, '0')}`
}

export const BOARD_ID = id(1)
export const OTHER_BOARD_ID = id(2)
export const OWNER_ID = id(3)

export const SECRETARIAT: Actor = { kind: 'user', role: 'secretariat', personId: id(4), subject: 'local|sec' }
export const OWNER_LINK: Actor = { kind: 'owner-link', role: null, personId: OWNER_ID, subject: OWNER_ID }

const AUDIT = { createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z', version: 1 }

/** Factories parse their output, so a schema change that breaks them fails loudly here. */
export function aBoard(overrides: Partial<Board> = {}): Board {
  return Board.parse({
    id: BOARD_ID,
    name: 'Performance Accountability Meeting',
    shortName: 'PAM',
    timeZone: 'Europe/London',
    chairId: null,
    secretariatEmails: ['secretariat@opcc.example.gov.uk'],
    reminderDaysBefore: [7, 2],
    summaryDaysBefore: 3,
    overdueCarryThreshold: 2,
    ...AUDIT,
    ...overrides,
  })
}

export function aMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return Meeting.parse({
    id: id(100),
    boardId: BOARD_ID,
    startsAt: '2026-06-23T09:00:00.000Z',
    location: 'OPCC Headquarters',
    title: 'PAM June 2026',
    status: 'scheduled',
    attendance: [],
    minutesApproval: null,
    ...AUDIT,
    ...overrides,
  })
}

export function anAction(overrides: Partial<Action> = {}): Action {
  return Action.parse({
    id: id(500),
    boardId: BOARD_ID,
    ref: '03.26/05/2026',
    itemNumber: 3,
    description: 'Performance Scrutiny Report: written response to be provided by the Force to OPCC',
    ownerIds: [OWNER_ID],
    raisedAtMeetingId: id(99),
    raisedAt: '2026-05-26T09:00:00.000Z',
    dueMeetingId: id(100),
    dueMeetingStartsAt: '2026-06-23T09:00:00.000Z',
    dueDate: null,
    status: 'open',
    updates: [],
    proposedOutcome: null,
    carryCount: 0,
    discharge: null,
    exempt: null,
    notifyOwners: true,
    ...AUDIT,
    ...overrides,
  })
}

export function aPerson(overrides: Partial<Person> = {}): Person {
  return Person.parse({
    id: OWNER_ID,
    name: 'Dana Taylor',
    initials: 'DT',
    kind: 'person',
    email: 'dana.taylor@police.example.gov.uk',
    memberIds: [],
    deputyId: null,
    role: null,
    ...AUDIT,
    ...overrides,
  })
}
