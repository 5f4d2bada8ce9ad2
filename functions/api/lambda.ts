import { Logger } from '@aws-lambda-powertools/logger'
import { handle } from 'hono/aws-lambda'
import type { ApiConfig } from '#shared/config.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { createApp } from './app.ts'

/** Builds the Lambda handler around given dependencies (the entry point and the local stack share it). */
export function buildApiHandler(config: ApiConfig, deps: Deps) {
  const logger = new Logger({ serviceName: 'action-tracker-api', logLevel: config.LOG_LEVEL })
  return handle(createApp({ deps, logger, maxBodyBytes: config.MAX_BODY_BYTES }))
}
