import { BaseConfig, loadConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { workerHandler } from '#shared/runtime-worker.ts'
import { handleSummaryTick } from './handle.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(BaseConfig, process.env)
const SERVICE = 'action-tracker-send-overdue-summaries'

export const handler = workerHandler(SERVICE, config, createDeps(config), handleSummaryTick)
