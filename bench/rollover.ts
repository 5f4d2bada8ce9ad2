import '#infra/local/quiet-sdk.ts'
/**
 * Rollover cost against table size: for 10, 100 and 1,000 open actions arising at a
 * meeting, in a table that also holds 100,000 unrelated actions (other boards, and later
 * meetings of the same board), time, DynamoDB requests and consumed capacity of applying
 * the rollover and of the owners' emails.
 *
 *   npm run bench:rollover [-- --unrelated 100000]
 */
import { parseArgs } from 'node:util'
import { openAction, seedOwners } from '#infra/local/seed.ts'
import { LinkSigner } from '#shared/auth/signed-link.ts'
import type { Action } from '#shared/domain/action.ts'
import type { Principal } from '#shared/domain/principal.ts'
import { formatReference } from '#shared/domain/reference.ts'
import { Mailer } from '#shared/mail/mailer.ts'
import { createBoard } from '#shared/usecases/boards.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { approveMinutes, createMeeting } from '#shared/usecases/meetings.ts'
import { enqueueRolloverEmails } from '#shared/usecases/notify.ts'
import { sweepOutbox } from '#shared/usecases/outbox.ts'
import { applyRollover } from '#shared/usecases/rollover.ts'
import { actionItems, benchStack, bulkWrite, newId, table } from './harness.ts'

const { values } = parseArgs({ options: { unrelated: { type: 'string', default: '100000' } } })
const UNRELATED = Number(values.unrelated)
const SIZES = [10, 100, 1000]
const SEC: Principal = { subject: 'bench', role: 'secretariat', personId: null }

const stack = await benchStack()
const deps: Deps = { store: stack.store, now: () => new Date(), newId }
const mailer = new Mailer({
  region: 'eu-west-2',
  endpoint: stack.ses.endpoint,
  from: 'bench@tracker.example',
})

const links = {
  signer: new LinkSigner('bench-link-secret-0123456789abcdefghij'),
  baseUrl: 'http://127.0.0.1:9',
}

async function boardWithOwners(name: string) {
  const owners = await seedOwners(deps, SEC, 5, (i) => ({
    initials: `${name.slice(0, 3).toUpperCase()}${i}${newId().slice(-4)}`,
    email: `o${i}@bench.example`,
  }))
  const board = await createBoard(deps, SEC, {
    name,
    shortName: 'PAM',
    secretariatEmails: ['sec@bench.example'],
    timeZone: 'Europe/London',
    reminderDaysBefore: [7, 2],
    summaryDaysBefore: 3,
    overdueCarryThreshold: 2,
    meetingLengthMinutes: 120,
  })
  const meeting = (startsAt: string) => createMeeting(deps, SEC, board.id, { startsAt })
  return { board, owners, meeting }
}

function action(
  boardId: string,
  raisedAt: { id: string; startsAt: string },
  due: { id: string; startsAt: string },
  owner: string,
  i: number,
  proposeDischargeAt?: string,
): Action {
  const now = new Date().toISOString()
  return openAction({
    id: newId(),
    boardId,
    ref: `${formatReference(i % 100, new Date(raisedAt.startsAt), 'Europe/London')} #${i}`,
    itemNumber: i % 100,
    description: `Bench action ${i}`,
    ownerIds: [owner],
    raisedAt,
    due,
    now,
    proposedOutcome: proposeDischargeAt
      ? {
          meetingId: proposeDischargeAt,
          outcome: 'discharged',
          note: 'Discharged',
          by: { kind: 'system', role: null, personId: null, subject: 'bench' },
          at: now,
        }
      : null,
  })
}

