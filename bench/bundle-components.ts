import { readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { join } from 'node:path'
import type * as esbuild from 'esbuild'

/**
 * The parts a function bundle is made of, each as a small entry of its own, so that
 * bench/bundles.ts can time each part's cold import alone and say what a function spends
 * beyond its reference. Every entry is derived from the function's metafile and our own
 * source, so it follows the code: a package's entry imports exactly the names our bundled
 * files import from it (namespace imports by the members our code reads), which esbuild
 * tree-shakes as it does the function.
 */
export type Component = {
  name: string
  /** The entry's source (an .mjs beside the bundle). */
  source: string
  /** Built with `stubOurPackages`. */
  stubbed: boolean
  /** Everything our code uses of it sits behind a dynamic import(): evaluated on first use, not at import. */
  onDemand: boolean
  /**
   * What it is built on and timed minus: a reference's import (by its name), or the
   * function's own `SCHEMAS_COMPONENT` (our other code, which uses them).
   */
  baseline: string
}

export const SDK_COMPONENT = 'AWS SDK beyond the reference'
export const SCHEMAS_COMPONENT = 'zod + our schemas'
export const OUR_CODE_COMPONENT = 'our other code (packages but zod stubbed)'

/** `node_modules/@scope/name/…` → `@scope/name`; our own files → null. */
export function packageOfInput(input: string): string | null {
  const parts = input.split('/')
  const at = parts.lastIndexOf('node_modules')
  if (at < 0) return null
  const name = parts[at + 1] ?? '?'
  return name.startsWith('@') ? `${name}/${parts[at + 2]}` : name
}

/** `hono/aws-lambda` → `hono`; relative, `#alias` and Node's own modules → null. */
function packageOfSpecifier(spec: string): string | null {
  if (/^[./#]/.test(spec) || isBuiltin(spec)) return null
  const [first = '', second = ''] = spec.split('/')
  return first.startsWith('@') ? `${first}/${second}` : first
}

const isSdk = (pkg: string) => pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/')

/** Specifier → the names imported from it (`*`: the whole namespace; empty: for its side effects). */
type Uses = Map<string, Set<string>>

const STATIC_IMPORT = /\b(?:import|export)\s+(?!type\s)([\w$*{},\s]+?)\s+from\s*['"]([^'"]+)['"]/g
const SIDE_EFFECT_IMPORT = /^\s*import\s+['"]([^'"]+)['"]/gm
const AWAITED_IMPORT =
  /(?:const|let|var)\s+(\{[^}]*\}|[\w$]+)\s*=\s*await\s+import\(\s*['"]([^'"]+)['"]\s*\)/g
const ANY_DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

/** What one of our source files imports from packages (a regex reading: our code has a formatter). */
function packageUses(source: string, into: Uses) {
  const add = (spec: string, names: Iterable<string>) => {
    if (!packageOfSpecifier(spec)) return
    const set = into.get(spec) ?? new Set<string>()
    for (const n of names) set.add(n)
    into.set(spec, set)
  }
  const members = (alias: string) =>
    [...source.matchAll(new RegExp(`(?<![\\w$.])${alias.replace('$', '\\$')}\\.([\\w$]+)`, 'g'))].map(
      (m) => m[1] as string,
    )
  const named = (list: string) =>
    list
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !s.startsWith('type '))
      .map((s) => (s.split(/\s+as\s+|\s*:\s*/)[0] ?? s).trim())
  for (const [, clause = '', spec = ''] of source.matchAll(STATIC_IMPORT)) {
    const names: string[] = []
    const rest = clause.replace(/\{([^}]*)\}/, (_, list: string) => {
      names.push(...named(list))
      return ''
    })
    const ns = /\*\s*as\s+([\w$]+)/.exec(rest)
    if (ns?.[1]) names.push(...members(ns[1]))
    else if (/^\s*\*\s*$/.test(rest)) names.push('*')
    const dflt = /^\s*([\w$]+)\s*(,|$)/.exec(rest)
    if (dflt) names.push('default')
    // `import { type A } from 'x'` imports nothing at run time.
    if (names.length > 0) add(spec, names)
  }
  for (const [, spec = ''] of source.matchAll(SIDE_EFFECT_IMPORT)) add(spec, [])
  const awaited = new Set<string>()
  for (const [, binding = '', spec = ''] of source.matchAll(AWAITED_IMPORT)) {
    awaited.add(spec)
    add(spec, binding.startsWith('{') ? named(binding.slice(1, -1)) : members(binding))
  }
  for (const [, spec = ''] of source.matchAll(ANY_DYNAMIC_IMPORT)) if (!awaited.has(spec)) add(spec, ['*'])
}

