import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/** Where a running `npm start` says which engines it started, for `npm run tick`. */
export const STACK_FILE = '.local/stack.json'

export type StackFile = { apiUrl: string; dynamoEndpoint: string; sesEndpoint: string; tableName: string }

export function writeStackFile(s: StackFile): void {
  mkdirSync(dirname(STACK_FILE), { recursive: true })
  writeFileSync(STACK_FILE, `${JSON.stringify(s, null, 2)}\n`)
}

export function readStackFile(): StackFile | null {
  try {
    return JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackFile
  } catch {
    return null
  }
}

export function removeStackFile(): void {
  rmSync(STACK_FILE, { force: true })
}

/**
 * The running stack's engines as the environment its handlers read, for the CLIs that act
 * on it (`npm run tick`, `npm run bounce`); exits with a hint if none is running.
 */
export function runningStackEnv(): { stack: StackFile; env: Record<string, string> } {
  const stack = readStackFile()
  if (!stack) {
    console.error('No running local stack found (.local/stack.json). Start one with: npm start')
    process.exit(1)
  }
  return {
    stack,
    env: {
      TABLE_NAME: stack.tableName,
      AWS_REGION: 'eu-west-2',
      DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
      SES_ENDPOINT: stack.sesEndpoint,
      MAIL_FROM: 'actions@action-tracker.local',
      LOG_LEVEL: 'WARN',
    },
  }
}
