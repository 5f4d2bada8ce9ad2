import { Logger } from '@aws-lambda-powertools/logger'
import { loadConfig, MailConfig } from '#shared/config.ts'
import { createMetrics, publishingMetrics } from '#shared/metrics.ts'
import { createNotifyDeps } from '#shared/runtime-mail.ts'
import { handleSummaryTick } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(MailConfig, process.env)
const SERVICE = 'action-tracker-send-overdue-summaries'
const logger = new Logger({ serviceName: SERVICE, logLevel: config.LOG_LEVEL })
const metrics = createMetrics(SERVICE)
const deps = createNotifyDeps(config)

export const handler = publishingMetrics(metrics, (event: unknown) =>
  handleSummaryTick(event, deps, logger, metrics),
)
