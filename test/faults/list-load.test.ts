import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DynamoLocal, startDynamoLocal } from '#infra/local/dynamodb-local.ts'
import { listLoad, seedActionLog } from '#infra/local/list-load.ts'
import { type Api, startApi } from '#test/integration/harness.ts'

/**
 * Issue #14's load case: 50 concurrent clients for 30 s on the action log of a board with
 * 10,000 actions (a 2,008-action board used to answer 1.4 MiB, and 36 % of such requests
 * ran into the DynamoDB client's 3 s timeout as 500s). Through the API's real Lambda
 * handler behind the emulated API Gateway, on the integration run's DynamoDB Local.
 */
const ACTIONS = 10_000
const CLIENTS = 50
const SECONDS = 30

let dynamo: DynamoLocal
let api: Api
let seeded: { boardId: string; actionIds: string[] }

beforeAll(async () => {
  // A DynamoDB Local of its own: the shared one, holding every other file's tables by now,
  // takes several times as long to write the 20,000 items.
  dynamo = await startDynamoLocal()
  api = await startApi({ dynamoEndpoint: dynamo.endpoint })
  seeded = await seedActionLog(api.deps, api.doc, api.tableName, { actions: ACTIONS })
}, 300_000)

afterAll(async () => {
  await api?.close()
  await dynamo?.stop()
})

describe('50 clients on a 10,000-action board’s list for 30 s', () => {
  it('get only 200s with valid pages of at most the limit, and a walk by the cursors meanwhile sees each action once', async () => {
    const list = {
      baseUrl: api.url,
      path: `/boards/${seeded.boardId}/actions`,
      token: api.tokens.secretariat,
      boardId: seeded.boardId,
      expected: seeded.actionIds,
    }
    const [load, audit] = await Promise.all([
      listLoad({ ...list, clients: CLIENTS, seconds: SECONDS, limits: [50, 100] }),
      // One more client, from the first page to the last while the others load the table
      // (finishing after them if it must).
      listLoad({ ...list, clients: 1, seconds: 180, limits: [50], walksEach: 1 }),
    ])
    expect(load.samples).toEqual([])
    expect(load.errors).toBe(0)
    // Every client was served, again and again (how fast is bench:list's business, not a test's).
    expect(load.requests).toBeGreaterThan(CLIENTS * 2)
    expect(load.largestPage).toBeLessThanOrEqual(100)
    // The clients' walks that ended within the 30 s saw each action once, too.
    expect(load.badWalks).toEqual([])
    expect(audit.errors).toBe(0)
    expect(audit.badWalks).toEqual([])
    expect(audit.walks).toBe(1)
    expect(audit.requests).toBe(ACTIONS / 50)
  }, 240_000)
})
