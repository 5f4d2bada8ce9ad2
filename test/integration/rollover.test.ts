import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { ulid } from 'ulid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StreamEvent } from '#functions/on-table-change/handle.ts'
import { hook, unhook } from '#infra/local/sdk-hooks.ts'
import type { Action } from '#shared/domain/action.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import { intentKey, LEASE_MS, QUIET_PERIOD_MS } from '#shared/domain/outbox.ts'
import type { Principal } from '#shared/domain/principal.ts'
import { raiseAction } from '#shared/usecases/actions.ts'
import {
  type Api,
  mailDomain,
  meeting,
  newBoard,
  newPerson,
  raise,
  sentEmails,
  startApi,
  withStream,
} from './harness.ts'
import { allItems } from './list-pages.ts'

let api: Api
let stream: Awaited<ReturnType<typeof withStream>>
beforeAll(async () => {
  api = await startApi()
  stream = await withStream(api)
})
afterAll(async () => {
  await stream.stop()
  await api.close()
})

const SEC: Principal = { subject: 'test-secretariat', role: 'secretariat', personId: null }
let seq = 0
/** A stream record as DynamoDB writes it for a meeting change. */
function meetingRecord(before: Meeting | null, after: Meeting): StreamEvent['Records'][number] {
  seq++
  return {
    eventName: before ? 'MODIFY' : 'INSERT',
    dynamodb: {
      SequenceNumber: String(seq).padStart(21, '0'),
      NewImage: marshall({ ...after, type: 'Meeting' }, { removeUndefinedValues: true }),
      ...(before
        ? { OldImage: marshall({ ...before, type: 'Meeting' }, { removeUndefinedValues: true }) }
        : {}),
    },
  }
}

/** A board with two owners on a run-unique mail domain, and a secretariat mailbox. */
async function board() {
  const domain = mailDomain()
  const owner = async (initials: string) =>
    (
      await newPerson(api, `${initials}${seq++}`, {
        name: `Owner ${initials}`,
        email: `${initials.toLowerCase()}@${domain}`,
      })
    ).id
  const dt = await owner('DT')
  const bs = await owner('BS')
  const b = await newBoard(api, { secretariatEmails: [`secretariat@${domain}`] })
  return {
    boardId: b.id,
    dt,
    bs,
    mail: { dt: `dt@${domain}`, bs: `bs@${domain}`, sec: `secretariat@${domain}` },
  }
}

async function approve(meetingId: string, approvedOn: string) {
  const before = (await api.get(`/meetings/${meetingId}`)).body as Meeting
  const res = await api.post(`/meetings/${meetingId}/minutes-approval`, { approvedOn })
  expect(res.status).toBe(202)
  return meetingRecord(before, res.body as Meeting)
}

/** An action's item exactly as the table holds it (keys and store-only attributes included). */
async function storedAction(actionId: string) {
  const res = await api.doc.send(
    new GetCommand({
      TableName: api.tableName,
      Key: { PK: `ACTION#${actionId}`, SK: 'ACTION' },
      ConsistentRead: true,
    }),
  )
  return res.Item as Record<string, unknown>
}

/** The stream record DynamoDB writes for a change of an action item between two stored states. */
function actionRecord(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): StreamEvent['Records'][number] {
  seq++
  return {
    eventName: before ? 'MODIFY' : 'INSERT',
    dynamodb: {
      SequenceNumber: String(seq).padStart(21, '0'),
      NewImage: marshall(after, { removeUndefinedValues: true }),
      ...(before ? { OldImage: marshall(before, { removeUndefinedValues: true }) } : {}),
    },
  }
}

const historyKinds = async (actionId: string) =>
  ((await api.get(`/actions/${actionId}/history`)).body.items as { kind: string }[]).map((h) => h.kind)

