import type { Action } from '../domain/action.ts'
import { dueSortKey } from '../domain/action-rules.ts'
import type { Board } from '../domain/board.ts'
import { Email, Id } from '../domain/common.ts'
import type { Meeting } from '../domain/meeting.ts'
import type { Person } from '../domain/person.ts'
import { initialsKey } from '../domain/person.ts'
import { normaliseReference } from '../domain/reference.ts'
import { addressKey, type Suppression } from '../domain/suppression.ts'

/**
 * Every key the table holds, in one place. Each function returns the complete set of key
 * attributes for one item type (table key plus the index keys it takes part in); an item
 * that must leave a sparse index simply lacks those attributes.
 */
export type Keys = { PK: string; SK: string } & Partial<Record<`GSI${1 | 2 | 3}${'PK' | 'SK'}`, string>>

const pad = (n: number) => String(n).padStart(2, '0')
const version = (v: number) => String(v).padStart(8, '0')

export const key = {
  board: (id: string) => ({ PK: `BOARD#${id}`, SK: 'BOARD' }),
  person: (id: string) => ({ PK: `PERSON#${id}`, SK: 'PERSON' }),
  meeting: (id: string) => ({ PK: `MEETING#${id}`, SK: 'MEETING' }),
  action: (id: string) => ({ PK: `ACTION#${id}`, SK: 'ACTION' }),
  /** Reserves a reference within a board (uniqueness by conditional put). */
  reference: (boardId: string, ref: string) => ({
    PK: `BOARD#${boardId}`,
    SK: `REF#${normaliseReference(ref)}`,
  }),
  referencePrefix: (ref: string) => `REF#${normaliseReference(ref)}`,
  /** Reserves initials across the directory. */
  initials: (initials: string) => ({ PK: `INITIALS#${initialsKey(initials)}`, SK: 'INITIALS' }),
  ownerLink: (actionId: string, personId: string) => ({ PK: `ACTION#${actionId}`, SK: `OWNER#${personId}` }),
  membership: (teamId: string, memberId: string) => ({ PK: `PERSON#${teamId}`, SK: `MEMBER#${memberId}` }),
  deputy: (principalId: string, deputyId: string) => ({
    PK: `PERSON#${principalId}`,
    SK: `DEPUTY#${deputyId}`,
  }),
  /** A change's history entry (a rollover's goes on the action item instead: see the store). */
  history: (actionId: string, v: number) => ({ PK: `ACTION#${actionId}`, SK: `HIST#${version(v)}` }),
  /** An email intent in the outbox, and afterwards the record that it was sent. */
  email: (idempotencyKey: string) => ({ PK: `EMAIL#${idempotencyKey}`, SK: 'EMAIL' }),
  /** One per rollover transaction: which actions it changed and how. */
  rolloverLog: (meetingId: string, firstActionId: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `ROLLOVER#${firstActionId}`,
  }),
  rolloverLogPrefix: 'ROLLOVER#',
  /** An address that bounced or complained; sends leave it out. */
  suppression: (email: string) => ({ PK: `SUPPRESSED#${addressKey(email)}`, SK: 'SUPPRESSED' }),
  /** A signed-link form that was submitted: a second submission of the same form is refused. */
  usedForm: (nonce: string) => ({ PK: `FORM#${nonce}`, SK: 'FORM' }),
  /** Links for (meeting, owner) issued before this marker's time are revoked. */
  linkRevocation: (meetingId: string, ownerId: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `LINKREVOKED#${ownerId}`,
  }),
  /** Read by the readiness check and never written: whether the table answers, not what it holds. */
  readinessProbe: { PK: 'READINESS', SK: 'READINESS' },
} as const

/** Partition values of the index collections, for queries. */
export const collection = {
  boards: 'BOARDS',
  people: 'PEOPLE',
  boardMeetings: (boardId: string) => `BOARD#${boardId}#MEETINGS`,
  meetingActions: (meetingId: string) => `MEETING#${meetingId}#ACTIONS`,
  relationsOf: (personId: string) => `PERSON#${personId}#RELATIONS`,
  openActions: (boardId: string) => `BOARD#${boardId}#OPEN`,
  boardActions: (boardId: string) => `BOARD#${boardId}#ACTIONS`,
  ownerActions: (personId: string) => `OWNER#${personId}`,
  suppressed: 'SUPPRESSED',
  /** Sparse: emails still to act on (queued, or held by a sender), by when to act. */
  outboxDue: 'OUTBOX#DUE',
} as const

