/**
 * `npm run bench:faults`: a 250-action rollover with 25 owners under each fault, printing
 * emails expected, delivered, duplicated, and the (simulated) time until the last one was
 * delivered. The system's clock is moved forward in sweep-sized steps rather than waited for.
 * Prints figures; asserts nothing (the fault suite in test/faults asserts).
 */
import '#infra/local/quiet-sdk.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ulid } from 'ulid'
import { handleTableChanges } from '#functions/on-table-change/handle.ts'
import { startDynamoLocal } from '#infra/local/dynamodb-local.ts'
import {
  type FaultWorld,
  faultWorld,
  killableSystem,
  pollStream,
  rolloverBoard,
  rolloverEmailsTo,
  tally,
} from '#infra/local/fault-scenario.ts'
import { freePort } from '#infra/local/processes.ts'
import { startSesLocal } from '#infra/local/ses-local.ts'
import { startStreamPoller } from '#infra/local/stream-poller.ts'
import { SWEEP_EVERY_MINUTES } from '#shared/domain/outbox.ts'

const OWNERS = 25
const ACTIONS = 250
const dynamo = await startDynamoLocal()
const ses = await startSesLocal()

type Fault = {
  name: string
  before?: (w: FaultWorld) => void
  during?: (w: FaultWorld, minute: number) => void
}
const faults: Fault[] = [
  { name: 'none' },
  { name: 'SES throttles 30 % of sends', before: (w) => w.front?.setFaults({ throttleRatio: 0.3 }) },
  {
    name: 'SES down for the first 10 minutes',
    before: (w) => w.front?.setFaults({ down: true }),
    during: (w, minute) => {
      if (minute >= 10) w.front?.setFaults({})
    },
  },
]

const rows = []
/** Pollers still running if a row throws, stopped before the engines. */
const stops: (() => Promise<unknown>)[] = []
try {
  for (const fault of faults) {
    const w = await faultWorld({
      dynamoEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      tableName: `bench-faults-${ulid().toLowerCase()}`,
    })
    const b = await rolloverBoard(w, {
      owners: OWNERS,
      actions: ACTIONS,
      domain: `b${ulid().toLowerCase().slice(-8)}.example`,
    })
    fault.before?.(w)
    const poller = await pollStream(w, dynamo.endpoint, w.deps.store.tableName)
    stops.push(() => poller.stop())
    const started = w.clock.now().getTime()
    await b.approve()
    let last = started
    let seen = 0
    const count = async () => tally(await rolloverEmailsTo(ses.endpoint, b.addresses), b.addresses).delivered
    const note = async () => {
      const n = await count()
      if (n > seen) {
        seen = n
        last = w.clock.now().getTime()
      }
      return n
    }
    // The stream first replays the seeding's records, then applies the rollover: wait for it.
    while ((await w.deps.store.actions.listRolloverEntries(b.meetings.approving)).length < ACTIONS)
      await new Promise((r) => setTimeout(r, 200))
    // Each step: let the stream run until it has nothing more to deliver, sweep, and only then
    // move the clock on by one sweep interval (so simulated waiting never hides real work).
    for (let minute = 0; minute <= 180; minute += SWEEP_EVERY_MINUTES) {
      fault.during?.(w, minute)
      for (let quiet = 0, before = -1; quiet < 5; ) {
        await new Promise((r) => setTimeout(r, 400))
        const n = await note()
        quiet = n === before ? quiet + 1 : 0
        before = n
      }
      await w.sweep()
      if ((await note()) === OWNERS) break
      w.clock.offsetMs += SWEEP_EVERY_MINUTES * 60_000
    }
    await poller.stop()
    const t = tally(await rolloverEmailsTo(ses.endpoint, b.addresses), b.addresses)
    rows.push({
      fault: fault.name,
      expected: t.expected,
      delivered: t.delivered,
      duplicated: t.duplicated,
      'minutes to last delivery': ((last - started) / 60_000).toFixed(1),
    })
    await w.stop()
  }
  rows.push(await killRow(), await restartRow())
  console.log(
    `\nbench:faults — ${ACTIONS}-action rollover, ${OWNERS} owners, outbox sweep every ${SWEEP_EVERY_MINUTES} min (simulated clock)\n`,
  )
  console.table(rows)
  console.log('The fault suite (test/faults/outbox.test.ts) asserts the same counts.')
} finally {
  for (const stop of stops) await stop().catch(() => undefined)
  await ses.stop()
  await dynamo.stop()
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms))
}
function domain() {
  return `b${ulid().toLowerCase().slice(-8)}.example`
}

