import { randomBytes } from 'node:crypto'
import { Logger } from '@aws-lambda-powertools/logger'
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { ulid } from 'ulid'
import { expect, inject } from 'vitest'
import { withActionLog } from '#functions/action-log/app.ts'
import { withMinutesImport } from '#functions/minutes-import/app.ts'
import { buildApiHandler } from '#functions/api/lambda.ts'
import { publicRoutes } from '#functions/api/routes.ts'
import {
  type BatchResponse,
  handleTableChanges,
  type StreamEvent,
} from '#functions/on-table-change/handle.ts'
import { withWebPages } from '#functions/web/app.ts'
import { localUiAuth, signLocalToken, verifyLocalToken } from '#infra/local/auth.ts'
import { ensureTable } from '#infra/local/dynamodb-local.ts'
import { startHttpAdapter } from '#infra/local/http-adapter.ts'
import { hook } from '#infra/local/sdk-hooks.ts'
import { startStreamPoller } from '#infra/local/stream-poller.ts'
import { LinkSigner } from '#shared/auth/signed-link.ts'
import { createDocumentClient } from '#shared/aws-clients.ts'
import { ApiConfig, loadConfig } from '#shared/config.ts'
import type { Action } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import type { Role } from '#shared/domain/common.ts'
import type { Person } from '#shared/domain/person.ts'
import { Mailer, type MailerOptions } from '#shared/mail/mailer.ts'
import { Store } from '#shared/store/store.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { type OutboxDeps, sweepOutbox } from '#shared/usecases/outbox.ts'
import type { RolloverHooks } from '#shared/usecases/rollover.ts'

export type Api = Awaited<ReturnType<typeof startApi>>

/** The link-signing secret of every test API (tests forge and tamper with links using it). */
export const TEST_LINK_SECRET = 'test-link-signing-secret-0123456789abcdef'
export type Res<T = any> = { status: number; body: T; headers: Headers }

/**
 * The API as the local stack serves it (Lambda handler behind the emulated API Gateway and
 * JWT authorizer) on a fresh table in the shared DynamoDB Local. Every DynamoDB command the
 * API issues is recorded; `close()` fails the file if any of them was a Scan.
 */
export async function startApi(opts: { now?: () => Date; dynamoEndpoint?: string } = {}) {
  const tableName = `t-${ulid().toLowerCase()}`
  // Another endpoint only for a test that puts something in front of DynamoDB Local (an outage).
  const endpoint = opts.dynamoEndpoint ?? inject('dynamoEndpoint')
  await ensureTable(endpoint, tableName)
  const config = loadConfig(ApiConfig, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    LOG_LEVEL: 'SILENT',
    LINK_SECRET: TEST_LINK_SECRET,
  })
  const commands: string[] = []
  // The API and the web pages each with a client of their own, as their functions have.
  const client = () => {
    const doc = createDocumentClient({ region: config.AWS_REGION, endpoint })
    hook(doc, 'recordCommands', (call, next) => {
      commands.push(call.operation)
      return next(call)
    })
    const deps: Deps = {
      store: new Store(doc, tableName),
      now: opts.now ?? (() => new Date()),
      newId: () => ulid(),
    }
    return { doc, deps }
  }
  const { doc, deps } = client()
  const web = client()
  const webActions = recordIamActions(web.doc)
  const key = randomBytes(32)
  const ui = localUiAuth(key)
  const webLogger = new Logger({ serviceName: 'web-test', logLevel: 'SILENT' })
  const http = await startHttpAdapter({
    handler: buildApiHandler(config, deps, [
      withActionLog(deps, config.MAX_BODY_BYTES, ui),
        withMinutesImport(deps, ui),
      withWebPages({ deps: web.deps, logger: webLogger, maxBodyBytes: config.MAX_BODY_BYTES, auth: ui }),
    ]),
    verify: (t) => verifyLocalToken(key, t),
    publicRoutes,
    port: 0,
  })

  const token = (role: Role, personId?: string) => signLocalToken(key, { role, personId })
  const tokens = { secretariat: await token('secretariat'), chair: await token('chair') }

  async function call<T = any>(
    method: string,
    path: string,
    opts: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Res<T>> {
    const headers: Record<string, string> = { ...opts.headers }
    const auth = opts.token === undefined ? tokens.secretariat : opts.token
    if (auth) headers.authorization = `Bearer ${auth}`
    let body: string | undefined
    if (opts.raw !== undefined) body = opts.raw
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body)
      headers['content-type'] ??= 'application/json'
    }
    const res = await fetch(`${http.url}${path}`, { method, headers, body })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers }
  }

  return {
    url: http.url,
    deps,
    doc,
    config,
    /** The local stack's token key: tests sign tokens of their own making with it. */
    jwtKey: key as Uint8Array,
    /** The IAM actions of every table request the web pages made. */
    webActions,
    tableName,
    commands,
    token,
    tokens,
    call,
    get: <T = any>(path: string, o?: Parameters<typeof call>[2]) => call<T>('GET', path, o),
    post: <T = any>(path: string, body: unknown, o?: Parameters<typeof call>[2]) =>
      call<T>('POST', path, { ...o, body }),
    patch: <T = any>(path: string, body: unknown, o?: Parameters<typeof call>[2]) =>
      call<T>('PATCH', path, { ...o, body }),
    /** Proves the recorder sees what the client sends (so the no-Scan check can fail). */
    scanProbe: () => doc.send(new ScanCommand({ TableName: tableName, Limit: 1 })),
    close: async () => {
      await http.close()
      expect(
        commands.filter((c) => c.startsWith('Scan')),
        'the API must never Scan',
      ).toEqual([])
      doc.destroy()
      web.doc.destroy()
    },
  }
}

