import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb'
import * as z from 'zod'
import { Action, ActionStatus, HistoryEntry, Outcome } from '../domain/action.ts'
import { Id } from '../domain/common.ts'
import type { Meeting } from '../domain/meeting.ts'
import type { Page, PageRequest } from '../domain/page.ts'
import { normaliseReference } from '../domain/reference.ts'
import { ConflictError } from '../errors.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import {
  chunkGroups,
  type Item,
  MAX_TRANSACTION_ITEMS,
  MUST_NOT_EXIST,
  type PageSpec,
  stripKeys,
  type Table,
  type TxItem,
} from './dynamo.ts'
import {
  actionKeys,
  collection,
  collectionList,
  key,
  MAX_VERSION,
  ownerIndexKeys,
  range,
  tableKeyOf,
} from './keys.ts'
import type { FormUse, LinkStateRepository } from './links.ts'
import { TABLE } from './table.ts'

export type ActionChange = { before: Action; after: Action; history: HistoryEntry }

/**
 * A row of the owner index: an action one owner (person or team) holds, under that owner by
 * the action's status and board (pattern 5). It mirrors the action's status and may briefly
 * lag it after a rollover, so readers check the action itself.
 */
export const OwnerIndexRow = z.object({ actionId: Id, personId: Id, boardId: Id, status: ActionStatus })
export type OwnerIndexRow = z.infer<typeof OwnerIndexRow>

/** One action a rollover changed, as the meeting's rollover log lists it. */
export const RolloverEntry = z.object({ actionId: Id, kind: Outcome })
export type RolloverEntry = z.infer<typeof RolloverEntry>
const RolloverLogRow = z.object({ entries: z.array(RolloverEntry) })

/** The actions raised at a meeting, in minutes order (pattern 3). */
const raisedAt = (meetingId: string) =>
  collectionList('meeting-actions', collection.meetingActions(meetingId), tableKeyOf.action)

/** A board's reference reservation: the reference as entered, and the action holding it. */
const ReferenceRow = z.object({ actionId: Id, ref: z.string() })

/**
 * A store-level list on the action item: the history entries of its rollovers, written in the
 * rollover's update of the action rather than as HIST# items so that a rollover is one
 * transaction item per action. Not part of the `Action` schema (reads strip it), so only
 * the history reads show it. Each entry is small (a few hundred bytes; a discharge note at most
 * a few KB) and an action is carried at most a few dozen times, far below the 400 KB item limit.
 */
const ROLLOVER_HISTORY = 'rolloverHistory'
const RolloverHistory = z.object({ [ROLLOVER_HISTORY]: z.array(HistoryEntry).default([]) })

/** An action's item as stored (the benches and the list-load case seed tables with it too). */
export function actionItem(a: Action): Item {
  return { ...actionKeys(a), type: 'Action', ...a }
}

/** The owner-index row of one owner of `a`, as stored. */
export function ownerIndexItem(a: Pick<Action, 'id' | 'status' | 'boardId'>, personId: string): Item {
  const row: OwnerIndexRow = { actionId: a.id, personId, boardId: a.boardId, status: a.status }
  return { ...ownerIndexKeys(a, personId), type: 'OwnerIndexRow', ...row }
}

/**
 * Actions, with what is kept in step with them: their history (pattern 7), their reference
 * reservations (unique per board), the owner index (pattern 5) and the rollover log (what a
 * meeting's rollover changed). Every write to an action is conditional on the version the
 * caller read, and its history entry is written in the same transaction.
 */
export class ActionRepository {
  constructor(
    private readonly table: Table,
    private readonly links: LinkStateRepository,
  ) {}

  /** Creates an action, its reference reservation, owner-index rows and first history entry. */
  async create(action: Action, history: HistoryEntry): Promise<void> {
    await this.table.transact([
      this.table.putItem(actionItem(action), MUST_NOT_EXIST),
      this.reserveReference(action),
      ...action.ownerIds.map((o) => this.putOwnerIndex(action, o)),
      this.putHistory(history),
      ...this.dueMeetingStillAsCopied(action),
    ])
  }

  get(id: string): Promise<Action | null> {
    return this.table.get(key.action(id), Action)
  }

  batchGet(ids: readonly string[]): Promise<Action[]> {
    return this.table.batchGet(ids.map(key.action), Action)
  }