/** The id an entity's index sort key ends with (each ends `#<id>`), if it is one. */
function idAtEnd(sk: string): string | null {
  const id = sk.slice(sk.lastIndexOf('#') + 1)
  return sk.includes('#') && Id.safeParse(id).success ? id : null
}

const ofId =
  (k: (id: string) => { PK: string; SK: string }) =>
  (sk: string): { PK: string; SK: string } | null => {
    const id = idAtEnd(sk)
    return id ? k(id) : null
  }

/**
 * The table key of the item an index sort key belongs to, by collection, or null if `sk`
 * cannot be one of that collection's sort keys. A page's cursor carries only the sort key it
 * stopped at; a GSI query's ExclusiveStartKey needs the item's table key as well.
 */
export const tableKeyOf = {
  board: ofId(key.board),
  person: ofId(key.person),
  meeting: ofId(key.meeting),
  action: ofId(key.action),
  suppression: (sk: string) =>
    sk === addressKey(sk) && Email.safeParse(sk).success ? key.suppression(sk) : null,
  /** An owner's index row (see ownerLinkKeys): `<status>#<boardId>#<actionId>` under that owner. */
  ownerLink: (personId: string) => (sk: string) => {
    const m = /^(?:open|discharged)#[0-9A-HJKMNP-TV-Z]{26}#([0-9A-HJKMNP-TV-Z]{26})$/.exec(sk)
    return m?.[1] ? key.ownerLink(m[1], personId) : null
  },
} as const

export function boardKeys(b: Board): Keys {
  return { ...key.board(b.id), GSI1PK: collection.boards, GSI1SK: `${b.name.toLowerCase()}#${b.id}` }
}

export function personKeys(p: Person): Keys {
  return { ...key.person(p.id), GSI1PK: collection.people, GSI1SK: `${initialsKey(p.initials)}#${p.id}` }
}

export function meetingKeys(m: Meeting): Keys {
  return {
    ...key.meeting(m.id),
    GSI1PK: collection.boardMeetings(m.boardId),
    GSI1SK: `${m.startsAt}#${m.id}`,
  }
}

export function actionKeys(a: Action): Keys {
  return {
    ...key.action(a.id),
    // Minutes order: agenda item, then the order actions were raised in.
    GSI1PK: collection.meetingActions(a.raisedAtMeetingId),
    GSI1SK: `${pad(a.itemNumber)}#${a.id}`,
    ...(a.status === 'open'
      ? { GSI2PK: collection.openActions(a.boardId), GSI2SK: `${dueSortKey(a)}#${a.id}` }
      : {}),
    GSI3PK: collection.boardActions(a.boardId),
    GSI3SK: `${a.status}#${a.raisedAt}#${a.id}`,
  }
}

/**
 * Owner links mirror the action's status (not its due meeting, so carrying an action
 * forward does not rewrite them) so an owner's open work is one query. The API writes them
 * with the action; after a rollover discharges an action the table's stream updates them.
 */
export function ownerLinkKeys(a: Pick<Action, 'id' | 'status' | 'boardId'>, personId: string): Keys {
  return {
    ...key.ownerLink(a.id, personId),
    GSI3PK: collection.ownerActions(personId),
    GSI3SK: `${a.status}#${a.boardId}#${a.id}`,
  }
}

export function membershipKeys(teamId: string, memberId: string): Keys {
  return {
    ...key.membership(teamId, memberId),
    GSI1PK: collection.relationsOf(memberId),
    GSI1SK: `TEAM#${teamId}`,
  }
}

export function deputyKeys(principalId: string, deputyId: string): Keys {
  return {
    ...key.deputy(principalId, deputyId),
    GSI1PK: collection.relationsOf(deputyId),
    GSI1SK: `DEPUTYFOR#${principalId}`,
  }
}

/** An email intent's keys: in the outbox's due collection until it reaches a final state. */
export function emailKeys(e: { key: string; dueAt: string }, final: boolean): Keys {
  return {
    ...key.email(e.key),
    ...(final ? {} : { GSI1PK: collection.outboxDue, GSI1SK: outboxDueSortKey(e.dueAt, e.key) }),
  }
}

export const outboxDueSortKey = (dueAt: string, idempotencyKey: string) => `${dueAt}#${idempotencyKey}`

export function suppressionKeys(s: Suppression): Keys {
  return { ...key.suppression(s.email), GSI1PK: collection.suppressed, GSI1SK: addressKey(s.email) }
}
