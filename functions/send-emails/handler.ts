import { Logger } from '@aws-lambda-powertools/logger'
import { loadConfig, SenderConfig } from '#shared/config.ts'
import { createMetrics, publishingMetrics } from '#shared/metrics.ts'
import { withLinkSecret } from '#shared/runtime.ts'
import { createSenderDeps } from '#shared/runtime-mail.ts'
import { handleOutboxSweep } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(SenderConfig, await withLinkSecret(process.env))
const SERVICE = 'action-tracker-send-emails'
const logger = new Logger({ serviceName: SERVICE, logLevel: config.LOG_LEVEL })
const metrics = createMetrics(SERVICE)
const deps = createSenderDeps(config)

export const handler = publishingMetrics(metrics, (event: unknown) =>
  handleOutboxSweep(event, deps, logger, metrics),
)
