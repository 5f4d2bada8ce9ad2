import { Logger } from '@aws-lambda-powertools/logger'
import { handle } from 'hono/aws-lambda'
import { loadConfig, MinutesImportConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { LAMBDA_BODIES } from '../http/http.ts'
import { uiAuthFromConfig } from '../http/session.ts'
import { createMinutesImportApp } from './app.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(MinutesImportConfig, process.env)
const logger = new Logger({ serviceName: 'action-tracker-minutes-import', logLevel: config.LOG_LEVEL })

export const handler = handle(
  createMinutesImportApp({ deps: createDeps(config), logger, ui: uiAuthFromConfig(config) }),
  LAMBDA_BODIES,
)
