import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import * as esbuild from 'esbuild'
import { ulid } from 'ulid'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { esbuildOptions } from '#infra/constructs/esbuild-options.ts'
import { ENTRIES } from '#infra/constructs/house-function.ts'
import { ensureTable } from '#infra/local/dynamodb-local.ts'
import { httpApiEvent, tokenTimes } from '#infra/local/http-api-event.ts'
import {
  LINK_SECRET_PARAMETER,
  startFakeCognito,
  startFakeParameterStore,
} from '#infra/local/loopback-fakes.ts'
import { node24 } from '#infra/local/node24.ts'
import { type RecordingProxy, startRecordingProxy } from '#infra/local/recording-proxy.ts'
import { createDocumentClient } from '#shared/aws-clients.ts'
import { intentKey, keyToTag } from '#shared/domain/outbox.ts'
import { key } from '#shared/store/keys.ts'
import { seedToDocx } from '#test/fixtures/minutes/build.ts'
import { sesEventFixture } from '#test/fixtures/ses-events/index.ts'
import { readWord } from '#test/unit/file-readers.ts'
import { mailDomain, sentEmails, TEST_LINK_SECRET } from './harness.ts'

/**
 * The functions as deployed: each bundle built exactly as CDK builds it, copied outside the
 * repository (so nothing can resolve from node_modules), loaded in a fresh Node process with
 * its function's environment and source maps on, and invoked with the events Lambda passes,
 * against DynamoDB Local and the SES emulator. The other tests run the source; a bundling
 * mistake (a module left out, a require that fails in ESM, the AWS client's wire format
 * once minified) shows only here.
 *
 * They run on Node 24 (Lambda's runtime) where it is installed, with the environment Lambda
 * gives them: credentials in AWS_ACCESS_KEY_ID and the like, no endpoint of ours. The SDK
 * finds the engines through AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SESV2, which
 * point at recording proxies, so the test sees every call a bundle makes and who made it.
 */
type Fn = keyof typeof ENTRIES
const dir = mkdtempSync(join(tmpdir(), 'deployed-bundles-'))
const tableName = `t-${ulid().toLowerCase()}`
const domain = mailDomain()
const NODE24 = node24()
const NODE = NODE24 ?? process.execPath
if (!NODE24)
  console.log(
    `deployed bundles: no Node 24 build for ${process.platform}-${process.arch}; running them on Node ${process.version}`,
  )
/**
 * The functions whose bundles send email (and so hold the SES client): the stream handler
 * and the outbox sweep. The reminders and summaries only put emails in the outbox.
 */
const SENDERS: ReadonlySet<Fn> = new Set(['onTableChange', 'sendEmails'])
const WEB_CLIENT_ID = 'web-client'
let proxies: { dynamo: RecordingProxy; ses: RecordingProxy; secrets: RecordingProxy }
let parameterStore: Awaited<ReturnType<typeof startFakeParameterStore>>
let cognito: Awaited<ReturnType<typeof startFakeCognito>>
/** Each bundle's metafile: the files it resolved, and those that put code in its output. */
const bundled = new Map<Fn, { resolved: string[]; inOutput: string[] }>()
/** Marks the handler's answer on stdout, where the functions also write their logs and metrics. */
const RESULT = '@@deployed-bundles-result '

