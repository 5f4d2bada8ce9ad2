import { describe, expect, it } from 'vitest'
import { parseCsv } from '#test/unit/file-readers.ts'
import { browse, hasText, shows } from './browse.ts'

/**
 * The secretariat's workbench in headless Chromium against the local stack with its demo
 * board: a board's members (a clash of initials refused at the field), its action log
 * (search, a refused filter, the CSV), editing every field of an action, withdrawing one,
 * and retiring a board. Every page is screenshotted (test-results/screenshots/w*.png) at
 * 1100 and 320 px, checked with axe's WCAG 2.2 A/AA rules at any impact, and must not
 * scroll sideways as a whole at 320 px.
 */
const web = browse()

describe("the secretariat's workbench", () => {
  it('manages a board’s members, searches its log, edits and withdraws an action, and retires a board', async () => {
    const sec = await web.newPage()
    await sec.goto(`${web.stack.apiUrl}/ui`)
    await sec.getByRole('radio', { name: 'Secretariat' }).check()
    await sec.getByRole('button', { name: 'Sign in' }).click()
    await shows(sec.getByRole('heading', { name: 'Boards', level: 1 }))

    // Two new entries in the directory: one shares Dana Turner's initials.
    const addPerson = async (name: string, initials: string, email: string) => {
      await sec.goto(`${web.stack.apiUrl}/ui/people`)
      await sec.getByLabel('Name', { exact: true }).fill(name)
      await sec.getByLabel('Initials', { exact: true }).fill(initials)
      await sec.getByLabel('Mailbox', { exact: true }).fill(email)
      await sec.getByRole('button', { name: 'Add', exact: true }).click()
      await hasText(sec.getByRole('alert'), 'Added')
    }
    await addPerson('Cllr Dee Thomas', 'DT', 'dee.thomas@council.example')
    await addPerson('Jo Kerr', 'JK', 'jo.kerr@council.example')

    // Members: the clash is refused at the field; another joins and leaves.
    const boardUrl = `${web.stack.apiUrl}/ui/boards/${web.stack.demo?.boardId}`
    await sec.goto(boardUrl)
    const members = sec.getByRole('region', { name: 'Members of the board' })
    await hasText(members, 'Dana Turner')
    await sec.getByLabel('Add a member').selectOption({ label: 'Cllr Dee Thomas (DT)' })
    await sec.getByRole('button', { name: 'Add member' }).click()
    await hasText(sec.getByRole('alert'), "DT is already Dana Turner's")
    await shows(sec.locator('#member-personId-error'))
    await web.look(sec, 'w01-board-member-clash')
    await sec.getByLabel('Add a member').selectOption({ label: 'Jo Kerr (JK)' })
    await sec.getByRole('button', { name: 'Add member' }).click()
    await hasText(sec.getByRole('alert'), 'The member was added')
    await hasText(members, 'Jo Kerr')
    await web.look(sec, 'w02-board-members')
    await sec.getByRole('button', { name: 'Remove Jo Kerr from the board' }).click()
    await hasText(sec.getByRole('alert'), 'The member was taken off the board')
    expect(await members.innerText()).not.toContain('Jo Kerr')

    // The action log: everything, then a search, a refused filter, and the CSV of a search.
    await sec.getByRole('link', { name: 'Action log', exact: true }).first().click()
    await shows(sec.getByRole('heading', { name: 'Action log', level: 1 }))
    const results = sec.getByRole('region', { name: 'Every action of the board' })
    await hasText(results, 'Interim update to be provided on ICT')
    await web.look(sec, 'w03-board-log')
    await sec.getByLabel('Search', { exact: true }).fill('fleet contract')
    await sec.getByRole('button', { name: 'Apply filters' }).click()
    const matching = sec.getByRole('region', { name: 'Matching actions' })
    await hasText(matching, 'Commercial update on the fleet contract renewal')
    expect(await matching.getByRole('row').count()).toBe(2)
    await web.look(sec, 'w04-board-log-search')
    const csvHref = await sec
      .getByRole('link', { name: 'Download CSV of these actions' })
      .getAttribute('href')
    const csv = await sec.request.get(`${web.stack.apiUrl}${csvHref}`)
    expect(csv.status()).toBe(200)
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="PAM-action-log-.*\.csv"$/)
    const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, '')).slice(1)
    expect(rows.map((r) => r[1])).toEqual(['Commercial update on the fleet contract renewal.'])
    await sec.getByLabel('Carried forward at least').fill('0')
    await sec.getByRole('button', { name: 'Apply filters' }).click()
    await hasText(sec.getByRole('alert'), 'Carried forward at least: Enter a whole number from 1 to 20')
    await web.look(sec, 'w05-board-log-error')
    await sec.getByRole('link', { name: /Carried forward at least/ }).click()
    expect(await sec.evaluate('document.activeElement?.id')).toBe('log-carried')

    // Edit every field of an action: a legacy reference, two owners as typed, an exemption.
    await sec.goto(`${boardUrl}/actions?q=SRO`)
    await sec.getByRole('region', { name: 'Matching actions' }).getByRole('link').first().click()
    await shows(sec.getByRole('heading', { name: /^Action / }))
    await sec.getByText('Change this action').click()
    await sec.getByLabel('Reference', { exact: true }).fill('Action 3 02.21/12/21')
    await sec.getByLabel('Agenda item title (optional)').fill('Transformation programme')
    await sec.getByLabel('Owners', { exact: true }).fill('DT / A&SI')
    await sec.getByLabel('Day').fill('30')
    await sec.getByLabel('Month').fill('6')
    await sec.getByLabel('Year').fill('2031')
    await sec.getByRole('checkbox', { name: 'Exempt under the Freedom of Information Act' }).check()
    await shows(sec.getByLabel('FOIA section'))
    await sec.getByLabel('FOIA section').fill('S.36 (Prejudice to effective conduct)')
    await web.look(sec, 'w06-action-edit')
    await sec.getByRole('button', { name: 'Save changes' }).click()
    await hasText(sec.getByRole('alert'), 'The action was changed')
    await shows(sec.getByRole('heading', { name: 'Action 3 02.21/12/21', level: 1 }))
    const history = sec.getByRole('region', { name: 'Every change to this action' })
    await hasText(history, 'Owners: from DT to DT, A&SI')
    await hasText(history, 'Due date: from none to 30 June 2031')
    await hasText(history, 'Exemption: from not exempt to exempt under S.36')
    await web.look(sec, 'w07-action-edited')

    // Withdraw it: the reason is required, then it is withdrawn and offers no changes.
    const actionUrl = sec.url().split('?')[0] ?? ''
    await sec.getByRole('button', { name: 'Withdraw this action' }).click()
    await shows(sec.getByRole('heading', { name: /^Withdraw action/ }))
    await web.look(sec, 'w08-withdraw')
    await sec.getByRole('button', { name: 'Withdraw action' }).click()
    await hasText(sec.getByRole('alert'), 'Why it is withdrawn')
    await web.look(sec, 'w09-withdraw-error')
    await sec
      .getByLabel('Why it is withdrawn')
      .fill('Raised in error: the SRO item was a note, not an action')
    await sec.getByRole('button', { name: 'Withdraw action' }).click()
    await hasText(sec.getByRole('alert'), 'The action was withdrawn')
    await hasText(sec.locator('dl'), 'Withdrawn')
    await hasText(sec.locator('dl'), 'Raised in error: the SRO item was a note')
    expect(await sec.getByText('Change this action').count()).toBe(0)
    expect(await sec.getByRole('button', { name: 'Withdraw this action' }).count()).toBe(0)
    await web.look(sec, 'w10-action-withdrawn')
    await sec.goto(`${boardUrl}/actions?q=SRO`)
    await hasText(sec.locator('main'), 'No actions match')
    await sec.getByLabel('Status').selectOption('withdrawn')
    await sec.getByRole('button', { name: 'Apply filters' }).click()
    const withdrawn = sec.getByRole('region', { name: 'Matching actions' })
    await hasText(withdrawn, 'Withdrawn')
    expect(`${web.stack.apiUrl}${await withdrawn.getByRole('link').first().getAttribute('href')}`).toBe(
      actionUrl,
    )

    // A board made in error, retired.
    await sec.goto(`${web.stack.apiUrl}/ui/boards`)
    await sec.getByLabel('Name', { exact: true }).fill('Test board made in error')
    await sec.getByLabel('Short name').fill('TBE')
    await sec.getByLabel('Secretariat mailboxes').fill('secretariat@opcc.example')
    await sec.getByRole('button', { name: 'Add board' }).click()
    await shows(sec.getByRole('heading', { name: 'Test board made in error', level: 1 }))
    await sec.getByRole('button', { name: 'Retire this board' }).click()
    await shows(sec.getByRole('heading', { name: 'Retire the Test board made in error?' }))
    await web.look(sec, 'w11-retire-board')
    await sec.getByRole('button', { name: 'Retire board' }).click()
    await hasText(sec.getByRole('alert'), 'The board was retired')
    await hasText(sec.locator('main'), 'This board was retired on')
    expect(await sec.getByRole('button', { name: 'Schedule meeting' }).count()).toBe(0)
    await web.look(sec, 'w12-board-retired')
    await sec.goto(`${web.stack.apiUrl}/ui/boards`)
    expect(await sec.getByRole('link', { name: 'Test board made in error' }).count()).toBe(0)
    await sec.getByRole('link', { name: 'Show retired boards' }).click()
    await shows(sec.getByRole('link', { name: 'Test board made in error' }))
    await web.look(sec, 'w13-boards-with-retired')

    web.expectEveryPageClean(13)
  }, 180_000)
})
