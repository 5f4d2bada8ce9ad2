import { loadConfig, SenderConfig } from '#shared/config.ts'
import { withLinkSecret } from '#shared/runtime.ts'
import { createSenderDeps } from '#shared/runtime-mail.ts'
import { workerHandler } from '#shared/runtime-worker.ts'
import { handleOutboxSweep } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(SenderConfig, await withLinkSecret(process.env))
const SERVICE = 'action-tracker-send-emails'

export const handler = workerHandler(SERVICE, config, createSenderDeps(config), handleOutboxSweep)
