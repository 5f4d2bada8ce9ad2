import { Logger } from '@aws-lambda-powertools/logger'
import { loadConfig, MailConfig } from '#shared/config.ts'
import { createNotifyDeps } from '#shared/runtime-mail.ts'
import { handleSummaryTick } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(MailConfig, process.env)
const logger = new Logger({
  serviceName: 'action-tracker-send-overdue-summaries',
  logLevel: config.LOG_LEVEL,
})
const deps = createNotifyDeps(config)

export const handler = (event: unknown) => handleSummaryTick(event, deps, logger)