describe('minutes approval rolls actions over', () => {
  it('applies one carry per action and sends one email per owner, however often the record comes', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2020-05-26T10:00:00+01:00')
    const m2 = await meeting(api, b.boardId, '2020-06-23T10:00:00+01:00')
    const m3 = await meeting(api, b.boardId, '2099-07-21T10:00:00+01:00')
    const raiseOnItem = async (itemNumber: number, ownerIds: string[]) =>
      (await raise(api, m1, { itemNumber, description: `Action on item ${itemNumber}`, ownerIds })).id
    const done = await raiseOnItem(2, [b.dt])
    const carried = await raiseOnItem(3, [b.bs])
    const silent = await raiseOnItem(4, [b.dt, b.bs])
    await api.post(`/meetings/${m2}/outcomes`, {
      actionId: done,
      outcome: 'discharged',
      note: 'Discharged – monthly updates going forward',
    })
    await api.post(`/meetings/${m2}/outcomes`, {
      actionId: carried,
      outcome: 'carried-forward',
      note: 'Update – meeting scheduled for 7 February',
    })
    const record = await approve(m2, '2020-07-21')

    // Three deliveries of the same record, two of them at once.
    const results = [
      ...(await Promise.all([stream.handler({ Records: [record] }), stream.handler({ Records: [record] })])),
    ]
    results.push(await stream.handler({ Records: [record] }))
    // A duplicate that meets the other's send in flight reports the record failed so that it
    // is retried (both may); the retry, the third delivery here, finds everything done.
    expect(results[2]?.batchItemFailures).toEqual([])

    const get = async (id: string) => (await api.get(`/actions/${id}`)).body
    expect(await get(done)).toMatchObject({
      status: 'discharged',
      discharge: { meetingId: m2, note: 'Discharged – monthly updates going forward', on: '2020-07-21' },
      proposedOutcome: null,
    })
    expect(await get(carried)).toMatchObject({
      status: 'open',
      carryCount: 1,
      dueMeetingId: m3,
      proposedOutcome: null,
    })
    expect((await get(carried)).updates.at(-1).text).toBe('Update – meeting scheduled for 7 February')
    expect(await get(silent)).toMatchObject({ status: 'open', carryCount: 1, dueMeetingId: m3 })
    expect(await historyKinds(done)).toEqual(['created', 'outcome-proposed', 'discharged'])
    expect(await historyKinds(carried)).toEqual(['created', 'outcome-proposed', 'carried-forward'])
    expect(await historyKinds(silent)).toEqual(['created', 'carried-forward'])

    const toDt = (await sentEmails(b.mail.dt)).filter((e) => e.subject.startsWith('PAM 23 June 2020'))
    const toBs = (await sentEmails(b.mail.bs)).filter((e) => e.subject.startsWith('PAM 23 June 2020'))
    expect(toDt).toHaveLength(1)
    expect(toBs).toHaveLength(1)
    expect(toDt[0]?.subject).toBe('PAM 23 June 2020: 1 action discharged, 1 carried forward')
    expect(toDt[0]?.body.text).toContain('DISCHARGED')
    expect(toDt[0]?.body.text).toContain('Discharged – monthly updates going forward')
    expect(toDt[0]?.body.html).toContain('Carried forward to PAM 21 July 2099')
    expect(toBs[0]?.body.text).not.toContain('Action on item 2')
  })

  it('finishes a 250-action rollover that crashed after its first transaction, doubling nothing', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2021-03-30T10:00:00+01:00')
    const m2 = await meeting(api, b.boardId, '2021-04-27T10:00:00+01:00')
    const m3 = await meeting(api, b.boardId, '2099-05-25T10:00:00+01:00')
    // Raised ten at a time (each has its own reference, so none waits for another's): the
    // setup, not the rollover, is most of this test's time on a busy machine.
    const ids: string[] = []
    for (let start = 0; start < 250; start += 10) {
      const batch = Array.from({ length: 10 }, (_, k) => start + k)
      const raised = await Promise.all(
        batch.map((i) =>
          raiseAction(api.deps, SEC, m1, {
            itemNumber: i % 100,
            description: `Bulk ${i}`,
            ownerIds: [i % 2 ? b.dt : b.bs],
            ref: `BULK-${i}`,
          }),
        ),
      )
      ids.push(...raised.map((a) => a.id))
    }
    const record = await approve(m2, '2021-05-25')

    const crashed = await stream.handler(
      { Records: [record] },
      {
        afterChunk: () => {
          throw new Error('killed after the first transaction')
        },
      },
    )
    expect(crashed.batchItemFailures).toEqual([{ itemIdentifier: record.dynamodb?.SequenceNumber }])
    const midway = await allItems<{ dueMeetingId: string }>(api, `/boards/${b.boardId}/actions?status=open`)
    const movedSoFar = midway.filter((a) => a.dueMeetingId === m3).length
    expect(movedSoFar).toBeGreaterThan(0)
    expect(movedSoFar).toBeLessThan(250)

    const redelivered = await stream.handler({ Records: [record] })
    expect(redelivered.batchItemFailures).toEqual([])
    const after = await allItems<{
      id: string
      carryCount: number
      dueMeetingId: string
      version: number
    }>(api, `/boards/${b.boardId}/actions`)
    expect(after).toHaveLength(250)
    expect(after.every((a) => a.carryCount === 1 && a.dueMeetingId === m3 && a.version === 2)).toBe(true)
    for (const id of [ids[0], ids[124], ids[249]])
      expect(await historyKinds(id ?? '')).toEqual(['created', 'carried-forward'])
    expect((await sentEmails(b.mail.dt)).filter((e) => e.subject.includes('carried forward'))).toHaveLength(1)
    expect((await sentEmails(b.mail.bs)).filter((e) => e.subject.includes('carried forward'))).toHaveLength(1)
  }, 180_000)

  it('holds actions with no next meeting, tells the secretariat once, and attaches them to the next one scheduled', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2022-01-25T09:00:00Z')
    const m2 = await meeting(api, b.boardId, '2022-02-22T09:00:00Z')
    const a = (
      await api.post(`/meetings/${m1}/actions`, {
        itemNumber: 2,
        description: 'Arrange a meeting with KT',
        ownerIds: [b.dt],
      })
    ).body
    const record = await approve(m2, '2022-03-01')
    await stream.handler({ Records: [record] })
    await stream.handler({ Records: [record] })

    expect((await api.get(`/actions/${a.id}`)).body).toMatchObject({
      status: 'open',
      carryCount: 1,
      dueMeetingId: null,
    })
    const toSec = await sentEmails(b.mail.sec)
    expect(toSec).toHaveLength(1)
    expect(toSec[0]?.subject).toBe('PAM: 1 action waiting for the next meeting to be scheduled')
    expect(toSec[0]?.body.text).toContain('Arrange a meeting with KT')

    const created = await api.post(`/boards/${b.boardId}/meetings`, { startsAt: '2099-03-29T09:00:00Z' })
    await stream.handler({ Records: [meetingRecord(null, created.body)] })
    await stream.handler({ Records: [meetingRecord(null, created.body)] })
    const attached = (await api.get(`/actions/${a.id}`)).body
    expect(attached).toMatchObject({
      dueMeetingId: created.body.id,
      dueMeetingStartsAt: '2099-03-29T09:00:00.000Z',
      carryCount: 1,
    })
    expect(await historyKinds(a.id)).toEqual(['created', 'carried-forward', 'due-meeting-moved'])
    expect(
      (await api.get(`/meetings/${created.body.id}/actions-arising`)).body.items.map(
        (x: { id: string }) => x.id,
      ),
    ).toEqual([a.id])
  })
})

