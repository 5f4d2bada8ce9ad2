import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalStack } from '#infra/local/stack.ts'
import type { StackFile } from '#infra/local/stack-file.ts'
import { readWord } from '#test/unit/file-readers.ts'
import { accessibilityIssues, launchChromium, SHOTS } from './chromium.ts'
import { startScratchStack } from './scratch-stack.ts'

/**
 * The action log as a committee gets it: exported with `npm run export` from the local
 * stack as `npm start` runs it (the demo board), then the HTML printed to PDF in headless
 * Chromium. Page 1 is saved as a PNG under test-results/screenshots/ (not committed) for
 * a person to look at.
 */
/** A4 at 96 CSS px to the inch. */
const A4 = { width: 794, height: 1123 }
/** The demo's exempt actions (S.31 and S.43) and the update on one of them. */
const EXEMPT = /regional collaboration risk register|Register circulated in draft|fleet contract/

let stack: LocalStack
let dir: string
let stop: (() => Promise<void>) | undefined
let browser: Browser
let meetingId: string

beforeAll(async () => {
  // The export runs in `dir` as in a checkout: it finds the stack and its key under .local/.
  ;({ stack, dir, stop } = await startScratchStack({ schedules: false }))
  const file: StackFile = {
    apiUrl: stack.apiUrl,
    dynamoEndpoint: stack.dynamoEndpoint,
    sesEndpoint: stack.sesEndpoint,
    tableName: stack.tableName,
  }
  writeFileSync(join(dir, '.local/stack.json'), JSON.stringify(file))
  // The demo's third meeting: Actions Arising with outcomes proposed, and actions raised, some exempt.
  meetingId = stack.demo?.meetingIds[2] ?? ''
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await stop?.()
})

/**
 * Runs a local CLI in `dir` without blocking this process, which serves the stack it talks to.
 * Resolves with its exit status and output whether or not it succeeded.
 */
async function cli(script: string, ...args: string[]) {
  const root = process.cwd()
  try {
    const { stdout, stderr } = await promisify(execFile)(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, script), ...args],
      { cwd: dir, encoding: 'utf8' },
    )
    return { status: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string }
    return { status: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }
  }
}
const exportCli = (...args: string[]) => cli('infra/local/export.ts', ...args)

describe('npm run export against the running local stack', () => {
  it('writes each format where it says, and refuses an unknown meeting plainly', async () => {
    const html = await exportCli('--meeting', meetingId, '--format', 'html')
    expect(html.stderr).toBe('')
    expect(html.status).toBe(0)
    const written = /to (\S+\.html)$/m.exec(html.stdout)?.[1] ?? ''
    expect(written).toMatch(/PAM-\d{4}-\d{2}-\d{2}-action-log-open\.html$/)
    expect(readFileSync(written, 'utf8')).toContain('<h2 id="section-arising">Actions Arising</h2>')

    const full = await exportCli(
      '--meeting',
      meetingId,
      '--format',
      'docx',
      '--version',
      'full',
      '--out',
      'full.docx',
    )
    expect(full.status).toBe(0)
    expect(full.stdout).toContain(`to ${join(dir, 'full.docx')}`)
    const word = await readWord(readFileSync(join(dir, 'full.docx')))
    expect(word.messages).toEqual([])
    // The demo's exempt action raised at this meeting, in full and marked, as Word shows it.
    expect(word.tables[1]?.find((row) => row[0]?.startsWith('04.'))).toEqual([
      expect.stringMatching(/^04\.\d{2}\/\d{2}\/\d{4}$/),
      'Exempt – S.43 (Commercial Interests) – not for publication\nCommercial update on the fleet contract renewal.',
      'BS\nBryn Shaw',
      expect.stringMatching(/^Meeting \d{2}\/\d{2}\/\d{4}$/),
      'Open',
      '',
      '0',
    ])

    const csv = await exportCli('--meeting', meetingId, '--format', 'csv', '--out', 'open.csv')
    expect(csv.status).toBe(0)
    expect(readFileSync(join(dir, 'open.csv'), 'utf8')).not.toMatch(EXEMPT)

    const unknown = await exportCli('--meeting', '01JC2ZQ8M6X4W3V2T1S0R9P8N7')
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('No meeting 01JC2ZQ8M6X4W3V2T1S0R9P8N7 on the running local stack.')

    const member = await exportCli(
      '--meeting',
      meetingId,
      '--version',
      'full',
      '--as',
      'member',
      '--person',
      stack.demo?.people.DT ?? '',
    )
    expect(member.status).toBe(1)
    expect(member.stderr).toMatch(/refused the export \(403\).*version=open/)
  })
})

describe('the HTML action log, printed', () => {
  it('prints to an A4 PDF a committee would accept, and page 1 is saved for review', async () => {
    // Served by the API as a browser gets it: inline, under its own Content-Security-Policy.
    // A chair's token minted as `npm run token` does, from the stack's key under .local/.
    const token = (await cli('infra/local/token.ts', 'chair')).stdout.trim()
    const context = await browser.newContext({
      viewport: A4,
      extraHTTPHeaders: { authorization: `Bearer ${token}` },
    })
    const page = await context.newPage()
    try {
      const res = await page.goto(`${stack.apiUrl}/meetings/${meetingId}/action-log?format=html`)
      expect(res?.status()).toBe(200)
      expect(res?.headers()['content-security-policy']).toContain("default-src 'none'")
      await page.emulateMedia({ media: 'print' })

      const meeting = await stack.deps.store.meetings.get(meetingId)
      expect(await page.title()).toMatch(/^PAM \d{1,2} \w+ \d{4} – action log \(open version\)$/)
      await expect.poll(() => page.locator('dl.meta').innerText()).toContain(meeting?.title ?? '(no title)')
      expect(await page.locator('h1').innerText()).toBe('Performance Accountability Meeting (PAM)')
      expect(await page.locator('h2').allInnerTexts()).toEqual([
        'Actions Arising',
        'Actions raised at this meeting',
      ])
      const body = await page.locator('body').innerText()
      expect(body).toContain('Exempt FOIA under Section S.31 (Law Enforcement)')
      expect(body).not.toMatch(EXEMPT)
      // The page's own CSS applied under its CSP: headers repeat, nothing spills off the page.
      expect(
        await page
          .locator('thead')
          .first()
          .evaluate((e) => (globalThis as any).getComputedStyle(e).display),
      ).toBe('table-header-group')
      expect(
        await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth),
      ).toBeLessThanOrEqual(A4.width)
      expect(await page.locator('script').count()).toBe(0)

      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []
      expect(pages.length).toBeGreaterThanOrEqual(1)
      expect(pages.length).toBeLessThanOrEqual(3)
      writeFileSync(join(SHOTS, 'action-log-open.pdf'), pdf)

      // Page 1 as it prints: the @page margins (16 mm top, 14 mm sides) stand in as padding.
      await page.evaluate(() => {
        ;(globalThis as any).document.body.style.padding = '16mm 14mm'
      })
      await page.screenshot({
        path: join(SHOTS, 'action-log-open-page1.png'),
        clip: { x: 0, y: 0, ...A4 },
      })

      // And it is accessible: axe finds nothing serious or critical.
      expect(await accessibilityIssues(page)).toEqual([])
    } finally {
      await context.close()
    }
  })
})