  /**
   * Saves a changed action conditional on the version read, keeping the owner index, the
   * reference reservation and the history in step, all in one transaction.
   */
  async save(
    prev: Action,
    next: Action,
    history: HistoryEntry,
    opts: { consumeForm?: FormUse } = {},
  ): Promise<void> {
    const items: TxItem[] = [this.actionUpdate(prev, next)]
    if (opts.consumeForm) items.push(this.links.useFormItem(opts.consumeForm))
    for (const o of prev.ownerIds)
      if (!next.ownerIds.includes(o)) items.push(this.table.deleteItem(key.ownerIndex(prev.id, o)))
    items.push(...next.ownerIds.map((o) => this.putOwnerIndex(next, o)))
    if (key.reference(prev.boardId, prev.ref).SK !== key.reference(next.boardId, next.ref).SK) {
      items.push(this.table.deleteItem(key.reference(prev.boardId, prev.ref)), this.reserveReference(next))
    }
    items.push(this.putHistory(history))
    if (next.dueMeetingId !== prev.dueMeetingId) items.push(...this.dueMeetingStillAsCopied(next))
    await this.table.transact(items)
  }

  /** Actions raised at a meeting, in minutes order (pattern 3). */
  listRaisedAt(meetingId: string): Promise<Action[]> {
    return this.table.query(Action, raisedAt(meetingId))
  }

  /** A page of the actions raised at a meeting, in minutes order (pattern 3). */
  pageRaisedAt(meetingId: string, page: PageRequest): Promise<Page<Action>> {
    return this.table.page(Action, page, raisedAt(meetingId))
  }

  /** Open actions of a board due at or before `startsAt` (pattern 4; sparse index). */
  listOpenDueBy(boardId: string, startsAt: string): Promise<Action[]> {
    return this.table.query(Action, {
      IndexName: TABLE.indexes.openByDue.name,
      pk: ['GSI2PK', collection.openActions(boardId)],
      between: ['GSI2SK', ...range.openDueBy(startsAt)],
    })
  }

  /** A page of a board's open actions due at or before `startsAt`, earliest due first (pattern 4). */
  pageOpenDueBy(boardId: string, startsAt: string, page: PageRequest): Promise<Page<Action>> {
    return this.table.page(Action, page, {
      list: 'open-due-by',
      IndexName: TABLE.indexes.openByDue.name,
      pk: ['GSI2PK', collection.openActions(boardId)],
      sk: 'GSI2SK',
      between: ['GSI2SK', ...range.openDueBy(startsAt)],
      tableKey: tableKeyOf.action,
    })
  }

  /** Every open action of a board, due order, awaiting-meeting last (patterns 4 and 6). */
  listOpen(boardId: string): Promise<Action[]> {
    return this.table.query(Action, {
      IndexName: TABLE.indexes.openByDue.name,
      pk: ['GSI2PK', collection.openActions(boardId)],
    })
  }

  /** Open actions due at exactly this meeting (to move them when it is rescheduled). */
  listOpenDueAt(boardId: string, meeting: Pick<Meeting, 'id' | 'startsAt'>): Promise<Action[]> {
    return this.table.query(Action, {
      IndexName: TABLE.indexes.openByDue.name,
      pk: ['GSI2PK', collection.openActions(boardId)],
      beginsWith: ['GSI2SK', range.openDueAt(meeting.startsAt)],
      filter: { expression: 'dueMeetingId = :m', values: { ':m': meeting.id } },
    })
  }

  /** Open actions of a board that wait for a meeting to be scheduled. */
  listAwaiting(boardId: string): Promise<Action[]> {
    return this.table.query(Action, {
      IndexName: TABLE.indexes.openByDue.name,
      pk: ['GSI2PK', collection.openActions(boardId)],
      beginsWith: ['GSI2SK', range.openAwaiting],
    })
  }

  /**
   * A board's open work-programme items (reports, standing items, briefing notes): its open
   * actions by status and raising date (GSI3), the ordinary ones filtered out, so the read
   * grows with the board's open work, never with the table.
   */
  listWorkProgramme(boardId: string): Promise<Action[]> {
    return this.table.query(Action, {
      IndexName: TABLE.indexes.byStatus.name,
      pk: ['GSI3PK', collection.boardActions(boardId)],
      beginsWith: ['GSI3SK', range.boardActionsOf('open')],
      filter: {
        expression: '#kind IN (:report, :standing, :briefing)',
        names: { '#kind': 'kind' },
        values: { ':report': 'report', ':standing': 'standing', ':briefing': 'briefing' },
      },
    })
  }

