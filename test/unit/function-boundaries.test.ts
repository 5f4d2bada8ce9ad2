import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { expect, it } from 'vitest'

/**
 * Each function folder bundles only itself, `functions/http` (what the HTTP functions share)
 * and `shared/`: an import of another function's folder would carry its code (and its
 * packages) into this one's bundle.
 */
const FUNCTIONS = resolve(import.meta.dirname, '../../functions')
const SHARED_FOLDER = 'http'

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  )
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

it('no function folder imports another function folder', () => {
  const sideways: string[] = []
  // functions/http itself may import nothing of any function's.
  for (const folder of readdirSync(FUNCTIONS)) {
    for (const file of sources(join(FUNCTIONS, folder))) {
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? ''
        const target = spec.startsWith('.')
          ? relative(FUNCTIONS, resolve(file, '..', spec))
          : spec.startsWith('#functions/')
            ? spec.slice('#functions/'.length)
            : null
        if (target === null || target.startsWith('..')) continue
        const into = target.split(sep)[0]?.split('/')[0]
        if (into !== folder && into !== SHARED_FOLDER) sideways.push(`${relative(FUNCTIONS, file)} → ${spec}`)
      }
    }
  }
  expect(sideways).toEqual([])
})
