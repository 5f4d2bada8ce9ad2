import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marshall } from '@aws-sdk/util-dynamodb'
import * as esbuild from 'esbuild'
import { ulid } from 'ulid'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { esbuildOptions } from '#infra/constructs/esbuild-options.ts'
import { ENTRIES } from '#infra/constructs/house-function.ts'
import { ensureTable } from '#infra/local/dynamodb-local.ts'
import { readWord } from '../unit/file-readers.ts'
import { mailDomain, sentEmails, TEST_LINK_SECRET } from './harness.ts'

/**
 * The functions as deployed: each bundle built exactly as CDK builds it, copied outside the
 * repository (so nothing can resolve from node_modules), loaded in a fresh Node process with
 * its function's environment and source maps on, and invoked with the events Lambda passes,
 * against DynamoDB Local and the SES emulator. The other tests run the source; a bundling
 * mistake (a module left out, a require that fails in ESM, the AWS client's wire format
 * once minified) shows only here.
 */
type Fn = keyof typeof ENTRIES
const dir = mkdtempSync(join(tmpdir(), 'deployed-bundles-'))
const tableName = `t-${ulid().toLowerCase()}`
const domain = mailDomain()

/** One Lambda invocation: a fresh process imports the bundle and calls its handler once. */
function invoke(fn: Fn, event: unknown): Promise<any> {
  const script = `const { handler } = await import(${JSON.stringify(`file://${join(dir, fn, 'index.mjs')}`)})
const out = await handler(JSON.parse(process.env.EVENT), { awsRequestId: 'test', functionName: '${fn}' })
process.stdout.write(JSON.stringify(out ?? null))`
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_OPTIONS: '--enable-source-maps',
    EVENT: JSON.stringify(event),
    TABLE_NAME: tableName,
    AWS_REGION: 'eu-west-2',
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    SES_ENDPOINT: inject('sesEndpoint'),
    MAIL_FROM: `actions@${domain}`,
    LINK_SECRET: TEST_LINK_SECRET,
    PUBLIC_BASE_URL: 'https://actions.opcc.example',
    COGNITO_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_test',
    COGNITO_CLIENT_ID: 'web-client',
    COGNITO_DOMAIN: 'https://tracker.auth.eu-west-2.amazoncognito.com',
    LOG_LEVEL: 'SILENT',
  }
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { env, cwd: dir },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${fn}: ${stderr || error.message}`)) : resolve(JSON.parse(stdout)),
    ),
  )
}

const SECRETARIAT = { sub: 'sec-1', 'cognito:groups': '[secretariat]' }

/** An HTTP API (payload 2.0) event, as API Gateway sends it after the JWT authorizer. */
function http(
  method: string,
  path: string,
  body?: unknown,
  claims: Record<string, string> | null = SECRETARIAT,
) {
  const [rawPath, query = ''] = path.split('?')
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: query,
    headers: { host: 'actions.opcc.example', ...(body ? { 'content-type': 'application/json' } : {}) },
    requestContext: {
      domainName: 'actions.opcc.example',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: ulid(),
      routeKey: '$default',
      stage: '$default',
      timeEpoch: Date.now(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
    ...(body ? { body: JSON.stringify(body), isBase64Encoded: false } : { isBase64Encoded: false }),
  }
}

/** Calls the API function and parses its JSON answer. */
async function api(method: string, path: string, body?: unknown) {
  const res = await invoke('api', http(method, path, body))
  return { status: res.statusCode as number, body: res.body ? JSON.parse(res.body) : undefined }
}

beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), tableName)
  await Promise.all(
    Object.entries(ENTRIES).map(([fn, entry]) =>
      esbuild.build({ ...esbuildOptions(entry, join(dir, fn, 'index.mjs')), logLevel: 'error' }),
    ),
  )
}, 120_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the functions as deployed', () => {
  it('serve a secretariat’s day through the bundles: API, web pages, action log, reminders, stream, feedback', async () => {
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
    const raisedAt = await meeting('2026-02-24T10:00:00Z')
    const due = await meeting('2026-03-24T10:00:00Z')
    const action = await api('POST', `/meetings/${raisedAt.id}/actions`, {
      itemNumber: 3,
      description: 'Report the response times',
      ownerIds: [owner.body.id],
      dueMeetingId: due.id,
    })
    expect(action.status, JSON.stringify(action.body)).toBe(201)
    expect(
      (await api('GET', `/boards/${board.body.id}/meetings`)).body.map((m: { id: string }) => m.id),
    ).toEqual([raisedAt.id, due.id])

    // The web pages: sign-in goes to Cognito's hosted UI, with PKCE.
    const signIn = await invoke('web', http('GET', '/ui/sign-in', undefined, null))
    expect(signIn.statusCode).toBe(302)
    expect(signIn.headers.location).toMatch(
      /^https:\/\/tracker\.auth\.eu-west-2\.amazoncognito\.com\/oauth2\/authorize\?.*code_challenge_method=S256/,
    )

    // The action log: a Word file, written by the docx library the bundle loads on demand.
    const log = await invoke('actionLog', http('GET', `/meetings/${raisedAt.id}/action-log?format=docx`))
    expect(log.statusCode, log.body).toBe(200)
    expect(log.isBase64Encoded).toBe(true)
    const word = await readWord(Buffer.from(log.body, 'base64'))
    expect(word.messages).toEqual([])
    expect(word.text).toContain('Actions Arising\nNo actions.\nActions raised at this meeting')
    // The one table, Actions raised: its header row and the action, cell by cell.
    expect(word.tables.map((t) => t.slice(1))).toEqual([
      [
        [
          '03.24/02/2026',
          'Report the response times',
          'DT\nDana Turner',
          'Meeting 24/03/2026',
          'Open',
          '',
          '0',
        ],
      ],
    ])
    expect(word.headerRows).toEqual([1])

    // The reminders: the 7-day window opens at 08:00 on 17 March; one email through SES.
    const run = await invoke('sendReminders', { time: '2026-03-17T08:00:00Z' })
    expect(run).toMatchObject({ emails: 1 })
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
    const approved = await api('POST', `/meetings/${due.id}/minutes-approval`, { approvedOn: '2026-03-31' })
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
    expect((await sentEmails(`dt@${domain}`)).map((e) => e.subject)).toContainEqual(
      expect.stringContaining('discharged'),
    )

    // Bounces and complaints: the owner's address suppressed, as the API then shows.
    const bounce = {
      notificationType: 'Bounce',
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: `dt@${domain}` }] },
    }
    await invoke('onEmailFeedback', {
      Records: [{ Sns: { MessageId: ulid(), Message: JSON.stringify(bounce) } }],
    })
    expect((await api('GET', '/suppressions')).body.map((s: { email: string }) => s.email)).toContain(
      `dt@${domain}`,
    )

    // The summaries: a run for the instant the schedule fired (nothing overdue to send here).
    expect(await invoke('sendOverdueSummaries', { time: '2026-03-21T08:00:00Z' })).toMatchObject({
      emails: 0,
    })
  })
})
