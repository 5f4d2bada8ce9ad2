import { describe, expect, it } from 'vitest'
import { browse, hasText, shows } from './browse.ts'

/**
 * The forward-plan page in headless Chromium against the local stack with its demo board:
 * the secretariat enters the work programme in one form (a report at the next meeting, a
 * standing item, an item to be timetabled, a briefing note), records the report as taken and
 * timetabled again, and finds the standing item on the meeting's agenda. Every page is
 * screenshotted (test-results/screenshots/wp*.png) at 1100 and 320 px and checked with axe.
 */
const web = browse()

describe('the work programme page', () => {
  it('enters items in one form and records one as taken at a meeting', async () => {
    const sec = await web.newPage()
    await sec.goto(`${web.stack.apiUrl}/ui`)
    await sec.getByRole('radio', { name: 'Secretariat' }).check()
    await sec.getByRole('button', { name: 'Sign in' }).click()
    await shows(sec.getByRole('heading', { name: 'Boards', level: 1 }))

    // A later meeting to timetable the report again for.
    const boardUrl = `${web.stack.apiUrl}/ui/boards/${web.stack.demo?.boardId}`
    await sec.goto(boardUrl)
    const later = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10)
    await sec.getByLabel('Date', { exact: true }).fill(later)
    await sec.getByRole('button', { name: 'Schedule meeting' }).click()
    await sec.goto(boardUrl)
    await sec.getByRole('link', { name: 'Work programme', exact: true }).click()
    await shows(sec.getByRole('heading', { name: 'Work programme', level: 1 }))

    const row = (n: number) => sec.getByRole('group', { name: `Item ${n}` })
    await row(1).getByLabel('Item', { exact: true }).fill('Repeat Victimisation')
    await row(1)
      .getByLabel('Report detail (optional)')
      .fill('The Panel requests that the PCC bring a report on Repeat Victimisation')
    await row(1).getByLabel('Lead', { exact: true }).fill('PCC')
    await row(1).getByLabel('Date of next report/update').selectOption({ index: 1 })
    await row(1).getByLabel('Date of last report (optional)').fill('2020-01-22')
    await row(2).getByLabel('Kind').selectOption({ label: 'Standing item' })
    await row(2).getByLabel('Item', { exact: true }).fill('Complaints')
    await row(2).getByLabel('Lead', { exact: true }).fill('PCC')
    await row(3).getByLabel('Item', { exact: true }).fill('Rural crime')
    await row(3).getByLabel('Lead', { exact: true }).fill('PCC')
    await row(4).getByLabel('Kind').selectOption({ label: 'Briefing note' })
    await row(4).getByLabel('Item', { exact: true }).fill('Drones')
    await row(4).getByLabel('Lead', { exact: true }).fill('PCC')
    // A lead nobody has is refused at its field, and what was typed stays.
    await row(5).getByLabel('Item', { exact: true }).fill('Hate crime')
    await row(5).getByLabel('Lead', { exact: true }).fill('ZZ')
    await sec.getByRole('button', { name: 'Add to the work programme' }).click()
    await hasText(sec.getByRole('alert'), 'Item 5, Lead')
    await web.look(sec, 'wp01-refused-row')
    // The four rows were added; only the refused one is drawn again, as typed.
    expect(await sec.getByRole('group', { name: /^Item \d$/ }).count()).toBe(1)
    expect(await row(5).getByLabel('Item', { exact: true }).inputValue()).toBe('Hate crime')
    await row(5).getByLabel('Lead', { exact: true }).fill('PCC')
    await row(5).getByLabel('Date of next report/update').selectOption({ index: 2 })
    await sec.getByRole('button', { name: 'Add to the work programme' }).click()
    await hasText(sec.getByRole('alert'), 'Added to the work programme')

    const tables = sec.locator('table.govuk-table')
    // The seed's columns, in its order.
    const heads = await tables.first().locator('thead th').allInnerTexts()
    expect(heads.slice(0, 4)).toEqual([
      'Date of next report/update',
      'Item',
      'Report detail',
      'Date of last report',
    ])
    await hasText(sec.getByRole('region', { name: 'Standing items' }), 'Complaints')
    await hasText(sec.getByRole('region', { name: 'Items to be timetabled' }), 'Rural crime')
    await hasText(sec.getByRole('region', { name: 'Briefing notes' }), 'Requested')
    const next = sec.locator('div[id^="meeting-"]').first()
    await hasText(next, 'Repeat Victimisation')
    await hasText(next, '22 January 2020')
    await web.look(sec, 'wp02-forward-plan')

    // At the next meeting the report is taken and timetabled again for the later one.
    const nextDate =
      /\d{1,2} \w+ \d{4}/.exec(await next.locator('caption').first().innerText())?.[0] ?? 'no date'
    await next
      .getByRole('group', { name: 'What happened to Repeat Victimisation' })
      .getByLabel('Taken')
      .check()
    await next.getByLabel('Next meeting for Repeat Victimisation').selectOption({ index: 1 })
    await next.getByRole('button', { name: 'Save the work programme for this meeting' }).click()
    await hasText(sec.getByRole('alert'), 'The work programme for the meeting was saved')
    const moved = sec.locator('div[id^="meeting-"]').nth(1)
    await hasText(moved, 'Repeat Victimisation')
    await hasText(moved, nextDate)
    await hasText(sec.locator('div[id^="meeting-"]').first(), 'Nothing is due at this meeting')
    await web.look(sec, 'wp03-taken')

    // The standing item is on the meeting's agenda, without a carry count.
    await sec.goto(boardUrl)
    await sec.getByRole('region', { name: 'Upcoming meetings' }).getByRole('link').first().click()
    const standing = sec.locator('#standing-items')
    await hasText(standing, 'Complaints')
    expect(await standing.innerText()).not.toMatch(/carried/i)
    await web.look(sec, 'wp04-meeting-standing-items')
    web.expectEveryPageClean(4)
  }, 180_000)
})
