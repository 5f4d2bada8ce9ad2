import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { ulid } from 'ulid'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startDynamoLocal } from '#infra/local/dynamodb-local.ts'
import {
  type FaultWorld,
  faultWorld,
  pollStream,
  rolloverBoard,
  rolloverEmailsTo,
  SECRETARIAT,
  tally,
} from '#infra/local/fault-scenario.ts'
import { freePort } from '#infra/local/processes.ts'
import { createDocumentClient } from '#shared/aws-clients.ts'
import { CreateActionInput } from '#shared/domain/action.ts'
import { CreateMeetingInput } from '#shared/domain/meeting.ts'
import { LEASE_MS } from '#shared/domain/outbox.ts'
import { key, meetingKeys } from '#shared/store/keys.ts'
import { raiseAction } from '#shared/usecases/actions.ts'
import { createMeeting } from '#shared/usecases/meetings.ts'
import { sendReminders } from '#shared/usecases/reminders.ts'

const OWNERS = 25
const ACTIONS = 250
const sesEndpoint = () => inject('sesEndpoint')
const domain = () => `f${ulid().toLowerCase().slice(-10)}.example`
const worlds: FaultWorld[] = []
afterAll(async () => {
  for (const w of worlds) await w.stop()
})

async function world(opts: Partial<Parameters<typeof faultWorld>[0]> = {}) {
  const w = await faultWorld({
    dynamoEndpoint: inject('dynamoEndpoint'),
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
  it('loses and duplicates nothing when SES throttles 30 % of sends', async () => {
    const w = await world()
    const d = domain()
    const b = await rolloverBoard(w, { owners: OWNERS, actions: ACTIONS, domain: d })
    w.front?.setFaults({ throttleRatio: 0.3 })
    const poller = await pollStream(w, inject('dynamoEndpoint'), w.deps.store.tableName)
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

  it('delivers everything once SES comes back after 10 minutes down, and nothing twice', async () => {
    const w = await world()
    const b = await rolloverBoard(w, { owners: OWNERS, actions: ACTIONS, domain: domain() })
    w.front?.setFaults({ down: true })
    const poller = await pollStream(w, inject('dynamoEndpoint'), w.deps.store.tableName)
    try {
      await b.approve()
      await expect
        .poll(async () => (await w.deps.store.actions.listRolloverEntries(b.meetings.approving)).length, {
          timeout: 20_000,
        })
        .toBe(ACTIONS)
      // The stream's own attempts fail; every email waits in the outbox, none is lost.
      await expect
        .poll(async () => w.front?.counts.refused ?? 0, { timeout: 20_000 })
        .toBeGreaterThanOrEqual(OWNERS)
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

  it('changes every action once and emails every owner once, whatever moment kill -9 strikes', async () => {
    let child: ChildProcess | null = null
    let killAtAccepted = 5
    const w = await world({
      onAccepted: (n) => {
        // Between SES accepting and the sender settling: the sender never hears SES's answer.
        if (n === killAtAccepted && child) {
          child.kill('SIGKILL')
          killAtAccepted = n === 5 ? 15 : -1
        }
      },
    })
    const b = await rolloverBoard(w, { owners: OWNERS, actions: ACTIONS, domain: domain() })
    const start = (env: Record<string, string>) => {
      const c = spawn(process.execPath, ['--import', 'tsx', 'test/faults/sender-process.ts'], {
        env: {
          ...process.env,
          DYNAMO_ENDPOINT: inject('dynamoEndpoint'),
          TABLE_NAME: w.deps.store.tableName,
          SES_FRONT: w.front?.endpoint ?? '',
          CLOCK_OFFSET_MS: String(w.clock.offsetMs),
          ...env,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
        cwd: process.cwd(),
      })
      child = c
      return new Promise<number | string | null>((resolve) =>
        c.on('exit', (code, signal) => resolve(signal ?? code)),
      )
    }
    const delivered = async () => tally(await rolloverEmailsTo(sesEndpoint(), b.addresses), b.addresses)
    try {
      await b.approve()
      // 1. Killed after the rollover's first transaction (of three).
      expect(await start({ CRASH_AFTER_CHUNK: '1' })).toBe('SIGKILL')
      const entries = await w.deps.store.actions.listRolloverEntries(b.meetings.approving)
      expect(entries.length).toBeGreaterThan(0)
      expect(entries.length).toBeLessThan(ACTIONS)
      // 2. and 3. Killed between SES accepting the 5th, then the 15th email, and its settle.
      expect(await start({})).toBe('SIGKILL')
      w.clock.offsetMs += LEASE_MS + 60_000
      expect(await start({})).toBe('SIGKILL')
      // The lease of the email the sender held runs out; the restarted system finishes alone.
      w.clock.offsetMs += LEASE_MS + 60_000
      const last = start({})
      await expect
        .poll(async () => (await delivered()).delivered, { timeout: 60_000, interval: 500 })
        .toBe(OWNERS)
      ;(child as ChildProcess | null)?.kill('SIGKILL')
      await last
      expect(await delivered()).toMatchObject({ delivered: OWNERS, duplicated: 0 })
      await everyActionCarriedOnce(w, b.actionIds, b.meetings.next)
      // Simulated time to the last email: well inside 20 minutes.
      expect(w.clock.offsetMs).toBeLessThan(20 * 60_000)
    } finally {
      ;(child as ChildProcess | null)?.kill('SIGKILL')
    }
  }, 180_000)

  it('rides out DynamoDB Local stopped and restarted mid-rollover', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ddb-restart-'))
    const port = await freePort()
    let dynamo = await startDynamoLocal({ port, dataDir })
    const w = await world({ dynamoEndpoint: dynamo.endpoint })
    const b = await rolloverBoard(w, { owners: OWNERS, actions: ACTIONS, domain: domain() })
    const poller = await pollStream(w, dynamo.endpoint, w.deps.store.tableName)
    try {
      await b.approve()
      await dynamo.stop()
      await new Promise((r) => setTimeout(r, 6_000))
      dynamo = await startDynamoLocal({ port, dataDir })
      const delivered = async () => tally(await rolloverEmailsTo(sesEndpoint(), b.addresses), b.addresses)
      await expect
        .poll(async () => (await delivered()).delivered, { timeout: 60_000, interval: 1000 })
        .toBe(OWNERS)
      expect(await delivered()).toMatchObject({ duplicated: 0 })
      await everyActionCarriedOnce(w, b.actionIds, b.meetings.next)
    } finally {
      await poller.stop()
      await dynamo.stop()
    }
  }, 120_000)
})

describe('isolated sweeps', () => {
  it('still sends every other board’s reminders when one board holds a bad record', async () => {
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
    const doc = createDocumentClient({ region: 'eu-west-2', endpoint: inject('dynamoEndpoint') })
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
