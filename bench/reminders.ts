import '#infra/local/quiet-sdk.ts'
/**
 * Owner-reminder sweep cost against table size (issue #4): the same due set — one board
 * whose next meeting's 7-day window is open, 40 owners, 200 open actions arising at that
 * meeting (some carried from earlier meetings, some with updates, a tenth proposed for
 * discharge) — in a table of 1,000 actions and in one of 100,000. The padding is the same
 * kinds of item in both: discharged actions and actions due at later meetings of the same
 * board, and open and discharged actions of a fixed number of other boards whose meetings
 * are outside the window. For each table it prints the sweep's wall time, DynamoDB
 * requests and consumed capacity, for a first sweep (one email per owner) and a rerun at
 * the same instant (nothing sent: only the idempotency checks), and the ratio 100k/1k.
 * The sweep reads only each board's meetings in the lookahead and the open actions due by
 * an open window's meeting (DESIGN.md §4: cost grows with the work due, not the table),
 * so requests and capacity should be equal and the time ratio close to 1.
 *
 *   npm run bench:reminders [-- --sizes 1000,100000 --reps 5]
 */
import { parseArgs } from 'node:util'
import { DeleteCommand } from '@aws-sdk/lib-dynamodb'
import { ensureTable } from '#infra/local/dynamodb-local.ts'
import { LinkSigner } from '#shared/auth/signed-link.ts'
import { Action, type ActionUpdate } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import type { Actor } from '#shared/domain/common.ts'
import type { Meeting, MeetingStatus } from '#shared/domain/meeting.ts'
import type { Principal } from '#shared/domain/principal.ts'
import { formatReference } from '#shared/domain/reference.ts'
import { Mailer } from '#shared/mail/mailer.ts'
import { key } from '#shared/store/keys.ts'
import { Store } from '#shared/store/store.ts'
import { createBoard } from '#shared/usecases/boards.ts'
import { type OutboxDeps, sweepOutbox } from '#shared/usecases/outbox.ts'
import { createPerson } from '#shared/usecases/people.ts'
import { sendReminders } from '#shared/usecases/reminders.ts'
import { actionItems, benchStack, bulkWrite, newId, table } from './harness.ts'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,100000' },
    reps: { type: 'string', default: '5' },
  },
})
const SIZES = values.sizes.split(',').map(Number)
const REPS = Number(values.reps)

/** 08:00 BST on Tuesday 2 June 2026: the 7-day window of the 9 June meeting opens. */
const NOW = new Date('2026-06-02T07:00:00Z')
/** The meeting whose window is open (10:00 BST). */
const DUE_AT = '2026-06-09T09:00:00Z'
/** The PAM meetings the due set was raised at (carried forward from the first two). */
const EARLIER = ['2026-03-10T10:00:00Z', '2026-04-07T09:00:00Z', '2026-05-05T09:00:00Z']
/** Later PAM meetings, beyond the sweep's lookahead. */
const LATER = ['2026-07-07T09:00:00Z', '2026-08-04T09:00:00Z', '2026-09-01T09:00:00Z']
/** Other boards' meetings: one held, two ahead but outside the window. */
const OTHER_MEETINGS = ['2026-05-12T09:00:00Z', '2026-06-23T09:00:00Z', '2026-07-21T09:00:00Z']
const OWNERS = 40
const DUE = 200
/** The last tenth of the due set is proposed for discharge: read, but left out of the emails. */
const PROPOSED_FROM = 180
const OTHER_BOARDS = 9
const OWNERS_PER_OTHER_BOARD = 5

const SEC: Principal = { subject: 'bench', role: 'secretariat', personId: null }
const SYSTEM: Actor = { kind: 'system', role: null, personId: null, subject: 'bench' }

const stack = await benchStack()
const mailer = new Mailer({
  region: 'eu-west-2',
  endpoint: stack.ses.endpoint,
  from: 'actions@bench.example',
  maxPerSecond: 1000,
})
const links = { signer: new LinkSigner('x'.repeat(40)), baseUrl: 'http://localhost' }

type Seeded = {
  size: number
  deps: OutboxDeps
  /** Idempotency keys of the first sweep's emails, to clear between measured repetitions. */
  emailKeys: string[]
}

function meeting(boardId: string, startsAt: string, status: MeetingStatus): Meeting {
  const at = new Date(new Date(startsAt).getTime() - 60 * 86_400_000).toISOString()
  return {
    id: newId(),
    boardId,
    startsAt,
    location: 'HQ',
    title: `Bench meeting ${startsAt.slice(0, 10)}`,
    status,
    attendance: [],
    guestIds: [],
    seriesId: null,
    calendarSequence: 0,
    publication: null,
    minutesApproval:
      status === 'minutes-approved'
        ? {
            approvedOn: startsAt.slice(0, 10),
            signatories: [],
            amendments: null,
            recordedBy: SYSTEM,
            recordedAt: startsAt,
            notifyOwners: true,
          }
        : null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  }
}

