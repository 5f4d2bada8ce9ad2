import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addDays, localDateOf } from '#shared/domain/time.ts'
import { browse, hasText, shows } from './browse.ts'
import { mailbox } from './scratch-stack.ts'

/**
 * The web pages in headless Chromium against the local stack as `npm start` runs it: the
 * secretariat's meeting cycle, the owner's link from the mailbox, the chair's dashboard.
 * Every page is screenshotted to test-results/screenshots/ (not committed), at its width and
 * 320 px wide, checked with axe-core's WCAG 2.2 A/AA rules (no finding of any impact), and
 * must not scroll sideways as a whole at 320 px (wide tables scroll in their own box).
 */
const TZ = 'Europe/London'

const web = browse()

async function signIn(page: Page, role: 'Secretariat' | 'Chair', person?: string): Promise<void> {
  await page.goto(`${web.stack.apiUrl}/ui`)
  await page.getByRole('radio', { name: role }).check()
  if (person) await page.getByLabel('Person').selectOption({ label: person })
  await page.getByRole('button', { name: 'Sign in' }).click()
}

const localDate = (days: number) => {
  const d = addDays(localDateOf(new Date(), TZ), days)
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`
}

async function schedule(page: Page, boardUrl: string, date: string): Promise<string> {
  await page.goto(boardUrl)
  await page.getByLabel('Date', { exact: true }).fill(date)
  await page.getByLabel('Start time').fill('10:00')
  await page.getByLabel('Place (optional)').fill('Committee Room 1')
  await page.getByRole('button', { name: 'Schedule meeting' }).click()
  await page.waitForURL(/\/ui\/meetings\/\w+$/)
  return page.url()
}

describe('the web pages', () => {
  it('take the secretariat through a meeting cycle, the owner through their link, and show the chair what is overdue', async () => {
    const sec = await web.newPage()
    await signIn(sec, 'Secretariat')
    await shows(sec.getByRole('heading', { name: 'Boards', level: 1 }))
    await web.look(sec, '01-boards')

    await sec.locator(`a[href="/ui/boards/${web.stack.demo?.boardId}"]`).click()
    const boardUrl = sec.url()
    await web.look(sec, '02-board')

    // Two meetings in the past (the one that raises, the one they are due at).
    const raisedAt = await schedule(sec, boardUrl, localDate(-10))
    const dueAt = await schedule(sec, boardUrl, localDate(-3))
    const dueAtId = dueAt.split('/').at(-1) ?? ''

    // A refused form names its field.
    await sec.goto(raisedAt)
    await sec.getByRole('button', { name: 'Raise actions' }).click()
    await hasText(sec.getByRole('alert'), 'There is a problem')
    await shows(sec.getByRole('link', { name: /What is to be done/ }))
    await web.look(sec, '03-meeting-raise-error')

    // Both actions in the one form, a row each.
    const raise = async (row: number, item: string, text: string, owners: string) => {
      const fields = sec.getByRole('group', { name: `Action ${row}` })
      await fields.getByLabel('Agenda item').fill(item)
      await fields.getByLabel('What is to be done').fill(text)
      await fields.getByLabel('Owners').fill(owners)
      await fields.getByLabel('Due at').selectOption(dueAtId)
    }
    await raise(1, '3', 'Publish the custody audit findings', 'DT')
    await raise(2, '4', 'Review stop and search data by ward', 'bs, dt')
    await sec.getByRole('button', { name: 'Raise actions' }).click()
    await hasText(sec.getByRole('alert'), 'The actions were raised')
    const rows = sec.getByRole('table').last().getByRole('row')
    const refs = await rows.locator('td:first-child').allInnerTexts()
    expect(refs).toHaveLength(2)
    const [refDischarge, refCarry] = refs as [string, string]
    await web.look(sec, '04-meeting-raised')

    // At the meeting they were due: one discharged, one carried forward, then the minutes.
    await sec.goto(dueAt)
    await sec.getByText('Record attendance').click()
    await sec.getByLabel(/^Attendance of Alex Morgan/).selectOption('present')
    await sec.getByLabel(/^Attendance of Dana Turner/).selectOption('apologies')
    await sec.getByRole('button', { name: 'Save attendance' }).click()
    await hasText(sec.getByRole('alert'), 'Attendance was saved')
    await hasText(sec.locator('main'), '2 listed')
    // Both decided in the one form.
    const decide = async (ref: string, decision: 'Discharge' | 'Carry forward', note: string) => {
      await sec
        .getByRole('group', { name: `Decision on ${ref}` })
        .getByRole('radio', { name: decision })
        .check()
      await sec.getByLabel(`Note on ${ref}`).fill(note)
    }
    await decide(refDischarge, 'Discharge', 'Findings published on the website')
    await decide(refCarry, 'Carry forward', 'Ward data not yet available')
    await sec.getByRole('button', { name: 'Save decisions' }).click()
    await hasText(sec.getByRole('alert'), 'The decisions were saved')
    await web.look(sec, '05-actions-arising')
    await sec.getByRole('button', { name: 'Approve the minutes' }).click()
    await hasText(sec.getByRole('alert'), 'The minutes were approved')

    // The rollover runs from the table's stream: the result shows within seconds.
    const actionUrl = async (ref: string) => {
      await sec.goto(raisedAt)
      return `${web.stack.apiUrl}${await sec.getByRole('link', { name: ref, exact: true }).getAttribute('href')}`
    }
    const discharged = await actionUrl(refDischarge)
    const carried = await actionUrl(refCarry)
    await expect
      .poll(async () => (await sec.goto(discharged))?.ok() && (await sec.locator('dl').innerText()), {
        timeout: 20_000,
      })
      .toContain('Discharged')
    await hasText(sec.locator('dl'), 'Findings published on the website')
    await web.look(sec, '06-action-discharged')
    await expect
      .poll(async () => (await sec.goto(carried))?.ok() && (await sec.locator('dl').innerText()), {
        timeout: 20_000,
      })
      .toContain('1 time')
    await hasText(sec.getByRole('table'), 'Carried forward')

    // The meeting's action log, downloaded from its page with the session (the open version).
    await sec.goto(dueAt)
    await web.look(sec, '05b-meeting-approved')
    await hasText(sec.getByRole('table').first(), 'Discharged')
    const csvHref = await sec.getByRole('link', { name: 'CSV (open version)' }).getAttribute('href')
    const csv = await sec.request.get(`${web.stack.apiUrl}${csvHref}`)
    expect(csv.status()).toBe(200)
    expect(csv.headers()['content-type']).toContain('text/csv')
    expect(csv.headers()['content-disposition']).toMatch(
      /^attachment; filename="PAM-.*-action-log-open\.csv"$/,
    )
    expect(await csv.text()).toContain(refDischarge)

    // The owner: DT's reminder for the next meeting, from the mailbox, lists the carried action.
    const mails = await mailbox(web.stack)
    const reminder = mails.find(
      (m) => m.subject.includes('please update') && m.destination.to.includes('dana.turner@force.example'),
    )
    const link = /https?:\/\/\S+\/respond\/[\w.-]+/.exec(reminder?.body.text ?? '')?.[0]
    expect(link, 'a reminder with a link for DT').toBeDefined()
    const owner = await web.newPage()
    await owner.goto(link ?? '')
    await shows(owner.getByRole('heading', { name: refCarry }))
    await web.look(owner, '07-owner-page')
    await owner.getByLabel(`Your update on ${refCarry}`).fill('Ward breakdown requested from the analysts')
    await owner.getByRole('button', { name: `Send update on ${refCarry}` }).click()
    await hasText(owner.getByRole('alert'), `Your update on ${refCarry} was recorded`)
    await web.look(owner, '08-owner-page-sent')

    // …and the secretariat sees it in the action's history, by the owner through the link.
    await sec.goto(carried)
    const history = sec.getByRole('table')
    await hasText(history, 'Update posted')
    await hasText(history, 'Dana Turner, through their reminder link')
    await web.look(sec, '09-action-history')

    // The secretariat corrects the action: a due date as well as the meeting.
    await sec.getByText('Change this action').click()
    const [year, month, day] = localDate(20).split('-') as [string, string, string]
    await sec.getByLabel('Day').fill(day)
    await sec.getByLabel('Month').fill(month)
    await sec.getByLabel('Year').fill(year)
    await web.look(sec, '09b-action-change')
    await sec.getByRole('button', { name: 'Save changes' }).click()
    await hasText(sec.getByRole('alert'), 'The action was changed')
    await hasText(sec.locator('dl'), 'By ')
    await hasText(sec.getByRole('table'), 'Edited')

    await sec.goto(`${web.stack.apiUrl}/ui/people`)
    await shows(sec.getByRole('heading', { name: 'Suppressed addresses' }))
    await web.look(sec, '10-people')
    await sec.getByRole('link', { name: 'Dana Turner' }).click()
    await shows(sec.getByRole('heading', { name: /Dana Turner/, level: 1 }))
    await web.look(sec, '10b-person')
    await sec.goto(`${web.stack.apiUrl}/ui/no/such/page`)
    await shows(sec.getByRole('heading', { name: 'Page not found' }))
    await web.look(sec, '12-error-page')

    // The chair: the overdue dashboard, by the summary's rules.
    const chair = await web.newPage()
    await signIn(chair, 'Chair', 'Alex Morgan (PCC)')
    await shows(chair.getByRole('heading', { name: 'Overdue and due', level: 1 }))
    await hasText(chair.getByRole('table').first(), /\d+ overdue actions?/)
    await web.look(chair, '11-chair-dashboard')

    // As a real browser sees them, with the pages' Content Security Policy enforced: nothing
    // the pages do (styles, forms, the redirects after them, signing out) is blocked.
    const strict = await (await web.browser.newContext()).newPage()
    const blocked: string[] = []
    strict.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text())
    })
    await signIn(strict, 'Secretariat')
    await strict.goto(dueAt)
    await strict.goto(carried)
    await strict.getByRole('button', { name: 'Sign out' }).click()
    await shows(strict.getByRole('heading', { name: 'You have signed out' }))
    // The stylesheet applied (its system font stack), and the Design System's inline snippet ran (allowed by its hash).
    expect(
      String(await strict.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")),
    ).toContain('system-ui')
    expect(await strict.evaluate('document.body.className')).toContain('js-enabled govuk-frontend-supported')
    expect(blocked).toEqual([])

    const sign = await web.newPage()
    await sign.goto(`${web.stack.apiUrl}/ui/sign-in`)
    await web.look(sign, '00-sign-in')
    await sign.getByRole('link', { name: 'Accessibility statement' }).click()
    await shows(sign.getByRole('heading', { name: /Accessibility statement/, level: 1 }))
    await web.look(sign, '13-accessibility-statement')

    // A member: their own actions.
    const member = await web.newPage()
    await member.goto(`${web.stack.apiUrl}/ui`)
    await member.getByRole('radio', { name: 'Member' }).check()
    await member.getByLabel('Person').selectOption({ label: 'Dana Turner (DT)' })
    await member.getByRole('button', { name: 'Sign in' }).click()
    await shows(member.getByRole('heading', { name: 'My actions', level: 1 }))
    await web.look(member, '14-my-actions')

    web.expectEveryPageClean(18)
  }, 180_000)
})
