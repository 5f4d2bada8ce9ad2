import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Logger } from '@aws-lambda-powertools/logger'
import { handleEmailFeedback } from '#functions/on-email-feedback/handle.ts'
import { handleTableChanges } from '#functions/on-table-change/handle.ts'
import { LinkSigner } from '#shared/auth/signed-link.ts'
import { CreateBoardInput } from '#shared/domain/board.ts'
import { historyEntry } from '#shared/domain/history.ts'
import { MinutesApprovalInput } from '#shared/domain/meeting.ts'
import { actorOf, type Principal } from '#shared/domain/principal.ts'
import { Mailer } from '#shared/mail/mailer.ts'
import { createDeps } from '#shared/runtime.ts'
import { createBoard } from '#shared/usecases/boards.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { approveMinutes } from '#shared/usecases/meetings.ts'
import { type OutboxDeps, type OutboxRun, sweepOutbox } from '#shared/usecases/outbox.ts'
import { ensureTable } from './dynamodb-local.ts'
import { openAction, seedMeetings, seedOwners } from './seed.ts'
import { asEventBridgeEvent, type SesFront, startSesFront } from './ses-front.ts'
import { startStreamPoller } from './stream-poller.ts'

/**
 * The fault suite's and `bench:faults`' world: a board whose approved minutes roll `actions`
 * actions of `owners` owners over (one email each), on a fresh table, with the SES emulator
 * behind a front that plays SES's Send events and its faults. The system's clock is
 * `clock.now()`, which tests move forward past leases and back-off instead of waiting.
 */
export const SECRETARIAT: Principal = { subject: 'fault-suite', role: 'secretariat', personId: null }
const LINK_SECRET = 'fault-suite-link-secret-0123456789abcdef'

export type Clock = { offsetMs: number; now: () => Date }
export const clock = (): Clock => {
  const c: Clock = { offsetMs: 0, now: () => new Date(Date.now() + c.offsetMs) }
  return c
}

export async function faultWorld(opts: {
  dynamoEndpoint: string
  sesEndpoint: string
  tableName: string
  clock?: Clock
  /** Send through this SES front (another process's) instead of starting one here. */
  sesFront?: string
  /** Called once SES has accepted a send and its Send event is recorded, before the sender hears back. */
  onAccepted?: (accepted: number) => void
}) {
  const time = opts.clock ?? clock()
  await ensureTable(opts.dynamoEndpoint, opts.tableName)
  const base = createDeps({
    TABLE_NAME: opts.tableName,
    AWS_REGION: 'eu-west-2',
    DYNAMODB_ENDPOINT: opts.dynamoEndpoint,
  })
  const deps: Deps = { ...base, now: time.now }
  const logger = new Logger({ serviceName: 'fault-suite', logLevel: 'SILENT' })
  let accepted = 0
  const front = opts.sesFront
    ? null
    : await startSesFront({
        target: opts.sesEndpoint,
        onSend: async (event) => {
          await handleEmailFeedback(asEventBridgeEvent(event), deps, logger)
          opts.onAccepted?.(++accepted)
        },
      })
  const mailer = new Mailer({
    region: 'eu-west-2',
    endpoint: opts.sesFront ?? front?.endpoint ?? '',
    from: 'actions@faults.example',
    maxPerSecond: 500,
    maxAttempts: 2,
  })
  const outboxDeps: OutboxDeps = {
    ...deps,
    mailer,
    links: { signer: new LinkSigner(LINK_SECRET), baseUrl: 'http://127.0.0.1:9', issuedAt: time.now },
  }
  return {
    deps,
    outboxDeps,
    front,
    clock: time,
    logger,
    handle: (e: Parameters<typeof handleTableChanges>[0]) => handleTableChanges(e, outboxDeps, logger),
    sweep: (): Promise<OutboxRun> => sweepOutbox(outboxDeps, time.now()),
    stop: async () => front?.stop(),
  }
}

export type FaultWorld = Awaited<ReturnType<typeof faultWorld>>

/**
 * A board with `owners` owners and `actions` actions raised at a held meeting (entered without
 * assignment emails), due at the next, and a third scheduled to carry them to. Returns the ids
 * and the owners' addresses; `approve()` approves the minutes that roll them over.
 */