try {
  console.log(`Loading ${UNRELATED.toLocaleString('en-GB')} unrelated actions…`)
  const t0 = performance.now()
  const items: Record<string, unknown>[] = []
  const others = []
  for (let b = 0; b < 20; b++) others.push(await boardWithOwners(`Other board ${b}`))
  for (const o of others) {
    const r = await o.meeting('2026-01-06T10:00:00Z')
    const d = await o.meeting('2026-02-03T10:00:00Z')
    for (let i = 0; i < UNRELATED / 20; i++)
      items.push(...actionItems(action(o.board.id, r, d, o.owners[i % 5] ?? '', i)))
  }
  await bulkWrite(stack.doc, stack.tableName, items, (done) =>
    process.stdout.write(`  ${done.toLocaleString('en-GB')} items\r`),
  )
  console.log(
    `  ${items.length.toLocaleString('en-GB')} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  )

  const rows = []
  for (const n of SIZES) {
    const b = await boardWithOwners(`Board n=${n}`)
    const raised = await b.meeting('2026-03-03T10:00:00Z')
    const m = await b.meeting('2026-03-31T09:00:00Z')
    const next = await b.meeting('2099-04-28T09:00:00Z')
    const later = await b.meeting('2099-05-26T09:00:00Z')
    const arising: Record<string, unknown>[] = []
    // n actions arising at m (a fifth proposed for discharge), and as many again due later on the same board.
    for (let i = 0; i < n; i++)
      arising.push(
        ...actionItems(
          action(b.board.id, raised, m, b.owners[i % 5] ?? '', i, i % 5 === 0 ? m.id : undefined),
        ),
      )
    for (let i = 0; i < n; i++)
      arising.push(...actionItems(action(b.board.id, raised, later, b.owners[i % 5] ?? '', n + i)))
    await bulkWrite(stack.doc, stack.tableName, arising)
    await approveMinutes(deps, SEC, m.id, { approvedOn: '2026-04-28' })
    void next

    stack.meter.start()
    let t = performance.now()
    const outcome = await applyRollover(deps, m.id)
    const applyMs = performance.now() - t
    const apply = stack.meter.stop()

    stack.meter.start()
    t = performance.now()
    // Queued, then sent by the outbox (in AWS the stream sends them as they are queued).
    await enqueueRolloverEmails(deps, m.id)
    const emails = (await sweepOutbox({ ...deps, mailer, links }, new Date())).sent
    const notifyMs = performance.now() - t
    const notify = stack.meter.stop()

    if (outcome.discharged + outcome.carried !== n)
      throw new Error(`expected ${n} changes, got ${JSON.stringify(outcome)}`)
    rows.push({
      n,
      'apply ms': applyMs.toFixed(0),
      'ms/action': (applyMs / n).toFixed(2),
      requests: apply.total,
      transactions: apply.requests.TransactWriteItems ?? 0,
      'ceil(n/100)': Math.ceil(n / 100),
      'items written': apply.itemsWritten,
      // Transactional writes cost 2 WCU per item up to 1 KB (our items are under 1 KB).
      'WCU/action (2×items)': ((2 * apply.itemsWritten) / n).toFixed(2),
      'reported CU/action': (apply.capacity / n).toFixed(2),
      'notify ms': notifyMs.toFixed(0),
      emails,
      'notify requests': notify.total,
    })
    console.log(
      `  n=${n}: apply ${JSON.stringify(apply.requests)}; notify ${JSON.stringify(notify.requests)}`,
    )
  }
  console.log(`\nRollover with ${UNRELATED.toLocaleString('en-GB')} unrelated actions in the table\n`)
  console.log(table(rows))
  console.log(
    '\nEach action the rollover changes is 1 item in a transaction (an update of the action that also appends its history' +
      '\nentry); each transaction adds the rollover log item and a check of the target meeting, so it holds 98 actions.' +
      "\nA discharged action's owner-index rows are updated afterwards from the table's stream (one small transaction each, not counted here)." +
      '\nWCU/action is computed (transactional writes cost 2 WCU per item ≤ 1 KB); "reported CU" is what DynamoDB Local' +
      '\nreturns, which leaves out transactions, so it shows only the reads.',
  )
} finally {
  await stack.stop()
}