describe('through the local stream poller', () => {
  it('rolls over and emails owners within seconds of the API call, and tells new owners', async () => {
    const polled = await withStream(api, { poll: true })
    try {
      const b = await board()
      const m1 = await meeting(api, b.boardId, '2023-01-24T09:00:00Z')
      const m2 = await meeting(api, b.boardId, '2023-02-21T09:00:00Z')
      const m3 = await meeting(api, b.boardId, '2099-03-21T09:00:00Z')
      const a = (
        await api.post(`/meetings/${m1}/actions`, {
          itemNumber: 3,
          description: 'Provide victim satisfaction data',
          ownerIds: [b.bs],
          // Raised at a 2023 meeting: without this, back-filled actions email nobody.
          notifyOwners: true,
        })
      ).body
      const initials = (await api.get(`/people/${b.bs}`)).body.initials
      // The assignment waits in the outbox for the secretariat's quiet period, then goes.
      const gathered = intentKey({ kind: 'assignment', meetingId: m1, ownerId: b.bs })
      await expect
        .poll(async () => (await api.deps.store.outbox.get(gathered))?.actions, { timeout: 10_000 })
        .toEqual([a.id])
      await polled.drain(new Date(Date.now() + QUIET_PERIOD_MS + 1000))
      expect((await sentEmails(b.mail.bs)).map((e) => e.subject)).toContain(
        `PAM: 1 action for ${initials} from PAM 24 January 2023`,
      )

      await api.post(`/meetings/${m2}/minutes-approval`, { approvedOn: '2023-03-01' })
      await expect
        .poll(async () => (await api.get(`/actions/${a.id}`)).body.dueMeetingId, { timeout: 10_000 })
        .toBe(m3)
      await expect
        .poll(
          async () =>
            (await sentEmails(b.mail.bs)).filter((e) => e.subject.endsWith('1 carried forward')).length,
          { timeout: 10_000 },
        )
        .toBe(1)
    } finally {
      await polled.stop()
    }
  })

  it('sends a poison record to the failure destination after the retries, and processes what follows', async () => {
    const failureFile = join(mkdtempSync(join(tmpdir(), 'poller-')), 'failures.jsonl')
    const polled = await withStream(api, {
      poll: true,
      failureFile,
      mapping: { batchSize: 100, maxRetries: 3, bisectOnError: true },
      wrap: (real) => async (event) => {
        const poison = event.Records.filter((r) => r.dynamodb?.NewImage?.title?.S === 'POISON')
        const rest = await real({ Records: event.Records.filter((r) => !poison.includes(r)) })
        return {
          batchItemFailures: [
            ...poison.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
            ...rest.batchItemFailures,
          ],
        }
      },
    })
    try {
      const b = await board()
      await api.post(`/boards/${b.boardId}/meetings`, { startsAt: '2099-01-01T09:00:00Z', title: 'POISON' })
      const m = await meeting(api, b.boardId, '2024-01-01T09:00:00Z')
      const a = (
        await api.post(`/meetings/${m}/actions`, {
          itemNumber: 1,
          description: 'Behind the poison',
          ownerIds: [b.dt],
          notifyOwners: true,
        })
      ).body
      await expect.poll(() => polled.poller?.failures.length, { timeout: 15_000 }).toBe(1)
      expect(polled.poller?.failures[0]).toMatchObject({
        attempts: 4,
        reason: 'reported in batchItemFailures',
      })
      const lines = readFileSync(failureFile, 'utf8').trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(JSON.parse(lines[0] ?? '{}').record.dynamodb.NewImage.title.S).toBe('POISON')
      const gathered = intentKey({ kind: 'assignment', meetingId: m, ownerId: b.dt })
      await expect
        .poll(async () => (await api.deps.store.outbox.get(gathered))?.actions, { timeout: 10_000 })
        .toEqual([a.id])
    } finally {
      await polled.stop()
    }
  })
})