/** One Lambda invocation: a fresh process imports the bundle and calls its handler once. */
function invoke(fn: Fn, event: unknown): Promise<any> {
  const script = `const { handler } = await import(${JSON.stringify(`file://${join(dir, fn, 'index.mjs')}`)})
const out = await handler(JSON.parse(process.env.EVENT), { awsRequestId: 'test', functionName: '${fn}' })
process.stdout.write('\\n${RESULT}' + JSON.stringify(out ?? null) + '\\n')`
  const env = {
    PATH: process.env.PATH ?? '',
    // No ~/.aws here, as in Lambda (the SDK looks there for settings).
    HOME: dir,
    NODE_OPTIONS: '--enable-source-maps',
    EVENT: JSON.stringify(event),
    TABLE_NAME: tableName,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'ASIATESTTESTTESTTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
    AWS_SESSION_TOKEN: 'test-session-token',
    AWS_ENDPOINT_URL_DYNAMODB: proxies.dynamo.endpoint,
    AWS_ENDPOINT_URL_SESV2: proxies.ses.endpoint,
    // The SDK adds app/<fn> to its user agent: which bundle made each recorded call.
    AWS_SDK_UA_APP_ID: fn,
    MAIL_FROM: `actions@${domain}`,
    // The link secret as in AWS: read from Parameter Store (a loopback stand-in) at cold start.
    LINK_SECRET_PARAMETER,
    AWS_ENDPOINT_URL_SSM: proxies.secrets.endpoint,
    PUBLIC_BASE_URL: 'https://actions.opcc.example',
    COGNITO_ISSUER: cognito.issuer,
    COGNITO_CLIENT_ID: WEB_CLIENT_ID,
    COGNITO_DOMAIN: 'https://tracker.auth.eu-west-2.amazoncognito.com',
    LOG_LEVEL: 'SILENT',
  }
  return new Promise((resolve, reject) =>
    execFile(
      NODE,
      ['--input-type=module', '-e', script],
      { env, cwd: dir, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith(RESULT))
        if (error || !line) reject(new Error(`${fn}: ${stderr || error?.message || stdout}`))
        else resolve(JSON.parse(line.slice(RESULT.length)))
      },
    ),
  )
}

/**
 * 10:00 UTC `days` from today. The outbox sends an email at the wall clock's time (its queue
 * time), and a reminder only before its meeting, so the meetings sit around the real today.
 */
const daysFromToday = (days: number) => {
  const now = new Date()
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 10),
  ).toISOString()
}
/** A date as the action log writes it (10:00 UTC is the same day in London). */
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`

/** As API Gateway hands on a Cognito ID token's claims: every value a string, lists as "[a b]". */
const SECRETARIAT = { sub: 'sec-1', 'cognito:groups': '[secretariat]', ...tokenTimes() }

/** What API Gateway sends the HTTP functions for a request (a secretariat's, unless `claims` is null). */
const http = (
  method: string,
  path: string,
  body?: unknown,
  claims: Record<string, string> | null = SECRETARIAT,
  cookie?: string,
) =>
  httpApiEvent({
    method,
    path,
    headers: {
      host: 'actions.opcc.example',
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
    },
    claims: claims ?? undefined,
    body: body ? JSON.stringify(body) : undefined,
    // JSON as text, as API Gateway passes it; the local stack's adapter sends base64.
    bodyEncoding: 'text',
  })

/** Calls the API function and parses its JSON answer. */
async function api(method: string, path: string, body?: unknown) {
  const res = await invoke('api', http(method, path, body))
  return { status: res.statusCode as number, body: res.body ? JSON.parse(res.body) : undefined }
}

beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), tableName)
  parameterStore = await startFakeParameterStore(TEST_LINK_SECRET)
  proxies = {
    dynamo: await startRecordingProxy(inject('dynamoEndpoint')),
    ses: await startRecordingProxy(inject('sesEndpoint')),
    secrets: await startRecordingProxy(parameterStore.endpoint),
  }
  cognito = await startFakeCognito(WEB_CLIENT_ID)
  await Promise.all(
    (Object.entries(ENTRIES) as [Fn, string][]).map(async ([fn, entry]) => {
      const result = await esbuild.build({
        ...esbuildOptions(entry, join(dir, fn, 'index.mjs')),
        logLevel: 'error',
        metafile: true,
      })
      const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.mjs'))?.[1]
      bundled.set(fn, {
        resolved: Object.keys(result.metafile.inputs),
        inOutput: Object.keys(output?.inputs ?? {}),
      })
    }),
  )
}, 120_000)

