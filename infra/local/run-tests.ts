/**
 * `npm test`'s test run, on a two-core machine in about half the time of one vitest run: the
 * integration files (which share one DynamoDB Local, so run one at a time) in one vitest
 * process, and beside it the unit, infra and e2e files (each e2e file starts engines of its
 * own) in another; then the fault suite, which puts the engines under load and times out
 * requests, with only the unit tests on Node 24 beside it. Each line is prefixed with its
 * run; a failed run's failures are printed again at the end (a CI log is often read from its
 * tail); the exit code is the first failure's.
 *
 *   npm test                      (typecheck, lint, then this)
 *   tsx infra/local/run-tests.ts  (this alone)
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { stripVTControlCharacters } from 'node:util'

const VITEST = 'node_modules/vitest/vitest.mjs'
const TSX = 'node_modules/tsx/dist/cli.mjs'

type Run = { name: string; args: string[] }
type Result = { name: string; code: number; seconds: number; failures: string[] }
const vitest = (name: string, ...projects: string[]): Run => ({
  name,
  args: [VITEST, 'run', ...projects.flatMap((p) => ['--project', p])],
})

const PHASES: Run[][] = [
  [vitest('integration', 'integration'), vitest('unit+infra+e2e', 'unit', 'infra', 'e2e')],
  // Beside the faults, light work: the unit tests again on Node 24, Lambda's runtime.
  [
    vitest('faults', 'faults'),
    { name: 'node24', args: [TSX, 'infra/local/on-node24.ts', 'vitest', 'run', '--project', 'unit'] },
  ],
]

const running = new Set<ReturnType<typeof spawn>>()
let stopped = false
// Stopped from outside (a CI timeout, Ctrl-C), the runs are told too, so they stop their engines,
// and no later phase starts.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    stopped = true
    for (const child of running) child.kill(signal)
    process.exitCode = 1
  })

// Vitest's closing report of what failed runs from this banner to the totals.
const FAILURES_BEGIN = /⎯ (Failed (Tests|Suites) \d+|Unhandled Errors?) ⎯/
const FAILURES_END = /^\s*Test Files\s/
const FAILURES_KEPT = 400

function run({ name, args }: Run): Promise<Result> {
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
  })
  running.add(child)
  child.on('close', () => running.delete(child))
  const failures: string[] = []
  let inFailures = false
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      console.log(`[${name}] ${line}`)
      const plain = stripVTControlCharacters(line)
      if (FAILURES_BEGIN.test(plain)) inFailures = true
      else if (FAILURES_END.test(plain)) inFailures = false
      if (inFailures && failures.length < FAILURES_KEPT) failures.push(line)
    })
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) =>
      resolve({
        name,
        code: code ?? (signal ? 1 : 0),
        seconds: (performance.now() - started) / 1000,
        failures,
      }),
    )
  })
}

const results: Result[] = []
for (const phase of PHASES) {
  if (stopped) break
  results.push(...(await Promise.all(phase.map(run))))
  // A failed phase still lets the next one run: one report says everything that failed.
}
for (const r of results.filter((r) => r.code !== 0 && r.failures.length > 0)) {
  console.log(`\n==== what failed in ${r.name}`)
  for (const line of r.failures) console.log(line)
}
console.log('')
for (const r of results)
  console.log(`${r.code === 0 ? 'passed' : 'FAILED'}  ${r.name} in ${r.seconds.toFixed(0)} s`)
process.exitCode = results.find((r) => r.code !== 0)?.code ?? 0
