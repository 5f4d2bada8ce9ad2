import { randomUUID } from 'node:crypto'
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import * as z from 'zod'
import { Action, HistoryEntry } from '../domain/action.ts'
import { AWAITING_MEETING } from '../domain/action-rules.ts'
import { Board } from '../domain/board.ts'
import { Meeting } from '../domain/meeting.ts'
import type { Page, PageRequest } from '../domain/page.ts'
import { Person } from '../domain/person.ts'
import { Suppression } from '../domain/suppression.ts'
import { type AppError, ConflictError } from '../errors.ts'
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts'
import {
  actionKeys,
  boardKeys,
  collection,
  deputyKeys,
  type Keys,
  key,
  meetingKeys,
  membershipKeys,
  ownerLinkKeys,
  personKeys,
  suppressionKeys,
  tableKeyOf,
} from './keys.ts'
import { EmailOutbox } from './outbox.ts'
import { TABLE } from './table.ts'

type Item = Record<string, NativeAttributeValue>
type TxOp = NonNullable<TransactWriteCommandInput['TransactItems']>[number]
/** A transaction item and the error to raise if its condition is what cancelled the transaction. */
type TxItem = { op: TxOp; onConditionFailed?: () => AppError }

/** A single-use form: its nonce and when its marker may be expired (epoch seconds). */
export type FormUse = { nonce: string; expiresAt: number }

/** Below every ISO date in sort order; DynamoDB refuses an empty string as a key bound. */
const LOWEST = '0'
/** Above every ISO date (and '#'-suffixed key) in sort order. */
const HIGHEST = '~'
const KEY_ATTRIBUTES = new Set([
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'type',
])
/** DynamoDB's limit on items in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100
/**
 * A store-level list on the action item: the history entries of its rollovers, written in the
 * rollover's update of the action rather than as HIST# items so that a rollover is one
 * transaction item per action. Not part of the `Action` schema (reads strip it), so only
 * `listHistory` shows it. Each entry is small (a few hundred bytes; a discharge note at most
 * a few KB) and an action is carried at most a few dozen times, far below the 400 KB item limit.
 */
const ROLLOVER_HISTORY = 'rolloverHistory'

export type Relations = { teamIds: string[]; deputisesFor: string[] }
export type OwnerLink = { actionId: string; personId: string; boardId: string; status: string }
export type RolloverKind = 'discharged' | 'carried-forward'
export type ActionChange = { before: Action; after: Action; history: HistoryEntry }
/**
 * The DynamoDB store: every access pattern of DESIGN.md §2 as a Query, GetItem, BatchGet or
 * TransactWrite; never a Scan. Writes to versioned entities are conditional on the version
 * the caller read, and an action's history entry is written in the same transaction.
 */
export class Store {
  /** The email outbox and sent-email log (its own repository). */
  readonly outbox: EmailOutbox

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {
    this.outbox = new EmailOutbox(doc, tableName)
  }

