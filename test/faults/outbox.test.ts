import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { ulid } from 'ulid'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { handleTableChanges } from '#functions/on-table-change/handle.ts'
import { startDynamoLocal } from '#infra/local/dynamodb-local.ts'
import {
  type FaultWorld,
  faultWorld,
  killableSystem,
  pollStream,
  rolloverBoard,
  rolloverEmailsTo,
  SECRETARIAT,
  tally,
} from '#infra/local/fault-scenario.ts'
import { freePort } from '#infra/local/processes.ts'
import { startStreamPoller } from '#infra/local/stream-poller.ts'
import { createDocumentClient } from '#shared/aws-clients.ts'
import { CreateActionInput } from '#shared/domain/action.ts'
import { CreateMeetingInput } from '#shared/domain/meeting.ts'
import { key, meetingKeys } from '#shared/store/keys.ts'
import { raiseAction } from '#shared/usecases/actions.ts'
import { createMeeting } from '#shared/usecases/meetings.ts'
import { sendReminders } from '#shared/usecases/reminders.ts'

const OWNERS = 25
const ACTIONS = 250
const sesEndpoint = () => inject('sesEndpoint')
const domain = () => `f${ulid().toLowerCase().slice(-10)}.example`
const worlds: FaultWorld[] = []
// A DynamoDB Local of the suite's own: the shared one, holding every other file's tables by
// now, writes several times slower, and these cases write thousands of items.
let dynamoEndpoint = ''
let ownDynamo: Awaited<ReturnType<typeof startDynamoLocal>> | undefined
beforeAll(async () => {
  ownDynamo = await startDynamoLocal()
  dynamoEndpoint = ownDynamo.endpoint
}, 60_000)
// Registered first, so run last (after hooks run in reverse): once everything using it has stopped.
afterAll(async () => {
  await ownDynamo?.stop()
})
/** Everything a case started, stopped even when the case times out (its finally never runs then). */
const cleanups: (() => Promise<unknown> | unknown)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined)
  for (const w of worlds) await w.stop()
})
const CASE_MS = 240_000

async function world(opts: Partial<Parameters<typeof faultWorld>[0]> = {}) {
  const w = await faultWorld({
    dynamoEndpoint,
    sesEndpoint: sesEndpoint(),
    tableName: `faults-${ulid().toLowerCase()}`,
    ...opts,
  })
  worlds.push(w)
  return w
}

/** Moves the system's clock a step at a time, sweeping after each, until `done` or `steps` run out. */
async function sweepUntil(w: FaultWorld, done: () => Promise<boolean>, stepMs: number, steps: number) {
  for (let i = 0; i < steps && !(await done()); i++) {
    w.clock.offsetMs += stepMs
    await w.sweep()
  }
}

const everyActionCarriedOnce = async (w: FaultWorld, ids: readonly string[], next: string) => {
  const actions = await w.deps.store.actions.batchGet(ids)
  expect(actions).toHaveLength(ids.length)
  expect(actions.every((a) => a.carryCount === 1 && a.dueMeetingId === next)).toBe(true)
  for (const id of ids.slice(0, 20)) {
    const carries = (await w.deps.store.actions.listHistory(id)).filter((h) => h.kind === 'carried-forward')
    expect(carries).toHaveLength(1)
  }
}

