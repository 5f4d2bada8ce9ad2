import { Logger } from '@aws-lambda-powertools/logger'
import { withActionLog } from '#functions/action-log/app.ts'
import { buildApiHandler } from '#functions/api/lambda.ts'
import { publicRoutes } from '#functions/api/routes.ts'
import { withMinutesImport } from '#functions/minutes-import/app.ts'
import { handleEmailFeedback } from '#functions/on-email-feedback/handle.ts'
import { handleTableChanges } from '#functions/on-table-change/handle.ts'
import { withWebPages } from '#functions/web/app.ts'
import { ApiConfig, loadConfig, SenderConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { createSenderDeps } from '#shared/runtime-mail.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import {
  DEFAULT_KEY_FILE,
  DEFAULT_LINK_SECRET_FILE,
  loadOrCreateKey,
  localUiAuth,
  verifyLocalToken,
} from './auth.ts'
import { type Demo, loadDemo } from './demo.ts'
import { ensureTable, startDynamoLocal } from './dynamodb-local.ts'
import { startHttpAdapter } from './http-adapter.ts'
import { describeRun, runSchedules, type ScheduleRun, sweepEvery } from './schedules.ts'
import { asEventBridgeEvent, type SesFront, startSesFront } from './ses-front.ts'
import { startSesLocal } from './ses-local.ts'
import { startStreamPoller } from './stream-poller.ts'

export const DEFAULT_FAILURE_FILE = '.local/stream-failures.jsonl'

export type LocalStackOptions = {
  /** API port; 0 picks a free one. */
  apiPort?: number
  /** SES emulator port; 0 picks a free one. */
  mailPort?: number
  /** Persist DynamoDB Local's data here instead of in memory. */
  dataDir?: string
  demo?: boolean
  tableName?: string
  keyFile?: string
  /** Where the link-signing secret is kept (generated on first use). */
  linkSecretFile?: string
  logLevel?: ApiConfig['LOG_LEVEL']
  /** The on-failure destination of the stream poller (JSON lines). */
  failureFile?: string
  /** Run the hourly schedules (default true). */
  schedules?: boolean
  progress?: (message: string) => void
}

export type LocalStack = {
  apiUrl: string
  mailboxUrl: string
  dynamoEndpoint: string
  /** The SES emulator itself (its mailbox's `/store`). */
  sesEndpoint: string
  /** What the functions send to: SES's Send events, and faults for the fault suite. */
  sesFront: SesFront
  failureFile: string
  tableName: string
  deps: Deps
  key: Uint8Array
  demo: Demo | null
  /** Runs the scheduled handlers for any instant (fast-forward). */
  tick: (at: Date) => Promise<ScheduleRun>
  stop: () => Promise<void>
}

