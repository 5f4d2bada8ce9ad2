import { createRequire } from 'node:module'
import { freePort, startChild, waitUntil } from './processes.ts'

export type SesLocal = { endpoint: string; mailboxUrl: string; stop: () => Promise<void> }

/** Starts the SES v2 emulator (`aws-ses-v2-local`): SES API, a mailbox page and `/store` JSON. */
export async function startSesLocal(opts: { port?: number } = {}): Promise<SesLocal> {
  const port = opts.port || (await freePort())
  const cli = createRequire(import.meta.url).resolve('aws-ses-v2-local/dist/cli.js')
  const child = startChild(process.execPath, [cli, '--port', String(port), '--host', '127.0.0.1'], {
    name: 'SES emulator',
  })
  const endpoint = `http://127.0.0.1:${port}`
  try {
    await waitUntil(async () => (await fetch(`${endpoint}/health-check`)).ok, child, 'SES emulator')
  } catch (e) {
    await child.stop()
    throw e
  }
  return { endpoint, mailboxUrl: `${endpoint}/`, stop: child.stop }
}
