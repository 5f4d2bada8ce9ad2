import { Logger } from '@aws-lambda-powertools/logger'
import { handle } from 'hono/aws-lambda'
import { ActionLogConfig, loadConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { LAMBDA_BODIES } from '../http/http.ts'
import { uiAuthFromConfig } from '../http/session.ts'
import { createActionLogApp } from './app.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(ActionLogConfig, process.env)
const logger = new Logger({ serviceName: 'action-tracker-action-log', logLevel: config.LOG_LEVEL })

export const handler = handle(
  createActionLogApp({
    deps: createDeps(config),
    logger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    ui: uiAuthFromConfig(config),
  }),
  LAMBDA_BODIES,
)
