import type { Action } from '../domain/action.ts'
import { AWAITING_MEETING, dueSortKey } from '../domain/action-rules.ts'
import type { Board } from '../domain/board.ts'
import { Email, Id } from '../domain/common.ts'
import type { Meeting } from '../domain/meeting.ts'
import type { MinutesImport } from '../domain/minutes-import.ts'
import type { Person } from '../domain/person.ts'
import { initialsKey } from '../domain/person.ts'
import { normaliseReference } from '../domain/reference.ts'
import { addressKey, type Suppression } from '../domain/suppression.ts'
import { outsideDueIndex } from '../domain/work-programme.ts'
import type { PageSpec } from './dynamo.ts'
import { TABLE } from './table.ts'

/**
 * Every key the table holds, in one place. Each function returns the complete set of key
 * attributes for one item type (table key plus the index keys it takes part in); an item
 * that must leave a sparse index simply lacks those attributes.
 */
export type TableKey = { PK: string; SK: string }
export type Keys = TableKey & Partial<Record<`GSI${1 | 2 | 3}${'PK' | 'SK'}`, string>>

const pad = (n: number) => String(n).padStart(2, '0')
const version = (v: number) => String(v).padStart(8, '0')
/** The highest version a history key can spell (see `key.history`). */
export const MAX_VERSION = 99_999_999
const REF = 'REF#'
const MEMBER = 'MEMBER#'
const MEMBER_NAME = 'NAME#'
const ROLLOVER = 'ROLLOVER#'
const DRAFT = 'DRAFT#'

export const key = {
  board: (id: string) => ({ PK: `BOARD#${id}`, SK: 'BOARD' }),
  person: (id: string) => ({ PK: `PERSON#${id}`, SK: 'PERSON' }),
  meeting: (id: string) => ({ PK: `MEETING#${id}`, SK: 'MEETING' }),
  action: (id: string) => ({ PK: `ACTION#${id}`, SK: 'ACTION' }),
  /** Reserves a reference within a board (uniqueness by conditional put). */
  reference: (boardId: string, ref: string) => ({
    PK: `BOARD#${boardId}`,
    SK: `${REF}${normaliseReference(ref)}`,
  }),
  /** A board's member (a person or team), under the board (see memberKeys). */
  member: (boardId: string, personId: string) => ({ PK: `BOARD#${boardId}`, SK: `${MEMBER}${personId}` }),
  /**
   * Reserves an initials or alias among a board's members (uniqueness by conditional put):
   * one namespace for both, so "PCC" cannot be one member's initials and another's alias.
   */
  memberName: (boardId: string, name: string) => ({
    PK: `BOARD#${boardId}`,
    SK: `${MEMBER_NAME}${initialsKey(name)}`,
  }),
  /** An owner's row of the owner index, in the action's partition (see ownerIndexKeys). */
  ownerIndex: (actionId: string, personId: string) => ({ PK: `ACTION#${actionId}`, SK: `OWNER#${personId}` }),
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
    SK: `${ROLLOVER}${firstActionId}`,
  }),
  /** An address that bounced or complained; sends leave it out. */
  suppression: (email: string) => ({ PK: `SUPPRESSED#${addressKey(email)}`, SK: 'SUPPRESSED' }),
  /** A signed-link form that was submitted: a second submission of the same form is refused. */
  usedForm: (nonce: string) => ({ PK: `FORM#${nonce}`, SK: 'FORM' }),
  /** Links for (meeting, owner) issued before this marker's time are revoked. */
  linkRevocation: (meetingId: string, ownerId: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `LINKREVOKED#${ownerId}`,
  }),
  /** A minutes import: what was read, from what, for which meeting. */
  minutesImport: (id: string) => ({ PK: `IMPORT#${id}`, SK: 'IMPORT' }),
  /** One draft of an import, under it, in reading order. */
  draft: (importId: string, draftId: string) => ({ PK: `IMPORT#${importId}`, SK: `${DRAFT}${draftId}` }),
  /** Read by the readiness check and never written: whether the table answers, not what it holds. */
  readinessProbe: { PK: 'READINESS', SK: 'READINESS' },
} as const satisfies Record<string, TableKey | ((...args: never[]) => TableKey)>

