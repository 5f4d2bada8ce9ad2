import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { type Browser, chromium, type Page } from 'playwright-core'

/**
 * Debian's Chromium for the browser tests, started the way this machine and CI need it
 * (as root: no sandbox; on a closed network: no background connections), and axe-core's
 * check of a page. Both browser tests use these.
 */
export const SHOTS = 'test-results/screenshots'
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: sudo apt-get install -y chromium (or set CHROMIUM_PATH)`)
  }
  mkdirSync(SHOTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * axe-core's serious and critical findings on the page as it is now (WCAG 2.1 A/AA and best
 * practice).
 */
export async function seriousAccessibilityIssues(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's own CSP does not govern.
  await page.evaluate(AXE)
  const result = (await page.evaluate(() =>
    (
      globalThis as unknown as {
        axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; help: string }[] }> }
      }
    ).axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }),
  )) as { violations: { id: string; impact: string; help: string }[] }
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}`)
}
