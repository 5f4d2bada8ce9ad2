import { Logger } from '@aws-lambda-powertools/logger'
import { ulid } from 'ulid'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { handleEmailFeedback } from '#functions/on-email-feedback/handle.ts'
import { handleTableChanges } from '#functions/on-table-change/handle.ts'
import { handleOutboxSweep } from '#functions/send-emails/handle.ts'
import { hook } from '#infra/local/sdk-hooks.ts'
import { asEventBridgeEvent } from '#infra/local/ses-front.ts'
import { startStreamPoller } from '#infra/local/stream-poller.ts'
import { TABLE_ACTIONS } from '#infra/stateless-stack.ts'
import { LinkSigner } from '#shared/auth/signed-link.ts'
import { createDocumentClient } from '#shared/aws-clients.ts'
import { intentKey, keyToTag, OUTBOX_TAG } from '#shared/domain/outbox.ts'
import { Mailer } from '#shared/mail/mailer.ts'
import { Store } from '#shared/store/store.ts'
import { exportActionLog } from '#shared/usecases/action-log.ts'
import { createImport } from '#shared/usecases/minutes-imports.ts'
import { sendReminders } from '#shared/usecases/reminders.ts'
import { sendOverdueSummaries } from '#shared/usecases/summaries.ts'
import { mailDomain, meeting, recordIamActions, seedBoard, startApi, TEST_LINK_SECRET } from './harness.ts'
import { pagesClient } from './pages.ts'

/**
 * Least privilege, proved from the other side: each function's code is run through its
 * paths against DynamoDB Local with a client that records the IAM action of every request
 * (a transaction needs the action of each of its items), and the set must equal what the
 * CDK stack grants that function (`TABLE_ACTIONS`): nothing missing (it would fail in AWS),
 * nothing extra (it would be a wider grant than the code needs).
 */
const sorted = (s: Set<string>) => [...s].sort()
const granted = (fn: keyof typeof TABLE_ACTIONS) => [...TABLE_ACTIONS[fn]].sort()

const logger = new Logger({ serviceName: 'permissions-test', logLevel: 'SILENT' })
const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of closers.reverse()) await c()
})

/** A function's own client on the test table, as each Lambda has its own. */
function functionDeps(tableName: string, now: () => Date = () => new Date()) {
  const doc = createDocumentClient({ region: 'eu-west-2', endpoint: inject('dynamoEndpoint') })
  closers.push(async () => doc.destroy())
  const actions = recordIamActions(doc)
  const mailer = new Mailer({
    region: 'eu-west-2',
    endpoint: inject('sesEndpoint'),
    from: 'actions@opcc.example',
    maxPerSecond: 500,
    maxAttempts: 1,
  })
  // One passing SES failure, so the path that releases an email claim for a retry runs too.
  let failOnce = true
  hook(mailer.client, 'failOnce', (call, next) => {
    if (failOnce) {
      failOnce = false
      throw Object.assign(new Error('SES is briefly unavailable'), { name: 'ServiceUnavailable' })
    }
    return next(call)
  })
  const deps = {
    store: new Store(doc, tableName),
    now,
    newId: () => ulid(),
    mailer,
    links: { signer: new LinkSigner(TEST_LINK_SECRET), baseUrl: 'http://127.0.0.1' },
  }
  return { deps, actions }
}

/** Runs `fn` until it stops failing for a passing reason (the schedule or stream would retry). */
async function settle(fn: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) {
    try {
      return await fn()
    } catch (e) {
      if (i === 4) throw e
    }
  }
}