  /**
   * Whether the table answers (the readiness check): one GetItem of a key nothing is stored
   * under, so it needs only the read permission every function has and costs half a read unit.
   * Given up after `timeoutMs`, retries included; throws the SDK's error if it does not answer.
   */
  async probe(timeoutMs: number): Promise<void> {
    await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key.readinessProbe }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    })
  }

  // ---- boards ------------------------------------------------------------------------

  async createBoard(board: Board): Promise<void> {
    await this.put(boardKeys(board), 'Board', board, { mustNotExist: true })
  }

  getBoard(id: string): Promise<Board | null> {
    return this.get(key.board(id), Board)
  }

  listBoards(): Promise<Board[]> {
    return this.query(Board, { IndexName: TABLE.indexes.collections.name, pk: ['GSI1PK', collection.boards] })
  }

  /** A page of boards by name. */
  pageBoards(page: PageRequest): Promise<Page<Board>> {
    return this.page(Board, page, {
      list: 'boards',
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.boards],
      sk: 'GSI1SK',
      tableKey: tableKeyOf.board,
    })
  }

  async saveBoard(next: Board, expectedVersion: number): Promise<void> {
    await this.transact([this.versionedPut(boardKeys(next), 'Board', next, expectedVersion)])
  }

  // ---- people ------------------------------------------------------------------------

  async createPerson(person: Person): Promise<void> {
    await this.transact([
      {
        op: {
          Put: {
            TableName: this.tableName,
            Item: this.item(personKeys(person), 'Person', person),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      },
      this.reserveInitials(person),
      ...person.memberIds.map((m) => this.putRelation(membershipKeys(person.id, m))),
      ...(person.deputyId ? [this.putRelation(deputyKeys(person.id, person.deputyId))] : []),
    ])
  }

  getPerson(id: string): Promise<Person | null> {
    return this.get(key.person(id), Person)
  }

  listPeople(): Promise<Person[]> {
    return this.query(Person, {
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.people],
    })
  }

  /** A page of the owner directory by initials. */
  pagePeople(page: PageRequest): Promise<Page<Person>> {
    return this.page(Person, page, {
      list: 'people',
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.people],
      sk: 'GSI1SK',
      tableKey: tableKeyOf.person,
    })
  }

  batchGetPeople(ids: readonly string[]): Promise<Person[]> {
    return this.batchGet(ids.map(key.person), Person)
  }

  async savePerson(prev: Person, next: Person): Promise<void> {
    const items: TxItem[] = [this.versionedPut(personKeys(next), 'Person', next, prev.version)]
    if (prev.initials.toUpperCase() !== next.initials.toUpperCase()) {
      items.push(this.del(key.initials(prev.initials)), this.reserveInitials(next))
    }
    const removed = prev.memberIds.filter((m) => !next.memberIds.includes(m))
    const added = next.memberIds.filter((m) => !prev.memberIds.includes(m))
    items.push(...removed.map((m) => this.del(key.membership(prev.id, m))))
    items.push(...added.map((m) => this.putRelation(membershipKeys(next.id, m))))
    if (prev.deputyId !== next.deputyId) {
      if (prev.deputyId) items.push(this.del(key.deputy(prev.id, prev.deputyId)))
      if (next.deputyId) items.push(this.putRelation(deputyKeys(next.id, next.deputyId)))
    }
    await this.transact(items)
  }

  /** The teams a person belongs to and the people they deputise for (pattern 5). */
  async relationsOf(personId: string): Promise<Relations> {
    const items = await this.queryRaw({
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.relationsOf(personId)],
    })
    const relations: Relations = { teamIds: [], deputisesFor: [] }
    for (const it of items) {
      const sk = String(it.GSI1SK)
      if (sk.startsWith('TEAM#')) relations.teamIds.push(sk.slice('TEAM#'.length))
      else if (sk.startsWith('DEPUTYFOR#')) relations.deputisesFor.push(sk.slice('DEPUTYFOR#'.length))
    }
    return relations
  }

  // ---- meetings ----------------------------------------------------------------------

  async createMeeting(meeting: Meeting): Promise<void> {
    await this.put(meetingKeys(meeting), 'Meeting', meeting, { mustNotExist: true })
  }

  getMeeting(id: string): Promise<Meeting | null> {
    return this.get(key.meeting(id), Meeting)
  }

  /** A board's meetings by start time, optionally within [from, to] (pattern 2). */
  listMeetings(boardId: string, range: { from?: string; to?: string } = {}): Promise<Meeting[]> {
    return this.query(Meeting, {
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.boardMeetings(boardId)],
      between: ['GSI1SK', range.from ?? LOWEST, range.to ? `${range.to}#~` : HIGHEST],
    })
  }

  /** A page of a board's meetings within [from, to], earliest first or (`newestFirst`) latest first (pattern 2). */
  pageMeetings(
    boardId: string,
    range: { from?: string | undefined; to?: string | undefined; newestFirst?: boolean },
    page: PageRequest,
  ): Promise<Page<Meeting>> {
    return this.page(Meeting, page, {
      list: 'board-meetings',
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.boardMeetings(boardId)],
      sk: 'GSI1SK',
      between: ['GSI1SK', range.from ?? LOWEST, range.to ? `${range.to}#~` : HIGHEST],
      backwards: range.newestFirst ?? false,
      tableKey: tableKeyOf.meeting,
    })
  }

  /** The first scheduled meeting of a board starting strictly after `startsAt` (pattern 2). */
  async nextScheduledMeeting(boardId: string, after: string): Promise<Meeting | null> {
    const found = await this.query(Meeting, {
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.boardMeetings(boardId)],
      between: ['GSI1SK', `${after}#~`, HIGHEST],
      filter: {
        expression: '#status = :scheduled',
        names: { '#status': 'status' },
        values: { ':scheduled': 'scheduled' },
      },
      first: true,
    })
    return found[0] ?? null
  }

  /**
   * Saves a meeting. When its start moves, the open actions due at it move with it: each
   * gets a new version (conditional on the one read) and a history entry, chunked to the
   * transaction limit. The meeting is written in the last chunk, so after a failure part-way
   * it still has its old start, and a retry finds exactly the actions not yet moved.
   */
  async saveMeeting(prev: Meeting, next: Meeting, moved: readonly ActionChange[] = []): Promise<void> {
    const meetingPut = this.versionedPut(meetingKeys(next), 'Meeting', next, prev.version)
    const chunks = chunkGroups(
      moved.map((c) => this.actionGroup(c)),
      MAX_TRANSACTION_ITEMS - 1,
    )
    if (chunks.length === 0) chunks.push([])
    for (const [i, chunk] of chunks.entries()) {
      await this.transact(i === chunks.length - 1 ? [...chunk, meetingPut] : chunk)
    }
  }

  // ---- actions -----------------------------------------------------------------------

  /** Creates an action, its reference reservation, owner links and first history entry. */
  async createAction(action: Action, history: HistoryEntry): Promise<void> {
    await this.transact([
      {
        op: {
          Put: {
            TableName: this.tableName,
            Item: this.item(actionKeys(action), 'Action', action),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      },
      this.reserveReference(action),
      ...action.ownerIds.map((o) => this.putOwnerLink(action, o)),
      this.putHistory(history),
      ...this.dueMeetingStillAsCopied(action),
    ])
  }

  getAction(id: string): Promise<Action | null> {
    return this.get(key.action(id), Action)
  }

  batchGetActions(ids: readonly string[]): Promise<Action[]> {
    return this.batchGet(ids.map(key.action), Action)
  }

  /**
   * Saves a changed action conditional on the version read, keeping owner links, the
   * reference reservation and the history in step, all in one transaction.
   */
  async saveAction(
    prev: Action,
    next: Action,
    history: HistoryEntry,
    opts: { consumeForm?: FormUse } = {},
  ): Promise<void> {
    const items: TxItem[] = [this.actionUpdate(prev, next)]
    // A signed-link form is used up by the save it carries, in the same transaction:
    // a replay is refused, and a save that fails leaves the form usable for a retry.
    if (opts.consumeForm) items.push(this.consumeForm(opts.consumeForm))
    for (const o of prev.ownerIds)
      if (!next.ownerIds.includes(o)) items.push(this.del(key.ownerLink(prev.id, o)))
    items.push(...next.ownerIds.map((o) => this.putOwnerLink(next, o)))
    if (key.reference(prev.boardId, prev.ref).SK !== key.reference(next.boardId, next.ref).SK) {
      items.push(this.del(key.reference(prev.boardId, prev.ref)), this.reserveReference(next))
    }
    items.push(this.putHistory(history))
    if (next.dueMeetingId !== prev.dueMeetingId) items.push(...this.dueMeetingStillAsCopied(next))
    await this.transact(items)
  }

  /** Actions raised at a meeting, in minutes order (pattern 3). */
  listActionsRaisedAt(meetingId: string): Promise<Action[]> {
    return this.query(Action, {
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.meetingActions(meetingId)],
    })
  }

  /** A page of the actions raised at a meeting, in minutes order (pattern 3). */
  pageActionsRaisedAt(meetingId: string, page: PageRequest): Promise<Page<Action>> {
    return this.page(Action, page, {
      list: 'meeting-actions',
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.meetingActions(meetingId)],
      sk: 'GSI1SK',
      tableKey: tableKeyOf.action,
    })
  }

  /** A page of a board's open actions due at or before `startsAt`, earliest due first (pattern 4). */
  pageOpenActionsDueBy(boardId: string, startsAt: string, page: PageRequest): Promise<Page<Action>> {
    return this.page(Action, page, {
      list: 'open-due-by',
      IndexName: TABLE.indexes.openByDue.name,
      pk: ['GSI2PK', collection.openActions(boardId)],
      sk: 'GSI2SK',
      between: ['GSI2SK', LOWEST, `${startsAt}#~`],
      tableKey: tableKeyOf.action,
    })
  }

  /** Open actions of a board due at or before `startsAt` (pattern 4; sparse index). */
  listOpenActionsDueBy(boardId: string, startsAt: string): Promise<Action[]> {
    return this.query(Action, {
      IndexName: TABLE.indexes.openByDue.name,
      pk: ['GSI2PK', collection.openActions(boardId)],
      between: ['GSI2SK', LOWEST, `${startsAt}#~`],
    })
  }

  /** Every open action of a board, due order, awaiting-meeting last (patterns 4 and 6). */
  listOpenActions(boardId: string): Promise<Action[]> {
    return this.query(Action, {
      IndexName: TABLE.indexes.openByDue.name,
      pk: ['GSI2PK', collection.openActions(boardId)],
    })
  }

  /** Open actions due at exactly this meeting (to move them when it is rescheduled). */
  listOpenActionsDueAt(boardId: string, meeting: Pick<Meeting, 'id' | 'startsAt'>): Promise<Action[]> {
    return this.query(Action, {
      IndexName: TABLE.indexes.openByDue.name,
      pk: ['GSI2PK', collection.openActions(boardId)],
      beginsWith: ['GSI2SK', `${meeting.startsAt}#`],
      filter: { expression: 'dueMeetingId = :m', values: { ':m': meeting.id } },
    })
  }

  /** A board's actions, optionally of one status, by raising date. */
  listBoardActions(boardId: string, status?: string): Promise<Action[]> {
    return this.query(Action, {
      IndexName: TABLE.indexes.byStatus.name,
      pk: ['GSI3PK', collection.boardActions(boardId)],
      ...(status ? { beginsWith: ['GSI3SK', `${status}#`] as const } : {}),
    })
  }

  /** A page of a board's actions, optionally of one status: by status, then raising date. */
  pageBoardActions(boardId: string, status: string | undefined, page: PageRequest): Promise<Page<Action>> {
    return this.page(Action, page, {
      list: 'board-actions',
      IndexName: TABLE.indexes.byStatus.name,
      pk: ['GSI3PK', collection.boardActions(boardId)],
      sk: 'GSI3SK',
      ...(status ? { beginsWith: ['GSI3SK', `${status}#`] as const } : {}),
      tableKey: tableKeyOf.action,
    })
  }

  /**
   * A page of owner rows taken from several owners' key ranges at once (pattern 5: a person's
   * own, their teams' and those they deputise for; or one owner's on one board, each status),
   * merged in sort-key order: status, board, then action (so the order actions were entered).
   * One bounded Query per range; the rows of an action held by several of the owners come
   * out together. `list` names the list for its cursors (the ranges may change between
   * pages, as team membership does, without breaking them).
   */
  async pageOwnerLinks(
    list: string,
    ranges: readonly { personId: string; prefix: string }[],
    page: PageRequest,
  ): Promise<Page<OwnerLink>> {
    const scope = JSON.stringify(['owner-links', list])
    const position = z
      .string()
      .refine(
        (sk) => ranges.some((r) => sk.startsWith(r.prefix) && tableKeyOf.ownerLink(r.personId)(sk) !== null),
        'not an owner row of these ranges',
      )
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, scope, position)
    const results = await Promise.all(
      ranges.map(async (r) => {
        const start = after?.startsWith(r.prefix) ? after : undefined
        // A range wholly before where the last page stopped has nothing left to give.
        if (after !== undefined && start === undefined && after > r.prefix) return { items: [], more: false }
        const pk = collection.ownerActions(r.personId)
        const res = await this.sendPage(
          {
            ...this.queryInput({
              IndexName: TABLE.indexes.byStatus.name,
              pk: ['GSI3PK', pk],
              ...(r.prefix ? { beginsWith: ['GSI3SK', r.prefix] as const } : {}),
            }),
            Limit: page.limit + 1,
            ...(start
              ? {
                  ExclusiveStartKey: {
                    ...tableKeyOf.ownerLink(r.personId)(start),
                    GSI3PK: pk,
                    GSI3SK: after,
                  },
                }
              : {}),
          },
          after !== undefined,
        )
        return { items: res.Items ?? [], more: res.LastEvaluatedKey !== undefined }
      }),
    )
    // A range that stopped early is complete only up to its last row: nothing past the
    // earliest such stop may be shown yet, or a row of that range could be skipped.
    const stops = results.filter((r) => r.more).map((r) => String(r.items.at(-1)?.GSI3SK ?? ''))
    const cutoff = stops.length > 0 ? stops.reduce((a, b) => (b < a ? b : a)) : undefined
    const rows = results
      .flatMap((r) => r.items)
      .filter((it) => cutoff === undefined || String(it.GSI3SK) <= cutoff)
      .sort((a, b) =>
        String(a.GSI3SK) < String(b.GSI3SK) ? -1 : String(a.GSI3SK) > String(b.GSI3SK) ? 1 : 0,
      )
    const keys = [...new Set(rows.map((it) => String(it.GSI3SK)))]
    const taken = keys.slice(0, page.limit)
    const last = taken.at(-1)
    const more = keys.length > page.limit || results.some((r) => r.more)
    return {
      items: rows.filter((it) => last !== undefined && String(it.GSI3SK) <= last).map(ownerLinkOf),
      next: more && last !== undefined ? encodeCursor(scope, last) : null,
    }
  }

  /** Owner links of one owner (person or team), optionally by status and board (pattern 5). */
  async listOwnerLinks(
    personId: string,
    filter: { status?: string; boardId?: string } = {},
  ): Promise<OwnerLink[]> {
    const prefix = filter.status ? `${filter.status}#${filter.boardId ? `${filter.boardId}#` : ''}` : ''
    const items = await this.queryRaw({
      IndexName: TABLE.indexes.byStatus.name,
      pk: ['GSI3PK', collection.ownerActions(personId)],
      ...(prefix ? { beginsWith: ['GSI3SK', prefix] as const } : {}),
    })
    return items.map(ownerLinkOf).filter((l) => !filter.boardId || l.boardId === filter.boardId)
  }

  /**
   * Brings an action's owner links to its status and owners as of `action`: a link for each
   * owner, and the links of `previousOwnerIds` no longer on it deleted. Conditional on the
   * action still being at `action.version`: if it has moved on, nothing is written and false
   * is returned, because every later change either wrote its links itself (the API paths do
   * whenever status or owners change) or is a rollover whose own stream record syncs them,
   * and writing this older state would undo that.
   */
  async syncOwnerLinks(action: Action, previousOwnerIds: readonly string[]): Promise<boolean> {
    try {
      await this.transact([
        {
          op: {
            ConditionCheck: {
              TableName: this.tableName,
              Key: key.action(action.id),
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': action.version },
            },
          },
          onConditionFailed: () => new Superseded(`action ${action.id} is past version ${action.version}`),
        },
        ...previousOwnerIds
          .filter((o) => !action.ownerIds.includes(o))
          .map((o) => this.del(key.ownerLink(action.id, o))),
        ...action.ownerIds.map((o) => this.putOwnerLink(action, o)),
      ])
      return true
    } catch (e) {
      if (e instanceof Superseded) return false
      throw e
    }
  }

  /**
   * Every change to an action, oldest first (pattern 7): its HIST# items and the rollover
   * entries kept on the action item itself, read together in one query of its partition
   * (which also holds its owner links, left out here).
   */
  async listHistory(actionId: string): Promise<HistoryEntry[]> {
    const items = await this.queryRaw({ pk: ['PK', key.action(actionId).PK] })
    const entries: HistoryEntry[] = []
    for (const it of items) {
      if (it.type === 'History') entries.push(HistoryEntry.parse(stripKeys(it)))
      else if (it.type === 'Action' && Array.isArray(it[ROLLOVER_HISTORY]))
        entries.push(...(it[ROLLOVER_HISTORY] as unknown[]).map((h) => HistoryEntry.parse(h)))
    }
    return entries.sort((a, b) => a.version - b.version)
  }

  /**
   * A page of an action's history, oldest first (pattern 7): its HIST# items from the version
   * after the cursor's (one bounded Query) merged with the rollover entries on the action
   * item (one GetItem of that attribute).
   */
  async pageHistory(actionId: string, page: PageRequest): Promise<Page<HistoryEntry>> {
    const scope = JSON.stringify(['history', actionId])
    const after =
      page.cursor === undefined
        ? 0
        : decodeCursor(page.cursor, scope, z.number().int().min(1).max(MAX_VERSION))
    const [action, hist] = await Promise.all([
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: key.action(actionId),
          ConsistentRead: true,
          ProjectionExpression: '#history',
          ExpressionAttributeNames: { '#history': ROLLOVER_HISTORY },
        }),
      ),
      this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': key.action(actionId).PK,
            ':from': key.history(actionId, after + 1).SK,
            ':to': key.history(actionId, MAX_VERSION).SK,
          },
          Limit: page.limit + 1,
          ConsistentRead: true,
        }),
      ),
    ])
    const rolled = action.Item?.[ROLLOVER_HISTORY]
    const stored = (hist.Items ?? []).map((it) => HistoryEntry.parse(stripKeys(it)))
    // Past the last HIST# item read there may be more of them: rollover entries beyond it wait.
    const cutoff = hist.LastEvaluatedKey ? (stored.at(-1)?.version ?? after) : MAX_VERSION
    const entries = [
      ...stored,
      ...(Array.isArray(rolled) ? rolled : []).map((h: unknown) => HistoryEntry.parse(h)),
    ]
      .filter((h) => h.version > after)
      .sort((a, b) => a.version - b.version)
    const eligible = entries.filter((h) => h.version <= cutoff)
    const items = eligible.slice(0, page.limit)
    const last = items.at(-1)
    const more = entries.length > items.length
    return { items, next: more && last ? encodeCursor(scope, last.version) : null }
  }

  /** References of a board starting with `base`, to number a second action on one item. */
  async referencesStartingWith(boardId: string, base: string): Promise<string[]> {
    const items = await this.queryRaw({
      pk: ['PK', key.board(boardId).PK],
      beginsWith: ['SK', key.referencePrefix(base)],
    })
    return items.map((it) => String(it.ref))
  }

  /**
   * Applies changes to many actions in transactions of at most 100 items and 3.5 MB, never
   * splitting one action's group: the action (conditional on the version the change was
   * planned from), its owner links when its status or owners change, and its history entry.
   * Each transaction also checks that the meeting the actions now fall due at is still
   * scheduled at the start they copied, and, for a rollover, writes one log item under the
   * meeting listing what it did (read back consistently for the owners' emails).
   *
   * A rollover's group is the action's update alone, so a transaction carries 98 actions (99
   * with no target meeting to check): the history entry goes on the action item
   * (ROLLOVER_HISTORY), and the owner links of an action it discharges are brought up to date
   * from the table's stream (`syncOwnerLinks`); readers of the links check the action's own
   * status meanwhile.
   * `afterChunk` lets tests stop part-way. Returns the number of transactions.
   */
  async applyActionChanges(
    changes: readonly ActionChange[],
    opts: {
      rolloverOf?: string
      target?: Pick<Meeting, 'id' | 'startsAt'> | null
      afterChunk?: (index: number) => void | Promise<void>
    } = {},
  ): Promise<number> {
    const groups = changes.map((c) =>
      opts.rolloverOf ? [this.actionUpdate(c.before, c.after, c.history)] : this.actionGroup(c),
    )
    const perChunk = (opts.rolloverOf ? 1 : 0) + (opts.target ? 1 : 0)
    const chunks = chunkGroups(groups, MAX_TRANSACTION_ITEMS - perChunk)
    let offset = 0
    for (const [i, chunk] of chunks.entries()) {
      const inChunk = changes.slice(offset, offset + countActions(chunk))
      offset += inChunk.length
      const extra: TxItem[] = []
      if (opts.target) extra.push(...this.meetingStillAt(opts.target))
      if (opts.rolloverOf && inChunk[0]) {
        extra.push({
          op: {
            Put: {
              TableName: this.tableName,
              Item: {
                ...key.rolloverLog(opts.rolloverOf, inChunk[0].after.id),
                type: 'RolloverLog',
                entries: inChunk.map((c) => ({ actionId: c.after.id, kind: c.history.kind })),
              },
            },
          },
        })
      }
      await this.transact([...chunk, ...extra])
      await opts.afterChunk?.(i)
    }
    return chunks.length
  }

  /** What a meeting's rollover did, read from the base table (strongly consistent). */
  async listRolloverEntries(meetingId: string): Promise<{ actionId: string; kind: RolloverKind }[]> {
    const items = await this.queryRaw({
      pk: ['PK', key.meeting(meetingId).PK],
      beginsWith: ['SK', key.rolloverLogPrefix],
    })
    return items.flatMap((it) => (it.entries as { actionId: string; kind: RolloverKind }[]) ?? [])
  }

  /** Open actions of a board that wait for a meeting to be scheduled. */
  listAwaitingActions(boardId: string): Promise<Action[]> {
    return this.query(Action, {
      IndexName: TABLE.indexes.openByDue.name,
      pk: ['GSI2PK', collection.openActions(boardId)],
      beginsWith: ['GSI2SK', `${AWAITING_MEETING}#`],
    })
  }

  // ---- suppressed addresses and signed-link state --------------------------------------

  /** Records (or refreshes) a suppressed address. */
  async suppressAddress(s: Suppression): Promise<void> {
    await this.put(suppressionKeys(s), 'Suppression', s)
  }

  listSuppressed(): Promise<Suppression[]> {
    return this.query(Suppression, {
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.suppressed],
    })
  }

  /** A page of suppressed addresses, by address. */
  pageSuppressed(page: PageRequest): Promise<Page<Suppression>> {
    return this.page(Suppression, page, {
      list: 'suppressed',
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.suppressed],
      sk: 'GSI1SK',
      tableKey: tableKeyOf.suppression,
    })
  }

  /** Lifts a suppression; false if the address was not suppressed. */
  async liftSuppression(email: string): Promise<boolean> {
    const res = await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: key.suppression(email),
        ReturnValues: 'ALL_OLD',
      }),
    )
    return res.Attributes !== undefined
  }

  /**
   * Uses up a web form's one-time key; false if it was already used (a double click, the
   * back button). A refused form is drawn again with a fresh key, so nothing typed is lost.
   */
  async useFormKey(use: FormUse): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand(this.usedFormPut(use)))
      return true
    } catch (e) {
      if (isConditionalFailure(e)) return false
      throw e
    }
  }

  /** Gives a web form's key back when the change it carried was not saved. */
  async releaseFormKey(nonce: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key.usedForm(nonce) }))
  }

  /** Revokes every link for (meeting, owner) issued up to `at`. */
  async revokeLinks(meetingId: string, ownerId: string, at: string): Promise<void> {
    await this.put(key.linkRevocation(meetingId, ownerId), 'LinkRevocation', { meetingId, ownerId, at })
  }

  /** When links for (meeting, owner) were last revoked, if ever. */
  async linksRevokedAt(meetingId: string, ownerId: string): Promise<string | null> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key.linkRevocation(meetingId, ownerId),
        ConsistentRead: true,
      }),
    )
    return typeof res.Item?.at === 'string' ? res.Item.at : null
  }

  // ---- plumbing ----------------------------------------------------------------------

  /** A used form's marker, written only if the form was not used before. */
  private usedFormPut({ nonce, expiresAt }: FormUse) {
    return {
      TableName: this.tableName,
      // The marker outlives the form's own expiry, after which the signature refuses it anyway.
      Item: { ...key.usedForm(nonce), type: 'UsedForm', expiresAt },
      ConditionExpression: 'attribute_not_exists(PK)',
    }
  }

  private consumeForm(use: FormUse): TxItem {
    return {
      op: { Put: this.usedFormPut(use) },
      onConditionFailed: () => new ConflictError('duplicate', 'this form was already used'),
    }
  }

  private item(keys: Keys, type: string, entity: object): Item {
    return { ...keys, type, ...entity }
  }

  private async put(keys: Keys, type: string, entity: object, opts: { mustNotExist?: boolean } = {}) {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: this.item(keys, type, entity),
        ...(opts.mustNotExist ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
      }),
    )
  }

  private versionedPut(keys: Keys, type: string, entity: { id: string }, expectedVersion: number): TxItem {
    return {
      op: {
        Put: {
          TableName: this.tableName,
          Item: this.item(keys, type, entity),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      onConditionFailed: () =>
        new ConflictError(
          'stale-version',
          `${type} ${entity.id} was changed by someone else (expected version ${expectedVersion})`,
        ),
    }
  }

  /**
   * One action's change as transaction items: the action conditional on the version it was
   * planned from, its owner links when its status or owners change (they do not encode the
   * due meeting), and its history entry.
   */
  private actionGroup({ before, after, history }: ActionChange): TxItem[] {
    const linksMove = before.status !== after.status || before.ownerIds.join() !== after.ownerIds.join()
    return [
      this.actionUpdate(before, after),
      ...(linksMove
        ? [
            ...before.ownerIds
              .filter((o) => !after.ownerIds.includes(o))
              .map((o) => this.del(key.ownerLink(before.id, o))),
            ...after.ownerIds.map((o) => this.putOwnerLink(after, o)),
          ]
        : []),
      this.putHistory(history),
    ]
  }

  /**
   * An action's change as one UpdateItem that leaves the item exactly as a Put of `after`
   * would (every attribute set; those `before` had and `after` lacks, such as the open
   * index's keys of a discharged action, removed), conditional on the version the change was
   * planned from. An update rather than a Put so that ROLLOVER_HISTORY, which no Action
   * carries, survives every change; a rollover appends its history entry to it here.
   */
  private actionUpdate(before: Action, after: Action, rolloverEntry?: HistoryEntry): TxItem {
    const { PK, SK, ...next } = this.item(actionKeys(after), 'Action', after)
    const prev = this.item(actionKeys(before), 'Action', before)
    const names: Record<string, string> = {}
    const values: Record<string, NativeAttributeValue> = { ':expected': before.version }
    const sets: string[] = []
    const removes: string[] = []
    for (const [name, value] of Object.entries(next)) {
      if (value === undefined) continue
      const n = Object.keys(names).length
      names[`#a${n}`] = name
      values[`:a${n}`] = value
      sets.push(`#a${n} = :a${n}`)
    }
    for (const [name, value] of Object.entries(prev)) {
      if (name === 'PK' || name === 'SK' || value === undefined || next[name] !== undefined) continue
      const n = Object.keys(names).length
      names[`#a${n}`] = name
      removes.push(`#a${n}`)
    }
    if (rolloverEntry) {
      names['#history'] = ROLLOVER_HISTORY
      values[':entry'] = [rolloverEntry]
      values[':none'] = []
      sets.push('#history = list_append(if_not_exists(#history, :none), :entry)')
    }
    return {
      op: {
        Update: {
          TableName: this.tableName,
          Key: { PK, SK },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      onConditionFailed: () =>
        new ConflictError(
          'stale-version',
          `Action ${after.id} was changed by someone else (expected version ${before.version})`,
        ),
    }
  }

  private del(k: { PK: string; SK: string }): TxItem {
    return { op: { Delete: { TableName: this.tableName, Key: k } } }
  }

  private putRelation(keys: Keys): TxItem {
    return { op: { Put: { TableName: this.tableName, Item: { ...keys, type: 'Relation' } } } }
  }

  private putOwnerLink(a: Action, personId: string): TxItem {
    return {
      op: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...ownerLinkKeys(a, personId),
            type: 'OwnerLink',
            actionId: a.id,
            personId,
            boardId: a.boardId,
            status: a.status,
          },
        },
      },
    }
  }

  /**
   * An action copies its due meeting's start (for the due-ordered index); the copy is only
   * right if the meeting was not rescheduled or cancelled between the read and this write.
   */
  private dueMeetingStillAsCopied(a: Action): TxItem[] {
    if (!a.dueMeetingId || !a.dueMeetingStartsAt) return []
    return this.meetingStillAt({ id: a.dueMeetingId, startsAt: a.dueMeetingStartsAt })
  }

  private meetingStillAt(m: Pick<Meeting, 'id' | 'startsAt'>): TxItem[] {
    return [
      {
        op: {
          ConditionCheck: {
            TableName: this.tableName,
            Key: key.meeting(m.id),
            ConditionExpression: 'startsAt = :startsAt AND #status = :scheduled',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':startsAt': m.startsAt, ':scheduled': 'scheduled' },
          },
        },
        onConditionFailed: () =>
          new ConflictError(
            'stale-version',
            'the due meeting was rescheduled or cancelled meanwhile: please try again',
          ),
      },
    ]
  }

  private reserveInitials(p: Person): TxItem {
    return {
      op: {
        Put: {
          TableName: this.tableName,
          Item: { ...key.initials(p.initials), type: 'Initials', personId: p.id },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailed: () =>
        new ConflictError('duplicate', `initials ${p.initials} are already used by someone else`),
    }
  }

  private reserveReference(a: Action): TxItem {
    return {
      op: {
        Put: {
          TableName: this.tableName,
          Item: { ...key.reference(a.boardId, a.ref), type: 'Reference', actionId: a.id, ref: a.ref },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailed: () =>
        new ConflictError('duplicate', `reference ${a.ref} is already used on this board`),
    }
  }

  private putHistory(h: HistoryEntry): TxItem {
    return {
      op: {
        Put: {
          TableName: this.tableName,
          Item: { ...key.history(h.actionId, h.version), type: 'History', ...h },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailed: () =>
        new ConflictError('stale-version', `action ${h.actionId} already has version ${h.version}`),
    }
  }

  /**
   * Runs a transaction and turns a cancellation into the error of the item whose condition
   * failed; a clash with a concurrent transaction is a stale write too (409, retryable).
   */
  private async transact(items: TxItem[]): Promise<void> {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items.map((i) => i.op) }))
    } catch (e) {
      if (!(e instanceof Error) || e.name !== 'TransactionCanceledException') throw e
      const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []
      for (const [i, reason] of reasons.entries()) {
        if (reason.Code === 'ConditionalCheckFailed') {
          throw (
            items[i]?.onConditionFailed?.() ??
            new ConflictError('stale-version', 'a concurrent change won', { cause: e })
          )
        }
      }
      if (reasons.some((r) => r.Code === 'TransactionConflict')) {
        throw new ConflictError('stale-version', 'a concurrent change is in progress; reload and retry', {
          cause: e,
          contended: true,
        })
      }
      throw e
    }
  }

  private async get<S extends z.ZodType>(
    k: { PK: string; SK: string },
    schema: S,
  ): Promise<z.infer<S> | null> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: k, ConsistentRead: true }),
    )
    return res.Item ? schema.parse(stripKeys(res.Item)) : null
  }

  private async batchGet<S extends z.ZodType>(
    keys: { PK: string; SK: string }[],
    schema: S,
  ): Promise<z.infer<S>[]> {
    const unique = [...new Map(keys.map((k) => [`${k.PK}|${k.SK}`, k])).values()]
    const out: z.infer<S>[] = []
    for (let i = 0; i < unique.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + 100)
      // BatchGet may return part of the keys unprocessed under load; ask again for those.
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        const res: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          }),
        )
        for (const it of res.Responses?.[this.tableName] ?? []) out.push(schema.parse(stripKeys(it)))
        pending = res.UnprocessedKeys?.[this.tableName]?.Keys
        if (pending?.length) await sleep(Math.min(1000, 25 * 2 ** attempt))
      }
    }
    return out
  }

  private async query<S extends z.ZodType>(schema: S, spec: QuerySpec): Promise<z.infer<S>[]> {
    return (await this.queryRaw(spec)).map((it) => schema.parse(stripKeys(it)))
  }

  private async queryRaw(spec: QuerySpec): Promise<Item[]> {
    const input = this.queryInput(spec)
    const items: Item[] = []
    for await (const page of paginateQuery({ client: this.doc }, input)) {
      items.push(...(page.Items ?? []))
      if (spec.first && items.length > 0) return items.slice(0, 1)
    }
    return items
  }

  /**
   * One page of a list: a single Query of at most `limit + 1` items (the one beyond says
   * whether there is more, so the last page has no `next`), starting after the cursor's sort
   * key. No filter: a page never reads more than it returns, whatever the partition holds.
   */
  private async page<S extends z.ZodType>(
    schema: S,
    page: PageRequest,
    spec: PageSpec,
  ): Promise<Page<z.infer<S>>> {
    // A range's bounds are left out: they may move between pages (the web pages' "upcoming
    // meetings" start from now); the position must still lie inside them.
    const scope = JSON.stringify([
      spec.list,
      spec.IndexName,
      spec.pk[1],
      spec.beginsWith?.[1] ?? null,
      spec.backwards ?? false,
    ])
    const position = z
      .string()
      .min(1)
      .refine(
        (sk) =>
          Buffer.byteLength(sk) <= MAX_SORT_KEY_BYTES && inKeyRange(spec, sk) && spec.tableKey(sk) !== null,
        'not a sort key of this list',
      )
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, scope, position)
    const res = await this.sendPage(
      {
        ...this.queryInput(spec),
        Limit: page.limit + 1,
        ...(spec.backwards ? { ScanIndexForward: false } : {}),
        ...(after !== undefined
          ? { ExclusiveStartKey: { ...spec.tableKey(after), [spec.pk[0]]: spec.pk[1], [spec.sk]: after } }
          : {}),
      },
      after !== undefined,
    )
    const items = res.Items ?? []
    const kept = items.slice(0, page.limit)
    const last = kept.at(-1)
    const more = items.length > page.limit || res.LastEvaluatedKey !== undefined
    return {
      items: kept.map((it) => schema.parse(stripKeys(it))),
      next: more && last ? encodeCursor(scope, String(last[spec.sk])) : null,
    }
  }

  /** A page's Query; a start key DynamoDB still refuses is the cursor's fault, not ours. */
  private async sendPage(input: QueryCommandInput, fromCursor: boolean) {
    try {
      return await this.doc.send(new QueryCommand(input))
    } catch (e) {
      if (
        fromCursor &&
        e instanceof Error &&
        e.name === 'ValidationException' &&
        /starting key/i.test(e.message)
      )
        throw invalidCursor('it points outside this list', e)
      throw e
    }
  }

  private queryInput(spec: Omit<QuerySpec, 'first'>): QueryCommandInput {
    const names: Record<string, string> = { '#pk': spec.pk[0], ...spec.filter?.names }
    const values: Record<string, NativeAttributeValue> = { ':pk': spec.pk[1], ...spec.filter?.values }
    let condition = '#pk = :pk'
    if (spec.between) {
      names['#sk'] = spec.between[0]
      values[':lo'] = spec.between[1]
      values[':hi'] = spec.between[2]
      condition += ' AND #sk BETWEEN :lo AND :hi'
    } else if (spec.beginsWith) {
      names['#sk'] = spec.beginsWith[0]
      values[':prefix'] = spec.beginsWith[1]
      condition += ' AND begins_with(#sk, :prefix)'
    }
    return {
      TableName: this.tableName,
      ...(spec.IndexName ? { IndexName: spec.IndexName } : {}),
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(spec.filter ? { FilterExpression: spec.filter.expression } : {}),
      // Base-table reads are strongly consistent (a stream handler must see the write that
      // triggered it); index reads cannot be.
      ...(spec.IndexName ? {} : { ConsistentRead: true }),
    }
  }
}

