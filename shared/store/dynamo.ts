import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  type NativeAttributeValue,
  PutCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb'
import * as z from 'zod'
import type { Page, PageRequest } from '../domain/page.ts'
import { type AppError, ConflictError } from '../errors.ts'
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts'
import { type Keys, key, type TableKey } from './keys.ts'

export type Item = Record<string, NativeAttributeValue>
type TxOp = NonNullable<TransactWriteCommandInput['TransactItems']>[number]
/** A transaction item and the error to raise if its condition is what cancelled the transaction. */
export type TxItem = { op: TxOp; onConditionFailed?: () => AppError }
/** A write's condition, with the names and values it uses. */
export type Condition = {
  expression: string
  names?: Record<string, string>
  values?: Record<string, NativeAttributeValue>
}

/** The usual condition of a create or a reservation: nothing is stored under the key yet. */
export const MUST_NOT_EXIST: Condition = { expression: 'attribute_not_exists(PK)' }

/** DynamoDB's limit on items in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100
/** DynamoDB's 4 MB transaction limit, with room for request overhead. */
const MAX_TRANSACTION_BYTES = 3_500_000
/** DynamoDB's limit on a sort key's size. */
const MAX_SORT_KEY_BYTES = 1024
/** BatchGetItem's limit on keys in one request. */
const MAX_BATCH_GET = 100

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

/** An item a lenient table's list read past: its key, its type, and why its schema refused it. */
export type UnreadableItem = { key: TableKey; type: string | null; error: string }

export type QuerySpec = {
  IndexName?: string
  pk: readonly [string, string]
  between?: readonly [string, string, string]
  beginsWith?: readonly [string, string]
  filter?: Condition
  /** Stop at the first matching item (after the filter). */
  first?: boolean
}

/** A list served a page at a time (see `Table.page`): an index or a partition's key range, never a filter. */
export type PageSpec = Omit<QuerySpec, 'filter' | 'first'> & {
  /** The index's sort key attribute (the cursor holds its value on the page's last item). */
  sk: string
  /** Names the list, so a cursor of one list is refused by another. */
  list: string
  backwards?: boolean
  /** The table key of the item with this index sort key (a GSI's start key needs it), or null. */
  tableKey: (sk: string) => TableKey | null
}

/**
 * The one DynamoDB helper every repository works through: the table's name and client, and
 * the operations they share (reads parsed by a zod schema, one-page queries behind a cursor,
 * BatchGet that asks again for unprocessed keys, transactions whose cancellation becomes the
 * error of the item that failed). Repositories hold the key choices and conditions; this
 * holds only how DynamoDB is spoken to, so each rule of the protocol lives once.
 */
