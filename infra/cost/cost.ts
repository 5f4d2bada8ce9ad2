/**
 * `npm run cost`: synthesises the app in-process (as the infra tests do, without bundling the
 * functions), counts what the templates hold, and prices a month of each usage profile.
 * `--write-readme` rewrites the README's cost section (between its markers) with the output.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import cdkJson from '../../cdk.json' with { type: 'json' }
import { createApp } from '../app.ts'
import { type Estimate, estimate } from './estimate.ts'
import { type Inventory, inventoryOf, type TemplateJson } from './inventory.ts'
import { PROFILES } from './profiles.ts'
import { renderMarkdown } from './render.ts'

export const README_BEGIN = '<!-- cost:begin (npm run cost -- --write-readme writes this block) -->'
export const README_END = '<!-- cost:end -->'

/** The app's templates, synthesised for a stage named `cost` with the deploy context's placeholders. */
export function synthTemplates(): TemplateJson[] {
  const app = createApp({ context: { ...cdkJson.context, stage: 'cost', 'aws:cdk:bundling-stacks': [] } })
  return app.synth().stacks.map((s) => s.template as TemplateJson)
}

export function costReport(templates = synthTemplates()): {
  inventory: Inventory
  estimates: Estimate[]
  markdown: string
} {
  const inventory = inventoryOf(templates)
  const estimates = PROFILES.map((p) => estimate(inventory, p))
  return { inventory, estimates, markdown: renderMarkdown(inventory, estimates) }
}

/** The README with its cost block replaced by `markdown`. */
export function withCostBlock(readme: string, markdown: string): string {
  const begin = readme.indexOf(README_BEGIN)
  const end = readme.indexOf(README_END)
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${README_BEGIN} … ${README_END} block`)
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${markdown}\n${readme.slice(end)}`
}

if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({ options: { 'write-readme': { type: 'boolean' } } })
  const { markdown } = costReport()
  console.log(markdown)
  if (values['write-readme']) {
    const path = new URL('../../README.md', import.meta.url)
    writeFileSync(path, withCostBlock(readFileSync(path, 'utf8'), markdown))
    console.error('README.md: cost section rewritten')
  }
}
