import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type LocalStack, type LocalStackOptions, startLocalStack } from '#infra/local/stack.ts'

/**
 * The local stack as `npm start` runs it (its own DynamoDB Local and SES emulator on free
 * ports, the demo board), with its key, link secret and failure file in a scratch folder
 * laid out like a checkout's `.local/`, removed again by `stop`.
 */
export async function startScratchStack(
  opts: Partial<LocalStackOptions> = {},
): Promise<{ stack: LocalStack; dir: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'action-tracker-e2e-'))
  mkdirSync(join(dir, '.local'))
  const stack = await startLocalStack({
    apiPort: 0,
    mailPort: 0,
    demo: true,
    keyFile: join(dir, '.local/jwt-key'),
    linkSecretFile: join(dir, '.local/link-secret'),
    failureFile: join(dir, '.local/failures.jsonl'),
    ...opts,
  })
  const stop = async () => {
    await stack.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  return { stack, dir, stop }
}

export type Mail = {
  subject: string
  destination: { to: string[]; cc: string[] }
  body: { text?: string; html?: string }
}

/** Every email the SES emulator has taken, as the mailbox page shows them. */
export async function mailbox(stack: LocalStack): Promise<Mail[]> {
  return ((await (await fetch(`${stack.sesEndpoint}/store`)).json()) as { emails: Mail[] }).emails
}