type QuerySpec = {
  IndexName?: string
  pk: readonly [string, string]
  between?: readonly [string, string, string]
  beginsWith?: readonly [string, string]
  filter?: {
    expression: string
    names?: Record<string, string>
    values?: Record<string, NativeAttributeValue>
  }
  /** Stop at the first matching item (after the filter). */
  first?: boolean
}

/** A list served a page at a time (see `Store.page`): always an index, never a filter. */
type PageSpec = Omit<QuerySpec, 'filter' | 'first' | 'IndexName'> & {
  IndexName: string
  /** The index's sort key attribute (the cursor holds its value on the page's last item). */
  sk: string
  /** Names the list, so a cursor of one list is refused by another. */
  list: string
  backwards?: boolean
  /** The table key of the item with this index sort key (a GSI's start key needs it), or null. */
  tableKey: (sk: string) => { PK: string; SK: string } | null
}

/** DynamoDB's limit on a sort key's size. */
const MAX_SORT_KEY_BYTES = 1024
/** The highest version a history key can spell (see `key.history`). */
const MAX_VERSION = 99_999_999

/** Whether a sort key lies in the list's key condition (compared as DynamoDB does, by UTF-8 bytes). */
function inKeyRange(spec: PageSpec, sk: string): boolean {
  if (spec.beginsWith) return sk.startsWith(spec.beginsWith[1])
  if (!spec.between) return true
  const bytes = Buffer.from(sk)
  return (
    Buffer.compare(Buffer.from(spec.between[1]), bytes) <= 0 &&
    Buffer.compare(bytes, Buffer.from(spec.between[2])) <= 0
  )
}

