import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ulid } from 'ulid'
import { ensureTable, startDynamoLocal } from '#infra/local/dynamodb-local.ts'
import { hook } from '#infra/local/sdk-hooks.ts'
import { startSesLocal } from '#infra/local/ses-local.ts'
import { createDocumentClient } from '#shared/aws-clients.ts'
import type { Action } from '#shared/domain/action.ts'
import { actionItem, ownerIndexItem } from '#shared/store/actions.ts'
import { Store } from '#shared/store/store.ts'

/** DynamoDB Local + SES emulator on free ports, a fresh table, and a client that counts. */
export async function benchStack() {
  const dynamo = await startDynamoLocal()
  const ses = await startSesLocal()
  const tableName = 'bench'
  await ensureTable(dynamo.endpoint, tableName)
  const doc = createDocumentClient({ region: 'eu-west-2', endpoint: dynamo.endpoint })
  const meter = meterClient(doc)
  return {
    dynamo,
    ses,
    tableName,
    doc,
    meter,
    store: new Store(doc, tableName),
    stop: async () => {
      doc.destroy()
      await ses.stop()
      await dynamo.stop()
    },
  }
}

export type Meter = ReturnType<typeof meterClient>

/** Counts requests by command, times them, and sums the capacity DynamoDB reports for them. */
function meterClient(doc: DynamoDBDocumentClient) {
  const state = {
    on: false,
    requests: new Map<string, number>(),
    ms: new Map<string, number>(),
    capacity: 0,
    itemsWritten: 0,
  }
  hook(doc, 'benchMeter', async (call, next) => {
    if (!state.on) return next(call)
    const name = call.operation
    state.requests.set(name, (state.requests.get(name) ?? 0) + 1)
    call.input.ReturnConsumedCapacity = 'TOTAL'
    state.itemsWritten += call.input.TransactItems?.length ?? (call.input.Item ? 1 : 0)
    const t0 = performance.now()
    let out: { output?: { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] } }
    try {
      out = (await next(call)) as typeof out
    } finally {
      state.ms.set(name, (state.ms.get(name) ?? 0) + performance.now() - t0)
    }
    const cc = out.output?.ConsumedCapacity
    for (const c of Array.isArray(cc) ? cc : cc ? [cc] : []) state.capacity += c.CapacityUnits ?? 0
    return out
  })
  return {
    start() {
      state.on = true
      state.requests.clear()
      state.ms.clear()
      state.capacity = 0
      state.itemsWritten = 0
    },
    stop() {
      state.on = false
      const requests = Object.fromEntries(state.requests)
      const total = [...state.requests.values()].reduce((a, b) => a + b, 0)
      /** Time spent waiting for DynamoDB, by command (summed, so overlapping requests count twice). */
      const ms = Object.fromEntries(state.ms)
      return { requests, total, capacity: state.capacity, itemsWritten: state.itemsWritten, ms }
    },
  }
}

/** Writes items with BatchWriteItem, 25 a request, a few requests at once, retrying leftovers. */
export async function bulkWrite(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
  onProgress?: (done: number) => void,
) {
  const batches: Record<string, unknown>[][] = []
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25))
  let done = 0
  let next = 0
  const worker = async () => {
    while (next < batches.length) {
      let pending = (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } }))
      while (pending.length > 0) {
        const res = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }))
        pending = (res.UnprocessedItems?.[tableName] ?? []) as typeof pending
      }
      done += 25
      if (done % 10_000 < 25) onProgress?.(Math.min(done, items.length))
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

export const newId = () => ulid()

/** An action's items (the action and its owner-index rows) exactly as the store writes them, for bulkWrite. */
export function actionItems(a: Action): Record<string, unknown>[] {
  return [actionItem(a), ...a.ownerIds.map((o) => ownerIndexItem(a, o))]
}

export function table(rows: Record<string, string | number>[]): string {
  const cols = Object.keys(rows[0] ?? {})
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)))
  const line = (vals: string[]) => vals.map((v, i) => v.padStart(width[i] ?? 0)).join('  ')
  return [
    line(cols),
    line(width.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => String(r[c])))),
  ].join('\n')
}
