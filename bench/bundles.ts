/**
 * Bundle size and cold import time of every function (issue #5). Each entry in `ENTRIES` is
 * built with esbuild exactly as the deployment builds it (`BUNDLING`, the options
 * `HouseFunction` hands to NodejsFunction): one minified ESM `index.mjs` with a linked
 * source map. For each bundle it prints the minified size, the three packages that take
 * most of it, and the median time of a fresh Node process importing the bundle, against a
 * fresh process importing an empty module, as a ratio.
 *
 * Target: every bundle ≤ 300 KB minified and import ≤ 3× the empty-module baseline.
 *
 *   npm run bench:bundles [-- --runs 15]
 *
 * The bundles are written to a folder under `.local/` (gitignored), removed at the end. Any
 * module a bundle leaves external would resolve from this repository's node_modules; the
 * list printed at the end shows there are none but Node's own.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import * as esbuild from 'esbuild'
import { esbuildOptions } from '#infra/constructs/esbuild-options.ts'
import { BUNDLING, ENTRIES } from '#infra/constructs/house-function.ts'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } })
const RUNS = Number(values.runs)
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new Error(`--runs must be a positive integer, not ${values.runs}`)

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const MAX_BYTES = 300 * 1024
const MAX_RATIO = 3

/** What each child process gets: enough for every handler's config, nothing it would call. */
const CHILD_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  TABLE_NAME: 'bench',
  AWS_REGION: 'eu-west-2',
  MAIL_FROM: 'a@example.org',
  // Set, so withLinkSecret never calls Secrets Manager (LINK_SECRET_ARN is not set either).
  LINK_SECRET: 'b'.repeat(40),
  PUBLIC_BASE_URL: 'http://localhost',
  // The web pages' and the action log's Cognito sign-in; its keys are fetched only on first use.
  COGNITO_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_bench',
  COGNITO_CLIENT_ID: 'bench',
  COGNITO_DOMAIN: 'https://bench.auth.eu-west-2.amazoncognito.com',
  LOG_LEVEL: 'SILENT',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
  // HouseFunction sets this on every function; Node then reads the bundle's source map at load.
  NODE_OPTIONS: '--enable-source-maps',
}

/** `node_modules/@scope/name/…` → `@scope/name`; our own code → `(app)`. */
function packageOf(input: string): string {
  const parts = input.split('/')
  const at = parts.lastIndexOf('node_modules')
  if (at < 0) return '(app)'
  const name = parts[at + 1] ?? '?'
  return name.startsWith('@') ? `${name}/${parts[at + 2]}` : name
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}
const kb = (bytes: number) => (bytes / 1024).toFixed(1)

type Target = {
  name: string
  file: string
  bytes: number
  top: string[]
  /** External modules the bundle imports statically, i.e. loads before the handler runs. */
  staticExternals: string[]
  dynamicExternals: string[]
  importMs: number[]
  processMs: number[]
}

