import { describe, expect, it } from 'vitest'
import { longDate } from '#shared/domain/action-log.ts'
import { addDays, isoDateIn, localDateOf, pad2 } from '#shared/domain/time.ts'
import { browse, hasText, shows } from './browse.ts'

/**
 * Meetings as they really run (issue 17), in headless Chromium against the local stack with
 * its demo board: a year of monthly meetings made in one form (a refusal keeping what was
 * typed, a preview, then the meetings), an update the secretariat types for its owner dated
 * at the meeting, and the minutes approved with two signatories. Every page is screenshotted
 * (test-results/screenshots/m*.png) at 1100 and 320 px and checked with axe (WCAG 2.2 A/AA).
 */
const TZ = 'Europe/London'
const web = browse()

describe('meetings as minuted', () => {
  it('makes a year of meetings in one form, records an update as given and an approval as signed', async () => {
    const demo = web.stack.demo
    if (!demo) throw new Error('the demo board is needed')
    const [, , m3, m4] = demo.meetingIds
    const sec = await web.newPage()
    await sec.goto(`${web.stack.apiUrl}/ui`)
    await sec.getByRole('radio', { name: 'Secretariat' }).check()
    await sec.getByLabel('Person').selectOption({ label: 'Sam Ellis (SE)' })
    await sec.getByRole('button', { name: 'Sign in' }).click()
    await shows(sec.getByRole('heading', { name: 'Boards', level: 1 }))

    // A series of the fourth Tuesday of each month next year: first without how many (refused, kept).
    const year = Number(isoDateIn(new Date(), TZ).slice(0, 4)) + 1
    await sec.goto(`${web.stack.apiUrl}/ui/boards/${demo.boardId}`)
    const form = sec.locator(`form[action="/ui/boards/${demo.boardId}/meeting-series"]`)
    await form.getByLabel('Repeats').selectOption('month')
    await form.getByLabel('Week of the month').selectOption('fourth')
    await form.getByLabel('Meets on').selectOption('tuesday')
    await form.getByLabel('Meeting time').fill('10:00')
    await form.getByLabel('First date').fill(`${year}-01-01`)
    await form.getByLabel('Place of the meetings (optional)').fill('Committee Room 2')
    await form.getByRole('button', { name: 'Preview dates' }).click()
    await hasText(sec.getByRole('alert'), 'How many meetings: Enter how many meetings, or a last date')
    expect(await form.getByLabel('First date').inputValue()).toBe(`${year}-01-01`)
    expect(await form.getByLabel('Place of the meetings (optional)').inputValue()).toBe('Committee Room 2')
    await web.look(sec, 'm01-series-refused')

    // A year of them, previewed: 10:00 on the clock in March (GMT) and in April (BST) alike.
    await form.getByLabel('How many meetings').fill('12')
    await form.getByRole('button', { name: 'Preview dates' }).click()
    const preview = sec.locator('#series-preview')
    await hasText(preview, '12 meetings would be scheduled')
    const dates = await preview.getByRole('listitem').allInnerTexts()
    expect(dates).toHaveLength(12)
    for (const d of dates) expect(d).toMatch(/ 10:00$/)
    await web.look(sec, 'm02-series-preview')
    await form.getByRole('button', { name: 'Create meetings' }).click()
    await hasText(sec.getByRole('alert'), 'The series of meetings was scheduled')
    const upcoming = sec.locator('#upcoming')
    await hasText(upcoming, `PAM 23 March ${year}`)
    await web.look(sec, 'm03-series-created')
    // Each one starts at 10:00 London time, across both changes of the clocks.
    await sec.getByRole('link', { name: `PAM 27 April ${year}` }).click()
    await hasText(sec.locator('main'), 'Part of a series of meetings')
    await hasText(sec.locator('main'), '10:00')
    await web.look(sec, 'm04-series-meeting')
    await sec.goto(`${web.stack.apiUrl}/ui/boards/${demo.boardId}`)
    await sec.getByRole('link', { name: `PAM 26 October ${year}` }).click()
    await hasText(sec.locator('main'), '10:00')

    // Dana Turner's update given at meeting 3, typed by the secretariat now.
    const m3Page = `${web.stack.apiUrl}/ui/meetings/${m3}`
    await sec.goto(`${web.stack.apiUrl}/ui/boards/${demo.boardId}/actions?q=SRO`)
    await sec.getByRole('region', { name: 'Matching actions' }).getByRole('link').first().click()
    await shows(sec.getByRole('heading', { name: /^Action / }))
    // The demo's meeting 3 was 22 days ago.
    const held = addDays(localDateOf(new Date(), TZ), -22)
    const heldOn = `${held.year}-${pad2(held.month)}-${pad2(held.day)}`
    await sec.getByLabel('Add an update').fill('Strands mapped; the SRO chairs a monthly board.')
    await sec.getByLabel('Given by').selectOption({ label: 'Dana Turner (DT)' })
    await sec.getByLabel('Given on (optional)').fill(`${year + 1}-01-01`)
    await sec.getByRole('button', { name: 'Add update' }).click()
    await hasText(sec.getByRole('alert'), /Given on: must not be in the future/i)
    expect(await sec.getByLabel('Add an update').inputValue()).toBe(
      'Strands mapped; the SRO chairs a monthly board.',
    )
    await web.look(sec, 'm05-update-refused')
    await sec.getByLabel('Given by').selectOption({ label: 'Dana Turner (DT)' })
    await sec.getByLabel('Given on (optional)').fill(heldOn)
    await sec.getByRole('button', { name: 'Add update' }).click()
    await hasText(sec.getByRole('alert'), 'update')
    const history = sec.getByRole('region', { name: 'Every change to this action' })
    await hasText(
      history,
      `Recorded by Sam Ellis on behalf of Dana Turner, given ${longDate(`${heldOn}T12:00:00Z`, 'UTC')}`,
    )
    await hasText(sec.locator('main'), 'Dana Turner, recorded by Sam Ellis (secretariat)')
    await web.look(sec, 'm06-update-on-behalf')
    // In meeting 4's action log (it is due there), dated the day it was given.
    const [y, mo, d] = heldOn.split('-')
    const log = await sec.request.get(
      `${web.stack.apiUrl}/ui/meetings/${m4}/action-log?format=html&version=open`,
    )
    expect(log.status()).toBe(200)
    expect(await log.text()).toContain(
      `Update (${d}/${mo}/${y}) – Strands mapped; the SRO chairs a monthly board.`,
    )

    // Meeting 3's minutes, signed by two: a signing date in the future is refused, with what was typed kept.
    await sec.goto(m3Page)
    const today = isoDateIn(new Date(), TZ)
    const approval = sec.locator(`form[action="/ui/meetings/${m3}/minutes-approval"]`)
    await approval.getByLabel('Date approved').fill(today)
    await approval.getByLabel('Signatory 1', { exact: true }).selectOption({ label: 'Alex Morgan (PCC)' })
    await approval.getByLabel('Signatory 2: name as written').fill('D. Tedds')
    await approval.getByLabel('Signatory 2: date signed').fill(`${year + 1}-01-01`)
    await approval.getByRole('button', { name: 'Approve the minutes' }).click()
    await hasText(sec.getByRole('alert'), /Signatory 2: date signed: must not be in the future/i)
    expect(await approval.getByLabel('Signatory 2: name as written').inputValue()).toBe('D. Tedds')
    await web.look(sec, 'm07-approval-refused')
    await approval.getByLabel('Signatory 2: date signed').fill(today)
    await approval.getByRole('button', { name: 'Approve the minutes' }).click()
    await hasText(sec.getByRole('alert'), 'approved')
    const long = longDate(`${today}T12:00:00Z`, 'UTC')
    const line = `Minutes approved on ${long}, signed by Alex Morgan (${long}) and D. Tedds (${long}); recorded by Sam Ellis.`
    await hasText(sec.locator('#minutes ~ p').first(), line)
    await web.look(sec, 'm08-approval-signed')
    const m3Log = await sec.request.get(
      `${web.stack.apiUrl}/ui/meetings/${m3}/action-log?format=html&version=open`,
    )
    expect(await m3Log.text()).toContain(line)

    web.expectEveryPageClean(8)
  }, 180_000)
})