/** kill -9 of the system after the rollover's first transaction, then twice between SES accepting an email and its settle. */
async function killRow() {
  let system: ReturnType<typeof killableSystem> | null = null
  let killAt = 5
  const w = await faultWorld({
    dynamoEndpoint: dynamo.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: `bench-faults-${ulid().toLowerCase()}`,
    onAccepted: (n) => {
      if (n === killAt && system) {
        system.kill()
        killAt = n === 5 ? 15 : -1
      }
    },
  })
  system = killableSystem(w, dynamo.endpoint)
  const { start, setClock, kill } = system
  const b = await rolloverBoard(w, { owners: OWNERS, actions: ACTIONS, domain: domain() })
  const count = async () => tally(await rolloverEmailsTo(ses.endpoint, b.addresses), b.addresses)
  try {
    await b.approve()
    await start({ CRASH_AFTER_CHUNK: '1' })
    await start({})
    await start({})
    const last = start({})
    let ms = 0
    while ((await count()).delivered < OWNERS && ms <= 60 * 60_000) {
      ms += 30_000
      setClock(ms)
      await sleep(1000)
    }
    kill()
    await last
    setClock(ms + 60 * 60_000)
    await w.sweep()
    const t = await count()
    return {
      fault: 'kill -9 three times (mid-rollover, mid-send twice)',
      ...pick(t),
      'minutes to last delivery': (ms / 60_000).toFixed(1),
    }
  } finally {
    kill()
    await w.stop()
  }
}

/** DynamoDB Local stopped after the rollover's first transaction, restarted 6 s later. */
async function restartRow() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ddb-'))
  const port = await freePort()
  let own = await startDynamoLocal({ port, dataDir })
  const w = await faultWorld({
    dynamoEndpoint: own.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: 'bench-restart',
  })
  const b = await rolloverBoard(w, { owners: OWNERS, actions: ACTIONS, domain: domain() })
  let stopped: Promise<void> | null = null
  const poller = await startStreamPoller({
    endpoint: own.endpoint,
    tableName: w.deps.store.tableName,
    pollIntervalMs: 50,
    startAt: 'TRIM_HORIZON',
    handler: (e) =>
      handleTableChanges(e, w.outboxDeps, w.logger, {
        outagePauseMs: 1000,
        hooks: {
          afterChunk: async (i) => {
            if (i === 0 && !stopped) {
              stopped = own.stop()
              await stopped
            }
          },
        },
      }),
  })
  try {
    await b.approve()
    while (!stopped) await sleep(100)
    await stopped
    const down = w.clock.now().getTime()
    await sleep(6_000)
    own = await startDynamoLocal({ port, dataDir })
    const count = async () => tally(await rolloverEmailsTo(ses.endpoint, b.addresses), b.addresses)
    while ((await count()).delivered < OWNERS && w.clock.offsetMs < 60 * 60_000) {
      await sleep(1000)
      w.clock.offsetMs += 60_000
      await w.sweep().catch(() => undefined)
    }
    const t = await count()
    return {
      fault: 'DynamoDB stopped mid-rollover, restarted 6 s later',
      ...pick(t),
      'minutes to last delivery': ((w.clock.now().getTime() - down) / 60_000).toFixed(1),
    }
  } finally {
    await poller.stop()
    await w.stop()
    await own.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function pick(t: ReturnType<typeof tally>) {
  return { expected: t.expected, delivered: t.delivered, duplicated: t.duplicated }
}