/** One fresh process importing `file`: the import time measured inside it, and its wall time. */
function coldImport(file: string): { importMs: number; processMs: number } {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});console.log(performance.now()-t)`
  const start = performance.now()
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: CHILD_ENV,
    encoding: 'utf8',
  })
  const processMs = performance.now() - start
  if (child.status !== 0)
    throw new Error(`importing ${file} failed (exit ${child.status}):\n${child.stderr || child.stdout}`)
  const importMs = Number(child.stdout.trim().split('\n').at(-1))
  if (!Number.isFinite(importMs)) throw new Error(`unexpected output importing ${file}: ${child.stdout}`)
  return { importMs, processMs }
}

mkdirSync(join(ROOT, '.local'), { recursive: true })
const dir = mkdtempSync(join(ROOT, '.local', 'bench-bundles-'))
const cleanUp = () => rmSync(dir, { recursive: true, force: true })
process.once('SIGINT', () => {
  cleanUp()
  process.exit(130)
})

const startedAt = performance.now()
try {
  const baselineFile = join(dir, 'empty.mjs')
  writeFileSync(baselineFile, 'export {}\n')
  const baseline: Target = {
    name: '(empty module)',
    file: baselineFile,
    bytes: 10,
    top: [],
    staticExternals: [],
    dynamicExternals: [],
    importMs: [],
    processMs: [],
  }

  const targets: Target[] = []
  for (const [name, entry] of Object.entries(ENTRIES)) {
    const file = join(dir, name, 'index.mjs')
    const result = await esbuild.build({
      ...esbuildOptions(entry, file),
      metafile: true,
      logLevel: 'warning',
    })
    const outputs = result.metafile?.outputs ?? {}
    const key = Object.keys(outputs).find((k) => k.endsWith('.mjs'))
    const output = key ? outputs[key] : undefined
    if (!output) throw new Error(`no .mjs output for ${entry}`)
    const byPackage = new Map<string, number>()
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput)
    const top = [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`)
    const externals = (kind: string) =>
      [...new Set(output.imports.filter((i) => i.external && i.kind === kind).map((i) => i.path))].sort()
    targets.push({
      name,
      file,
      bytes: output.bytes,
      top,
      staticExternals: externals('import-statement'),
      dynamicExternals: externals('dynamic-import'),
      importMs: [],
      processMs: [],
    })
  }

  // Round-robin, after one unmeasured round that warms the file cache: noise hits all alike.
  const all = [baseline, ...targets]
  for (const t of all) coldImport(t.file)
  for (let run = 0; run < RUNS; run++) {
    for (const t of all) {
      const { importMs, processMs } = coldImport(t.file)
      t.importMs.push(importMs)
      t.processMs.push(processMs)
    }
  }

  const baseImport = median(baseline.importMs)
  const baseProcess = median(baseline.processMs)
  console.log(
    [
      `Function bundles, built as deployed (esbuild ${esbuild.version}, ${BUNDLING.format}, minify, ` +
        `linked source map, target ${BUNDLING.target}, external ${BUNDLING.externalModules.join(' ') || 'none'}).`,
      'Size: the minified index.mjs alone (not its map), KB = 1024 bytes; top inputs: bytes in the',
      '  output by package, "(app)" being this repository\'s own code.',
      `Cold import: ${RUNS} fresh \`node\` processes per module (Node ${process.versions.node}, ` +
        `NODE_OPTIONS=${CHILD_ENV.NODE_OPTIONS} as on Lambda),`,
      '  round-robin with an empty module (`export {}`), after one unmeasured warm-up round. Medians.',
      '  "import": await import() timed inside the process (loading, and the top-level code: config,',
      '  client construction; nothing is called). "process": the child\'s wall time, spawn to exit.',
      '  ratio = process(bundle) / process(empty module): a fresh process importing the bundle against',
      '  one importing an empty module. This is what the ≤3× target is checked against.',
      'The functions call AWS through shared/aws, not the AWS SDK, and bundle everything they use.',
      '',
    ].join('\n'),
  )

  const rows = [
    ['function', 'bundle KB', 'top inputs (KB)', 'import ms', 'process ms', 'ratio', '≤300 KB', '≤3×'],
    [baseline.name, '', '', baseImport.toFixed(1), baseProcess.toFixed(1), '1.00', '', ''],
  ]
  let failed = 0
  for (const t of targets) {
    const processMs = median(t.processMs)
    const ratio = processMs / baseProcess
    const sizeOk = t.bytes <= MAX_BYTES
    const ratioOk = ratio <= MAX_RATIO
    if (!sizeOk || !ratioOk) failed++
    rows.push([
      t.name,
      `${kb(t.bytes)} (${t.bytes} B)`,
      t.top.join(', '),
      median(t.importMs).toFixed(1),
      processMs.toFixed(1),
      ratio.toFixed(2),
      sizeOk ? '✓' : '✗',
      ratioOk ? '✓' : '✗',
    ])
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? []
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join(' | ')
      .trimEnd()
  console.log(line(rows[0] ?? []))
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'))
  for (const r of rows.slice(1)) console.log(line(r))

  console.log('\nModules each bundle imports from outside itself (static imports load before the handler):')
  for (const t of targets) {
    const dyn = t.dynamicExternals.length ? `; on demand: ${t.dynamicExternals.join(', ')}` : ''
    console.log(`  ${t.name}: ${t.staticExternals.join(', ') || 'none'}${dyn}`)
  }
  console.log(
    `\n${failed === 0 ? 'All functions within target.' : `${failed} of ${targets.length} functions outside target.`} ` +
      `(${((performance.now() - startedAt) / 1000).toFixed(1)} s)`,
  )
  if (failed > 0) process.exitCode = 1
} finally {
  cleanUp()
}
