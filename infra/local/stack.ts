import { buildApiHandler } from '#functions/api/lambda.ts'
import { publicRoutes } from '#functions/api/routes.ts'
import { ApiConfig, loadConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { DEFAULT_KEY_FILE, loadOrCreateKey, verifyLocalToken } from './auth.ts'
import { type Demo, loadDemo } from './demo.ts'
import { ensureTable, startDynamoLocal } from './dynamodb-local.ts'
import { startHttpAdapter } from './http-adapter.ts'
import { startSesLocal } from './ses-local.ts'

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
  logLevel?: ApiConfig['LOG_LEVEL']
  progress?: (message: string) => void
}

export type LocalStack = {
  apiUrl: string
  mailboxUrl: string
  dynamoEndpoint: string
  sesEndpoint: string
  tableName: string
  deps: Deps
  key: Uint8Array
  demo: Demo | null
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

    const tableName = opts.tableName ?? 'action-tracker'
    await ensureTable(dynamo.endpoint, tableName)
    const config = loadConfig(ApiConfig, {
      TABLE_NAME: tableName,
      AWS_REGION: 'eu-west-2',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      LOG_LEVEL: opts.logLevel ?? 'WARN',
    })
    const deps = createDeps(config)

    let demo: Demo | null = null
    if (opts.demo && (await deps.store.listBoards()).length === 0) {
      progress('loading the demo board…')
      demo = await loadDemo(deps)
    }

    const key = loadOrCreateKey(opts.keyFile ?? DEFAULT_KEY_FILE)
    const http = await startHttpAdapter({
      handler: buildApiHandler(config, deps),
      verify: (token) => verifyLocalToken(key, token),
      publicRoutes,
      port: opts.apiPort ?? 3000,
    })
    stops.push(http.close)
    return {
      apiUrl: http.url,
      mailboxUrl: ses.mailboxUrl,
      dynamoEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      tableName,
      deps,
      key,
      demo,
      stop,
    }
  } catch (e) {
    await stop()
    throw e
  }
}
