import { Logger } from '@aws-lambda-powertools/logger'
import { BaseConfig, loadConfig } from '#shared/config.ts'
import { createMetrics, publishingMetrics } from '#shared/metrics.ts'
import { createDeps } from '#shared/runtime.ts'
import { handleReminderTick } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(BaseConfig, process.env)
const SERVICE = 'action-tracker-send-reminders'
const logger = new Logger({ serviceName: SERVICE, logLevel: config.LOG_LEVEL })
const metrics = createMetrics(SERVICE)
const deps = createDeps(config)

export const handler = publishingMetrics(metrics, (event: unknown) =>
  handleReminderTick(event, deps, logger, metrics),
)
