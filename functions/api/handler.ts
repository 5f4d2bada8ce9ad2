import { ApiConfig, loadConfig } from '#shared/config.ts'
import { createDeps, withLinkSecret } from '#shared/runtime.ts'
import { buildApiHandler } from './lambda.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(ApiConfig, await withLinkSecret(process.env))

export const handler = buildApiHandler(config, createDeps(config))
