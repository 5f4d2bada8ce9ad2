/**
 * `npm run bench:faults`: a 250-action rollover with 25 owners under each fault, printing
 * emails expected, delivered, duplicated, and the (simulated) time until the last one was
 * delivered. The system's clock is moved forward in sweep-sized steps rather than waited for.
 * Prints figures; asserts nothing (the fault suite in test/faults asserts).
 */
import '#infra/local/quiet-sdk.ts'
import { ulid } from 'ulid'
import { startDynamoLocal } from '#infra/local/dynamodb-local.ts'
import {
  type FaultWorld,
  faultWorld,
  pollStream,
  rolloverBoard,
  rolloverEmailsTo,
  tally,
} from '#infra/local/fault-scenario.ts'
import { startSesLocal } from '#infra/local/ses-local.ts'
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
  console.log(
    `\nbench:faults — ${ACTIONS}-action rollover, ${OWNERS} owners, outbox sweep every ${SWEEP_EVERY_MINUTES} min (simulated clock)\n`,
  )
  console.table(rows)
  console.log(
    'Kill -9 and a DynamoDB restart are played by the fault suite (test/faults/outbox.test.ts), which asserts the same counts.',
  )
} finally {
  await ses.stop()
  await dynamo.stop()
}
