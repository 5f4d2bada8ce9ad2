import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CreateBoardInput } from '#shared/domain/board.ts'
import type { Principal } from '#shared/domain/principal.ts'
import { raiseAction } from '#shared/usecases/actions.ts'
import { createBoard } from '#shared/usecases/boards.ts'
import { createMeeting } from '#shared/usecases/meetings.ts'
import { addMember } from '#shared/usecases/members.ts'
import { getPerson } from '#shared/usecases/people.ts'
import { browse, hasText } from './browse.ts'

/**
 * The people pages and a member's actions by board, in Chromium against the local stack's
 * demo board: an entry added and changed with every field, retired after a confirmation,
 * the directory with and without retired entries, and "My actions" under a heading per
 * board saying why each is theirs. Each page is checked as web-pages.test.ts checks its
 * pages: axe's WCAG 2.2 A/AA rules at every impact at 1100 and 320 px, no sideways page at
 * 320 px, a screenshot at both.
 */
const web = browse()

const SEC: Principal = { subject: 'people-test', role: 'secretariat', personId: null }

async function signIn(page: Page, role: 'Secretariat' | 'Member', person?: string): Promise<void> {
  await page.goto(`${web.stack.apiUrl}/ui/sign-in`)
  await page.getByRole('radio', { name: role }).check()
  if (person) await page.getByLabel('Person').selectOption({ label: person })
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/ui\/(boards|mine)$/)
}

