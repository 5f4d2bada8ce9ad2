import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamsRecord,
} from '@aws-sdk/client-dynamodb-streams'
import type { BatchResponse, StreamEvent } from '#functions/on-table-change/handle.ts'
import { passesFilters, TABLE_CHANGE_MAPPING } from '#shared/events/table-change.ts'

export type FailedRecord = { at: string; reason: string; attempts: number; record: StreamsRecord }

export type PollerOptions = {
  endpoint: string
  tableName: string
  handler: (event: StreamEvent) => Promise<BatchResponse>
  mapping?: { batchSize: number; maxRetries: number; bisectOnError: boolean }
  /** Records that exhausted their retries are appended here as JSON lines. */
  failureFile?: string
  onFailure?: (failed: FailedRecord) => void
  pollIntervalMs?: number
  /** Where to start in shards that exist at start-up. */
  startAt?: 'TRIM_HORIZON' | 'LATEST'
}

/**
 * Plays Lambda's DynamoDB event-source mapping against DynamoDB Local's stream: reads each
 * shard in order, drops records the filter criteria reject, invokes the handler with
 * batches, checkpoints after the records before the first reported failure, retries from
 * there (halving the batch when bisecting), and after the retry limit moves the record to
 * the failure destination so the records behind it are processed.
 */
export async function startStreamPoller(opts: PollerOptions) {
  const mapping = opts.mapping ?? TABLE_CHANGE_MAPPING
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
  const ddb = new DynamoDBClient({ endpoint: opts.endpoint, region: 'eu-west-2', credentials })
  const streams = new DynamoDBStreamsClient({ endpoint: opts.endpoint, region: 'eu-west-2', credentials })
  const table = await ddb.send(new DescribeTableCommand({ TableName: opts.tableName }))
  ddb.destroy()
  const streamArn = table.Table?.LatestStreamArn
  if (!streamArn) throw new Error(`table ${opts.tableName} has no stream`)

  const failures: FailedRecord[] = []
  const known = new Set<string>()
  const loops: Promise<void>[] = []
  let stopped = false
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
  const interval = opts.pollIntervalMs ?? 200

  const fail = (record: StreamsRecord, reason: string, attempts: number) => {
    const failed = { at: new Date().toISOString(), reason, attempts, record }
    failures.push(failed)
    if (opts.failureFile) {
      mkdirSync(dirname(opts.failureFile), { recursive: true })
      appendFileSync(opts.failureFile, `${JSON.stringify(failed)}\n`)
    }
    opts.onFailure?.(failed)
  }

  async function pollShard(shardId: string, type: 'TRIM_HORIZON' | 'LATEST') {
    const iteratorFor = async (after: string | null) =>
      (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shardId,
            ...(after
              ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
              : { ShardIteratorType: type }),
          }),
        )
      ).ShardIterator
    let lastRead: string | null = null
    let iterator = await iteratorFor(null)
    let pending: StreamsRecord[] = []
    let batchSize: number = mapping.batchSize
    let readFailures = 0
    const attempts = new Map<string, number>()
    while (!stopped && (iterator || pending.length > 0)) {
      if (pending.length === 0 && iterator) {
        try {
          const res = await streams.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: mapping.batchSize }),
          )
          readFailures = 0
          iterator = res.NextShardIterator
          const records = res.Records ?? []
          lastRead = records.at(-1)?.dynamodb?.SequenceNumber ?? lastRead
          pending = records.filter((r) => passesFilters(r))
        } catch (e) {
          // An iterator expires after 15 minutes (a laptop asleep); resume after the last
          // record read. Anything else is retried with backoff rather than ending the shard.
          readFailures++
          // After a few failures in a row (DynamoDB restarted, say) the iterator may be dead too.
          if ((e instanceof Error && e.name === 'ExpiredIteratorException') || readFailures >= 3)
            iterator = await iteratorFor(lastRead).catch(() => iterator)
          await sleep(Math.min(interval * 2 ** readFailures, 5000))
          continue
        }
        if (pending.length === 0) {
          await sleep(interval)
          continue
        }
      }
      const batch = pending.slice(0, batchSize)
      let failedAt: number
      let reason = 'reported in batchItemFailures'
      try {
        const res = await opts.handler({ Records: batch as StreamEvent['Records'] })
        const failedIds = res.batchItemFailures.map((f) => f.itemIdentifier)
        failedAt = batch.findIndex((r) => failedIds.includes(r.dynamodb?.SequenceNumber ?? ''))
        // As in Lambda, a failure naming no record of the batch fails the whole batch.
        if (failedIds.length > 0 && failedAt < 0) {
          failedAt = 0
          reason = 'batchItemFailures named no record of the batch'
        }
      } catch (e) {
        failedAt = 0
        reason = `handler threw: ${e instanceof Error ? e.message : String(e)}`
      }
      if (failedAt < 0) {
        pending = pending.slice(batch.length)
        batchSize = mapping.batchSize
        continue
      }
      // Checkpoint: what came before the first failure is done.
      pending = pending.slice(failedAt)
      const head = pending[0] as StreamsRecord
      const seq = head.dynamodb?.SequenceNumber ?? ''
      const tries = (attempts.get(seq) ?? 0) + 1
      attempts.set(seq, tries)
      if (tries > mapping.maxRetries) {
        fail(head, reason, tries)
        pending = pending.slice(1)
        attempts.delete(seq)
        batchSize = mapping.batchSize
      } else {
        if (mapping.bisectOnError && batch.length - failedAt > 1)
          batchSize = Math.ceil((batch.length - failedAt) / 2)
        await sleep(Math.min(interval * 2 ** tries, 5000))
      }
    }
  }

  async function discover(first: boolean) {
    const desc = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))
    for (const shard of desc.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || known.has(shard.ShardId)) continue
      known.add(shard.ShardId)
      const closed = Boolean(shard.SequenceNumberRange?.EndingSequenceNumber)
      if (first && closed && opts.startAt !== 'TRIM_HORIZON') continue
      const id = shard.ShardId
      loops.push(
        pollShard(id, first ? (opts.startAt ?? 'LATEST') : 'TRIM_HORIZON').catch((e: unknown) => {
          // A dead loop would silently stop the rollover; say so loudly instead.
          if (!stopped)
            console.error(`stream poller: shard ${id} stopped: ${e instanceof Error ? e.message : String(e)}`)
        }),
      )
    }
  }

  await discover(true)
  const discovery = (async () => {
    while (!stopped) {
      await sleep(1000)
      if (!stopped) await discover(false).catch(() => undefined)
    }
  })()

  return {
    failures,
    stop: async () => {
      stopped = true
      await Promise.allSettled([...loops, discovery])
      streams.destroy()
    },
  }
}
