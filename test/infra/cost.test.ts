import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { costReport, README_BEGIN, README_END, synthTemplates, withCostBlock } from '#infra/cost/cost.ts'
import { estimate } from '#infra/cost/estimate.ts'
import { inventoryOf, runsPerMonth, type TemplateJson } from '#infra/cost/inventory.ts'
import { PROFILES } from '#infra/cost/profiles.ts'
import { usd } from '#infra/cost/render.ts'

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

  it('stores six years of the typical force’s actions, its 300 a month counted for each of the 72 months, and the outbox’s 90 days of emails', () => {
    const storage = typical()?.lines.find((l) => l.service === 'DynamoDB' && l.item === 'storage')
    // (300 × 12 × 6 actions × 4 KB + 2,000 × 3 emails × 3 KB) in GB.
    expect(storage?.quantity).toBeCloseTo((300 * 12 * 6 * 4 + 2_000 * 3 * 3) / 1e6, 6)
    expect(storage?.arithmetic).toContain('300 actions a month × 12 × 6 years × 4 KB')
    // Point-in-time recovery is priced on the same size.
    const pitr = typical()?.lines.find((l) => l.item === 'point-in-time recovery')
    expect(pitr?.quantity).toBe(storage?.quantity)
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
    // The README's opening paragraph gives the typical force's two figures too.
    const intro = (readme.split('## What it costs')[0] ?? '').replace(/\s+/g, ' ')
    const t = typical()
    expect(intro).toContain(`${usd(t?.usdAfterFree ?? 0)} a month after AWS's always-free allowances`)
    expect(intro).toContain(`${usd(t?.usd ?? 0)} at list price`)
  })
})
