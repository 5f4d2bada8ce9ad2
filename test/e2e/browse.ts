import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import type { LocalStack, LocalStackOptions } from '#infra/local/stack.ts'
import { accessibilityIssues, launchChromium, pageScrollsSideways, SHOTS } from './chromium.ts'
import { startScratchStack } from './scratch-stack.ts'

/** What `look` found on one page: axe's findings at both widths, and whether it scrolled sideways at 320 px. */
export type Checked = { page: string; violations: string[]; sideways: boolean }

export type Browsing = {
  /** The scratch stack, once the suite's `beforeAll` has started it. */
  readonly stack: LocalStack
  readonly browser: Browser
  /** Every page `look` has checked so far, in order. */
  readonly checked: Checked[]
  /**
   * A fresh browser profile (its own cookies) 1100 px wide. CSP is bypassed (the default) only
   * so axe can be injected; `csp: 'enforced'` gives the pages as a browser gets them.
   */
  newPage(opts?: { csp?: 'bypassed' | 'enforced' }): Promise<Page>
  /** Screenshots and accessibility checks of whatever the page shows now, as it is and 320 px wide. */
  look(page: Page, name: string): Promise<void>
  /**
   * Every page looked at was checked (axe ran): no finding of any impact, no sideways page;
   * and, given `count`, exactly that many pages were looked at.
   */
  expectEveryPageClean(count?: number): void
}

/**
 * A suite's local stack (as `npm start` runs it, in a scratch folder) and Chromium, started in
 * its `beforeAll` and stopped in its `afterAll`, with the page helpers the browser tests share.
 */
export function browse(opts: Partial<LocalStackOptions> = {}): Browsing {
  let stack: LocalStack | undefined
  let stop: (() => Promise<void>) | undefined
  let browser: Browser | undefined
  const checked: Checked[] = []

  beforeAll(async () => {
    ;({ stack, stop } = await startScratchStack(opts))
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await stop?.()
  })

  const started = <T>(what: T | undefined, name: string): T => {
    if (what === undefined) throw new Error(`no ${name} yet: it starts in the suite's beforeAll`)
    return what
  }

  return {
    get stack() {
      return started(stack, 'stack')
    },
    get browser() {
      return started(browser, 'browser')
    },
    checked,
    async newPage({ csp = 'bypassed' } = {}) {
      const context = await started(browser, 'browser').newContext({
        ...(csp === 'bypassed' ? { bypassCSP: true } : {}),
        viewport: { width: 1100, height: 900 },
      })
      return context.newPage()
    },
    async look(page, name) {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
      const violations = await accessibilityIssues(page)
      const size = page.viewportSize()
      await page.setViewportSize({ width: 320, height: 640 })
      const sideways = await pageScrollsSideways(page)
      await page.screenshot({ path: join(SHOTS, `${name}-320.png`), fullPage: true })
      violations.push(...(await accessibilityIssues(page)).map((v) => `at 320 px: ${v}`))
      if (size) await page.setViewportSize(size)
      checked.push({ page: name, violations, sideways })
    },
    expectEveryPageClean(count) {
      if (count !== undefined) expect(checked).toHaveLength(count)
      expect(checked.filter((c) => c.violations.length > 0 || c.sideways)).toEqual([])
    },
  }
}

/** Playwright's own matchers are not vitest's: wait for what the user would see. */
export const shows = (l: Locator) => l.waitFor({ state: 'visible', timeout: 10_000 })

/** Waits until the element's text contains `want` (a string, as it is) or matches it (a pattern). */
export const hasText = (l: Locator, want: string | RegExp) =>
  typeof want === 'string'
    ? expect.poll(() => l.innerText(), { timeout: 10_000 }).toContain(want)
    : expect.poll(() => l.innerText(), { timeout: 10_000 }).toMatch(want)