/** The files a bundle evaluates at import: reached from the entry without crossing a dynamic import(). */
function staticallyReached(metafile: esbuild.Metafile, entry: string): Set<string> {
  const seen = new Set<string>([entry])
  const queue = [entry]
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const i of metafile.inputs[file]?.imports ?? []) {
      if (i.external || i.kind === 'dynamic-import' || seen.has(i.path)) continue
      seen.add(i.path)
      queue.push(i.path)
    }
  }
  return seen
}

const entrySource = (lines: string[], keep: string[]) =>
  `${lines.join('\n')}\n// Kept, so that esbuild keeps what the function keeps.\nglobalThis.__benchKeep = [${keep.join(', ')}]\n`

/** The entry that imports `uses` as our code does, and keeps each name. */
function usesEntry(uses: Uses, extraLines: string[] = [], extraKeep: string[] = []): string {
  const lines = [...extraLines]
  const keep = [...extraKeep]
  let i = 0
  for (const [spec, names] of [...uses].sort(([a], [b]) => a.localeCompare(b))) {
    if (names.size === 0) {
      lines.push(`import ${JSON.stringify(spec)}`)
      continue
    }
    const ns = `p${i++}`
    lines.push(`import * as ${ns} from ${JSON.stringify(spec)}`)
    if (names.has('*')) keep.push(ns)
    else for (const n of [...names].sort()) keep.push(`${ns}.${n}`)
  }
  return entrySource(lines, keep)
}

/** A reference Lambda's entry (repository-relative) and the name its import-only timing goes by. */
export type Base = { entry: string; name: string }

/**
 * A function's components, from its bundle's metafile. Each is built on top of a reference
 * Lambda and timed minus that reference's own import, so that what the reference already
 * loads (Node's crypto and http, the SDK's core) is not counted again: the SDK part on the
 * function's own reference, the other parts on the DynamoDB one (they share nothing with SES).
 */
