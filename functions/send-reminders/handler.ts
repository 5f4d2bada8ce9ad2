import { Logger } from '@aws-lambda-powertools/logger'
import { loadConfig, ReminderConfig } from '#shared/config.ts'
import { withLinkSecret } from '#shared/runtime.ts'
import { createReminderDeps } from '#shared/runtime-mail.ts'
import { handleReminderTick } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(ReminderConfig, await withLinkSecret(process.env))
const logger = new Logger({ serviceName: 'action-tracker-send-reminders', logLevel: config.LOG_LEVEL })
const deps = createReminderDeps(config)

export const handler = (event: unknown) => handleReminderTick(event, deps, logger)
