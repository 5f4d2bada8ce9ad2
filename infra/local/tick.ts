import '#infra/local/quiet-sdk.ts'
import { parseArgs } from 'node:util'
import { Logger } from '@aws-lambda-powertools/logger'
import { loadConfig, SenderConfig } from '#shared/config.ts'
import { createSenderDeps } from '#shared/runtime-mail.ts'
import { DEFAULT_LINK_SECRET_FILE, loadOrCreateKey } from './auth.ts'
import { describeRun, runSchedules } from './schedules.ts'
import { runningStackEnv } from './stack-file.ts'

const USAGE = `Usage: npm run tick -- [--at 2026-03-24T08:00:00Z]

Runs the schedules (owner reminders, chair summaries, then the outbox sweep) against the running local stack (npm start) as if the schedule
fired at that instant (default: now), so you can fast-forward and read the emails in the mailbox.`

async function main() {
  const { values } = parseArgs({ options: { at: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
  if (values.help) return console.log(USAGE)
  const at = values.at ? new Date(values.at) : new Date()
  if (Number.isNaN(at.getTime())) {
    console.error(
      `--at must be an ISO-8601 instant such as 2026-03-24T08:00:00Z, not "${values.at}"\n\n${USAGE}`,
    )
    process.exit(2)
  }
  const { stack, env } = runningStackEnv()
  const config = loadConfig(SenderConfig, {
    ...env,
    LINK_SECRET: Buffer.from(loadOrCreateKey(DEFAULT_LINK_SECRET_FILE)).toString('base64url'),
    PUBLIC_BASE_URL: stack.apiUrl,
  })
  const logger = new Logger({ serviceName: 'action-tracker-tick', logLevel: 'WARN' })
  const run = await runSchedules(at, createSenderDeps(config), logger)
  console.log(describeRun(run))
  console.log(`mailbox: ${stack.sesEndpoint}/`)
  if ('error' in run.reminders || 'error' in run.summaries || 'error' in run.outbox) process.exitCode = 1
}

main().catch((e: unknown) => {
  console.error(`tick failed: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
