/**
 * `npm test`'s test run, on a two-core machine in about half the time of one vitest run: the
 * integration files (which share one DynamoDB Local, so run one at a time) in one vitest
 * process, and beside it the unit, infra and e2e files (each e2e file starts engines of its
 * own) in another; then the fault suite alone, since it puts the engines under load and
 * times out requests, which a run beside it would skew. Each line is prefixed with its run;
 * the exit code is the first failure's.
 *
 *   npm test                      (typecheck, lint, this, then unit on Node 24)
 *   tsx infra/local/run-tests.ts  (this alone)
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

const VITEST = 'node_modules/vitest/vitest.mjs'

type Run = { name: string; projects: string[] }

const PHASES: Run[][] = [
  [
    { name: 'integration', projects: ['integration'] },
    { name: 'unit+infra+e2e', projects: ['unit', 'infra', 'e2e'] },
  ],
  [{ name: 'faults', projects: ['faults'] }],
]

function run({ name, projects }: Run): Promise<{ name: string; code: number; seconds: number }> {
  const started = performance.now()
  const child = spawn(process.execPath, [VITEST, 'run', ...projects.flatMap((p) => ['--project', p])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
  })
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`))
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ name, code: code ?? (signal ? 1 : 0), seconds: (performance.now() - started) / 1000 }),
    )
  })
}

const results: Awaited<ReturnType<typeof run>>[] = []
for (const phase of PHASES) {
  results.push(...(await Promise.all(phase.map(run))))
  // A failed phase still lets the next one run: one report says everything that failed.
}
console.log('')
for (const r of results)
  console.log(`${r.code === 0 ? 'passed' : 'FAILED'}  ${r.name} in ${r.seconds.toFixed(0)} s`)
process.exitCode = results.find((r) => r.code !== 0)?.code ?? 0