export class Table {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly name: string,
    /**
     * Given, the lists read past an item their schema refuses, reporting it here, instead of
     * failing the whole read (the records export's store: one bad record must not stop the rest).
     */
    private readonly onUnreadable?: (item: UnreadableItem) => void,
  ) {}

  /**
   * Items of a list, parsed; one that does not parse fails the read, or on a table given
   * `onUnreadable` is reported there with its key and left out.
   */
  parseAll<S extends z.ZodType>(schema: S, items: readonly Item[]): z.infer<S>[] {
    const out: z.infer<S>[] = []
    for (const it of items) {
      if (!this.onUnreadable) {
        out.push(schema.parse(stripKeys(it)))
        continue
      }
      const parsed = schema.safeParse(stripKeys(it))
      if (parsed.success) out.push(parsed.data)
      else
        this.onUnreadable({
          key: { PK: String(it.PK), SK: String(it.SK) },
          type: typeof it.type === 'string' ? it.type : null,
          error: parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; '),
        })
    }
    return out
  }

  /**
   * Whether the table answers (the readiness check): one GetItem of a key nothing is stored
   * under, so it needs only the read permission every function has and costs half a read unit.
   * Given up after `timeoutMs`, retries included; throws the SDK's error if it does not answer.
   */
  async probe(timeoutMs: number): Promise<void> {
    await this.doc.send(new GetCommand({ TableName: this.name, Key: key.readinessProbe }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    })
  }

  /** One item, parsed (strongly consistent: a stream handler must see the write that triggered it). */
  async get<S extends z.ZodType>(k: TableKey, schema: S): Promise<z.infer<S> | null> {
    const item = await this.getItem(k)
    return item ? schema.parse(stripKeys(item)) : null
  }

  /** One item as stored, keys and all, or part of it (a projection). */
  async getItem(
    k: TableKey,
    projection: Pick<GetCommandInput, 'ProjectionExpression' | 'ExpressionAttributeNames'> = {},
  ): Promise<Item | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.name, Key: k, ConsistentRead: true, ...projection }),
    )
    return res.Item
  }

  /**
   * Writes a new entity, whose id is fresh: if it is already there, it can only be this very
   * write, landed on an attempt whose answer the client timed out on and then retried, so that
   * is success, not a conflict.
   */
  async putNew(item: Item & TableKey & { id: string; createdAt: string }): Promise<void> {
    try {
      await this.put(item, MUST_NOT_EXIST)
    } catch (e) {
      if (!isConditionalFailure(e)) throw e
      const there = await this.getItem({ PK: item.PK, SK: item.SK })
      if (there?.id !== item.id || there?.createdAt !== item.createdAt) throw e
    }
  }

  async put(item: Item, condition?: Condition): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.name, Item: item, ...conditionInput(condition) }))
  }

  /** An UpdateItem; answers the attributes `ReturnValues` asks for. */
  async update(
    k: TableKey,
    update: Omit<UpdateCommandInput, 'TableName' | 'Key'>,
  ): Promise<Item | undefined> {
    const res = await this.doc.send(new UpdateCommand({ TableName: this.name, Key: k, ...update }))
    return res.Attributes
  }

  /** Deletes an item; answers what it held if `returnOld` (undefined if nothing was there). */
  async delete(k: TableKey, opts: { returnOld?: boolean } = {}): Promise<Item | undefined> {
    const res = await this.doc.send(
      new DeleteCommand({
        TableName: this.name,
        Key: k,
        ...(opts.returnOld ? { ReturnValues: 'ALL_OLD' } : {}),
      }),
    )
    return res.Attributes
  }

  /** Items by key, parsed, in no particular order; keys asked for twice are read once. */
  async batchGet<S extends z.ZodType>(keys: readonly TableKey[], schema: S): Promise<z.infer<S>[]> {
    const unique = [...new Map(keys.map((k) => [`${k.PK}|${k.SK}`, k])).values()]
    const out: z.infer<S>[] = []
    for (let i = 0; i < unique.length; i += MAX_BATCH_GET) {
      let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + MAX_BATCH_GET)
      // BatchGet may return part of the keys unprocessed under load; ask again for those.
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        const res: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.name]: { Keys: pending, ConsistentRead: true } },
          }),
        )
        out.push(...this.parseAll(schema, res.Responses?.[this.name] ?? []))
        pending = res.UnprocessedKeys?.[this.name]?.Keys
        if (pending?.length) await sleep(Math.min(1000, 25 * 2 ** attempt))
      }
    }
    return out
  }

  /** Every item of a query, parsed, following DynamoDB's pages to the end. */
  async query<S extends z.ZodType>(schema: S, spec: QuerySpec): Promise<z.infer<S>[]> {
    return this.parseAll(schema, await this.queryItems(spec))
  }

  /** Every item of a query as stored (for rows whose keys carry what the schema reads). */
  async queryItems(spec: QuerySpec): Promise<Item[]> {
    const input = { TableName: this.name, ...this.queryInput(spec) }
    const items: Item[] = []
    for await (const page of paginateQuery({ client: this.doc }, input)) {
      items.push(...(page.Items ?? []))
      if (spec.first && items.length > 0) return items.slice(0, 1)
    }
    return items
  }

  /**
   * One Query as given, one page of DynamoDB's. With `fromCursor`, a start key DynamoDB still
   * refuses is the cursor's fault (a 400), not ours.
   */
  async queryOnce(
    input: Omit<QueryCommandInput, 'TableName'>,
    opts: { fromCursor?: boolean } = {},
  ): Promise<QueryCommandOutput> {
    try {
      return await this.doc.send(new QueryCommand({ TableName: this.name, ...input }))
    } catch (e) {
      if (
        opts.fromCursor &&
        e instanceof Error &&
        e.name === 'ValidationException' &&
        /starting key/i.test(e.message)
      )
        throw invalidCursor('it points outside this list', e)
      throw e
    }
  }

  /**
   * One page of a list: a single Query of at most `limit + 1` items (the one beyond says
   * whether there is more, so the last page has no `next`), starting after the cursor's sort
   * key. No filter: a page never reads more than it returns, whatever the partition holds.
   */
  async page<S extends z.ZodType>(schema: S, page: PageRequest, spec: PageSpec): Promise<Page<z.infer<S>>> {
    const { scope, after } = this.positionOf(page, spec)
    const res = await this.queryOnce(
      { ...this.queryInput(spec), ...this.startingAfter(spec, after), Limit: page.limit + 1 },
      { fromCursor: after !== undefined },
    )
    const items = res.Items ?? []
    const kept = items.slice(0, page.limit)
    const last = kept.at(-1)
    const more = items.length > page.limit || res.LastEvaluatedKey !== undefined
    return {
      items: this.parseAll(schema, kept),
      next: more && last ? encodeCursor(scope, String(last[spec.sk])) : null,
    }
  }

  /**
   * A page of the list's items that `keep` accepts, reading at most `readBound` items in
   * order: a page may hold fewer than asked (even none) with a `next` to read on, so a filter
   * over a long list costs each request a bounded read, never a Scan. `spec.list` must name
   * the filter too, so a cursor of one filter is refused by another.
   */
  async pageWhere<S extends z.ZodType>(
    schema: S,
    page: PageRequest,
    spec: PageSpec,
    keep: (item: z.infer<S>) => boolean,
    readBound: number,
  ): Promise<Page<z.infer<S>>> {
    const { scope, after } = this.positionOf(page, spec)
    const kept: z.infer<S>[] = []
    let position = after
    let read = 0
    while (read < readBound) {
      const res = await this.queryOnce(
        { ...this.queryInput(spec), ...this.startingAfter(spec, position), Limit: readBound - read },
        { fromCursor: position !== undefined && position === after },
      )
      const items = res.Items ?? []
      for (const [i, it] of items.entries()) {
        read++
        position = String(it[spec.sk])
        const item = schema.parse(stripKeys(it))
        if (!keep(item)) continue
        kept.push(item)
        if (kept.length === page.limit) {
          const more = i < items.length - 1 || res.LastEvaluatedKey !== undefined
          return { items: kept, next: more ? encodeCursor(scope, position) : null }
        }
      }
      if (!res.LastEvaluatedKey) return { items: kept, next: null }
    }
    return { items: kept, next: position === undefined ? null : encodeCursor(scope, position) }
  }

  /** Where a page starts: the cursor's sort key, checked to be one of this list's. */
  private positionOf(page: PageRequest, spec: PageSpec): { scope: string; after: string | undefined } {
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
    return {
      scope,
      after: page.cursor === undefined ? undefined : decodeCursor(page.cursor, scope, position),
    }
  }

  private startingAfter(spec: PageSpec, sk: string | undefined): Partial<QueryCommandInput> {
    return {
      ...(spec.backwards ? { ScanIndexForward: false } : {}),
      ...(sk !== undefined
        ? { ExclusiveStartKey: { ...spec.tableKey(sk), [spec.pk[0]]: spec.pk[1], [spec.sk]: sk } }
        : {}),
    }
  }

  queryInput(spec: Omit<QuerySpec, 'first'>): Omit<QueryCommandInput, 'TableName'> {
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

  /**
   * Runs a transaction and turns a cancellation into the error of the item whose condition
   * failed; a clash with a concurrent transaction is a stale write too (409, retryable).
   */
  async transact(items: readonly TxItem[]): Promise<void> {
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

  // ---- transaction items ---------------------------------------------------------------

  putItem(item: Item, condition?: Condition, onConditionFailed?: () => AppError): TxItem {
    return {
      op: { Put: { TableName: this.name, Item: item, ...conditionInput(condition) } },
      ...(onConditionFailed ? { onConditionFailed } : {}),
    }
  }

  deleteItem(k: TableKey): TxItem {
    return { op: { Delete: { TableName: this.name, Key: k } } }
  }

  checkItem(k: TableKey, condition: Condition, onConditionFailed: () => AppError): TxItem {
    return {
      op: {
        ConditionCheck: {
          TableName: this.name,
          Key: k,
          ConditionExpression: condition.expression,
          ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
          ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
        },
      },
      onConditionFailed,
    }
  }

  /** A versioned entity's Put, conditional on the version the caller read (a stale one is a 409). */
  versionedPut(keys: Keys, type: string, entity: { id: string }, expectedVersion: number): TxItem {
    return this.putItem(
      { ...keys, type, ...entity },
      { expression: 'version = :expected', values: { ':expected': expectedVersion } },
      () =>
        new ConflictError(
          'stale-version',
          `${type} ${entity.id} was changed by someone else (expected version ${expectedVersion})`,
        ),
    )
  }
}

function conditionInput(c: Condition | undefined) {
  if (!c) return {}
  return {
    ConditionExpression: c.expression,
    ...(c.names ? { ExpressionAttributeNames: c.names } : {}),
    ...(c.values ? { ExpressionAttributeValues: c.values } : {}),
  }
}

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

/** A stored item without its key attributes and type: what the entity's schema reads. */
export function stripKeys(item: Item): Item {
  const out: Item = {}
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k)) out[k] = v
  return out
}

export function isConditionalFailure(e: unknown): boolean {
  return e instanceof Error && e.name === 'ConditionalCheckFailedException'
}

/** A single write whose condition may fail as an answer, not an error: true if it was written. */
export async function ifConditionHolds(write: Promise<unknown>): Promise<boolean> {
  try {
    await write
    return true
  } catch (e) {
    if (isConditionalFailure(e)) return false
    throw e
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

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