describe('a 250-action rollover under faults', () => {
  it('loses and duplicates nothing when SES throttles 30 % of sends', { timeout: CASE_MS }, async () => {
    const w = await world()
    const d = domain()
    const b = await rolloverBoard(w, { owners: OWNERS, actions: ACTIONS, domain: d })
    w.front?.setFaults({ throttleRatio: 0.3 })
    const poller = await pollStream(w, dynamoEndpoint, w.deps.store.tableName)
    try {
      await b.approve()
      const delivered = async () => tally(await rolloverEmailsTo(sesEndpoint(), b.addresses), b.addresses)
      await expect
        .poll(async () => (await w.deps.store.actions.listRolloverEntries(b.meetings.approving)).length, {
          timeout: 20_000,
        })
        .toBe(ACTIONS)
      await sweepUntil(w, async () => (await delivered()).delivered === OWNERS, 5 * 60_000, 40)
      expect(await delivered()).toMatchObject({ expected: OWNERS, delivered: OWNERS, duplicated: 0 })
      expect(w.front?.counts.throttled ?? 0).toBeGreaterThan(0)
      await everyActionCarriedOnce(w, b.actionIds, b.meetings.next)
    } finally {
      await poller.stop()
    }
  })

  it('delivers everything once SES comes back after 10 minutes down, and nothing twice', {
    timeout: CASE_MS,
  }, async () => {
    const w = await world()
    const b = await rolloverBoard(w, { owners: OWNERS, actions: ACTIONS, domain: domain() })
    w.front?.setFaults({ down: true })
    const poller = await pollStream(w, dynamoEndpoint, w.deps.store.tableName)
    try {
      await b.approve()
      await expect
        .poll(async () => (await w.deps.store.actions.listRolloverEntries(b.meetings.approving)).length, {
          timeout: 20_000,
        })
        .toBe(ACTIONS)
      // The stream's first attempts fail, and it leaves the rest to the sweep: every email waits
      // in the outbox, none is lost.
      await expect
        .poll(async () => w.front?.counts.refused ?? 0, { timeout: 20_000 })
        .toBeGreaterThanOrEqual(3)
      await expect
        .poll(async () => (await w.deps.store.outbox.listDue(new Date('2100-01-01'), 100)).keys.length, {
          timeout: 20_000,
        })
        .toBe(OWNERS)
      for (let minute = 1; minute <= 10; minute++) {
        w.clock.offsetMs += 60_000
        await w.sweep()
      }
      expect(tally(await rolloverEmailsTo(sesEndpoint(), b.addresses), b.addresses).delivered).toBe(0)
      w.front?.setFaults({})
      const delivered = async () => tally(await rolloverEmailsTo(sesEndpoint(), b.addresses), b.addresses)
      await sweepUntil(w, async () => (await delivered()).delivered === OWNERS, 5 * 60_000, 12)
      expect(await delivered()).toMatchObject({ delivered: OWNERS, duplicated: 0 })
      // Back-off doubles to at most an hour; after a 10-minute outage the last email goes within 20 minutes of the first try.
      expect(w.clock.offsetMs).toBeLessThanOrEqual(30 * 60_000)
    } finally {
      await poller.stop()
    }
  })

  it('changes every action once and emails every owner once through kill -9 mid-rollover and between SES accepting an email and its settle, within 20 minutes', {
    timeout: CASE_MS,
  }, async () => {
    let system: ReturnType<typeof killableSystem> | null = null
    let killAtAccepted = 5
    const w = await world({
      onAccepted: (n) => {
        // Between SES accepting and the sender settling: the sender never hears SES's answer.
        if (n === killAtAccepted && system) {
          system.kill()
          killAtAccepted = n === 5 ? 15 : -1
        }
      },
    })
    system = killableSystem(w, dynamoEndpoint)
    const { start, setClock, kill } = system
    cleanups.push(kill)
    const b = await rolloverBoard(w, { owners: OWNERS, actions: ACTIONS, domain: domain() })
    const delivered = async () => tally(await rolloverEmailsTo(sesEndpoint(), b.addresses), b.addresses)
    await b.approve()
    // 1. Killed after the rollover's first transaction (of three).
    expect(await start({ CRASH_AFTER_CHUNK: '1' })).toBe('SIGKILL')
    const entries = await w.deps.store.actions.listRolloverEntries(b.meetings.approving)
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.length).toBeLessThan(ACTIONS)
    // 2. and 3. Killed between SES accepting the 5th, then the 15th email, and its settle.
    expect(await start({})).toBe('SIGKILL')
    expect(await start({})).toBe('SIGKILL')
    // The restarted system finishes alone; its clock runs 30 s ahead each second of waiting,
    // so a held lease runs out and the sweep takes the email back, as the minutes would pass.
    const last = start({})
    for (let ms = 0; (await delivered()).delivered < OWNERS && ms <= 20 * 60_000; ms += 30_000) {
      setClock(ms)
      await new Promise((r) => setTimeout(r, 1000))
    }
    expect(await delivered()).toMatchObject({ delivered: OWNERS, duplicated: 0 })
    // The whole recovery, crashes and all, inside 20 minutes of the system's time.
    expect(w.clock.offsetMs).toBeLessThanOrEqual(20 * 60_000)
    kill()
    await last
    // Nothing more goes once the clock is past every lease and retry.
    setClock(w.clock.offsetMs + 60 * 60_000)
    await w.sweep()
    expect(await delivered()).toMatchObject({ delivered: OWNERS, duplicated: 0 })
    await everyActionCarriedOnce(w, b.actionIds, b.meetings.next)
  })

  it('rides out DynamoDB Local stopped and restarted mid-rollover', { timeout: CASE_MS }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ddb-restart-'))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const port = await freePort()
    let dynamo = await startDynamoLocal({ port, dataDir })
    cleanups.push(() => dynamo.stop())
    const w = await world({ dynamoEndpoint: dynamo.endpoint })
    const b = await rolloverBoard(w, { owners: OWNERS, actions: ACTIONS, domain: domain() })
    let stopped: Promise<void> | null = null
    let entriesAtStop = -1
    // DynamoDB goes away right after the rollover's first transaction lands.
    const poller = await startStreamPoller({
      endpoint: dynamo.endpoint,
      tableName: w.deps.store.tableName,
      pollIntervalMs: 50,
      startAt: 'TRIM_HORIZON',
      handler: (e) =>
        handleTableChanges(e, w.outboxDeps, w.logger, {
          outagePauseMs: 1000,
          hooks: {
            afterChunk: async (i) => {
              if (i !== 0 || stopped) return
              entriesAtStop = (await w.deps.store.actions.listRolloverEntries(b.meetings.approving)).length
              stopped = dynamo.stop()
              await stopped
            },
          },
        }),
    })
    cleanups.push(() => poller.stop())
    await b.approve()
    await expect.poll(() => stopped !== null, { timeout: 60_000 }).toBe(true)
    await stopped
    expect(entriesAtStop).toBeGreaterThan(0)
    expect(entriesAtStop).toBeLessThan(ACTIONS)
    await new Promise((r) => setTimeout(r, 6_000))
    dynamo = await startDynamoLocal({ port, dataDir })
    // The stream retries the record; the outbox sweep, on the system's clock, picks up anything left.
    const delivered = async () => tally(await rolloverEmailsTo(sesEndpoint(), b.addresses), b.addresses)
    for (let i = 0; i < 60 && (await delivered()).delivered < OWNERS; i++) {
      await new Promise((r) => setTimeout(r, 1000))
      w.clock.offsetMs += 60_000
      await w.sweep().catch(() => undefined)
    }
    expect(await delivered()).toMatchObject({ delivered: OWNERS, duplicated: 0 })
    await everyActionCarriedOnce(w, b.actionIds, b.meetings.next)
  })
})

