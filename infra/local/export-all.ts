import '#infra/local/quiet-sdk.ts'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { exportAll } from '#shared/export/records.ts'
import { createDeps } from '#shared/runtime.ts'
import { runningStackEnv } from './stack-file.ts'

const USAGE = `Usage: npm run export-all -- [--out DIR] [--table NAME --region REGION]

Writes every board, person, membership, meeting, action, action history entry, rollover
entry, minutes import and draft, and suppressed address to DIR (default export-<date and
time>), each kind as JSON and as CSV, with manifest.json giving the counts. An item that does
not parse is reported with its key, the rest are written, and the exit code is 2. Without --table it reads the running local stack (npm start); with --table it
reads that table in AWS with your own credentials (AWS_PROFILE or the usual chain; you need
dynamodb:Query on the table and its indexes), the same way: no Scan, board by board.
See docs/records.md.`

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      table: { type: 'string' },
      region: { type: 'string', default: 'eu-west-2' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const dir = resolve(values.out ?? `export-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}`)
  const config = values.table
    ? { TABLE_NAME: values.table, AWS_REGION: values.region ?? 'eu-west-2' }
    : (() => {
        const { env } = runningStackEnv()
        return {
          TABLE_NAME: env.TABLE_NAME ?? '',
          AWS_REGION: 'eu-west-2',
          DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT,
        }
      })()
  const source = values.table ? `table ${values.table} in ${config.AWS_REGION}` : 'the local stack'
  console.error(`exporting every record from ${source} to ${dir}`)
  const manifest = await exportAll(createDeps(config).store, dir, {
    source,
    progress: (line) => console.error(line),
  })
  // Every readable record is written; an item that was not makes the export incomplete.
  return manifest.unreadable.length ? 2 : 0
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`export-all failed: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
