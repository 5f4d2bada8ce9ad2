import '#infra/local/quiet-sdk.ts'
import { parseArgs } from 'node:util'
import { Logger } from '@aws-lambda-powertools/logger'
import { handleEmailFeedback } from '#functions/on-email-feedback/handle.ts'
import { BaseConfig, loadConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { asEventBridgeEvent, sesEvent } from './ses-front.ts'
import { runningStackEnv } from './stack-file.ts'

const USAGE = `Usage: npm run bounce -- --address someone@example.org [--complaint]

The SES emulator never bounces, so this plays SES and EventBridge: it hands on-email-feedback
a permanent bounce (or, with --complaint, a complaint) for that address, in the envelope the
configuration set's EventBridge destination delivers, against the running local stack
(npm start). Later emails leave the address out; GET /suppressions lists it.`

async function main() {
  const { values } = parseArgs({
    options: {
      address: { type: 'string' },
      complaint: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return console.log(USAGE)
  if (!values.address) {
    console.error(`--address is required\n\n${USAGE}`)
    process.exit(2)
  }
  const { stack, env } = runningStackEnv()
  const config = loadConfig(BaseConfig, {
    ...env,
  })
  const run = await handleEmailFeedback(
    asEventBridgeEvent(sesEvent(values.address, values.complaint ? 'Complaint' : 'Bounce')),
    createDeps(config),
    new Logger({ serviceName: 'action-tracker-bounce', logLevel: 'WARN' }),
  )
  if (run.suppressed === 0) {
    console.error(`"${values.address}" is not an email address; nothing was suppressed`)
    process.exit(2)
  }
  console.log(`${values.address} is now suppressed (${values.complaint ? 'complaint' : 'permanent bounce'}).`)
  console.log(
    `See it with: curl -H "Authorization: Bearer $(npm run -s token -- secretariat)" ${stack.apiUrl}/suppressions`,
  )
}

main().catch((e: unknown) => {
  console.error(`bounce failed: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
