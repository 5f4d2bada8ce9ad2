import { randomBytes } from 'node:crypto'
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ulid } from 'ulid'
import { buildApiHandler } from '#functions/api/lambda.ts'
import { publicRoutes } from '#functions/api/routes.ts'
import { createDocumentClient } from '#shared/aws-clients.ts'
import { ApiConfig, loadConfig } from '#shared/config.ts'
import { CreateBoardInput } from '#shared/domain/board.ts'
import type { Principal } from '#shared/domain/principal.ts'
import { formatReference, withOrdinal } from '#shared/domain/reference.ts'
import { actionItem, ownerIndexItem } from '#shared/store/actions.ts'
import { Store } from '#shared/store/store.ts'
import { createBoard } from '#shared/usecases/boards.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { signLocalToken, verifyLocalToken } from './auth.ts'
import { ensureTable, startDynamoLocal } from './dynamodb-local.ts'
import { startHttpAdapter } from './http-adapter.ts'
import { openAction, seedMeetings, seedOwners } from './seed.ts'

/**
 * The fault suite's list-load case and `bench:list`: a board whose action log holds `n`
 * actions, written straight into the table as the store writes them, and `clients`
 * concurrent clients reading that log through the API page by page for a while, each
 * walking from the first page to the last by the cursors, over and over. Every answer is
 * checked (a 200, a page of at most `limit` actions of that board, a `Link` header exactly
 * when there is a next page) and every complete walk must have seen each action once.
 */
const SECRETARIAT: Principal = { subject: 'list-load', role: 'secretariat', personId: null }
const OWNERS = 5

/** The API alone (its Lambda handler behind the emulated API Gateway) on a table of DynamoDB Local. */
export async function startListApi(opts: { dynamoEndpoint: string; tableName: string }) {
  const config = loadConfig(ApiConfig, {
    TABLE_NAME: opts.tableName,
    DYNAMODB_ENDPOINT: opts.dynamoEndpoint,
    LOG_LEVEL: 'SILENT',
    LINK_SECRET: randomBytes(32).toString('base64url'),
  })
  const doc = createDocumentClient({ region: config.AWS_REGION, endpoint: opts.dynamoEndpoint })
  const deps: Deps = { store: new Store(doc, opts.tableName), now: () => new Date(), newId: () => ulid() }
  const signing = randomBytes(32)
  const http = await startHttpAdapter({
    handler: buildApiHandler(config, deps),
    verify: (t) => verifyLocalToken(signing, t),
    publicRoutes,
    port: 0,
  })
  return {
    url: http.url,
    tableName: opts.tableName,
    deps,
    doc,
    token: await signLocalToken(signing, { role: 'secretariat' }),
    close: async () => {
      await http.close()
      doc.destroy()
    },
  }
}

/**
 * The API alone on a fresh table of a DynamoDB Local of its own (bench:list,
 * bench:board-log); both are stopped once `run` ends, however it ends.
 */
export async function withListApi<T>(
  tableName: string,
  run: (api: Awaited<ReturnType<typeof startListApi>>) => Promise<T>,
): Promise<T> {
  const dynamo = await startDynamoLocal()
  try {
    await ensureTable(dynamo.endpoint, tableName)
    const api = await startListApi({ dynamoEndpoint: dynamo.endpoint, tableName })
    try {
      return await run(api)
    } finally {
      await api.close()
    }
  } finally {
    await dynamo.stop()
  }
}

/**
 * A board with `actions` open actions raised at one meeting and due at the next, among
 * five owners. The board, owners and meetings go through the use cases; the actions are
 * written with BatchWriteItem, 25 a request and several requests at once, as the items
 * `Store.createAction` writes that any list reads: the action and its owner's index row,
 * keyed by shared/store/keys.ts. Its reference reservation and first history entry are
 * left out (no list reads them; each item costs DynamoDB Local about the same, so this
 * halves the seeding), as is the transaction: 10,000 of those through the API take minutes.
 */
export async function seedActionLog(
  deps: Deps,
  doc: DynamoDBDocumentClient,
  tableName: string,
  opts: { actions: number; name?: string },
): Promise<{ boardId: string; actionIds: string[] }> {
  const board = await createBoard(
    deps,
    SECRETARIAT,
    CreateBoardInput.parse({
      name: opts.name ?? `Action log of ${opts.actions}`,
      shortName: 'PAM',
      secretariatEmails: ['secretariat@opcc.example'],
    }),
  )
  const owners = await seedOwners(deps, SECRETARIAT, OWNERS, (i) => ({
    initials: `O${i}${ulid().slice(-4)}`,
    email: `o${i}@force.example`,
  }))
  const [raisedAt, due] = await seedMeetings(deps, SECRETARIAT, board.id, [
    '2026-03-10T10:00:00Z',
    '2099-04-07T09:00:00Z',
  ])
  const now = new Date().toISOString()
  const items: Record<string, unknown>[] = []
  const actionIds: string[] = []
  for (let i = 0; i < opts.actions; i++) {
    const itemNumber = (i % 99) + 1
    const action = openAction({
      id: ulid(),
      boardId: board.id,
      ref: withOrdinal(
        formatReference(itemNumber, new Date(raisedAt.startsAt), board.timeZone),
        Math.floor(i / 99) + 1,
      ),
      itemNumber,
      description: `Written response to be provided on item ${itemNumber} (${i + 1} of ${opts.actions})`,
      ownerIds: [owners[i % OWNERS] ?? ''],
      raisedAt,
      due,
      now,
    })
    actionIds.push(action.id)
    items.push(actionItem(action), ...action.ownerIds.map((o) => ownerIndexItem(action, o)))
  }
  await batchWrite(doc, tableName, items)
  return { boardId: board.id, actionIds }
}

