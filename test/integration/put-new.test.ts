import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Table } from '#shared/store/dynamo.ts'
import { type Api, startApi } from './harness.ts'

let api: Api
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

describe('a new entity written again', () => {
  it('is success when it is the same write (a retried attempt that had landed), a conflict otherwise', async () => {
    const table = new Table(api.doc, api.tableName)
    const item = {
      PK: 'BOARD#01JC2ZQ8M6X4W3V2T1S0R9P8N7',
      SK: 'BOARD',
      id: '01JC2ZQ8M6X4W3V2T1S0R9P8N7',
      createdAt: '2026-12-01T10:00:00.000Z',
      name: 'x',
    }
    await table.putNew(item)
    // The same write arriving a second time, as the SDK retries a timed-out attempt.
    await expect(table.putNew(item)).resolves.toBeUndefined()
    // Another entity under the same key is still refused.
    await expect(table.putNew({ ...item, createdAt: '2026-12-01T10:00:01.000Z' })).rejects.toThrow(
      /conditional/i,
    )
  })
})