  /**
   * A page of a board's actions, of one status or else every shown one (withdrawn ones only
   * when asked for): by status, then raising date.
   */
  pageByBoard(boardId: string, status: ActionStatus | undefined, page: PageRequest): Promise<Page<Action>> {
    return this.table.page(Action, page, boardIndex(boardId, status, 'board-actions'))
  }

  /**
   * A page of a board's actions (one status, or all) that `keep` accepts, in the order of
   * `pageByBoard`, reading at most `readBound` of them: the filtered board log. `filterKey`
   * names the filter, so a cursor of one filter is refused by another.
   */
  searchByBoard(
    boardId: string,
    status: ActionStatus | undefined,
    filterKey: string,
    keep: (a: Action) => boolean,
    page: PageRequest,
    readBound: number,
  ): Promise<Page<Action>> {
    return this.table.pageWhere(
      Action,
      page,
      boardIndex(boardId, status, `board-actions:${filterKey}`),
      keep,
      readBound,
    )
  }

  /**
   * A page of owner-index rows taken from several owners' key ranges at once (pattern 5: a
   * person's own, their teams' and those they deputise for; or one owner's on one board, each
   * status), merged in sort-key order: status, board, then action (so the order actions were
   * entered). One bounded Query per range; the rows of an action held by several of the
   * owners come out together. `list` names the list for its cursors (the ranges may change
   * between pages, as team membership does, without breaking them).
   */
  async pageOwnerIndex(
    list: string,
    ranges: readonly { personId: string; status?: ActionStatus | undefined; boardId?: string }[],
    page: PageRequest,
  ): Promise<Page<OwnerIndexRow>> {
    const prefixed = ranges.map((r) => ({
      personId: r.personId,
      prefix: range.ownerIndexOf(r.status, r.boardId),
    }))
    const scope = JSON.stringify(['owner-index', list])
    const position = z
      .string()
      .refine(
        (sk) =>
          prefixed.some((r) => sk.startsWith(r.prefix) && tableKeyOf.ownerIndex(r.personId)(sk) !== null),
        'not an owner-index row of these ranges',
      )
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, scope, position)
    const results = await Promise.all(
      prefixed.map(async (r) => {
        const start = after?.startsWith(r.prefix) ? after : undefined
        // A range wholly before where the last page stopped has nothing left to give.
        if (after !== undefined && start === undefined && after > r.prefix) return { items: [], more: false }
        const pk = collection.ownerActions(r.personId)
        const res = await this.table.queryOnce(
          {
            ...this.table.queryInput({
              IndexName: TABLE.indexes.byStatus.name,
              pk: ['GSI3PK', pk],
              ...(r.prefix ? { beginsWith: ['GSI3SK', r.prefix] as const } : {}),
            }),
            Limit: page.limit + 1,
            ...(start
              ? {
                  ExclusiveStartKey: {
                    ...tableKeyOf.ownerIndex(r.personId)(start),
                    GSI3PK: pk,
                    GSI3SK: after,
                  },
                }
              : {}),
          },
          { fromCursor: after !== undefined },
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
      items: rows
        .filter((it) => last !== undefined && String(it.GSI3SK) <= last)
        .map((it) => OwnerIndexRow.parse(it)),
      next: more && last !== undefined ? encodeCursor(scope, last) : null,
    }
  }

  /**
   * Brings an action's owner-index rows to its status and owners as of `action`: a row for
   * each owner, and the rows of `previousOwnerIds` no longer on it deleted. Conditional on the
   * action still being at `action.version`: if it has moved on, nothing is written and false
   * is returned, because every later change either wrote its rows itself (the API paths do
   * whenever status or owners change) or is a rollover whose own stream record syncs them,
   * and writing this older state would undo that.
   */
  async syncOwnerIndex(action: Action, previousOwnerIds: readonly string[]): Promise<boolean> {
    try {
      await this.table.transact([
        this.table.checkItem(
          key.action(action.id),
          { expression: 'version = :version', values: { ':version': action.version } },
          () => new Superseded(`action ${action.id} is past version ${action.version}`),
        ),
        ...previousOwnerIds
          .filter((o) => !action.ownerIds.includes(o))
          .map((o) => this.table.deleteItem(key.ownerIndex(action.id, o))),
        ...action.ownerIds.map((o) => this.putOwnerIndex(action, o)),
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
   * (which also holds its owner-index rows, left out here).
   */
  async listHistory(actionId: string): Promise<HistoryEntry[]> {
    const items = await this.table.queryItems({ pk: ['PK', key.action(actionId).PK] })
    const entries: HistoryEntry[] = []
    for (const it of items) {
      if (it.type === 'History') entries.push(...this.table.parseAll(HistoryEntry, [it]))
      else if (it.type === 'Action')
        for (const a of this.table.parseAll(RolloverHistory, [it])) entries.push(...a[ROLLOVER_HISTORY])
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
    const [from, to] = range.historyAfter(actionId, after)
    const [action, hist] = await Promise.all([
      this.table.getItem(key.action(actionId), {
        ProjectionExpression: '#history',
        ExpressionAttributeNames: { '#history': ROLLOVER_HISTORY },
      }),
      this.table.queryOnce({
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': key.action(actionId).PK, ':from': from, ':to': to },
        Limit: page.limit + 1,
        ConsistentRead: true,
      }),
    ])
    const rolled = RolloverHistory.parse(action ?? {})[ROLLOVER_HISTORY]
    const stored = (hist.Items ?? []).map((it) => HistoryEntry.parse(stripKeys(it)))
    // Past the last HIST# item read there may be more of them: rollover entries beyond it wait.
    const cutoff = hist.LastEvaluatedKey ? (stored.at(-1)?.version ?? after) : MAX_VERSION
    const entries = [...stored, ...rolled]
      .filter((h) => h.version > after)
      .sort((a, b) => a.version - b.version)
    const eligible = entries.filter((h) => h.version <= cutoff)
    const items = eligible.slice(0, page.limit)
    const last = items.at(-1)
    const more = entries.length > items.length
    return { items, next: more && last ? encodeCursor(scope, last.version) : null }
  }

  /** The actions holding these references on a board, by normalised reference (absent: none). */
  async idsByReference(boardId: string, refs: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.table.batchGet(
      refs.map((r) => key.reference(boardId, r)),
      ReferenceRow,
    )
    return new Map(rows.map((r) => [normaliseReference(r.ref), r.actionId]))
  }

  /** References of a board starting with `base`, to number a second action on one item. */
  async referencesStartingWith(boardId: string, base: string): Promise<string[]> {
    const rows = await this.table.query(ReferenceRow, {
      pk: ['PK', key.board(boardId).PK],
      beginsWith: ['SK', range.references(base)],
    })
    return rows.map((r) => r.ref)
  }

  /**
   * Applies changes to many actions in transactions of at most 100 items and 3.5 MB, never
   * splitting one action's group: the action (conditional on the version the change was
   * planned from), its owner-index rows when its status or owners change, and its history
   * entry. Each transaction also checks that the meeting the actions now fall due at is still
   * scheduled at the start they copied, and, for a rollover, writes one log item under the
   * meeting listing what it did (read back consistently for the owners' emails).
   *
   * A rollover's group is the action's update alone, so a transaction carries 98 actions (99
   * with no target meeting to check): the history entry goes on the action item
   * (ROLLOVER_HISTORY), and the owner-index rows of an action it discharges are brought up to
   * date from the table's stream (`syncOwnerIndex`); readers of the index check the action's
   * own status meanwhile.
   * `afterChunk` lets tests stop part-way. Returns the number of transactions.
   */
  async applyChanges(
    changes: readonly ActionChange[],
    opts: {
      rolloverOf?: string
      target?: Pick<Meeting, 'id' | 'startsAt'> | null
      afterChunk?: (index: number) => void | Promise<void>
    } = {},
  ): Promise<number> {
    const groups = changes.map((c) =>
      opts.rolloverOf ? [this.actionUpdate(c.before, c.after, c.history)] : this.changeItems(c),
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
        const log: z.infer<typeof RolloverLogRow> = {
          entries: inChunk.map((c) => ({ actionId: c.after.id, kind: rolloverKind(c.history) })),
        }
        extra.push(
          this.table.putItem({
            ...key.rolloverLog(opts.rolloverOf, inChunk[0].after.id),
            type: 'RolloverLog',
            ...log,
          }),
        )
      }
      await this.table.transact([...chunk, ...extra])
      await opts.afterChunk?.(i)
    }
    return chunks.length
  }

  /** What a meeting's rollover did, read from the base table (strongly consistent). */
  async listRolloverEntries(meetingId: string): Promise<RolloverEntry[]> {
    const logs = await this.table.query(RolloverLogRow, {
      pk: ['PK', key.meeting(meetingId).PK],
      beginsWith: ['SK', range.rolloverLog],
    })
    return logs.flatMap((l) => l.entries)
  }

  /**
   * One action's change as transaction items: the action conditional on the version it was
   * planned from, its owner-index rows when its status or owners change (they do not encode
   * the due meeting), and its history entry. Public for the meetings' repository, which moves
   * a rescheduled meeting's actions in its own transactions.
   */
  changeItems({ before, after, history }: ActionChange): TxItem[] {
    const rowsMove = before.status !== after.status || before.ownerIds.join() !== after.ownerIds.join()
    return [
      this.actionUpdate(before, after),
      ...(rowsMove
        ? [
            ...before.ownerIds
              .filter((o) => !after.ownerIds.includes(o))
              .map((o) => this.table.deleteItem(key.ownerIndex(before.id, o))),
            ...after.ownerIds.map((o) => this.putOwnerIndex(after, o)),
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
    const { PK, SK, ...next } = actionItem(after)
    const prev = actionItem(before)
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
          TableName: this.table.name,
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

  private putOwnerIndex(a: Action, personId: string): TxItem {
    return this.table.putItem(ownerIndexItem(a, personId))
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
      this.table.checkItem(
        key.meeting(m.id),
        {
          expression: 'startsAt = :startsAt AND #status = :scheduled',
          names: { '#status': 'status' },
          values: { ':startsAt': m.startsAt, ':scheduled': 'scheduled' },
        },
        () =>
          new ConflictError(
            'stale-version',
            'the due meeting was rescheduled or cancelled meanwhile: please try again',
          ),
      ),
    ]
  }

  private reserveReference(a: Action): TxItem {
    const row: z.infer<typeof ReferenceRow> = { actionId: a.id, ref: a.ref }
    return this.table.putItem(
      { ...key.reference(a.boardId, a.ref), type: 'Reference', ...row },
      MUST_NOT_EXIST,
      () => new ConflictError('duplicate', `reference ${a.ref} is already used on this board`),
    )
  }

  private putHistory(h: HistoryEntry): TxItem {
    return this.table.putItem(
      { ...key.history(h.actionId, h.version), type: 'History', ...h },
      MUST_NOT_EXIST,
      () => new ConflictError('stale-version', `action ${h.actionId} already has version ${h.version}`),
    )
  }
}

/** A rollover's change is a discharge or a carry forward, and the log says which. */
function rolloverKind(h: HistoryEntry): RolloverEntry['kind'] {
  return Outcome.parse(h.kind)
}

/** The state a write was conditional on is no longer current (caught inside the repository). */
class Superseded extends ConflictError {
  constructor(message: string) {
    super('stale-version', message)
  }
}

const ACTION_SK = key.action('').SK

/** How many actions a chunk changes (each group holds one update of the action item). */
function countActions(chunk: TxItem[]): number {
  return chunk.filter((i) => i.op.Update?.Key?.SK === ACTION_SK).length
}

/** A board's actions by status, then raising date (GSI3): one status, or every shown one. */
function boardIndex(boardId: string, status: ActionStatus | undefined, list: string): PageSpec {
  return {
    list,
    IndexName: TABLE.indexes.byStatus.name,
    pk: ['GSI3PK', collection.boardActions(boardId)],
    sk: 'GSI3SK',
    ...(status
      ? { beginsWith: ['GSI3SK', range.boardActionsOf(status)] as const }
      : { between: ['GSI3SK', ...range.boardActionsShown] as const }),
    tableKey: tableKeyOf.action,
  }
}