const ITEM_ACTION: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
}

/** Records the IAM action of every table request `doc` makes (a transaction's, item by item). */
export function recordIamActions(doc: DynamoDBDocumentClient): Set<string> {
  const seen = new Set<string>()
  hook(doc, 'recordIamActions', (call, next) => {
    if (call.operation === 'TransactWriteItems') {
      for (const item of (call.input as { TransactItems: Record<string, unknown>[] }).TransactItems) {
        for (const op of Object.keys(item)) seen.add(ITEM_ACTION[op] ?? `unknown:${op}`)
      }
    } else seen.add(call.operation)
    return next(call)
  })
  return seen
}

// ---- fixtures: what tests make through the API, each answer checked ----------------------

/**
 * A person made through the API: `Person <initials>` at a mailbox spelt from the initials on
 * force.example, unless `fields` say otherwise (a test's own mail domain, a name it asserts on).
 */
export async function newPerson(
  api: Api,
  initials: string,
  fields: Record<string, unknown> = {},
): Promise<Person> {
  const res = await api.post('/people', {
    name: `Person ${initials}`,
    initials,
    kind: 'person',
    email: `${initials.toLowerCase().replace(/[^a-z]/g, '')}@force.example`,
    ...fields,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

/** A board made through the API: the Performance Accountability Meeting unless `fields` say otherwise. */
export async function newBoard(api: Api, fields: Record<string, unknown> = {}): Promise<Board> {
  const res = await api.post('/boards', {
    name: 'Performance Accountability Meeting',
    shortName: 'PAM',
    secretariatEmails: ['secretariat@opcc.example'],
    ...fields,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

/** A meeting of the board scheduled through the API; its id. */
export async function meeting(api: Api, boardId: string, startsAt: string) {
  const res = await api.post(`/boards/${boardId}/meetings`, { startsAt, location: 'HQ' })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.id as string
}

/** An action raised at a meeting through the API, as the API answered it. */
export async function raise(api: Api, meetingId: string, body: Record<string, unknown>): Promise<Action> {
  const res = await api.post(`/meetings/${meetingId}/actions`, body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

/** A small board with people, the usual fixture for route tests. */
export async function seedBoard(api: Api) {
  const id = async (initials: string) => (await newPerson(api, initials)).id
  const chair = await id('PCC')
  const dt = await id('DT')
  const afs = await id('AFS')
  await api.patch(`/people/${dt}`, { deputyId: afs })
  const sr = await id('SR')
  const team = await api.post('/people', {
    name: 'A and SI',
    initials: 'A&SI',
    kind: 'team',
    memberIds: [sr],
  })
  expect(team.status).toBe(201)
  const board = await newBoard(api, { chairId: chair })
  return { boardId: board.id, people: { chair, dt, afs, sr, team: team.body.id as string } }
}

export type SentEmail = {
  messageId: string
  from: string
  destination: { to: string[]; cc: string[]; bcc: string[] }
  subject: string
  body: { html?: string; text?: string }
  attachments: { filename?: string; contentType: string; content: string }[]
}

/** Emails the SES emulator holds, optionally only those to/cc an address. */
export async function sentEmails(to?: string): Promise<SentEmail[]> {
  const res = await fetch(`${inject('sesEndpoint')}/store`)
  const { emails } = (await res.json()) as { emails: SentEmail[] }
  return to ? emails.filter((e) => [...e.destination.to, ...e.destination.cc].includes(to)) : emails
}

/** A run-unique mail domain, because one SES emulator serves every test file. */
export const mailDomain = () => `t${ulid().toLowerCase().slice(-10)}.example`

/**
 * Adds the stream side to an API stack: the notify dependencies (mailer on the SES
 * emulator, the same recorded DynamoDB client) and, if asked, the local stream poller
 * delivering this table's records to `on-table-change`.
 */
export async function withStream(
  api: Api,
  opts: {
    poll?: boolean
    wrap?: (h: (e: StreamEvent) => Promise<BatchResponse>) => (e: StreamEvent) => Promise<BatchResponse>
    failureFile?: string
    /** The event-source mapping to play (default: the deployed one). */
    mapping?: { batchSize: number; maxRetries: number; bisectOnError: boolean }
    /** Pacing and back-off overrides (tests keep them short). */
    mail?: Pick<MailerOptions, 'maxPerSecond' | 'maxAttempts'>
  } = {},
) {
  const mailer = new Mailer({
    region: 'eu-west-2',
    endpoint: inject('sesEndpoint'),
    from: 'actions@opcc.example',
    maxPerSecond: 200,
    ...opts.mail,
  })
  // A drain into the future moves the senders' clock there too (leases and claims use it).
  let clock: Date | null = null
  const deps: OutboxDeps = {
    ...api.deps,
    now: () => clock ?? api.deps.now(),
    mailer,
    links: { signer: new LinkSigner(TEST_LINK_SECRET), baseUrl: api.url, issuedAt: api.deps.now },
  }
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' })
  // Called directly, the handler stands in for the whole stream: the emails it queued are
  // delivered before it returns, as the stream's next records (their INSERTs) would do.
  const handler = async (e: StreamEvent, hooks?: RolloverHooks) => {
    const res = await handleTableChanges(e, deps, logger, { hooks })
    await sweepOutbox(deps, new Date())
    return res
  }
  const poller = opts.poll
    ? await startStreamPoller({
        endpoint: inject('dynamoEndpoint'),
        tableName: api.tableName,
        // The stream keeps the test's own clock, not a drain's future one: seeing that, it could
        // claim an email the drain then skips, and send it after the drain returned. (An email
        // due now can still be the stream's to send: tests of those poll the mailbox.)
        handler: (e) => {
          const h = (x: StreamEvent) => handleTableChanges(x, { ...deps, now: api.deps.now }, logger)
          return opts.wrap ? opts.wrap(h)(e) : h(e)
        },
        pollIntervalMs: 50,
        ...(opts.failureFile ? { failureFile: opts.failureFile } : {}),
        ...(opts.mapping ? { mapping: opts.mapping } : {}),
      })
    : null
  /** Sends whatever the outbox holds that is due (what the sweep does), as of `at`. */
  const drain = async (at: Date = new Date(Date.now() + 1)) => {
    clock = at > api.deps.now() ? at : null
    try {
      return await sweepOutbox(deps, at)
    } finally {
      clock = null
    }
  }
  return { deps, mailer, handler, poller, drain, stop: async () => poller?.stop() }
}