export async function rolloverBoard(
  world: FaultWorld,
  opts: { owners: number; actions: number; domain: string },
) {
  const { deps } = world
  const board = await createBoard(
    deps,
    SECRETARIAT,
    CreateBoardInput.parse({
      name: 'Fault Panel',
      shortName: 'FP',
      secretariatEmails: [`sec@${opts.domain}`],
    }),
  )
  const owners = await seedOwners(deps, SECRETARIAT, opts.owners, (i) => ({
    initials: `O${String(i).padStart(3, '0')}${opts.domain.slice(0, 4).toUpperCase()}`,
    email: `o${i}@${opts.domain}`,
  }))
  const [held, approving, next] = await seedMeetings(deps, SECRETARIAT, board.id, [
    '2026-01-13T10:00:00Z',
    '2026-02-10T10:00:00Z',
    '2099-03-10T10:00:00Z',
  ])
  // Written as raiseAction writes them (the action, its reference, owner-index rows and first
  // history entry, in one transaction each), without its reads: seeding is not what is tested.
  const now = deps.now().toISOString()
  const actor = actorOf(SECRETARIAT)
  const actions = Array.from({ length: opts.actions }, (_, i) =>
    openAction({
      id: deps.newId(),
      boardId: board.id,
      ref: `F${String(i).padStart(4, '0')}.13/01/2026`,
      itemNumber: (i % 90) + 1,
      description: `Fault action ${i}`,
      ownerIds: [owners[i % owners.length] as string],
      raisedAt: held,
      due: approving,
      now,
    }),
  )
  for (let i = 0; i < actions.length; i += 25) {
    await Promise.all(
      actions
        .slice(i, i + 25)
        .map((a) => deps.store.actions.create(a, historyEntry(a, actor, 'created', { meetingId: held.id }))),
    )
  }
  const actionIds = actions.map((a) => a.id)
  return {
    boardId: board.id,
    meetings: { held: held.id, approving: approving.id, next: next.id },
    owners,
    actionIds,
    addresses: owners.map((_, i) => `o${i}@${opts.domain}`),
    approve: async () => {
      const m = await deps.store.meetings.get(approving.id)
      await approveMinutes(
        deps,
        SECRETARIAT,
        approving.id,
        MinutesApprovalInput.parse({ approvedOn: '2026-02-10' }),
        m?.version ?? 1,
      )
    },
  }
}

type StoredEmail = { destination: { to: string[] }; subject: string; at: number }

/** The rollover emails the emulator holds for these addresses, per address. */
export async function rolloverEmailsTo(
  sesEndpoint: string,
  addresses: readonly string[],
): Promise<Map<string, number>> {
  const { emails } = (await (await fetch(`${sesEndpoint}/store`)).json()) as { emails: StoredEmail[] }
  const wanted = new Set(addresses)
  const per = new Map<string, number>()
  for (const e of emails) {
    const to = e.destination.to[0]
    if (to && wanted.has(to) && /carried forward|discharged/.test(e.subject))
      per.set(to, (per.get(to) ?? 0) + 1)
  }
  return per
}

/** Delivered, duplicated and missing, for the bench's table and the tests' assertions. */
export function tally(per: Map<string, number>, addresses: readonly string[]) {
  const delivered = addresses.filter((a) => (per.get(a) ?? 0) >= 1).length
  const duplicated = [...per.values()].reduce((n, c) => n + Math.max(0, c - 1), 0)
  return { expected: addresses.length, delivered, duplicated, missing: addresses.length - delivered }
}

/** The local stream poller on the world's table, as the local stack runs it. */
export function pollStream(world: FaultWorld, dynamoEndpoint: string, tableName: string) {
  return startStreamPoller({
    endpoint: dynamoEndpoint,
    tableName,
    handler: world.handle,
    pollIntervalMs: 50,
    startAt: 'TRIM_HORIZON',
  })
}

export type { SesFront }

/**
 * The system's moving parts (stream poller and outbox sweep, test/faults/sender-process.ts) as
 * a child process to kill -9, on the world's table and SES front. Its clock runs `setClock`
 * milliseconds ahead of the wall clock (through a file it re-reads), so minutes can pass fast.
 */
export function killableSystem(w: FaultWorld, dynamoEndpoint: string) {
  const clockFile = join(mkdtempSync(join(tmpdir(), 'fault-clock-')), 'offset-ms')
  let child: ChildProcess | null = null
  const setClock = (ms: number) => {
    w.clock.offsetMs = ms
    writeFileSync(clockFile, String(ms))
  }
  setClock(0)
  /** Starts the system; resolves with how it ended (a signal name or an exit code). */
  const start = (env: Record<string, string> = {}) => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'test/faults/sender-process.ts'], {
      env: {
        ...process.env,
        DYNAMO_ENDPOINT: dynamoEndpoint,
        TABLE_NAME: w.deps.store.tableName,
        SES_FRONT: w.front?.endpoint ?? '',
        CLOCK_FILE: clockFile,
        ...env,
      },
      // The IPC channel closes if this process goes, and the child then exits.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    })
    child = c
    return new Promise<number | string | null>((resolve) =>
      c.on('exit', (code, signal) => resolve(signal ?? code)),
    )
  }
  return { start, setClock, kill: () => child?.kill('SIGKILL') }
}
