import { ActionLogConfig, loadConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { httpHandler } from '../http/http.ts'
import { uiAuthFromConfig } from '../http/session.ts'
import { createActionLogApp } from './app.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(ActionLogConfig, process.env)

export const handler = httpHandler('action-tracker-action-log', config, (logger) =>
  createActionLogApp({
    deps: createDeps(config),
    logger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    ui: uiAuthFromConfig(config),
  }),
)
