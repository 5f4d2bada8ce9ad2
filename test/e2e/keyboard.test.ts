import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Principal } from '#shared/domain/principal.ts'
import * as actions from '#shared/usecases/actions.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import { browse } from './browse.ts'
import { SHOTS } from './chromium.ts'
import {
  activate,
  chooseRadio,
  focused,
  pickerStops,
  skipLinkFirst,
  tabTo,
  typeInto,
  visited,
} from './keys.ts'
import { mailbox } from './scratch-stack.ts'

/**
 * The main tasks with the keyboard alone (issue 15, item 7), in Chromium against the local
 * stack with the demo board: sign in as the secretariat, raise an action at a meeting, record
 * a decision on one of its Actions Arising, approve its minutes; then, as an owner, open the
 * link from the reminder in the SES emulator's mailbox and post an update. Only
 * `page.keyboard` acts (Tab, Shift+Tab, arrows, Space, Enter, and typing into the focused
 * field); the page is read to assert, and to know which way to tab. Every Tab must leave a
 * visible focus (see keys.ts), and a fresh page's first stop must be the skip link.
 */
const web = browse()

const SEC: Principal = { subject: 'keyboard-test', role: 'secretariat', personId: null }

/** The pages as a browser gets them: the Content Security Policy enforced, no mouse. */
const newPage = () => web.newPage({ csp: 'enforced' })

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `keyboard-${name}.png`) })

/** The success banner a change ends on (the Design System's script gives it the focus). */
async function banner(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.locator('.govuk-notification-banner').innerText()).toContain(text)
}

// ---- the steps, each by the labels the pages give their fields ---------------------------

async function signIn(page: Page): Promise<void> {
  await page.goto(`${web.stack.apiUrl}/ui/sign-in`)
  await skipLinkFirst(page)
  await chooseRadio(page, 'Role', 'Secretariat')
  await activate(page, { tag: 'button', name: 'Sign in' }, /\/ui\/boards$/)
}

/** Follows a link by its text, with Enter. */
const follow = (page: Page, name: string, leadsTo: RegExp) => activate(page, { tag: 'a', name }, leadsTo)

/**
 * Raises an action with the first row of the meeting page's raise form (tabbing from the
 * top reaches row 1 first): "Agenda item", "What is to be done", "Owners" (initials), "Due
 * at" left at the next meeting, then the "Raise actions" button.
 */
async function raise(page: Page, row: { item: string; description: string; owners: string }): Promise<void> {
  await typeInto(page, 'Agenda item', row.item, 'input')
  await typeInto(page, 'What is to be done', row.description, 'textarea')
  await typeInto(page, 'Owners', row.owners, 'input')
  await activate(page, { tag: 'button', name: 'Raise actions' }, /done=raised/)
  await banner(page, 'The action was raised')
}

/**
 * Records a decision on one row of the Actions Arising form: the radios "Decision on <ref>"
 * (Discharge / Carry forward), the "Note on <ref>" textarea, then "Save decisions".
 */
async function decide(
  page: Page,
  ref: string,
  decision: 'Discharge' | 'Carry forward',
  note: string,
): Promise<void> {
  await chooseRadio(page, `Decision on ${ref}`, decision)
  await typeInto(page, `Note on ${ref}`, note, 'textarea')
  await activate(page, { tag: 'button', name: 'Save decisions' }, /done=decisions/)
  await banner(page, 'The decisions were saved')
}

/** Approves the minutes: "Date approved" left at today, then the "Approve the minutes" button. */
async function approve(page: Page): Promise<void> {
  await activate(page, { tag: 'button', name: 'Approve the minutes' }, /done=approved/)
  await banner(page, 'The minutes were approved')
}

/**
 * The owner's update on their link's page: the "Your update on <ref>" textarea, the
 * "This action is complete…" checkbox ticked with Space, and "Send update on <ref>".
 */
async function ownerUpdate(page: Page, ref: string, text: string): Promise<void> {
  await typeInto(page, `Your update on ${ref}`, text, 'textarea')
  await tabTo(page, { tag: 'input', type: 'checkbox', legend: `Is ${ref} complete?`, name: /complete/ })
  await page.keyboard.press('Space')
  expect((await focused(page)).checked).toBe(true)
  await activate(page, { tag: 'button', name: `Send update on ${ref}` }, /done=/)
  await banner(page, `Your update on ${ref} was recorded`)
}

