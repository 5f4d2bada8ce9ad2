import { describe, expect, it } from 'vitest'
import { OGL } from '#shared/domain/publication.ts'
import { browse, shows } from './browse.ts'

/**
 * The published action log (issue #17) in headless Chromium, as the public gets it (no
 * sign-in) from the local stack's demo board: its index and the newest meeting's page, each
 * screenshotted at 1100 and 320 px and checked with axe (WCAG 2.2 A/AA, no finding).
 */
const web = browse({ schedules: false })
/** The demo's exempt actions (S.31 and S.43) and the update on one of them. */
const EXEMPT = /regional collaboration risk register|Register circulated in draft|fleet contract/

describe('the published action log', () => {
  it('shows the index and a meeting’s open log to anyone, accessible at both widths', async () => {
    const page = await web.newPage()
    const index = `${web.stack.apiUrl}/published/boards/${web.stack.demo?.boardId}`
    const res = await page.goto(index)
    expect(res?.status()).toBe(200)
    await shows(page.getByRole('heading', { level: 1, name: /published action logs/ }))
    await shows(page.getByRole('link', { name: 'Staff sign in' }))
    await shows(page.getByRole('link', { name: OGL.name }).first())
    await web.look(page, 'published-01-index')

    const meetings = page.locator('main a[href*="/meetings/"]:not([href$=".csv"])')
    // The demo approved two meetings' minutes; the held one awaiting approval is not listed.
    expect(await meetings.count()).toBe(2)
    await meetings.first().click()
    await page.waitForURL(/\/meetings\/\d{4}-\d{2}-\d{2}$/)
    await shows(page.getByRole('heading', { level: 2, name: 'Actions Arising' }))
    await shows(page.getByRole('link', { name: 'Action log as CSV' }))
    expect(await page.locator('main').innerText()).not.toMatch(EXEMPT)
    expect(await page.locator('body').innerText()).not.toContain('@')
    await web.look(page, 'published-02-meeting')
    web.expectEveryPageClean(2)
  })

  it('draws with its stylesheet under the enforced policy, with no sign-in', async () => {
    const page = await web.newPage({ csp: 'enforced' })
    const refused: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text())
    })
    await page.goto(`${web.stack.apiUrl}/published/boards/${web.stack.demo?.boardId}`)
    await shows(page.getByRole('heading', { level: 1 }))
    // GOV.UK Frontend's stylesheet applied: the heading is in the Design System's font, not the browser's.
    const font = await page
      .getByRole('heading', { level: 1 })
      .evaluate((h) => (globalThis as any).getComputedStyle(h).fontFamily)
    expect(font).toMatch(/arial|GDS Transport/i)
    expect(refused).toEqual([])
  })
})
