import { loadConfig, MinutesImportConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { httpHandler } from '../http/http.ts'
import { uiAuthFromConfig } from '../http/session.ts'
import { createMinutesImportApp } from './app.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(MinutesImportConfig, process.env)

export const handler = httpHandler('action-tracker-minutes-import', config, (logger) =>
  createMinutesImportApp({ deps: createDeps(config), logger, ui: uiAuthFromConfig(config) }),
)