async function batchWrite(doc: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      let pending = items.slice(next, next + 25).map((Item) => ({ PutRequest: { Item } }))
      next += 25
      while (pending.length > 0) {
        const res = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }))
        pending = (res.UnprocessedItems?.[tableName] ?? []) as typeof pending
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

export type LoadResult = {
  requests: number
  errors: number
  /** The first few errors, to say what went wrong. */
  samples: string[]
  /** Each request's time in milliseconds, in completion order. */
  latencies: number[]
  /** Walks from the first page to the last that saw every action exactly once. */
  walks: number
  /** Walks that did not (what was missing or repeated). */
  badWalks: string[]
  /** The most items any page held. */
  largestPage: number
}

/**
 * `clients` clients, each walking the list at `url` (its `Link` headers, from the first
 * page) again and again for `seconds` (or `walksEach` times), page size taken in turn from
 * `limits`. A walk cut short by the deadline counts its requests but is not judged.
 */
export async function listLoad(opts: {
  baseUrl: string
  path: string
  token: string
  boardId: string
  expected: readonly string[]
  clients: number
  seconds: number
  limits: readonly number[]
  /** Stop each client after this many complete walks (else only the deadline stops it). */
  walksEach?: number
}): Promise<LoadResult> {
  const result: LoadResult = {
    requests: 0,
    errors: 0,
    samples: [],
    latencies: [],
    walks: 0,
    badWalks: [],
    largestPage: 0,
  }
  const expected = new Set(opts.expected)
  const deadline = Date.now() + opts.seconds * 1000
  const fail = (what: string) => {
    result.errors++
    if (result.samples.length < 5) result.samples.push(what)
  }
  const client = async (n: number) => {
    for (let walk = 0; Date.now() < deadline && walk < (opts.walksEach ?? Number.POSITIVE_INFINITY); walk++) {
      const limit = opts.limits[(n + walk) % opts.limits.length] ?? 50
      const seen = new Map<string, number>()
      let url: string | null = `${opts.path}?limit=${limit}`
      while (url && Date.now() < deadline) {
        const t0 = performance.now()
        let page: { items: { id: string; boardId: string }[]; next: string | null } | null = null
        let link: string | null = null
        try {
          const res = await fetch(`${opts.baseUrl}${url}`, {
            headers: { authorization: `Bearer ${opts.token}` },
          })
          const text = await res.text()
          result.latencies.push(performance.now() - t0)
          result.requests++
          link = res.headers.get('link')
          if (res.status !== 200) {
            fail(`${res.status} ${text.slice(0, 200)}`)
            break
          }
          page = JSON.parse(text)
        } catch (e) {
          fail(String(e))
          break
        }
        const problem = pageProblem(page, limit, opts.boardId, link)
        if (problem || !page) {
          fail(`${url}: ${problem}`)
          break
        }
        result.largestPage = Math.max(result.largestPage, page.items.length)
        for (const a of page.items) seen.set(a.id, (seen.get(a.id) ?? 0) + 1)
        url = page.next === null ? null : (/^<([^>]+)>/.exec(link ?? '')?.[1] ?? null)
        if (page.next === null) {
          const twice = [...seen].filter(([, k]) => k > 1).length
          const missing = [...expected].filter((id) => !seen.has(id)).length
          const stray = [...seen.keys()].filter((id) => !expected.has(id)).length
          if (twice || missing || stray)
            result.badWalks.push(
              `limit ${limit}: ${twice} twice, ${missing} missing, ${stray} not of the board`,
            )
          else result.walks++
        }
      }
    }
  }
  await Promise.all(Array.from({ length: opts.clients }, (_, n) => client(n)))
  return result
}

/** What is wrong with a page, or null if it is a page of this board's actions. */
function pageProblem(
  page: { items: { id: string; boardId: string }[]; next: string | null } | null,
  limit: number,
  boardId: string,
  link: string | null,
): string | null {
  if (typeof page !== 'object' || page === null) return 'not a JSON object'
  if (Object.keys(page).sort().join() !== 'items,next') return `keys ${Object.keys(page).join()}`
  if (!Array.isArray(page.items)) return 'items is not a list'
  if (page.items.length > limit) return `${page.items.length} items for limit ${limit}`
  if (page.items.some((a) => typeof a.id !== 'string' || a.boardId !== boardId))
    return 'an item of another board'
  if (page.next !== null && typeof page.next !== 'string') return 'next is neither a cursor nor null'
  if ((page.next === null) !== (link === null)) return `next ${page.next} but Link ${link}`
  if (page.next !== null && !link?.includes(`cursor=${page.next}&limit=${limit}>; rel="next"`))
    return `Link ${link} does not carry next`
  return null
}

/** The p-th percentile (0–100) of some numbers, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  )
}
