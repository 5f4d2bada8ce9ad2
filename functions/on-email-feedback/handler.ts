import { Logger } from '@aws-lambda-powertools/logger'
import { BaseConfig, loadConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { handleEmailFeedback } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(BaseConfig, process.env)
const logger = new Logger({ serviceName: 'action-tracker-on-email-feedback', logLevel: config.LOG_LEVEL })
const deps = createDeps(config)

export const handler = (event: unknown) => handleEmailFeedback(event, deps, logger)
