import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createMeeting } from '#shared/usecases/meetings.ts'
import { seedToDocx } from '#test/fixtures/minutes/build.ts'
import { seedText } from '#test/fixtures/minutes/seeds.ts'
import { browse, hasText, shows } from './browse.ts'
import { mailbox } from './scratch-stack.ts'

/**
 * Minutes imported in headless Chromium against the local stack with its demo board: the
 * seed minutes of 23 June 2020 as a Word file uploaded on a past meeting's page, its unknown
 * initials placed (a new person, a new team), the drafts reviewed and accepted, and the
 * actions on the meeting page; the meeting is years past, so nobody is emailed. Every page
 * is screenshotted (test-results/screenshots/i*.png) and checked with axe at 1100 and 320 px.
 */
const web = browse()
const SECRETARIAT = { subject: 'test-secretariat', role: 'secretariat' as const, personId: null }
const dir = mkdtempSync(join(tmpdir(), 'minutes-import-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('minutes imported from a Word file', () => {
  it('uploads a .docx, places an unknown name, accepts, and shows the actions; emails no one', async () => {
    const file = join(dir, 'PAM minutes 23 June 2020.docx')
    writeFileSync(file, await seedToDocx(seedText('pam-minutes-2020-06-23')))
    // The meeting the minutes are of, entered on the demo board (its date is the references').
    const created = await createMeeting(web.stack.deps, SECRETARIAT, web.stack.demo?.boardId ?? '', {
      startsAt: '2020-06-23T09:00:00Z',
      location: 'Gold Room, Police HQ',
    })
    const past = created.id
    const pastTitle = created.title
    const emailsBefore = (await mailbox(web.stack)).length

    const sec = await web.newPage({ csp: 'enforced' })
    await sec.goto(`${web.stack.apiUrl}/ui`)
    await sec.getByRole('radio', { name: 'Secretariat' }).check()
    await sec.getByRole('button', { name: 'Sign in' }).click()
    await shows(sec.getByRole('heading', { name: 'Boards', level: 1 }))

    // The meeting page's upload form.
    await sec.goto(`${web.stack.apiUrl}/ui/meetings/${past}`)
    await shows(sec.getByRole('heading', { name: 'Import the minutes' }))
    await sec.getByLabel('Upload the minutes').setInputFiles(file)
    await sec.getByRole('button', { name: 'Read the minutes' }).click()

    // The review: nothing is in the log yet; the unknown names come first.
    await shows(sec.getByRole('heading', { name: /^Review the minutes of/, level: 1 }))
    await hasText(sec.getByRole('alert'), 'Nothing is in the action log until you accept it below')
    await hasText(sec.locator('.govuk-summary-list'), 'a Word file (PAM minutes 23 June 2020.docx)')
    const actions = sec.getByRole('region', { name: 'Actions', exact: true })
    expect(await sec.getByLabel('Description of 01.23/06/2020').inputValue()).toBe(
      'NT to add SOH links to OPCC website',
    )
    expect(await sec.getByLabel('Owners of 01.23/06/2020').inputValue()).toBe('NT / OPCC')
    await hasText(actions, 'Unknown: NT, OPCC')
    await web.look(sec, 'i01-review')

    // The names in one form: NT a new person; OPCC a new team, refused without a mailbox.
    const names = sec.getByRole('region', { name: 'Names no one on the board has' })
    await names.getByLabel('Who it is for “NT”').selectOption('person')
    await names.getByLabel('Full name for “NT”').fill('Neil Tipton')
    await names.getByLabel('Mailbox for “NT”').fill('neil.tipton@opcc.example')
    await names.getByLabel('Who it is for “OPCC”').selectOption('team')
    await names.getByLabel('Full name for “OPCC”').fill('Office of the PCC')
    await sec.getByRole('button', { name: 'Save names' }).click()
    await hasText(sec.locator('.govuk-error-summary'), '“OPCC”, mailbox: ')
    await web.look(sec, 'i02-name-refused')
    // NT was saved; OPCC again, with its mailbox, and DH, whose full name the attendance list gives.
    const again = sec.getByRole('region', { name: 'Names no one on the board has' })
    expect(await again.innerText()).not.toContain('“NT”')
    await again.getByLabel('Mailbox for “OPCC”').fill('opcc@opcc.example')
    await again.getByLabel('Who it is for “DH”').selectOption('person')
    expect(await again.getByLabel('Full name for “DH”').inputValue()).toBe('Dawn Hartland')
    await again.getByLabel('Mailbox for “DH”').fill('dawn.hartland@force.example')
    await sec.getByRole('button', { name: 'Save names' }).click()
    await hasText(sec.getByRole('alert'), 'The names were saved')
    await hasText(
      sec.getByRole('region', { name: 'Actions', exact: true }),
      'Owners: Neil Tipton (NT), Office of the PCC (OPCC)',
    )

    // "For Review" is no one: that draft is rejected; the rest are proposed for acceptance.
    await sec.getByLabel('Decision on 04.23/06/2020').selectOption('reject')
    expect(await sec.getByLabel('Email the owners of the actions accepted').isChecked()).toBe(false)
    await web.look(sec, 'i03-review-ready')
    await sec.getByRole('button', { name: 'Save decisions' }).click()
    await hasText(sec.getByRole('alert'), 'Your decisions were saved')
    const decided = sec.getByRole('region', { name: 'Drafts decided' })
    await hasText(decided, '01.23/06/2020')
    await web.look(sec, 'i04-review-decided')

    // The actions are on the meeting page.
    await sec.getByRole('link', { name: 'Back to the meeting' }).click()
    const raised = sec.getByRole('region', { name: 'Actions raised at this meeting' })
    for (const ref of ['01.23/06/2020', '02.23/06/2020', '03.23/06/2020']) await hasText(raised, ref)
    expect(await raised.innerText()).not.toContain('04.23/06/2020')
    await hasText(sec.getByRole('region', { name: 'Minutes imported' }), 'PAM minutes 23 June 2020.docx')
    await web.look(sec, 'i05-meeting-after-import')

    // A past meeting's minutes email no one about it: no assignment email ("… from PAM 23 June
    // 2020") and no rollover email, once the stream has run. (The actions are due at the board's
    // next meeting, six days ahead, so its reminders may list them, as for any open action.)
    await new Promise((r) => setTimeout(r, 3000))
    const after = (await mailbox(web.stack)).slice(emailsBefore).map((m) => m.subject)
    expect(after.filter((subject) => subject.includes(pastTitle))).toEqual([])

    web.expectEveryPageClean(5)
  }, 180_000)
})
