import { Logger } from '@aws-lambda-powertools/logger'
import { loadConfig, ReminderConfig } from '#shared/config.ts'
import { createMetrics, publishingMetrics } from '#shared/metrics.ts'
import { withLinkSecret } from '#shared/runtime.ts'
import { createReminderDeps } from '#shared/runtime-mail.ts'
import { handleReminderTick } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(ReminderConfig, await withLinkSecret(process.env))
const SERVICE = 'action-tracker-send-reminders'
const logger = new Logger({ serviceName: SERVICE, logLevel: config.LOG_LEVEL })
const metrics = createMetrics(SERVICE)
const deps = createReminderDeps(config)

export const handler = publishingMetrics(metrics, (event: unknown) =>
  handleReminderTick(event, deps, logger, metrics),
)
