import '#infra/local/quiet-sdk.ts'
import { parseArgs } from 'node:util'
import { startLocalStack } from './stack.ts'
import { removeStackFile, writeStackFile } from './stack-file.ts'

const HELP = `Usage: npm start -- [--port N] [--mail-port N] [--data DIR] [--empty]

  --port N        API port (default 3000, or $PORT)
  --mail-port N   SES emulator / mailbox port (default 8005)
  --data DIR      keep DynamoDB data in DIR between runs (default: in memory)
  --empty         do not load the demo board
`

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'mail-port': { type: 'string' },
      data: { type: 'string' },
      empty: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const apiPort = portArg(values.port ?? process.env.PORT, 3000, '--port')
  const mailPort = portArg(values['mail-port'], 8005, '--mail-port')
  const started = Date.now()
  const stack = await startLocalStack({
    apiPort,
    mailPort,
    ...(values.data ? { dataDir: values.data } : {}),
    demo: !values.empty,
    progress: (m) => console.log(`  ${m}`),
  })

  const lines = [
    '',
    `Action tracker is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  Web pages ${stack.apiUrl}/ui   (sign in as secretariat, chair or member)`,
    `  API       ${stack.apiUrl}`,
    `  OpenAPI   ${stack.apiUrl}/openapi.json`,
    `  Mailbox   ${stack.mailboxUrl}`,
    `  DynamoDB  ${stack.dynamoEndpoint} (table ${stack.tableName}, ${values.data ? `data in ${values.data}` : 'in memory'})`,
    `  Stream    on-table-change via the local poller; failed records go to ${stack.failureFile}`,
  ]
  if (stack.demo) {
    const p = stack.demo.people
    lines.push(
      '',
      `Demo board: ${stack.demo.boardId} (next meeting: ${stack.demo.meetingIds.at(-1)})`,
      `  published log (no sign-in): ${stack.apiUrl}/published/boards/${stack.demo.boardId}`,
      `  people: ${Object.entries(p)
        .map(([i, id]) => `${i}=${id}`)
        .join('  ')}`,
    )
  }
  lines.push(
    '',
    'Try it:',
    '  TOKEN=$(npm run -s token -- secretariat)',
    `  curl -H "Authorization: Bearer $TOKEN" ${stack.apiUrl}/boards`,
    stack.demo
      ? `  curl -H "Authorization: Bearer $TOKEN" ${stack.apiUrl}/boards/${stack.demo.boardId}/overdue`
      : '',
    '',
    'Press Ctrl-C to stop.',
  )
  console.log(lines.filter((l, i, a) => l !== '' || a[i - 1] !== '').join('\n'))

  // Lets `npm run tick` find this stack's engines.
  writeStackFile({
    apiUrl: stack.apiUrl,
    dynamoEndpoint: stack.dynamoEndpoint,
    sesEndpoint: stack.sesEndpoint,
    tableName: stack.tableName,
  })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    removeStackFile()
    await stack.stop()
    console.log('stopped.')
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

function portArg(raw: string | undefined, fallback: number, flag: string): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${flag} must be a port number (0-65535), not "${raw}"`)
    process.exit(2)
  }
  return n
}

main().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException
  if (err.code === 'EADDRINUSE') {
    console.error(`A port is already in use (${err.message}). Pick others with --port N / --mail-port N.`)
  } else {
    console.error(`Could not start the local stack: ${err.message ?? e}`)
  }
  process.exit(1)
})