describe('regressions from the stream review', () => {
  it('attaches waiting actions to the first meeting after the one they left, whichever is created first', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2025-01-07T10:00:00Z')
    const m2 = await meeting(api, b.boardId, '2025-02-04T10:00:00Z')
    const a = (
      await api.post(`/meetings/${m1}/actions`, {
        itemNumber: 2,
        description: 'Wait for me',
        ownerIds: [b.dt],
      })
    ).body
    await stream.handler({ Records: [await approve(m2, '2025-02-04')] })
    expect((await api.get(`/actions/${a.id}`)).body.dueMeetingId).toBeNull()

    // A past meeting back-filled before m2 must not take it (it would arise at m2 again).
    const backfilled = (await api.post(`/boards/${b.boardId}/meetings`, { startsAt: '2025-01-21T10:00:00Z' }))
      .body
    await stream.handler({ Records: [meetingRecord(null, backfilled)] })
    expect((await api.get(`/actions/${a.id}`)).body.dueMeetingId).toBeNull()

    // June is created before May; May's record arrives last: May takes it either way.
    const june = (await api.post(`/boards/${b.boardId}/meetings`, { startsAt: '2099-06-02T09:00:00Z' })).body
    const may = (await api.post(`/boards/${b.boardId}/meetings`, { startsAt: '2099-05-05T09:00:00Z' })).body
    await stream.handler({ Records: [meetingRecord(null, june)] })
    expect((await api.get(`/actions/${a.id}`)).body.dueMeetingId).toBe(may.id)
    await stream.handler({ Records: [meetingRecord(null, may)] })
    expect((await api.get(`/actions/${a.id}`)).body).toMatchObject({
      dueMeetingId: may.id,
      carryCount: 1,
      waitingAfter: null,
    })
  })

  it('sends an email whose sender died holding it, once its lease has run out', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2025-01-07T10:00:00Z')
    await api.post(`/meetings/${m1}/actions`, {
      itemNumber: 1,
      description: 'Left',
      ownerIds: [b.dt],
      notifyOwners: false,
    })
    const ref = { kind: 'assignment', meetingId: m1, ownerId: b.dt } as const
    const now = new Date()
    const [first] = await api.deps.store.actions.listRaisedAt(m1)
    await api.deps.store.outbox.gatherAssignment(ref, [first?.id ?? ''], {
      now,
      dueAt: now,
      latestDueAt: () => now,
    })
    const key = intentKey(ref)
    // A sender claims it and dies before sending.
    expect(await api.deps.store.outbox.claim(key, now, LEASE_MS)).toMatchObject({
      state: 'sending',
      attempts: 1,
    })
    expect((await stream.drain(now)).sent).toBe(0)
    const later = new Date(now.getTime() + LEASE_MS + 1)
    expect((await stream.drain(later)).sent).toBe(1)
    expect((await stream.drain(new Date(later.getTime() + LEASE_MS + 1))).due).toBe(0)
    expect((await sentEmails(b.mail.dt)).filter((e) => e.subject.includes('from'))).toHaveLength(1)
    expect(await api.deps.store.outbox.get(key)).toMatchObject({ state: 'sent', attempts: 2 })
  })

  it('keeps a claim whose write landed but whose answer was lost, when the retry finds it', async () => {
    const now = new Date()
    const ref = { kind: 'awaiting', meetingId: ulid() } as const
    await api.deps.store.outbox.enqueue(ref, now, now)
    const updates: string[] = []
    // The same update sent twice, as the client's retry does after a timeout: the first lands,
    // the second meets its own claim and fails its condition.
    hook(api.doc, 'replayClaim', async (call, next) => {
      if (
        call.operation !== 'UpdateItem' ||
        !String(call.input.UpdateExpression).includes('claimId = :claim')
      )
        return next(call)
      updates.push('first')
      await next(call)
      updates.push('replay')
      return next(call)
    })
    try {
      expect(await api.deps.store.outbox.claim(intentKey(ref), now, LEASE_MS)).toMatchObject({
        state: 'sending',
      })
      expect(updates).toEqual(['first', 'replay'])
      // Another sender's claim (a new id) is still refused while the lease holds.
      unhook(api.doc, 'replayClaim')
      expect(await api.deps.store.outbox.claim(intentKey(ref), now, LEASE_MS)).toBeNull()
    } finally {
      unhook(api.doc, 'replayClaim')
    }
  })

  it('does not let one refused recipient hold up the other owners', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2025-03-04T10:00:00Z')
    const m2 = await meeting(api, b.boardId, '2025-04-01T10:00:00Z')
    await meeting(api, b.boardId, '2099-03-04T10:00:00Z')
    await api.post(`/meetings/${m1}/actions`, { itemNumber: 2, description: 'For DT', ownerIds: [b.dt] })
    await api.post(`/meetings/${m1}/actions`, { itemNumber: 3, description: 'For BS', ownerIds: [b.bs] })
    const refusing = await withStream(api)
    hook(refusing.mailer.client, 'refuseDt', (call, next) => {
      const to = (call.input as { Destination?: { ToAddresses?: string[] } }).Destination?.ToAddresses ?? []
      if (to.includes(b.mail.dt))
        throw Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' })
      return next(call)
    })
    const res = await refusing.handler({ Records: [await approve(m2, '2025-04-01')] })
    expect(res.batchItemFailures).toEqual([])
    await refusing.drain()
    expect((await sentEmails(b.mail.bs)).filter((e) => e.subject.includes('carried forward'))).toHaveLength(1)
    expect(await api.deps.store.outbox.get(`rollover#${m2}#${b.dt}`)).toMatchObject({ state: 'failed' })
  })

  it('does not let an outcome proposed at a cancelled meeting block the rollover', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2025-05-06T10:00:00Z')
    const m2 = await meeting(api, b.boardId, '2025-06-03T10:00:00Z')
    const m3 = await meeting(api, b.boardId, '2025-07-01T10:00:00Z')
    await meeting(api, b.boardId, '2099-04-06T10:00:00Z')
    const a = (
      await api.post(`/meetings/${m1}/actions`, {
        itemNumber: 2,
        description: 'Proposed then cancelled',
        ownerIds: [b.dt],
      })
    ).body
    await api.post(`/meetings/${m2}/outcomes`, { actionId: a.id, outcome: 'carried-forward', note: 'Update' })
    await api.patch(`/meetings/${m2}`, { status: 'cancelled' })
    expect((await api.get(`/actions/${a.id}`)).body.dueMeetingId).toBe(m3)
    await stream.handler({ Records: [await approve(m3, '2025-07-01')] })
    expect((await api.get(`/actions/${a.id}`)).body).toMatchObject({ carryCount: 1, proposedOutcome: null })
  })
})

