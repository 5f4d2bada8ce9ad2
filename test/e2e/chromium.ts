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

/** The WCAG 2.2 A and AA rules axe-core knows. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** axe-core's findings of every impact on the page as it is now, by the WCAG 2.2 A/AA rules. */
export async function accessibilityIssues(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's own CSP does not govern.
  await page.evaluate(AXE)
  const result = (await page.evaluate(
    (tags) =>
      (
        globalThis as unknown as {
          axe: {
            run: (o: object) => Promise<{
              violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[]
            }>
          }
        }
      ).axe.run({ runOnly: tags }),
    WCAG_TAGS,
  )) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
}

/** Whether the page scrolls sideways as a whole at its viewport's width (tables scroll in their own box). */
export async function pageScrollsSideways(page: Page): Promise<boolean> {
  return Boolean(
    await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth'),
  )
}