describe('the main tasks with the keyboard alone', () => {
  it('sign in, raise, decide, approve, and the owner’s update, with the focus always visible', async () => {
    const demo = web.stack.demo
    if (!demo) throw new Error('the stack has no demo board')
    const deps = web.stack.deps
    // The demo's third meeting is held and awaits its minutes; the fourth is next.
    const [held, next] = [demo.meetingIds[2] ?? '', demo.meetingIds[3] ?? '']
    const heldMeeting = await meetings.getMeeting(deps, held)
    const undecided = (await actions.listActionsArising(deps, SEC, held, { limit: 50 })).items.find(
      (a) => a.proposedOutcome?.meetingId !== held,
    )
    if (!undecided) throw new Error('the demo meeting has no undecided action arising')

    const page = await newPage()
    await signIn(page)
    expect((await page.context().cookies()).some((c) => c.name === 'ui_session')).toBe(true)
    await skipLinkFirst(page)
    await follow(page, 'Performance Accountability Meeting', /\/ui\/boards\/\w+$/)
    await skipLinkFirst(page)
    await follow(page, heldMeeting.title, new RegExp(`/ui/meetings/${held}$`))
    await skipLinkFirst(page)

    // Raise: the new action is the meeting's, owned by DT, due at the next meeting.
    const description = 'Publish the stop and search scrutiny panel’s findings by ward'
    await raise(page, { item: '6', description, owners: 'DT' })
    await shot(page, 'raised')
    const raisedHere = (await actions.listActionsRaisedAt(deps, SEC, held, { limit: 50 })).items
    const raised = raisedHere.find((a) => a.description === description)
    expect(raised?.ownerIds).toEqual([demo.people.DT])
    expect(raised?.dueMeetingId).toBe(next)
    const ref = raised?.ref ?? ''

    // Decide: a carry forward with its note, recorded for the approval.
    await decide(page, undecided.ref, 'Carry forward', 'Awaiting the regional board’s sign-off')
    await shot(page, 'decided')
    expect((await actions.getAction(deps, SEC, undecided.id)).proposedOutcome).toMatchObject({
      meetingId: held,
      outcome: 'carried-forward',
      note: 'Awaiting the regional board’s sign-off',
    })

    // Approve: the minutes are approved, and the rollover carries the action to the next meeting.
    await approve(page)
    expect((await meetings.getMeeting(deps, held)).status).toBe('minutes-approved')
    await expect
      .poll(async () => (await actions.getAction(deps, SEC, undecided.id)).dueMeetingId, { timeout: 20_000 })
      .toBe(next)

    // The owner: DT's reminder for the next meeting, from the mailbox, opens their page.
    const ownerLink = async () => {
      const mail = (await mailbox(web.stack)).find(
        (m) => m.subject.includes('please update') && m.destination.to.includes('dana.turner@force.example'),
      )
      return /https?:\/\/\S+\/respond\/[\w.-]+/.exec(mail?.body.text ?? '')?.[0] ?? ''
    }
    await expect.poll(ownerLink, { timeout: 20_000 }).toMatch(/\/respond\//)
    const link = await ownerLink()
    const owner = await newPage()
    await owner.goto(link)
    await skipLinkFirst(owner)
    const update = 'Ward breakdown requested from the analysts; due next month'
    await ownerUpdate(owner, ref, update)
    await shot(owner, 'owner-sent')
    const after = await actions.getAction(deps, SEC, raised?.id ?? '')
    expect(after.updates.at(-1)).toMatchObject({ text: update, proposeComplete: true })

    // The record of the run: every stop passed had a visible focus (press() fails otherwise);
    // only the browser's date field's calendar button shows no more than the browser's ring.
    expect(visited.length).toBeGreaterThan(20)
    expect(pickerStops.every((s) => /<input type=(date|time)>/.test(s))).toBe(true)
  }, 180_000)
})