afterAll(async () => {
  await proxies?.dynamo.stop()
  await proxies?.ses.stop()
  await proxies?.secrets.stop()
  await parameterStore?.stop()
  await cognito?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('the functions as deployed', () => {
  it('serve a secretariat’s day through the bundles: API, web pages, action log, reminders, outbox sweep, stream, feedback', async () => {
    // The API: health, a board, an owner, meetings, an action (writes, transactions, queries).
    expect((await api('GET', '/health')).status).toBe(200)
    const owner = await api('POST', '/people', {
      name: 'Dana Turner',
      initials: 'DT',
      kind: 'person',
      email: `dt@${domain}`,
    })
    expect(owner.status, JSON.stringify(owner.body)).toBe(201)
    const board = await api('POST', '/boards', {
      name: 'Performance Accountability Meeting',
      shortName: 'PAM',
      secretariatEmails: [`sec@${domain}`],
    })
    expect(board.status, JSON.stringify(board.body)).toBe(201)
    const meeting = async (startsAt: string) =>
      (await api('POST', `/boards/${board.body.id}/meetings`, { startsAt, location: 'HQ' })).body
    // Two past meetings (the second's minutes are approved below) and one in five days (its
    // 7-day reminder window is open today).
    const raisedAt = await meeting(daysFromToday(-14))
    const due = await meeting(daysFromToday(-7))
    const next = await meeting(daysFromToday(5))
    const action = await api('POST', `/meetings/${raisedAt.id}/actions`, {
      itemNumber: 3,
      description: 'Report the response times',
      ownerIds: [owner.body.id],
      dueMeetingId: due.id,
    })
    expect(action.status, JSON.stringify(action.body)).toBe(201)
    const later = await api('POST', `/meetings/${raisedAt.id}/actions`, {
      itemNumber: 4,
      description: 'Publish the response times',
      ownerIds: [owner.body.id],
      dueMeetingId: next.id,
    })
    expect(later.status, JSON.stringify(later.body)).toBe(201)
    expect(
      (await api('GET', `/boards/${board.body.id}/meetings`)).body.items.map((m: { id: string }) => m.id),
    ).toEqual([raisedAt.id, due.id, next.id])

    // The web pages: sign-in goes to Cognito's hosted UI, with PKCE.
    const signIn = await invoke('web', http('GET', '/ui/sign-in', undefined, null))
    expect(signIn.statusCode).toBe(302)
    expect(signIn.headers.location).toMatch(
      /^https:\/\/tracker\.auth\.eu-west-2\.amazoncognito\.com\/oauth2\/authorize\?.*code_challenge_method=S256/,
    )
    // Signed in (the pool's keys fetched from a loopback stand-in), a page read from the table.
    const boards = await invoke('web', http('GET', '/ui/boards', undefined, null, cognito.sessionCookie))
    expect(boards.statusCode, boards.body).toBe(200)
    expect(boards.body).toContain('Performance Accountability Meeting')

    // The action log: a Word file, written by the docx library the bundle loads on demand.
    const log = await invoke('actionLog', http('GET', `/meetings/${raisedAt.id}/action-log?format=docx`))
    expect(log.statusCode, log.body).toBe(200)
    expect(log.isBase64Encoded).toBe(true)
    const word = await readWord(Buffer.from(log.body, 'base64'))
    expect(word.messages).toEqual([])
    expect(word.text).toContain('Actions Arising\nNo actions.\nActions raised at this meeting')
    // The one table, Actions raised: its header row and the actions, cell by cell.
    const raisedOn = ddmmyyyy(raisedAt.startsAt)
    expect(word.tables.map((t) => t.slice(1))).toEqual([
      [
        [
          `03.${raisedOn}`,
          'Report the response times',
          'DT\nDana Turner',
          `Meeting ${ddmmyyyy(due.startsAt)}`,
          'Open',
          '',
          '0',
        ],
        [
          `04.${raisedOn}`,
          'Publish the response times',
          'DT\nDana Turner',
          `Meeting ${ddmmyyyy(next.startsAt)}`,
          'Open',
          '',
          '0',
        ],
      ],
    ])
    expect(word.headerRows).toEqual([1])

    // The minutes import: a Word file uploaded (multipart, base64 as API Gateway passes it),
    // read by the mammoth the bundle carries, into drafts; nothing in the log yet.
    const docx = await seedToDocx(`Actions\n05.${raisedOn}\tDT to circulate the response times\tDT`)
    const form = new FormData()
    form.set('file', new Blob([docx]), 'minutes.docx')
    const upload = new Request('http://local/', { method: 'POST', body: form })
    const imported = await invoke(
      'minutesImport',
      httpApiEvent({
        method: 'POST',
        path: `/meetings/${raisedAt.id}/minutes-imports`,
        headers: { host: 'actions.opcc.example', 'content-type': upload.headers.get('content-type') ?? '' },
        claims: SECRETARIAT,
        body: Buffer.from(await upload.arrayBuffer()),
      }),
    )
    expect(imported.statusCode, imported.body).toBe(201)
    const imp = JSON.parse(imported.body)
    expect(imp.source).toMatchObject({ format: 'docx', name: 'minutes.docx' })
    expect(
      imp.drafts.map((d: { read: { kind: string; ref?: string } }) => [d.read.kind, d.read.ref]),
    ).toEqual([['action', `05.${raisedOn}`]])

    // The reminders: the next meeting's 7-day window is open, so one reminder into the outbox;
    // the outbox sweep renders it, signs its link and sends it through SES.
    const hour = new Date()
    hour.setUTCMinutes(0, 0, 0)
    const run = await invoke('sendReminders', { time: hour.toISOString() })
    expect(run).toMatchObject({ emails: 1 })
    expect(await sentEmails(`dt@${domain}`)).toEqual([])
    const sweep = await invoke('sendEmails', { time: new Date().toISOString() })
    expect(sweep).toMatchObject({ due: 1, sent: 1, stoppedEarly: false })
    const [reminder] = await sentEmails(`dt@${domain}`)
    expect(reminder?.subject).toContain('please update')
    expect(reminder?.body.html).toContain('https://actions.opcc.example/respond/')

    // The stream: the minutes approved, the action discharged, the owner told.
    await api('POST', `/meetings/${due.id}/outcomes`, {
      actionId: action.body.id,
      outcome: 'discharged',
      note: 'Done',
    })
    const held = await api('PATCH', `/meetings/${due.id}`, { status: 'held' })
    const approved = await api('POST', `/meetings/${due.id}/minutes-approval`, {
      approvedOn: due.startsAt.slice(0, 10),
    })
    expect(approved.status, JSON.stringify(approved.body)).toBe(202)
    const image = (m: unknown) =>
      marshall({ ...(m as object), type: 'Meeting' }, { removeUndefinedValues: true })
    const change = await invoke('onTableChange', {
      Records: [
        {
          eventName: 'MODIFY',
          dynamodb: { SequenceNumber: '1', OldImage: image(held.body), NewImage: image(approved.body) },
        },
      ],
    })
    expect(change).toEqual({ batchItemFailures: [] })
    expect((await api('GET', `/actions/${action.body.id}`)).body.status).toBe('discharged')
    // The rollover put the owner's email in the outbox; its INSERT, as the stream delivers it
    // (the stored item as its new image), has on-table-change send it at once.
    const rolloverKey = intentKey({ kind: 'rollover', meetingId: due.id, ownerId: owner.body.id })
    const doc = createDocumentClient({ region: 'eu-west-2', endpoint: inject('dynamoEndpoint') })
    const queued = (await doc.send(new GetCommand({ TableName: tableName, Key: key.email(rolloverKey) })))
      .Item
    doc.destroy()
    expect(queued).toMatchObject({ type: 'Email', state: 'queued' })
    const sent = await invoke('onTableChange', {
      Records: [
        {
          eventName: 'INSERT',
          dynamodb: { SequenceNumber: '2', NewImage: marshall(queued, { removeUndefinedValues: true }) },
        },
      ],
    })
    expect(sent).toEqual({ batchItemFailures: [] })
    expect((await sentEmails(`dt@${domain}`)).map((e) => e.subject)).toContainEqual(
      expect.stringContaining('discharged'),
    )

    // Bounces and complaints, as EventBridge hands them on: the owner's address suppressed, as
    // the API then shows; and SES's Send event for the rollover email (already recorded as sent
    // by its sender).
    expect(await invoke('onEmailFeedback', sesEventFixture('bounced', { address: `dt@${domain}` }))).toEqual({
      notifications: 1,
      suppressed: 1,
      settled: 0,
    })
    expect(
      await invoke('onEmailFeedback', sesEventFixture('sent', { outboxTag: keyToTag(rolloverKey) })),
    ).toEqual({ notifications: 1, suppressed: 0, settled: 0 })
    expect((await api('GET', '/suppressions')).body.items.map((s: { email: string }) => s.email)).toContain(
      `dt@${domain}`,
    )

    // The summaries: a run for the instant the schedule fired (nothing overdue to send here).
    expect(await invoke('sendOverdueSummaries', { time: hour.toISOString() })).toMatchObject({
      emails: 0,
    })

    // Every call any bundle made went through the AWS SDK v3 clients: the user agent they send
    // names the SDK, the client (api/dynamodb, api/sesv2) and the function (app/<fn>).
    const made = (p: RecordingProxy, client: string) =>
      p.requests.map((r) => ({
        operation: r.operation,
        sdk: /^aws-sdk-js\/3\.\d+\.\d+ /.test(r.userAgent) && /^aws-sdk-js\/3\./.test(r.amzUserAgent),
        client: r.userAgent.includes(` api/${client}#3.`),
        // Powertools appends its own marker to the app id (app/api-PT-…).
        fn: / app\/([A-Za-z0-9]+)/.exec(r.userAgent)?.[1],
      }))
    const dynamoCalls = made(proxies.dynamo, 'dynamodb')
    const sesCalls = made(proxies.ses, 'sesv2')
    expect([...dynamoCalls, ...sesCalls].filter((c) => !c.sdk || !c.client || !c.fn)).toEqual([])
    expect(new Set(dynamoCalls.map((c) => c.fn))).toEqual(new Set(Object.keys(ENTRIES)))
    expect(new Set(sesCalls.map((c) => c.fn))).toEqual(SENDERS)
    expect(new Set(sesCalls.map((c) => c.operation))).toEqual(new Set(['POST /v2/email/outbound-emails']))
    // The functions that sign or check owners' links (the API and the two senders) read the
    // secret, through the SDK; the reminders and summaries, given its name too, never do.
    const secretCalls = made(proxies.secrets, 'ssm')
    expect(secretCalls.filter((c) => !c.sdk || !c.client || !c.fn)).toEqual([])
    expect(new Set(secretCalls.map((c) => c.fn))).toEqual(new Set(['api', ...SENDERS]))
  })

  it('bundle the AWS SDK v3 clients they call, the SES client only where they send email, and no shared/aws', () => {
    for (const fn of Object.keys(ENTRIES) as Fn[]) {
      const { resolved, inOutput } = bundled.get(fn) ?? { resolved: [], inOutput: [] }
      const holds = (pkg: string) => inOutput.some((f) => f.startsWith(`node_modules/${pkg}/`))
      expect(holds('@aws-sdk/client-dynamodb'), fn).toBe(true)
      expect(holds('@aws-sdk/client-sesv2'), fn).toBe(SENDERS.has(fn))
      // Not even resolved: the old hand-written clients' folder is gone from every import graph.
      expect(
        resolved.filter((f) => /(?:^|\/)shared\/aws\//.test(f)),
        fn,
      ).toEqual([])
    }
  })
})
