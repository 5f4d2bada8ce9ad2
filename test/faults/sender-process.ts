/**
 * The system's moving parts as a process the crash test can kill -9: the stream poller with
 * on-table-change, and the outbox sweep every 200 ms, on the test's DynamoDB Local and SES
 * front. Its clock runs ahead of the wall clock by the milliseconds in CLOCK_FILE, which the
 * test moves forward (past leases) instead of waiting. With CRASH_AFTER_CHUNK=n it kills itself
 * after the n-th rollover transaction, as a crash mid-rollover would. It exits when the test
 * that started it goes away.
 */
import '#infra/local/quiet-sdk.ts'
import { readFileSync } from 'node:fs'
import { handleTableChanges } from '#functions/on-table-change/handle.ts'
import { faultWorld } from '#infra/local/fault-scenario.ts'
import { startStreamPoller } from '#infra/local/stream-poller.ts'
import { sweepOutbox } from '#shared/usecases/outbox.ts'

const env = process.env
process.on('disconnect', () => process.exit(0))
let offsetMs = 0
const readClock = () => {
  offsetMs = Number(readFileSync(env.CLOCK_FILE ?? '', 'utf8')) || 0
}
readClock()
setInterval(readClock, 100).unref()
const crashAfter = env.CRASH_AFTER_CHUNK ? Number(env.CRASH_AFTER_CHUNK) : null
const world = await faultWorld({
  dynamoEndpoint: env.DYNAMO_ENDPOINT ?? '',
  sesEndpoint: '',
  sesFront: env.SES_FRONT ?? '',
  tableName: env.TABLE_NAME ?? '',
  clock: { offsetMs: 0, now: () => new Date(Date.now() + offsetMs) },
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
