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
