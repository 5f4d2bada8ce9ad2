import type { DynamoDBStreamEvent } from 'aws-lambda'
import { loadConfig, SenderConfig } from '#shared/config.ts'
import { withLinkSecret } from '#shared/runtime.ts'
import { createSenderDeps } from '#shared/runtime-mail.ts'
import { workerHandler } from '#shared/runtime-worker.ts'
import { type BatchResponse, handleTableChanges } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(SenderConfig, await withLinkSecret(process.env))
const SERVICE = 'action-tracker-on-table-change'

export const handler = workerHandler(
  SERVICE,
  config,
  createSenderDeps(config),
  (event: DynamoDBStreamEvent, deps, logger, metrics): Promise<BatchResponse> =>
    handleTableChanges(event as Parameters<typeof handleTableChanges>[0], deps, logger, { metrics }),
)