/** A valid action (checked against the domain schema) raised at `raised` and due at `due`. */
function action(
  board: Board,
  n: number,
  o: {
    raised: Meeting
    due: Meeting
    owner: string
    status?: 'open' | 'discharged'
    carryCount?: number
    updates?: number
    proposeDischarge?: boolean
  },
): Action {
  const at = new Date(new Date(o.raised.startsAt).getTime() + 86_400_000).toISOString()
  const updates: ActionUpdate[] = Array.from({ length: o.updates ?? 0 }, (_, u) => ({
    at,
    by: { kind: 'owner-link', role: null, personId: o.owner, subject: o.owner },
    text: `Update ${u + 1}: work in progress, a paragraph or so of what was done and what is left.`,
    proposeComplete: false,
  }))
  const itemNumber = 1 + (n % 20)
  return Action.parse({
    id: newId(),
    boardId: board.id,
    ref: `${formatReference(itemNumber, new Date(o.raised.startsAt), board.timeZone)} #${n}`,
    itemNumber,
    description: `Bench action ${n}: report back to the board on the matter raised under this item.`,
    ownerIds: [o.owner],
    raisedAtMeetingId: o.raised.id,
    raisedAt: o.raised.startsAt,
    dueMeetingId: o.due.id,
    dueMeetingStartsAt: o.due.startsAt,
    dueDate: null,
    waitingAfter: null,
    status: o.status ?? 'open',
    updates,
    proposedOutcome: o.proposeDischarge
      ? { meetingId: o.due.id, outcome: 'discharged', note: 'Completed', by: SYSTEM, at }
      : null,
    carryCount: o.carryCount ?? 0,
    discharge:
      o.status === 'discharged'
        ? { meetingId: o.due.id, note: 'Completed', on: o.due.startsAt.slice(0, 10) }
        : null,
    exempt: null,
    createdAt: at,
    updatedAt: at,
    version: 1 + (o.carryCount ?? 0) + (o.updates ?? 0),
  })
}

/** A fresh table holding the due set, padded to `size` actions. */
async function seed(size: number): Promise<Seeded> {
  if (size < DUE) throw new Error(`a table needs at least the ${DUE} due actions`)
  const tableName = `bench-reminders-${size}`
  await ensureTable(stack.dynamo.endpoint, tableName)
  const store = new Store(stack.doc, tableName)
  const deps: OutboxDeps = { store, now: () => new Date(), newId, mailer, links }
  const person = async (initials: string, email: string) =>
    (await createPerson(deps, SEC, { name: `Owner ${initials}`, initials, kind: 'person', email })).id
  const newBoard = (name: string, shortName: string) =>
    createBoard(deps, SEC, {
      name,
      shortName,
      secretariatEmails: ['secretariat@bench.example'],
      timeZone: 'Europe/London',
      reminderDaysBefore: [7, 2],
      summaryDaysBefore: 3,
      overdueCarryThreshold: 2,
      meetingLengthMinutes: 120,
    })
  const addMeeting = async (boardId: string, startsAt: string, status: MeetingStatus) => {
    const m = meeting(boardId, startsAt, status)
    await store.meetings.create(m)
    return m
  }
  const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T

  const items: Record<string, unknown>[] = []
  let n = 0

  // The due set: one board, its 9 June meeting, 40 owners with 5 actions each.
  const pam = await newBoard('Performance Accountability Meeting', 'PAM')
  const owners: string[] = []
  for (let i = 0; i < OWNERS; i++) owners.push(await person(`P${i}`, `p${i}@pam.bench.example`))
  const earlier: Meeting[] = []
  for (const at of EARLIER) earlier.push(await addMeeting(pam.id, at, 'minutes-approved'))
  const due = await addMeeting(pam.id, DUE_AT, 'scheduled')
  const later: Meeting[] = []
  for (const at of LATER) later.push(await addMeeting(pam.id, at, 'scheduled'))
  for (let i = 0; i < DUE; i++) {
    const from = i % 4 === 0 ? 0 : i % 4 === 1 ? 1 : 2
    const a = action(pam, n++, {
      raised: pick(earlier, from),
      due,
      owner: pick(owners, i),
      carryCount: 2 - from,
      updates: i % 3 === 0 ? 2 : 0,
      proposeDischarge: i >= PROPOSED_FROM,
    })
    items.push(...actionItems(a))
  }

  // Padding: a quarter discharged on the same board, a quarter due at its later meetings,
  // half on the other boards (half of those open, half discharged).
  const padding = size - DUE
  const pamDischarged = Math.floor(padding / 4)
  const pamLater = Math.floor(padding / 4)
  const otherCount = padding - pamDischarged - pamLater
  for (let i = 0; i < pamDischarged; i++) {
    const from = i % 2
    const a = action(pam, n++, {
      raised: pick(earlier, from),
      due: pick(earlier, from + 1),
      owner: pick(owners, i),
      status: 'discharged',
      updates: i % 2,
    })
    items.push(...actionItems(a))
  }
  for (let i = 0; i < pamLater; i++) {
    const a = action(pam, n++, {
      raised: pick(earlier, 2),
      due: pick(later, i),
      owner: pick(owners, i),
      updates: i % 3 === 0 ? 1 : 0,
    })
    items.push(...actionItems(a))
  }
  for (let b = 0; b < OTHER_BOARDS; b++) {
    const board = await newBoard(`Other board ${b}`, `OB${b}`)
    const boardOwners: string[] = []
    for (let i = 0; i < OWNERS_PER_OTHER_BOARD; i++)
      boardOwners.push(await person(`B${b}O${i}`, `o${i}@b${b}.bench.example`))
    const [held, next, after] = [
      await addMeeting(board.id, pick(OTHER_MEETINGS, 0), 'minutes-approved'),
      await addMeeting(board.id, pick(OTHER_MEETINGS, 1), 'scheduled'),
      await addMeeting(board.id, pick(OTHER_MEETINGS, 2), 'scheduled'),
    ]
    const count = Math.floor(otherCount / OTHER_BOARDS) + (b < otherCount % OTHER_BOARDS ? 1 : 0)
    for (let i = 0; i < count; i++) {
      const open = i % 2 === 0
      const a = action(board, n++, {
        raised: held,
        due: open ? (i % 4 === 0 ? next : after) : held,
        owner: pick(boardOwners, i),
        status: open ? 'open' : 'discharged',
        updates: i % 3 === 0 ? 1 : 0,
      })
      items.push(...actionItems(a))
    }
  }
  if (n !== size) throw new Error(`seeded ${n} actions, expected ${size}`)

  await bulkWrite(stack.doc, tableName, items, (done) =>
    process.stdout.write(
      `  ${done.toLocaleString('en-GB')} / ${items.length.toLocaleString('en-GB')} items\r`,
    ),
  )
  // The sweep's idempotency keys for the one open window (7 days before): every owner has
  // at least one action not proposed for discharge, so each gets an email.
  const emailKeys = owners.map((o) => `reminder#${due.id}#${o}#7`)
  return { size, deps, emailKeys }
}