/** Partition values of the index collections, for queries. */
export const collection = {
  boards: 'BOARDS',
  people: 'PEOPLE',
  boardMeetings: (boardId: string) => `BOARD#${boardId}#MEETINGS`,
  meetingActions: (meetingId: string) => `MEETING#${meetingId}#ACTIONS`,
  relationsOf: (personId: string) => `PERSON#${personId}#RELATIONS`,
  /** The boards a person or team is a member of (their member rows, by board). */
  boardsOf: (personId: string) => `PERSON#${personId}#BOARDS`,
  openActions: (boardId: string) => `BOARD#${boardId}#OPEN`,
  boardActions: (boardId: string) => `BOARD#${boardId}#ACTIONS`,
  meetingImports: (meetingId: string) => `MEETING#${meetingId}#IMPORTS`,
  ownerActions: (personId: string) => `OWNER#${personId}`,
  suppressed: 'SUPPRESSED',
  /** Sparse: emails still to act on (queued, or held by a sender), by when to act. */
  outboxDue: 'OUTBOX#DUE',
} as const

/**
 * A collection of the collections index (GSI1) as a list paged by its sort key; the same spec
 * queries it whole.
 */
export function collectionList(list: string, pk: string, tableKey: PageSpec['tableKey']): PageSpec {
  return { list, IndexName: TABLE.indexes.collections.name, pk: ['GSI1PK', pk], sk: 'GSI1SK', tableKey }
}

/** Below every ISO date in sort order; DynamoDB refuses an empty string as a key bound. */
const LOWEST = '0'
/** Above every ISO date (and '#'-suffixed key) in sort order. */
const HIGHEST = '~'
/** The highest sort key `<value>#…` can be: the upper bound of "up to and including `value`". */
const through = (value: string) => `${value}#${HIGHEST}`
const TEAM = 'TEAM#'
const DEPUTY_FOR = 'DEPUTYFOR#'

/**
 * The sort-key conditions the store queries by, beside the keys they bound: a pair is a
 * BETWEEN's bounds, a string a begins_with prefix.
 */
export const range = {
  /** A board's meetings starting in [from, to] (GSI1SK `startsAt#id`), either end open. */
  meetingsStarting: (from?: string, to?: string): [string, string] => [
    from ?? LOWEST,
    to ? through(to) : HIGHEST,
  ],
  /** A board's meetings starting strictly after `after`. */
  meetingsAfter: (after: string): [string, string] => [through(after), HIGHEST],
  /** A board's open actions due at or before a meeting starting at `startsAt` (GSI2SK `due#id`). */
  openDueBy: (startsAt: string): [string, string] => [LOWEST, through(startsAt)],
  /** A board's open actions due at a meeting starting at `startsAt`. */
  openDueAt: (startsAt: string) => `${startsAt}#`,
  /** A board's open actions waiting for a meeting to be scheduled (they sort last). */
  openAwaiting: `${AWAITING_MEETING}#`,
  /** A board's actions of one status (GSI3SK `status#raisedAt#id`). */
  boardActionsOf: (status: string) => `${status}#`,
  /** A board's actions that are shown (discharged, then open): `withdrawn#…` sorts after them. */
  boardActionsShown: [LOWEST, 'withdrawn#'] as [string, string],
  /** An owner's index rows, of one status and optionally one board, or all of them (''). */
  ownerIndexOf: (status?: string, boardId?: string) =>
    status ? `${status}#${boardId ? `${boardId}#` : ''}` : '',
  /** The upper bound of the emails due by `now` (GSI1SK `dueAt#key`). */
  outboxDueBy: (now: string) => through(now),
  /** An action's HIST# items after version `after`. */
  historyAfter: (actionId: string, after: number): [string, string] => [
    key.history(actionId, after + 1).SK,
    key.history(actionId, MAX_VERSION).SK,
  ],
  /** A meeting's rollover log items (`key.rolloverLog`). */
  rolloverLog: ROLLOVER,
  /** A board's member rows (`key.member`). */
  members: MEMBER,
  /** An import's drafts (`key.draft`). */
  drafts: DRAFT,
  /** A board's reference reservations starting with `base` (`key.reference`). */
  references: (base: string) => `${REF}${normaliseReference(base)}`,
} as const

/** What a relation row's collection sort key says (see membershipKeys, deputyKeys), or null. */
export function relationOf(sk: string): { teamId: string } | { deputisesFor: string } | null {
  if (sk.startsWith(TEAM)) return { teamId: sk.slice(TEAM.length) }
  if (sk.startsWith(DEPUTY_FOR)) return { deputisesFor: sk.slice(DEPUTY_FOR.length) }
  return null
}