describe('the people pages', () => {
  it('add and change an entry with every field, list its boards, and retire it after asking', async () => {
    const sec = await web.newPage()
    await signIn(sec, 'Secretariat')
    await sec.goto(`${web.stack.apiUrl}/ui/people`)

    // A refused add keeps what was typed and links each error to its field.
    const add = sec.locator('form[action="/ui/people"]')
    await add.getByLabel('Name').fill('Cllr Derek Poole')
    await add.getByLabel('Initials').fill('DP')
    await add.getByLabel('Aliases (optional)').fill('PS, DP')
    await add.getByLabel('Capacity (optional)').fill('Panel Chair')
    await add.getByLabel('Organisation (optional)').fill('Council')
    await add.getByLabel('Mailbox').fill('derek.poole@council.example')
    await add.getByLabel('Deputy (optional)').fill('ZZ')
    await add.getByRole('button', { name: 'Add' }).click()
    await hasText(sec.getByRole('alert'), 'There is a problem')
    expect(await sec.locator('.govuk-error-summary a').getAttribute('href')).toBe('#person-deputy')
    await hasText(sec.locator('#person-deputy-error'), 'No one in use has the initials or alias ZZ')
    expect(await add.getByLabel('Organisation (optional)').inputValue()).toBe('Council')
    await web.look(sec, '20-people-add-error')

    // An alias may not be the entry's own initials: the use case says so, on the aliases field.
    await add.getByLabel('Deputy (optional)').fill('SE')
    await add.getByRole('button', { name: 'Add' }).click()
    await hasText(sec.locator('.govuk-error-summary'), 'Aliases: An alias must differ from the initials')
    expect(await sec.locator('.govuk-error-summary a').getAttribute('href')).toBe('#person-aliases')

    await add.getByLabel('Aliases (optional)').fill('PS VC')
    await add.getByRole('button', { name: 'Add' }).click()
    await sec.waitForURL(/\/ui\/people\/\w+\?done=person$/)
    const id = new URL(sec.url()).pathname.split('/').at(-1) ?? ''
    expect(await getPerson(web.stack.deps, id)).toMatchObject({
      name: 'Cllr Derek Poole',
      initials: 'DP',
      aliases: ['PS', 'VC'],
      kind: 'person',
      role: 'Panel Chair',
      organisation: 'Council',
      email: 'derek.poole@council.example',
      deputyId: web.stack.demo?.people.SE,
      memberIds: [],
    })
    await hasText(sec.locator('dl'), 'Sam Ellis (SE)')

    // The edit form has the same fields, filled in; a change is saved and shown.
    await sec.getByText('Change this entry').click()
    const edit = sec.locator(`form[action="/ui/people/${id}"]`)
    expect(await edit.getByLabel('Aliases (optional)').inputValue()).toBe('PS, VC')
    expect(await edit.getByLabel('Deputy (optional)').inputValue()).toBe('SE')
    expect(await edit.getByRole('radio', { name: 'Person', exact: true }).isChecked()).toBe(true)
    await edit.getByLabel('Organisation (optional)').fill('Police and Crime Panel')
    await web.look(sec, '21-person-change')
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await hasText(sec.getByRole('alert'), 'The entry was changed')
    await hasText(sec.locator('dl'), 'Police and Crime Panel')
    expect((await getPerson(web.stack.deps, id)).organisation).toBe('Police and Crime Panel')

    // A board member's page lists their boards.
    const dt = web.stack.demo?.people.DT ?? ''
    await sec.goto(`${web.stack.apiUrl}/ui/people/${dt}`)
    await hasText(sec.locator('dl'), 'Performance Accountability Meeting')
    await web.look(sec, '22-person-boards')

    // The list shows capacity, organisation and aliases.
    await sec.goto(`${web.stack.apiUrl}/ui/people`)
    const row = sec.getByRole('row', { name: /Cllr Derek Poole/ })
    await hasText(row, 'PS, VC')
    await hasText(row, 'Police and Crime Panel')
    await hasText(row, 'Panel Chair')
    await web.look(sec, '23-people')

    // Retiring asks first; then the entry says so and offers no change.
    await sec.goto(`${web.stack.apiUrl}/ui/people/${id}`)
    await sec.getByRole('link', { name: 'Retire Cllr Derek Poole (DP)' }).click()
    await hasText(sec.locator('h1'), 'Are you sure you want to retire Cllr Derek Poole (DP)?')
    await web.look(sec, '24-person-retire')
    await sec.getByRole('button', { name: 'Retire Cllr Derek Poole (DP)' }).click()
    await hasText(sec.getByRole('alert'), 'The entry was retired')
    await hasText(sec.locator('.govuk-inset-text'), 'Retired on')
    expect(await sec.getByText('Change this entry').count()).toBe(0)
    expect(await sec.locator('form[action^="/ui/people/"]').count()).toBe(0)
    expect((await getPerson(web.stack.deps, id)).retiredAt).not.toBeNull()
    await web.look(sec, '25-person-retired')

    // The directory leaves them out, unless asked.
    await sec.goto(`${web.stack.apiUrl}/ui/people`)
    expect(await sec.getByRole('row', { name: /Cllr Derek Poole/ }).count()).toBe(0)
    await sec.getByRole('link', { name: 'Show retired people and teams' }).click()
    await sec.waitForURL(/include=retired/)
    await hasText(sec.getByRole('row', { name: /Cllr Derek Poole/ }), 'Retired')
    await web.look(sec, '26-people-retired-shown')

    web.expectEveryPageClean(7)
  }, 120_000)

  it("group a member's open actions by board, saying why each is theirs", async () => {
    const demo = web.stack.demo
    if (!demo) throw new Error('the stack has no demo board')
    // Prepare: Sol Rahman (SR, in the A&SI team) also sits on a second board with an action.
    const deps = web.stack.deps
    const board = await createBoard(
      deps,
      SEC,
      CreateBoardInput.parse({
        name: 'Joint Audit Committee',
        shortName: 'JAC',
        secretariatEmails: ['audit@opcc.example'],
      }),
    )
    const sr = demo.people.SR ?? ''
    await addMember(deps, SEC, board.id, sr)
    const m = await createMeeting(deps, SEC, board.id, {
      startsAt: new Date(Date.now() - 86_400_000).toISOString(),
    })
    await createMeeting(deps, SEC, board.id, {
      startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    })
    await raiseAction(deps, SEC, m.id, {
      itemNumber: 3,
      description: 'Review the audit tracker',
      ownerIds: [sr],
    })

    const member = await web.newPage()
    await signIn(member, 'Member', 'Sol Rahman (SR)')
    await member.goto(`${web.stack.apiUrl}/ui/mine`)
    const headings = await member.locator('main h2').allInnerTexts()
    expect(headings).toEqual(
      expect.arrayContaining(['Performance Accountability Meeting (PAM)', 'Joint Audit Committee (JAC)']),
    )
    const pam = member.getByRole('table', { name: 'My open actions on Performance Accountability Meeting' })
    await hasText(pam, 'Your team, Analysis & Service Improvement (A&SI), is an owner')
    await hasText(pam, 'Report domestic abuse rates')
    const jac = member.getByRole('table', { name: 'My open actions on Joint Audit Committee' })
    await hasText(jac, 'Review the audit tracker')
    await hasText(jac, 'You are an owner')
    expect(await jac.innerText()).not.toContain('domestic abuse')
    await web.look(member, '27-my-actions-by-board')

    // A deputy sees whom they stand in for.
    const deputy = await web.newPage()
    await signIn(deputy, 'Member', 'Avery Fox-Stone (AFS)')
    await deputy.goto(`${web.stack.apiUrl}/ui/mine`)
    await hasText(deputy.locator('main'), 'You deputise for Dana Turner (DT)')
    await web.look(deputy, '28-my-actions-deputy')

    expect(web.checked.map((a) => a.page).slice(-2)).toEqual([
      '27-my-actions-by-board',
      '28-my-actions-deputy',
    ])
    web.expectEveryPageClean()
  }, 120_000)
})