/**
 * The whole system on one machine: DynamoDB Local, the SES emulator, the table from the
 * shared definition, and the API Lambda handler behind an emulated API Gateway.
 * Whatever was started is stopped again if a later step fails.
 */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const progress = opts.progress ?? (() => undefined)
  const stops: (() => Promise<void>)[] = []
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined)
    stops.length = 0
  }
  try {
    progress('starting DynamoDB Local…')
    const dynamo = await startDynamoLocal(opts.dataDir ? { dataDir: opts.dataDir } : {})
    stops.push(dynamo.stop)
    progress('starting the SES emulator…')
    const ses = await startSesLocal(opts.mailPort !== undefined ? { port: opts.mailPort } : {})
    stops.push(ses.stop)
    const feedbackLogger = new Logger({
      serviceName: 'action-tracker-on-email-feedback',
      logLevel: opts.logLevel ?? 'WARN',
    })
    let feedbackDeps: Deps | undefined
    const sesFront = await startSesFront({
      target: ses.endpoint,
      onSend: async (event) => {
        if (feedbackDeps) await handleEmailFeedback(asEventBridgeEvent(event), feedbackDeps, feedbackLogger)
      },
    })
    stops.push(sesFront.stop)

    const tableName = opts.tableName ?? 'action-tracker'
    await ensureTable(dynamo.endpoint, tableName)
    const env = {
      TABLE_NAME: tableName,
      AWS_REGION: 'eu-west-2',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SES_ENDPOINT: sesFront.endpoint,
      MAIL_FROM: 'actions@action-tracker.local',
      LOG_LEVEL: opts.logLevel ?? 'WARN',
      LINK_SECRET: Buffer.from(loadOrCreateKey(opts.linkSecretFile ?? DEFAULT_LINK_SECRET_FILE)).toString(
        'base64url',
      ),
    }
    const config = loadConfig(ApiConfig, env)
    const deps = createDeps(config)
    feedbackDeps = deps

    let demo: Demo | null = null
    if (opts.demo && (await deps.store.boards.list()).length === 0) {
      progress('loading the demo board…')
      demo = await loadDemo(deps)
    }

    const key = loadOrCreateKey(opts.keyFile ?? DEFAULT_KEY_FILE)
    const ui = localUiAuth(key)
    const http = await startHttpAdapter({
      handler: buildApiHandler(config, deps, [
        withActionLog(deps, config.MAX_BODY_BYTES, ui),
        withMinutesImport(deps, ui),
        withWebPages({
          deps,
          logger: new Logger({ serviceName: 'action-tracker-web', logLevel: config.LOG_LEVEL }),
          maxBodyBytes: config.MAX_BODY_BYTES,
          auth: ui,
        }),
      ]),
      verify: (token) => verifyLocalToken(key, token),
      publicRoutes,
      port: opts.apiPort ?? 3000,
    })
    stops.push(http.close)

    // The senders' links point at this API's pages.
    const senderDeps = createSenderDeps(loadConfig(SenderConfig, { ...env, PUBLIC_BASE_URL: http.url }))

    // The stream side: the same on-table-change code Lambda runs, fed by a local poller that
    // plays the event-source mapping. Started after the demo so its history is not replayed.
    const streamLogger = new Logger({
      serviceName: 'action-tracker-on-table-change',
      logLevel: config.LOG_LEVEL,
    })
    const failureFile = opts.failureFile ?? DEFAULT_FAILURE_FILE
    const poller = await startStreamPoller({
      endpoint: dynamo.endpoint,
      tableName,
      handler: (event) => handleTableChanges(event, senderDeps, streamLogger),
      failureFile,
      // A persisted table may hold records a previous run had not finished; replays are safe.
      startAt: opts.dataDir ? 'TRIM_HORIZON' : 'LATEST',
      onFailure: (f) =>
        progress(
          `stream record ${f.record.dynamodb?.SequenceNumber} failed ${f.attempts} times: written to ${failureFile}`,
        ),
    })
    stops.push(poller.stop)

    // The schedules: once at start (so the demo's owners get their reminders at once), then
    // the reminders and summaries at the top of every hour and the outbox sweep every few
    // minutes, as EventBridge Scheduler does in AWS.
    const scheduleLogger = new Logger({
      serviceName: 'action-tracker-schedules',
      logLevel: config.LOG_LEVEL,
    })
    const tick = (at: Date) => runSchedules(at, senderDeps, scheduleLogger)
    if (opts.schedules !== false) {
      const fire = () =>
        tick(new Date()).then(
          (run) => progress(`schedules ${describeRun(run)}`),
          (e: unknown) => progress(`scheduled run failed: ${e instanceof Error ? e.message : e}`),
        )
      await fire()
      let timer: NodeJS.Timeout | undefined
      const untilNextHour = 3_600_000 - (Date.now() % 3_600_000)
      const first = setTimeout(() => {
        void fire()
        timer = setInterval(() => void fire(), 3_600_000)
      }, untilNextHour)
      const sweeps = sweepEvery(senderDeps, scheduleLogger, (message) => progress(message))
      stops.push(async () => {
        clearTimeout(first)
        clearInterval(timer)
        await sweeps.stop()
      })
    }

    return {
      apiUrl: http.url,
      mailboxUrl: ses.mailboxUrl,
      dynamoEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      sesFront,
      failureFile,
      tableName,
      deps,
      key,
      demo,
      tick,
      stop,
    }
  } catch (e) {
    await stop()
    throw e
  }
}