describe('isolated sweeps', () => {
  it('still sends every other board’s reminders when one board holds a bad record', {
    timeout: CASE_MS,
  }, async () => {
    const w = await world()
    const now = new Date()
    w.clock.offsetMs = 0
    const healthy = await rolloverBoard(w, { owners: 1, actions: 1, domain: domain() })
    const broken = await rolloverBoard(w, { owners: 1, actions: 1, domain: domain() })
    for (const b of [healthy, broken]) {
      const soon = await createMeeting(
        w.deps,
        SECRETARIAT,
        b.boardId,
        CreateMeetingInput.parse({ startsAt: new Date(now.getTime() + 3 * 86_400_000).toISOString() }),
      )
      await raiseAction(
        w.deps,
        SECRETARIAT,
        b.meetings.held,
        CreateActionInput.parse({
          itemNumber: 5,
          description: 'Due soon',
          ownerIds: b.owners,
          dueMeetingId: soon.id,
        }),
      )
    }
    // A meeting record no schema accepts, in the broken board's upcoming range (a legacy row, a bad import).
    const bad = {
      id: ulid(),
      boardId: broken.boardId,
      startsAt: new Date(now.getTime() + 2 * 86_400_000).toISOString(),
      title: 'Broken',
      status: 'scheduled',
    }
    const doc = createDocumentClient({ region: 'eu-west-2', endpoint: dynamoEndpoint })
    await doc.send(
      new PutCommand({
        TableName: w.deps.store.tableName,
        Item: {
          ...meetingKeys({ ...bad, version: 0 } as never),
          ...key.meeting(bad.id),
          type: 'Meeting',
          ...bad,
        },
      }),
    )
    const run = await sendReminders(w.deps, now)
    expect(run.failures).toEqual([
      { ids: { boardId: broken.boardId }, error: expect.stringMatching(/ZodError/) },
    ])
    expect(run.emails).toBe(1)
    await w.sweep()
    const [email] = (
      (await (await fetch(`${sesEndpoint()}/store`)).json()) as {
        emails: { destination: { to: string[] }; subject: string }[]
      }
    ).emails.filter((e) => e.destination.to[0] === healthy.addresses[0])
    expect(email?.subject).toMatch(/please update/)
  })
})
