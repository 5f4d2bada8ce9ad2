import '#infra/local/quiet-sdk.ts'
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { Logger } from '@aws-lambda-powertools/logger'
import { handleTableChanges, type StreamEvent } from '#functions/on-table-change/handle.ts'
import { loadConfig, SenderConfig } from '#shared/config.ts'
import { createSenderDeps } from '#shared/runtime-mail.ts'
import { DEFAULT_LINK_SECRET_FILE, loadOrCreateKey } from './auth.ts'
import { DEFAULT_FAILURE_FILE } from './stack.ts'
import { runningStackEnv } from './stack-file.ts'
import type { FailedRecord } from './stream-poller.ts'

const USAGE = `Usage: npm run redrive -- [--file ${DEFAULT_FAILURE_FILE}]

Replays the stream records that exhausted their retries (the local stack's failure
destination) through on-table-change against the running local stack (npm start), one at a
time. Records that now succeed leave the file; the others stay, with the new reason. Replays
are safe: every use case is idempotent. For AWS, see docs/deploying.md ("Replaying the
stream's failure destination").`

async function main() {
  const { values } = parseArgs({
    options: { file: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help) return console.log(USAGE)
  const file = values.file ?? DEFAULT_FAILURE_FILE
  if (!existsSync(file)) return console.log(`nothing to replay: ${file} does not exist`)
  // Moved aside first: the running poller may append new failures to the file meanwhile.
  const replaying = `${file}.replaying-${process.pid}`
  renameSync(file, replaying)
  const failed = readFileSync(replaying, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as FailedRecord)
  const { stack, env } = runningStackEnv()
  const deps = createSenderDeps(
    loadConfig(SenderConfig, {
      ...env,
      LINK_SECRET: Buffer.from(loadOrCreateKey(DEFAULT_LINK_SECRET_FILE)).toString('base64url'),
      PUBLIC_BASE_URL: stack.apiUrl,
    }),
  )
  const logger = new Logger({ serviceName: 'action-tracker-redrive', logLevel: 'WARN' })
  const still: FailedRecord[] = []
  for (const [i, f] of failed.entries()) {
    const seq = f.record.dynamodb?.SequenceNumber ?? '?'
    try {
      const res = await handleTableChanges({ Records: [f.record] } as StreamEvent, deps, logger)
      if (res.batchItemFailures.length > 0) throw new Error('reported as failed again')
      console.log(`${i + 1}/${failed.length} record ${seq}: replayed`)
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e)
      console.log(`${i + 1}/${failed.length} record ${seq}: failed again (${reason})`)
      still.push({ ...f, at: new Date().toISOString(), reason, attempts: f.attempts + 1 })
    }
  }
  // What failed again goes back to the end of the file, after anything added meanwhile.
  if (still.length > 0) appendFileSync(file, still.map((f) => `${JSON.stringify(f)}\n`).join(''))
  rmSync(replaying)
  console.log(`${failed.length - still.length} replayed, ${still.length} left in ${file}`)
  if (still.length > 0) process.exitCode = 1
}

main().catch((e: unknown) => {
  console.error(`redrive failed: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
