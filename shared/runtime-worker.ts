import { Logger } from '@aws-lambda-powertools/logger'
import type { BaseConfig } from './config.ts'
import { scheduledTime } from './events/scheduled.ts'
import { count, createMetrics, type MetricName, publishingMetrics, type RunMetrics } from './metrics.ts'
import type { SweepFailure } from './usecases/sweep.ts'

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

/**
 * One hourly sweep (reminders, summaries) for the instant the schedule fired: each board or
 * meeting that failed is logged with its ids, then the run is logged and counted.
 */
export async function sweepTick<R extends { emails: number; failures: SweepFailure[] }>(
  event: unknown,
  logger: Logger,
  metrics: RunMetrics | undefined,
  sweep: {
    name: string
    failed: string
    run: (at: Date) => Promise<R>
    counts?: (run: R) => Partial<Record<MetricName, number>>
  },
): Promise<R> {
  const at = scheduledTime(event)
  const run = await sweep.run(at)
  for (const f of run.failures) logger.error(sweep.failed, { ...f.ids, error: f.error })
  logger.info(sweep.name, { at: at.toISOString(), ...run, failures: run.failures.length })
  count(metrics, { SweepFailures: run.failures.length, EmailsQueued: run.emails, ...sweep.counts?.(run) })
  return run
}