describe('each function issues exactly the DynamoDB actions CDK grants it', async () => {
  const api = await startApi()
  closers.push(api.close)
  const apiActions = recordIamActions(api.doc)
  const stream = functionDeps(api.tableName)
  const poller = await startStreamPoller({
    endpoint: inject('dynamoEndpoint'),
    tableName: api.tableName,
    handler: (e) => handleTableChanges(e, stream.deps, logger),
    pollIntervalMs: 50,
  })
  closers.push(poller.stop)

  // The API's paths: directory, meetings, raising and editing actions (owners added and
  // removed), updates, outcomes, minutes approval, the owners' page, revocation, suppressions.
  const domain = mailDomain()
  const { boardId, people } = await seedBoard(api)
  await api.patch(`/people/${people.dt}`, { email: `dt@${domain}` })
  const raisedAt = await meeting(api, boardId, '2026-01-13T10:00:00Z')
  const held = await meeting(api, boardId, '2026-02-10T10:00:00Z')
  const next = await meeting(api, boardId, '2030-02-10T10:00:00Z')
  const raised = []
  for (const [i, ownerIds] of [[people.dt], [people.dt, people.sr], [people.team]].entries()) {
    raised.push(
      (
        await api.post(`/meetings/${raisedAt}/actions`, {
          itemNumber: i + 2,
          description: `Action ${i}`,
          ownerIds,
          dueMeetingId: held,
        })
      ).body,
    )
  }
  const [a0, a1] = raised
  await api.patch(
    `/actions/${a1.id}`,
    { ownerIds: [people.dt] },
    { headers: { 'if-match': `"${a1.version}"` } },
  )
  await api.post(`/actions/${a0.id}/updates`, { text: 'Under way' })
  expect(
    (await api.post(`/meetings/${held}/outcomes`, { actionId: a0.id, outcome: 'discharged', note: 'Done' }))
      .status,
  ).toBe(200)
  await api.get(`/actions/${a0.id}/history`)
  await api.get(`/people/${people.dt}/actions?status=open`)
  await api.get(`/boards/${boardId}/overdue`)
  const m = (await api.get(`/meetings/${held}`)).body
  await api.patch(`/meetings/${held}`, { status: 'held' }, { headers: { 'if-match': `"${m.version}"` } })
  expect((await api.post(`/meetings/${held}/minutes-approval`, { approvedOn: '2026-02-17' })).status).toBe(
    202,
  )
  await api.post(`/meetings/${next}/owner-links/revoke`, { ownerId: people.dt })
  const link = new LinkSigner(TEST_LINK_SECRET).sign({
    p: 'owner-page',
    o: people.dt,
    m: next,
    // A link lives at most MAX_LINK_LIFETIME_SECONDS (400 days), however far ahead its meeting.
    e: Math.floor(Date.now() / 1000) + 30 * 86_400,
    i: Math.floor(Date.now() / 1000) + 5,
  })
  const page = await (await fetch(`${api.url}/respond/${link}`)).text()
  const form = /name="form" value="([^"]+)"/.exec(page)?.[1] ?? ''
  const actionId = /name="actionId" value="([^"]+)"/.exec(page)?.[1] ?? ''
  await fetch(`${api.url}/respond/${link}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ form, actionId, text: 'From the owner page' }),
    redirect: 'manual',
  })
  await api.deps.store.suppressions.save({
    email: `gone@${domain}`,
    reason: 'bounce',
    detail: null,
    at: new Date().toISOString(),
    messageId: null,
  })
  await api.get('/suppressions')
  await api.post('/suppressions/lift', { email: `gone@${domain}` })

  // Wait until the stream has rolled the meeting over and synced the discharged action's links.
  for (let i = 0; i < 100 && (await api.get(`/actions/${a0.id}`)).body.status !== 'discharged'; i++) {
    await new Promise((r) => setTimeout(r, 100))
  }
  for (
    let i = 0;
    i < 100 && !(await api.get(`/people/${people.dt}/actions?status=discharged`)).body.items.length;
    i++
  ) {
    await new Promise((r) => setTimeout(r, 100))
  }

  it('ran the paths it claims to (the scenario itself)', async () => {
    expect((await api.get(`/actions/${a0.id}`)).body.status).toBe('discharged')
    const discharged = (await api.get(`/people/${people.dt}/actions?status=discharged`)).body.items
    expect(discharged.map((a: { id: string }) => a.id)).toContain(a0.id)
  })

  it('the API', () => {
    expect(sorted(apiActions)).toEqual(granted('api'))
  })

  it('on-table-change', () => {
    expect(sorted(stream.actions)).toEqual(granted('onTableChange'))
  })

  it('the action log', async () => {
    const { deps, actions } = functionDeps(api.tableName)
    const secretariat = { subject: 'test', role: 'secretariat' as const, personId: null }
    for (const format of ['docx', 'csv', 'html'] as const) {
      await exportActionLog(deps, secretariat, held, { format, version: 'full' })
    }
    expect(sorted(actions)).toEqual(granted('actionLog'))
  })

  it('the minutes import', async () => {
    const { deps, actions } = functionDeps(api.tableName)
    const secretariat = { subject: 'test', role: 'secretariat' as const, personId: null }
    // The upload page's one-time key, used and (after a refusal) given back.
    await deps.store.links.useForm({ nonce: `ui-${ulid()}`, expiresAt: Math.floor(Date.now() / 1000) + 60 })
    await deps.store.links.releaseForm(`ui-${ulid()}`)
    const imp = await createImport(deps, secretariat, held, {
      format: 'text',
      name: null,
      bytes: 0,
      pages: null,
      text: 'Actions\n01.01/01/2030\tDT to report\tDT',
    })
    expect(imp.drafts).toHaveLength(1)
    expect(sorted(actions)).toEqual(granted('minutesImport'))
  })

  it('send-reminders', async () => {
    const { deps, actions } = functionDeps(api.tableName)
    const at = new Date('2030-02-03T08:00:00Z')
    await settle(() => sendReminders(deps, at))
    await sendReminders(deps, at)
    expect(sorted(actions)).toEqual(granted('sendReminders'))
  })

  it('send-emails (the outbox sweep)', async () => {
    const { deps, actions } = functionDeps(api.tableName)
    // Later than the gathered assignment emails' quiet period, which the stream leaves to the
    // sweep; the first send fails (SES briefly down), so a second run, after the back-off, retries it.
    // The sweep's clock is the function's own (deps.now), moved here as the hours would pass.
    const at = (ms: number) => {
      const t = new Date(Date.now() + ms)
      return { event: { time: t.toISOString() }, deps: { ...deps, now: () => t } }
    }
    const run1 = at(2 * 3_600_000)
    const first = await handleOutboxSweep(run1.event, run1.deps, logger)
    const run2 = at(3 * 3_600_000)
    const second = await handleOutboxSweep(run2.event, run2.deps, logger)
    expect(first.retrying).toBe(1)
    expect(first.sent + second.sent).toBeGreaterThan(0)
    expect(sorted(actions)).toEqual(granted('sendEmails'))
  })

  it('send-overdue-summaries', async () => {
    const { deps, actions } = functionDeps(api.tableName)
    const at = new Date('2030-02-07T08:00:00Z')
    await settle(() => sendOverdueSummaries(deps, at))
    await sendOverdueSummaries(deps, at)
    expect(sorted(actions)).toEqual(granted('sendOverdueSummaries'))
  })

  it('on-email-feedback', async () => {
    const { deps, actions } = functionDeps(api.tableName)
    const message = {
      notificationType: 'Bounce',
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: `dt@${domain}` }] },
    }
    // SES's Send event for an outbox email (its key in the message's tag) records it as sent.
    const send = {
      eventType: 'Send',
      mail: {
        messageId: ulid(),
        timestamp: new Date().toISOString(),
        tags: {
          [OUTBOX_TAG]: [keyToTag(intentKey({ kind: 'rollover', meetingId: held, ownerId: people.dt }))],
        },
      },
      send: {},
    }
    const runs = [
      await handleEmailFeedback(asEventBridgeEvent(message), deps, logger),
      await handleEmailFeedback(asEventBridgeEvent(send), deps, logger),
    ]
    expect(runs.reduce((n, r) => n + r.suppressed, 0)).toBe(1)
    expect(sorted(actions)).toEqual(granted('onEmailFeedback'))
  })
})

describe('the web pages’ function issues exactly the DynamoDB actions CDK grants it', async () => {
  // Its own stack: what the web pages' client records is theirs alone (the set-up below goes
  // through the API, whose client is another).
  const api = await startApi()
  closers.push(api.close)
  const { get, post, formKey, signIn } = pagesClient(() => api.url)
  const { boardId, people } = await seedBoard(api)
  const raisedAt = await meeting(api, boardId, '2026-01-13T10:00:00Z')
  const held = await meeting(api, boardId, '2026-02-10T10:00:00Z')
  const next = await meeting(api, boardId, '2030-02-10T10:00:00Z')
  await api.deps.store.suppressions.save({
    email: 'gone@force.example',
    reason: 'bounce',
    detail: null,
    at: new Date().toISOString(),
    messageId: null,
  })

  // The secretariat's paths: the pages read, raise an action due at a meeting, move it and
  // change its owners, post an update, decide it at the meeting, approve the minutes,
  // withdraw an owner's links and lift a suppression.
  const sec = await signIn('secretariat')
  const submit = async (page: string, action: string, fields: Record<string, string>) => {
    const res = await post(action, { ...fields, formKey: await formKey(page, sec, action) }, { cookie: sec })
    expect(res.status, `${action}: ${await res.clone().text()}`).toBe(303)
    return res
  }
  for (const page of ['/ui/boards', `/ui/boards/${boardId}`, '/ui/people', '/ui/chair'])
    expect((await get(page, sec)).status, page).toBe(200)
  await submit(`/ui/meetings/${raisedAt}`, `/ui/meetings/${raisedAt}/actions`, {
    rows: '1',
    'itemNumber.1': '2',
    'description.1': 'Report response times',
    'owners.1': 'DT SR',
    'dueMeetingId.1': next,
  })
  const [action] = (await api.get(`/meetings/${raisedAt}/actions`)).body.items
  const actionPage = `/ui/actions/${action.id}`
  await submit(actionPage, actionPage, {
    version: String(action.version),
    dueWas: next,
    description: action.description,
    owners: 'DT',
    dueMeetingId: held,
    dueDate: '',
  })
  await submit(actionPage, `${actionPage}/updates`, { text: 'Under way' })
  await api.patch(`/meetings/${held}`, { status: 'held' })
  await submit(`/ui/meetings/${held}`, `/ui/meetings/${held}/outcomes`, {
    [`version.${action.id}`]: String((await api.get(`/actions/${action.id}`)).body.version),
    [`outcome.${action.id}`]: 'discharged',
    [`note.${action.id}`]: 'Done',
  })
  await submit(`/ui/meetings/${held}`, `/ui/meetings/${held}/minutes-approval`, { approvedOn: '2026-02-17' })
  const revoke = await post(
    `/ui/meetings/${next}/owner-links/revoke`,
    { ownerId: people.dt },
    { cookie: sec },
  )
  expect(revoke.status).toBe(303)
  const lift = await post('/ui/suppressions/lift', { email: 'gone@force.example' }, { cookie: sec })
  expect(lift.status).toBe(303)

  it('ran the paths it claims to (the scenario itself)', async () => {
    const after = (await api.get(`/actions/${action.id}`)).body
    expect(after).toMatchObject({ ownerIds: [people.dt], dueMeetingId: held })
    expect((await api.get(`/meetings/${held}`)).body.status).toBe('minutes-approved')
    expect((await api.get('/suppressions')).body).toEqual({ items: [], next: null })
  })

  it('the web pages', () => {
    expect(sorted(api.webActions)).toEqual(granted('web'))
  })
})