async function clearEmailLog(t: Seeded) {
  for (const k of t.emailKeys)
    await stack.doc.send(new DeleteCommand({ TableName: t.deps.store.tableName, Key: key.email(k) }))
}

type Sample = {
  ms: number
  /** Time spent waiting for DynamoDB (the sweep's requests are sequential). */
  dynamoMs: number
  emails: number
  total: number
  capacity: number
  requests: Record<string, number>
  msByCommand: Record<string, number>
}

async function sweep(t: Seeded): Promise<Sample> {
  stack.meter.start()
  const t0 = performance.now()
  // The hourly run queues the reminders; the outbox sends them (the stream's part in AWS).
  const run = await sendReminders(t.deps, NOW)
  await sweepOutbox(t.deps, new Date())
  const ms = performance.now() - t0
  const m = stack.meter.stop()
  const dynamoMs = Object.values(m.ms).reduce((a, b) => a + b, 0)
  return {
    ms,
    dynamoMs,
    emails: run.emails,
    total: m.total,
    capacity: m.capacity,
    requests: m.requests,
    msByCommand: m.ms,
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}

function summary(samples: Sample[], expectEmails: number) {
  for (const s of samples)
    if (s.emails !== expectEmails)
      throw new Error(`expected ${expectEmails} emails, a sweep sent ${s.emails}`)
  const first = samples[0]
  if (!first) throw new Error('no samples')
  const varies = samples.some((s) => s.total !== first.total || s.capacity !== first.capacity)
  // Mean latency of one request of each command, over every repetition.
  const latency: Record<string, number> = {}
  for (const cmd of Object.keys(first.requests)) {
    const ms = samples.reduce((a, s) => a + (s.msByCommand[cmd] ?? 0), 0)
    const n = samples.reduce((a, s) => a + (s.requests[cmd] ?? 0), 0)
    latency[cmd] = ms / n
  }
  return {
    ms: median(samples.map((s) => s.ms)),
    min: Math.min(...samples.map((s) => s.ms)),
    max: Math.max(...samples.map((s) => s.ms)),
    dynamoMs: median(samples.map((s) => s.dynamoMs)),
    restMs: median(samples.map((s) => s.ms - s.dynamoMs)),
    emails: first.emails,
    total: Math.max(...samples.map((s) => s.total)),
    capacity: Math.max(...samples.map((s) => s.capacity)),
    requests: first.requests,
    latency,
    varies,
  }
}

try {
  const started = performance.now()
  const tables: Seeded[] = []
  for (const size of SIZES) {
    console.log(`Seeding a table of ${size.toLocaleString('en-GB')} actions…`)
    const t0 = performance.now()
    tables.push(await seed(size))
    console.log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s${' '.repeat(20)}`)
  }

  // One unmeasured sweep per table warms the JIT of both processes; then the measured
  // repetitions alternate between the tables, the email log cleared before each first sweep.
  console.log(`Sweeping at ${NOW.toISOString()} (${REPS} repetitions per table, after a warm-up)…`)
  for (const t of tables) {
    await sweep(t)
    await sweep(t)
  }
  const firsts = new Map<Seeded, Sample[]>(tables.map((t) => [t, []]))
  const reruns = new Map<Seeded, Sample[]>(tables.map((t) => [t, []]))
  for (let r = 0; r < REPS; r++) {
    for (const t of tables) {
      await clearEmailLog(t)
      firsts.get(t)?.push(await sweep(t))
      reruns.get(t)?.push(await sweep(t))
    }
  }

  const rows = []
  const results = tables.map((t) => ({
    t,
    first: summary(firsts.get(t) ?? [], OWNERS),
    rerun: summary(reruns.get(t) ?? [], 0),
  }))
  for (const { t, first, rerun } of results) {
    for (const [kind, s] of [
      ['first', first],
      ['rerun', rerun],
    ] as const) {
      rows.push({
        'table actions': t.size.toLocaleString('en-GB'),
        boards: 1 + OTHER_BOARDS,
        'due actions': DUE,
        sweep: kind,
        emails: s.emails,
        'sweep ms (median)': s.ms.toFixed(0),
        'min–max ms': `${s.min.toFixed(0)}–${s.max.toFixed(0)}`,
        'in DynamoDB ms': s.dynamoMs.toFixed(0),
        'rest ms': s.restMs.toFixed(0),
        requests: s.total,
        'consumed CU': s.capacity.toFixed(1),
      })
    }
  }
  console.log(`\nOwner-reminder sweep, same due set, ${REPS} repetitions\n`)
  console.log(table(rows))
  console.log('\nRequests by command × mean latency of one request:')
  for (const { t, first, rerun } of results) {
    for (const [kind, s] of [
      ['first', first],
      ['rerun', rerun],
    ] as const) {
      const byCommand = Object.entries(s.requests)
        .map(([cmd, n]) => `${cmd} ${n} × ${(s.latency[cmd] ?? 0).toFixed(1)} ms`)
        .join(', ')
      console.log(`  ${t.size.toLocaleString('en-GB').padStart(7)} ${kind}: ${byCommand}`)
    }
    if (first.varies || rerun.varies)
      console.log('  (requests or capacity varied between repetitions: the largest is shown)')
  }
  const small = results[0]
  const large = results[results.length - 1]
  if (small && large && small !== large) {
    const label = `${large.t.size.toLocaleString('en-GB')} / ${small.t.size.toLocaleString('en-GB')}`
    const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? '1.00' : '∞') : (a / b).toFixed(2))
    console.log(`\nRatio ${label}:`)
    console.log(
      table(
        (['first', 'rerun'] as const).map((kind) => ({
          sweep: kind,
          'time ratio': ratio(large[kind].ms, small[kind].ms),
          'in DynamoDB': ratio(large[kind].dynamoMs, small[kind].dynamoMs),
          rest: ratio(large[kind].restMs, small[kind].restMs),
          'requests ratio': ratio(large[kind].total, small[kind].total),
          'CU ratio': ratio(large[kind].capacity, small[kind].capacity),
        })),
      ),
    )
  }
  console.log(
    `\nDue set: ${DUE} open actions of one board due at its ${DUE_AT} meeting (7-day window open), ` +
      `${OWNERS} owners, ${DUE - PROPOSED_FROM} proposed for discharge (read, not emailed).` +
      '\nA first sweep sends one email per owner (claim Put + settle Update each); a rerun sends none' +
      '\n(each claim is refused and the log entry read). "consumed CU" is what DynamoDB Local reports' +
      '\n(a refused conditional put reports none). Requests and capacity are what DynamoDB bills and' +
      '\nwhat the sweep controls; "in DynamoDB ms" is DynamoDB Local\'s latency on this machine (an' +
      '\nSQLite-backed emulator), "rest ms" the sweep\'s own work and the SES emulator\'s sends.' +
      `\nSeeding and sweeps took ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  )
} finally {
  await stack.stop()
}
