import { BaseConfig, loadConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { workerHandler } from '#shared/runtime-worker.ts'
import { handleEmailFeedback } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(BaseConfig, process.env)
const SERVICE = 'action-tracker-on-email-feedback'

export const handler = workerHandler(SERVICE, config, createDeps(config), handleEmailFeedback)
