/**
 * The system's moving parts as a process the crash test can kill -9: the stream poller with
 * on-table-change, and the outbox sweep every 200 ms, on the test's DynamoDB Local and SES
 * front. Its clock runs CLOCK_OFFSET_MS ahead of the wall clock (the test moves time forward
 * past leases instead of waiting). With CRASH_AFTER_CHUNK=n it kills itself after the n-th
 * rollover transaction, as a crash mid-rollover would.
 */
import '#infra/local/quiet-sdk.ts'
import { handleTableChanges } from '#functions/on-table-change/handle.ts'
import { faultWorld } from '#infra/local/fault-scenario.ts'
import { startStreamPoller } from '#infra/local/stream-poller.ts'
import { sweepOutbox } from '#shared/usecases/outbox.ts'

const env = process.env
const offsetMs = Number(env.CLOCK_OFFSET_MS ?? 0)
const crashAfter = env.CRASH_AFTER_CHUNK ? Number(env.CRASH_AFTER_CHUNK) : null
const world = await faultWorld({
  dynamoEndpoint: env.DYNAMO_ENDPOINT ?? '',
  sesEndpoint: '',
  sesFront: env.SES_FRONT ?? '',
  tableName: env.TABLE_NAME ?? '',
  clock: { offsetMs, now: () => new Date(Date.now() + offsetMs) },
})
await startStreamPoller({
  endpoint: env.DYNAMO_ENDPOINT ?? '',
  tableName: env.TABLE_NAME ?? '',
  pollIntervalMs: 50,
  startAt: 'TRIM_HORIZON',
  handler: (e) =>
    handleTableChanges(e, world.outboxDeps, world.logger, {
      hooks: {
        afterChunk: (i) => {
          if (crashAfter !== null && i + 1 >= crashAfter) process.kill(process.pid, 'SIGKILL')
        },
      },
    }),
})
for (;;) {
  await sweepOutbox(world.outboxDeps, world.clock.now()).catch(() => undefined)
  await new Promise((r) => setTimeout(r, 200))
}