/** The id an entity's index sort key ends with (each ends `#<id>`), if it is one. */
function idAtEnd(sk: string): string | null {
  const id = sk.slice(sk.lastIndexOf('#') + 1)
  return sk.includes('#') && Id.safeParse(id).success ? id : null
}

const ofId =
  (k: (id: string) => TableKey) =>
  (sk: string): TableKey | null => {
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
  /** A board's member row: its table sort key is the position (`MEMBER#<personId>`). */
  member: (boardId: string) => (sk: string) => {
    const id = sk.startsWith(MEMBER) ? sk.slice(MEMBER.length) : ''
    return Id.safeParse(id).success ? key.member(boardId, id) : null
  },
  suppression: (sk: string) =>
    sk === addressKey(sk) && Email.safeParse(sk).success ? key.suppression(sk) : null,
  /** An owner's index row (see ownerIndexKeys): `<status>#<boardId>#<actionId>` under that owner. */
  ownerIndex: (personId: string) => (sk: string) => {
    const m = /^(?:open|discharged|withdrawn)#[0-9A-HJKMNP-TV-Z]{26}#([0-9A-HJKMNP-TV-Z]{26})$/.exec(sk)
    return m?.[1] ? key.ownerIndex(m[1], personId) : null
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
    // Minutes order: agenda item, then the order actions were raised in. A withdrawn action
    // leaves the meeting's list (and so its action log and assignment emails) altogether.
    ...(a.status !== 'withdrawn'
      ? { GSI1PK: collection.meetingActions(a.raisedAtMeetingId), GSI1SK: `${pad(a.itemNumber)}#${a.id}` }
      : {}),
    // A standing item and one to be timetabled are due nowhere (see outsideDueIndex).
    ...(a.status === 'open' && !outsideDueIndex(a)
      ? { GSI2PK: collection.openActions(a.boardId), GSI2SK: `${dueSortKey(a)}#${a.id}` }
      : {}),
    GSI3PK: collection.boardActions(a.boardId),
    GSI3SK: `${a.status}#${a.raisedAt}#${a.id}`,
  }
}

/**
 * The owner index: one row per (action, owner), indexed under the owner by the action's
 * status (not its due meeting, so carrying an action forward does not rewrite it), so an
 * owner's open work is one query. The API writes the rows with the action; after a rollover
 * discharges an action the table's stream updates them.
 */
export function ownerIndexKeys(a: Pick<Action, 'id' | 'status' | 'boardId'>, personId: string): Keys {
  return {
    ...key.ownerIndex(a.id, personId),
    GSI3PK: collection.ownerActions(personId),
    GSI3SK: `${a.status}#${a.boardId}#${a.id}`,
  }
}

/** A board's member row, also indexed under the member so "which boards is X on" is one query. */
export function memberKeys(boardId: string, personId: string): Keys {
  return {
    ...key.member(boardId, personId),
    GSI1PK: collection.boardsOf(personId),
    GSI1SK: `BOARD#${boardId}`,
  }
}

export function membershipKeys(teamId: string, memberId: string): Keys {
  return {
    ...key.membership(teamId, memberId),
    GSI1PK: collection.relationsOf(memberId),
    GSI1SK: `${TEAM}${teamId}`,
  }
}

export function deputyKeys(principalId: string, deputyId: string): Keys {
  return {
    ...key.deputy(principalId, deputyId),
    GSI1PK: collection.relationsOf(deputyId),
    GSI1SK: `${DEPUTY_FOR}${principalId}`,
  }
}

/** An import, also listed under its meeting, newest last. */
export function importKeys(i: Pick<MinutesImport, 'id' | 'meetingId'>): Keys {
  return { ...key.minutesImport(i.id), GSI1PK: collection.meetingImports(i.meetingId), GSI1SK: i.id }
}

/** A queued email's keys: in the outbox's due collection (settling removes the index keys). */
export function queuedEmailKeys(e: { key: string; dueAt: string }): Keys {
  return { ...key.email(e.key), GSI1PK: collection.outboxDue, GSI1SK: outboxDueSortKey(e.dueAt, e.key) }
}

export const outboxDueSortKey = (dueAt: string, idempotencyKey: string) => `${dueAt}#${idempotencyKey}`

export function suppressionKeys(s: Suppression): Keys {
  return { ...key.suppression(s.email), GSI1PK: collection.suppressed, GSI1SK: addressKey(s.email) }
}
