import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { costReport, README_BEGIN, README_END, synthTemplates, withCostBlock } from '#infra/cost/cost.ts'
import { estimate } from '#infra/cost/estimate.ts'
import { inventoryOf, runsPerMonth, type TemplateJson } from '#infra/cost/inventory.ts'
import { PROFILES } from '#infra/cost/profiles.ts'

let templates: TemplateJson[]
let report: ReturnType<typeof costReport>

beforeAll(() => {
  templates = synthTemplates()
  report = costReport(templates)
})

const typical = () => report.estimates.find((e) => e.profile.name === 'typical force')
const large = () => report.estimates.find((e) => e.profile.name === 'large')

describe('npm run cost', () => {
  it('comes to at most $1.00 a month for the typical force after the always-free allowances, and prices the large one', () => {
    expect(typical()?.usdAfterFree).toBeLessThanOrEqual(1)
    expect(typical()?.usdAfterFree).toBeGreaterThan(0.1)
    expect(large()?.usdAfterFree).toBeGreaterThan(typical()?.usdAfterFree ?? Infinity)
    // The list price is shown beside it, never less.
    for (const e of report.estimates) expect(e.usd).toBeGreaterThanOrEqual(e.usdAfterFree)
  })

  it('finds no customer-managed KMS key, no Secrets Manager secret and at most three alarms in the templates', () => {
    expect(report.inventory.kmsKeys).toBe(0)
    expect(report.inventory.secrets).toBe(0)
    expect(report.inventory.alarmMetrics.length).toBeLessThanOrEqual(3)
    expect(report.inventory.userPoolTier).toBe('ESSENTIALS')
    expect(report.inventory.unknownFunctions).toEqual([])
  })

  it('prices a KMS key, a secret and an alarm if they come back, so the total would go over', () => {
    const [stack, ...rest] = templates
    const more: TemplateJson = {
      Resources: {
        ...stack?.Resources,
        Key: { Type: 'AWS::KMS::Key' },
        Secret: { Type: 'AWS::SecretsManager::Secret' },
        ...Object.fromEntries(
          Array.from({ length: 8 }, (_, i) => [
            `Alarm${i}`,
            { Type: 'AWS::CloudWatch::Alarm', Properties: {} },
          ]),
        ),
      },
    }
    const inventory = inventoryOf([more, ...rest])
    expect(inventory).toMatchObject({ kmsKeys: 1, secrets: 1 })
    expect(inventory.alarmMetrics.length).toBe(report.inventory.alarmMetrics.length + 8)
    const profile = PROFILES[0]
    if (!profile) throw new Error('no profile')
    expect(estimate(inventory, profile).usdAfterFree).toBeGreaterThan(1)
  })

  it('counts what the schedules cost from their expressions, and refuses one it cannot read', () => {
    expect(runsPerMonth('rate(5 minutes)')).toBe(8640)
    expect(runsPerMonth('cron(0 * * * ? *)')).toBe(720)
    expect(runsPerMonth('rate(1 hour)')).toBe(720)
    expect(() => runsPerMonth('cron(0 8 ? * MON *)')).toThrow(/cannot read the schedule/)
    expect(report.inventory.scheduleRuns.map((s) => s.runsPerMonth).sort((a, b) => a - b)).toEqual([
      720, 720, 8640,
    ])
  })

  it('shows the arithmetic of every line, and the README’s cost section is its output', () => {
    for (const e of report.estimates)
      for (const l of e.lines) expect(l.arithmetic.length, `${l.service} ${l.item}`).toBeGreaterThan(5)
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    expect(readme).toContain(README_BEGIN)
    expect(readme).toContain(README_END)
    expect(withCostBlock(readme, report.markdown), 'run: npm run cost -- --write-readme').toBe(readme)
  })
})