function ownerLinkOf(it: Item): OwnerLink {
  return {
    actionId: String(it.actionId),
    personId: String(it.personId),
    boardId: String(it.boardId),
    status: String(it.status),
  }
}

/** The state a write was conditional on is no longer current (caught inside the store). */
class Superseded extends ConflictError {
  constructor(message: string) {
    super('stale-version', message)
  }
}

function stripKeys(item: Item): Item {
  const out: Item = {}
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k)) out[k] = v
  return out
}

function isConditionalFailure(e: unknown): boolean {
  return e instanceof Error && e.name === 'ConditionalCheckFailedException'
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const ACTION_SK = key.action('').SK

/** How many actions a chunk changes (each group holds one update of the action item). */
function countActions(chunk: TxItem[]): number {
  return chunk.filter((i) => i.op.Update?.Key?.SK === ACTION_SK).length
}

/** DynamoDB's 4 MB transaction limit, with room for request overhead. */
const MAX_TRANSACTION_BYTES = 3_500_000

/**
 * Packs groups of transaction items into chunks without splitting a group, keeping each
 * chunk within the item limit and (by the items' JSON size) the byte limit.
 */
export function chunkGroups<T>(groups: T[][], max: number, maxBytes = MAX_TRANSACTION_BYTES): T[][] {
  const chunks: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const g of groups) {
    const size = Buffer.byteLength(JSON.stringify(g))
    if ((current.length + g.length > max || bytes + size > maxBytes) && current.length > 0) {
      chunks.push(current)
      current = []
      bytes = 0
    }
    current.push(...g)
    bytes += size
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}
