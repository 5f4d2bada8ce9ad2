/**
 * Runs a Node script from node_modules/.bin on Node 24, Lambda's runtime, e.g.
 * `tsx infra/local/on-node24.ts vitest run --project unit`: the suite runs on the machine's
 * Node 20, and this pass catches what differs on 24 (Intl's time zones did).
 */
import { spawnSync } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { node24 } from './node24.ts'

const [tool, ...args] = process.argv.slice(2)
if (!tool) throw new Error('usage: on-node24.ts <tool in node_modules/.bin> [args…]')
const node = node24()
if (!node) {
  console.log(`Node 24 pass skipped: no registry build of Node 24 for ${process.platform}-${process.arch}`)
  process.exit(0)
}
console.log(`Node 24 pass (${tool} ${args.join(' ')}) on ${node}`)
const script = realpathSync(fileURLToPath(new URL(`../../node_modules/.bin/${tool}`, import.meta.url)))
const run = spawnSync(node, [script, ...args], { stdio: 'inherit' })
if (run.error) console.error(`could not run Node 24: ${run.error.message}`)
process.exit(run.status ?? 1)
