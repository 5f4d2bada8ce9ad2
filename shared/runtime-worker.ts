import { Logger } from '@aws-lambda-powertools/logger'
import type { BaseConfig } from './config.ts'
import { createMetrics, publishingMetrics, type RunMetrics } from './metrics.ts'

/**
 * The cold start of a function run by a schedule, a stream or SES's events rather than HTTP:
 * its logger and metrics named for the service, its dependencies built once, and a handler
 * that flushes the metrics after every invocation.
 */
export function workerHandler<D, E, R>(
  serviceName: string,
  config: Pick<BaseConfig, 'LOG_LEVEL'>,
  deps: D,
  run: (event: E, deps: D, logger: Logger, metrics: RunMetrics) => Promise<R>,
) {
  const logger = new Logger({ serviceName, logLevel: config.LOG_LEVEL })
  const metrics = createMetrics(serviceName)
  return publishingMetrics(metrics, (event: E) => run(event, deps, logger, metrics))
}