export function componentsOf(opts: {
  root: string
  entry: string
  metafile: esbuild.Metafile
  /** The bundle's output in the metafile: which inputs esbuild kept code of. */
  output: esbuild.Metafile['outputs'][string]
  ownReference: Base
  dynamoReference: Base
}): Component[] {
  const { root, entry, metafile } = opts
  // What the bundle keeps code of: a file or package it resolved but tree-shook away is no part.
  const kept = Object.entries(opts.output.inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([file]) => file)
  const keptPackages = new Set(kept.map(packageOfInput))
  const atImport = staticallyReached(metafile, entry)
  const ours = kept.filter((f) => packageOfInput(f) === null && !f.startsWith('<'))

  // Which packages our code imports, and which of our files import them statically.
  const byPackage = new Map<string, { uses: Uses; static: boolean }>()
  for (const file of ours) {
    const uses: Uses = new Map()
    packageUses(readFileSync(join(root, file), 'utf8'), uses)
    const dynamic = new Set(
      (metafile.inputs[file]?.imports ?? [])
        .filter((i) => i.kind === 'dynamic-import')
        .map((i) => i.original),
    )
    for (const [spec, names] of uses) {
      const pkg = packageOfSpecifier(spec) as string
      if (!keptPackages.has(pkg)) continue
      const group = isSdk(pkg) ? SDK_COMPONENT : pkg === 'zod' ? SCHEMAS_COMPONENT : pkg
      const entryOf = byPackage.get(group) ?? { uses: new Map(), static: false }
      const set = entryOf.uses.get(spec) ?? new Set<string>()
      for (const n of names) set.add(n)
      entryOf.uses.set(spec, set)
      if (atImport.has(file) && !dynamic.has(spec)) entryOf.static = true
      byPackage.set(group, entryOf)
    }
  }

  const onTop = (base: Base) => ({
    lines: [`import * as reference from ${JSON.stringify(join(root, base.entry))}`],
    keep: ['reference.handler'],
  })
  const components: Component[] = []
  const sdk = byPackage.get(SDK_COMPONENT)
  if (sdk) {
    const ref = onTop(opts.ownReference)
    components.push({
      name: SDK_COMPONENT,
      source: usesEntry(sdk.uses, ref.lines, ref.keep),
      stubbed: false,
      onDemand: !sdk.static,
      baseline: opts.ownReference.name,
    })
  }
  const ref = onTop(opts.dynamoReference)
  // Our schemas are built at module scope with zod, so the two are timed together.
  const schemaFiles = ours.filter((f) => /^shared\/(domain|events)\//.test(f) || f === 'shared/config.ts')
  const schemas = schemaFiles.map((f, i) => `import * as s${i} from ${JSON.stringify(join(root, f))}`)
  if (schemaFiles.length > 0) {
    components.push({
      name: SCHEMAS_COMPONENT,
      source: entrySource([...ref.lines, ...schemas], [...ref.keep, ...schemaFiles.map((_, i) => `s${i}`)]),
      stubbed: false,
      onDemand: !schemaFiles.some((f) => atImport.has(f)),
      baseline: opts.dynamoReference.name,
    })
  }
  for (const [name, { uses, static: isStatic }] of [...byPackage].sort(([a], [b]) => a.localeCompare(b))) {
    if (name === SDK_COMPONENT || name === SCHEMAS_COMPONENT) continue
    components.push({
      name,
      source: usesEntry(uses, ref.lines, ref.keep),
      stubbed: false,
      onDemand: !isStatic,
      baseline: opts.dynamoReference.name,
    })
  }
  // zod stays real (our config and schemas must parse), so this is timed on top of the schemas.
  components.push({
    name: OUR_CODE_COMPONENT,
    source: entrySource(
      [...ref.lines, ...schemas, `import * as fn from ${JSON.stringify(join(root, entry))}`],
      [...ref.keep, 'fn.handler'],
    ),
    stubbed: true,
    onDemand: false,
    baseline: schemaFiles.length > 0 ? SCHEMAS_COMPONENT : opts.dynamoReference.name,
  })
  return components
}

/**
 * Every package but zod, as our own files import it, replaced by one object that is any
 * function, class, value or namespace it is asked to be: our modules run their top-level
 * code without their dependencies. What the reference and the packages import stays real.
 */
// As a number it is large (a length checked against a minimum passes); as a string, empty.
const STUB = `const get = (_, p) =>
  p === Symbol.toPrimitive ? (hint) => (hint === 'number' ? 1e9 : '') : p === 'then' ? undefined : p === Symbol.iterator ? function* () {} : stub
// esbuild's CommonJS interop copies own keys and inherits the rest: the prototype answers any name too.
const anyName = new Proxy({}, { get })
const stub = new Proxy(function () {}, { get, apply: () => stub, construct: () => stub, getPrototypeOf: () => anyName })
module.exports = stub
`

export function stubOurPackages(root: string): esbuild.Plugin {
  const bench = join(root, 'bench')
  return {
    name: 'stub-our-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./#]/ }, (args) => {
        const ours = !args.importer.includes('/node_modules/') && !args.importer.startsWith(bench)
        if (!ours || isBuiltin(args.path) || packageOfSpecifier(args.path) === 'zod') return undefined
        return { path: args.path, namespace: 'stub' }
      })
      build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: STUB, loader: 'js' }))
    },
  }
}
