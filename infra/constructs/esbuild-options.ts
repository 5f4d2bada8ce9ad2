import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import type * as esbuild from 'esbuild'
import { BUNDLING } from './house-function.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The BUNDLING options mirrored here; any other means this module must learn it first. */
const MIRRORED = new Set([
  'format',
  'minify',
  'sourceMap',
  'sourcesContent',
  'target',
  'mainFields',
  'externalModules',
  'banner',
  'footer',
  'keepNames',
  'define',
  'loader',
  'charset',
  'logLevel',
])
const unmirrored = Object.keys(BUNDLING).filter((k) => !MIRRORED.has(k))
if (unmirrored.length > 0)
  throw new Error(`BUNDLING has options esbuildOptions does not mirror: ${unmirrored.join(', ')}`)
if (BUNDLING.sourceMapMode !== undefined && BUNDLING.sourceMapMode !== 'default')
  throw new Error(`BUNDLING.sourceMapMode ${BUNDLING.sourceMapMode} is not mirrored`)

/**
 * The esbuild options NodejsFunction derives from BUNDLING (its `--sourcemap` is "linked"),
 * for the bench and the tests that build a function exactly as it is deployed.
 */
export function esbuildOptions(entry: string, outfile: string): esbuild.BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: BUNDLING.format === OutputFormat.ESM ? 'esm' : 'cjs',
    minify: BUNDLING.minify ?? false,
    sourcemap: BUNDLING.sourceMap ? 'linked' : false,
    sourcesContent: BUNDLING.sourcesContent ?? true,
    target: BUNDLING.target,
    mainFields: BUNDLING.mainFields,
    external: BUNDLING.externalModules,
    ...(BUNDLING.banner ? { banner: { js: BUNDLING.banner } } : {}),
    ...(BUNDLING.footer ? { footer: { js: BUNDLING.footer } } : {}),
    ...(BUNDLING.keepNames ? { keepNames: true } : {}),
    ...(BUNDLING.define ? { define: BUNDLING.define } : {}),
    ...(BUNDLING.loader ? { loader: BUNDLING.loader as Record<string, esbuild.Loader> } : {}),
    ...(BUNDLING.charset ? { charset: BUNDLING.charset as esbuild.Charset } : {}),
  }
}