describe('rollover history on the action, the owner index from the stream', () => {
  const member = (personId: string) => api.token('member', personId)
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((a) => a.id)

  it('commits ceil(n/98) transactions of one item per action, plus the log and the target check', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2018-01-09T10:00:00Z')
    const m2 = await meeting(api, b.boardId, '2018-02-06T10:00:00Z')
    await meeting(api, b.boardId, '2099-03-06T10:00:00Z')
    for (let i = 0; i < 100; i++) {
      const a = await raiseAction(api.deps, SEC, m1, {
        itemNumber: i % 100,
        description: `Tx ${i}`,
        ownerIds: [i % 2 ? b.dt : b.bs],
        ref: `TX-${i}`,
      })
      if (i % 5 === 0)
        await api.post(`/meetings/${m2}/outcomes`, { actionId: a.id, outcome: 'discharged', note: 'Done' })
    }
    const record = await approve(m2, '2018-03-06')
    const transactions: NonNullable<TransactWriteCommandInput['TransactItems']>[] = []
    hook(api.doc, 'recordTransactions', (call, next) => {
      if (call.operation === 'TransactWriteItems')
        transactions.push((call.input as TransactWriteCommandInput).TransactItems ?? [])
      return next(call)
    })
    try {
      expect((await stream.handler({ Records: [record] })).batchItemFailures).toEqual([])
    } finally {
      unhook(api.doc, 'recordTransactions')
    }

    expect(transactions.map((t) => t.length)).toEqual([100, 4])
    for (const t of transactions) {
      const updates = t.filter((op) => op.Update)
      expect(updates.every((op) => op.Update?.Key?.SK === 'ACTION')).toBe(true)
      expect(t.filter((op) => op.Put).map((op) => op.Put?.Item?.type)).toEqual(['RolloverLog'])
      expect(t.filter((op) => op.ConditionCheck)).toHaveLength(1)
      expect(updates.length + 2).toBe(t.length)
    }
    const after = await allItems<Action>(api, `/boards/${b.boardId}/actions`)
    expect(after.filter((a) => a.status === 'discharged')).toHaveLength(20)
    expect(after.filter((a) => a.status === 'open' && a.carryCount === 1)).toHaveLength(80)
  })

  it('shows a rollover in the history exactly once, with its meeting, and keeps it through later edits and carries', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2019-01-08T10:00:00Z')
    const m2 = await meeting(api, b.boardId, '2019-02-05T10:00:00Z')
    const m3 = await meeting(api, b.boardId, '2019-03-05T10:00:00Z')
    const m4 = await meeting(api, b.boardId, '2099-04-02T10:00:00Z')
    const a = (
      await api.post(`/meetings/${m1}/actions`, { itemNumber: 2, description: 'Carry me', ownerIds: [b.dt] })
    ).body as Action
    await stream.handler({ Records: [await approve(m2, '2019-03-05')] })

    const first = (await api.get(`/actions/${a.id}/history`)).body.items
    expect(first.map((h: { kind: string }) => h.kind)).toEqual(['created', 'carried-forward'])
    expect(first[1]).toMatchObject({ kind: 'carried-forward', meetingId: m2, version: 2 })
    // The entry lives on the action item (no HIST# item), and the API never shows that list.
    expect((await storedAction(a.id)).rolloverHistory).toHaveLength(1)
    const hist2 = await api.doc.send(
      new GetCommand({
        TableName: api.tableName,
        Key: { PK: `ACTION#${a.id}`, SK: 'HIST#00000002' },
      }),
    )
    expect(hist2.Item).toBeUndefined()
    expect((await api.get(`/actions/${a.id}`)).body).not.toHaveProperty('rolloverHistory')

    const edited = await api.patch(
      `/actions/${a.id}`,
      { description: 'Carry me, reworded' },
      { headers: { 'if-match': '"2"' } },
    )
    expect(edited.status).toBe(200)
    const moved = await api.patch(`/meetings/${m3}`, { startsAt: '2019-03-12T10:00:00Z' })
    expect(moved.status).toBe(200)
    await stream.handler({ Records: [await approve(m3, '2019-04-02')] })

    const history = (await api.get(`/actions/${a.id}/history`)).body.items
    expect(history.map((h: { kind: string; version: number }) => [h.version, h.kind])).toEqual([
      [1, 'created'],
      [2, 'carried-forward'],
      [3, 'edited'],
      [4, 'due-meeting-moved'],
      [5, 'carried-forward'],
    ])
    expect(history.map((h: { meetingId: string | null }) => h.meetingId)).toEqual([m1, m2, null, m3, m3])
    expect((await api.get(`/actions/${a.id}`)).body).toMatchObject({
      description: 'Carry me, reworded',
      carryCount: 2,
      dueMeetingId: m4,
    })
  })

  it("moves a discharged action from the owner's open list to the discharged one once the stream has run", async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2019-05-07T10:00:00Z')
    const m2 = await meeting(api, b.boardId, '2019-06-04T10:00:00Z')
    await meeting(api, b.boardId, '2099-07-02T10:00:00Z')
    const a = (
      await api.post(`/meetings/${m1}/actions`, { itemNumber: 2, description: 'Finish me', ownerIds: [b.dt] })
    ).body as Action
    await api.post(`/meetings/${m2}/outcomes`, { actionId: a.id, outcome: 'discharged', note: 'Done' })
    const open = () => api.get(`/people/${b.dt}/actions?status=open`, { token: api.tokens.chair })
    const discharged = () => api.get(`/people/${b.dt}/actions?status=discharged`, { token: api.tokens.chair })
    const onBoard = (status: string) =>
      api.get(`/boards/${b.boardId}/actions?ownerId=${b.dt}&status=${status}`)
    expect(ids(await open())).toEqual([a.id])
    const beforeRollover = await storedAction(a.id)

    await stream.handler({ Records: [await approve(m2, '2019-07-02')] })

    // The rollover left the owner-index row as it was; the lists read the action's own status.
    expect((await api.get(`/actions/${a.id}`)).body.status).toBe('discharged')
    expect(ids(await open())).toEqual([])
    expect(ids(await onBoard('open'))).toEqual([])

    const record = actionRecord(beforeRollover, await storedAction(a.id))
    expect((await stream.handler({ Records: [record] })).batchItemFailures).toEqual([])
    expect((await stream.handler({ Records: [record] })).batchItemFailures).toEqual([])

    expect(ids(await open())).toEqual([])
    expect(ids(await discharged())).toEqual([a.id])
    expect((await discharged()).body.items[0]).toMatchObject({
      status: 'discharged',
      via: [{ kind: 'owner' }],
    })
    expect(ids(await onBoard('discharged'))).toEqual([a.id])
  })

  it('does not let a late record of an owner change undo a newer one', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2019-08-06T10:00:00Z')
    await meeting(api, b.boardId, '2099-09-03T10:00:00Z')
    const a = (
      await api.post(`/meetings/${m1}/actions`, {
        itemNumber: 2,
        description: 'Pass me on',
        ownerIds: [b.dt],
      })
    ).body as Action
    const v1 = await storedAction(a.id)
    await api.patch(`/actions/${a.id}`, { ownerIds: [b.bs] }, { headers: { 'if-match': '"1"' } })
    const v2 = await storedAction(a.id)
    await api.patch(`/actions/${a.id}`, { ownerIds: [b.dt] }, { headers: { 'if-match': '"2"' } })

    // The stream catches up late: the v1 → v2 record arrives after v3 was written.
    const late = actionRecord(v1, v2)
    expect((await stream.handler({ Records: [late] })).batchItemFailures).toEqual([])

    const listOf = async (personId: string) =>
      ids(await api.get(`/people/${personId}/actions?status=open`, { token: api.tokens.chair }))
    expect(await listOf(b.dt)).toEqual([a.id])
    expect(await listOf(b.bs)).toEqual([])
  })

  it('keeps an exempt rollover entry redacted for a member once the exemption is lifted', async () => {
    const b = await board()
    const m1 = await meeting(api, b.boardId, '2019-10-01T10:00:00Z')
    const m2 = await meeting(api, b.boardId, '2019-11-05T10:00:00Z')
    await meeting(api, b.boardId, '2099-12-03T10:00:00Z')
    const a = (
      await api.post(`/meetings/${m1}/actions`, {
        itemNumber: 2,
        description: 'Covert capability review',
        ownerIds: [b.dt],
        exempt: { section: 'S.31 (Law Enforcement)' },
      })
    ).body as Action
    await api.post(`/meetings/${m2}/outcomes`, {
      actionId: a.id,
      outcome: 'discharged',
      note: 'SECRET: the unit was stood down',
    })
    await stream.handler({ Records: [await approve(m2, '2019-12-03')] })
    const lifted = await api.patch(`/actions/${a.id}`, { exempt: null }, { headers: { 'if-match': '"3"' } })
    expect(lifted.status).toBe(200)

    const asStranger = await api.get(`/actions/${a.id}/history`, { token: await member(b.bs) })
    expect(asStranger.status).toBe(200)
    const entries = asStranger.body.items as { kind: string; note: string | null; redacted: boolean }[]
    expect(entries.map((h) => h.kind)).toEqual(['created', 'outcome-proposed', 'discharged', 'edited'])
    expect(entries.find((h) => h.kind === 'discharged')).toMatchObject({ note: null, redacted: true })
    expect(JSON.stringify(asStranger.body)).not.toContain('SECRET')
    const asOwner = await api.get(`/actions/${a.id}/history`, { token: await member(b.dt) })
    expect(asOwner.body.items.find((h: { kind: string }) => h.kind === 'discharged')).toMatchObject({
      note: 'SECRET: the unit was stood down',
      meetingId: m2,
    })
  })
})
