import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signLocalToken } from '#infra/local/auth.ts'
import type { LocalStack } from '#infra/local/stack.ts'
import { windowOpensAt } from '#shared/domain/reminders.ts'
import { mailbox as mailboxOf, startScratchStack } from './scratch-stack.ts'

/**
 * The local stack as `npm start` runs it (its own DynamoDB Local and SES emulator, the demo
 * board, the schedules fired once at start), driven like a new user would: read the
 * mailbox, follow the owner's link, fast-forward the clock.
 */
let stack: LocalStack
let stop: (() => Promise<void>) | undefined
const mailbox = () => mailboxOf(stack)

beforeAll(async () => {
  ;({ stack, stop } = await startScratchStack())
}, 120_000)

afterAll(async () => {
  await stop?.()
})

describe('npm start', () => {
  it('sends the demo owners their reminders at start, with links that work', async () => {
    const reminders = (await mailbox()).filter((m) => m.subject.includes('please update'))
    expect(reminders.length).toBeGreaterThan(0)
    const link = /https?:\/\/\S+\/respond\/[\w.-]+/.exec(reminders[0]?.body.text ?? '')?.[0]
    expect(link?.startsWith(stack.apiUrl)).toBe(true)

    const pageRes = await fetch(link ?? '')
    expect(pageRes.status).toBe(200)
    const html = await pageRes.text()
    const actionId = /name="actionId" value="([^"]+)"/.exec(html)?.[1]
    const form = /name="form" value="([^"]+)"/.exec(html)?.[1]
    const posted = await fetch(link ?? '', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        form: form ?? '',
        actionId: actionId ?? '',
        text: 'Posted from the e2e test',
      }),
    })
    expect(posted.status).toBe(303)

    const token = await signLocalToken(stack.key, { role: 'secretariat' })
    const history = (await (
      await fetch(`${stack.apiUrl}/actions/${actionId}/history`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { items: { kind: string; note: string | null; by: { kind: string } }[] }
    expect(history.items.at(-1)).toMatchObject({
      kind: 'update-posted',
      note: 'Posted from the e2e test',
      by: { kind: 'owner-link' },
    })
  })

  it('fast-forwards to the chair’s summary window, and a repeat run sends nothing', async () => {
    const meetingId = stack.demo?.meetingIds.at(-1)
    const meeting = await stack.deps.store.meetings.get(meetingId ?? '')
    const board = await stack.deps.store.boards.get(stack.demo?.boardId ?? '')
    if (!meeting || !board) throw new Error('demo board missing')
    const at = windowOpensAt(meeting.startsAt, board.summaryDaysBefore, board.timeZone)

    const run = await stack.tick(at)
    expect(run.summaries).toMatchObject({ emails: 1 })
    const chair = await stack.deps.store.people.get(board.chairId ?? '')
    // The stream may be the one sending it (it delivers what is queued at once), a moment
    // after the tick's own sweep found it claimed and returned.
    const summariesSent = async () => (await mailbox()).filter((m) => m.subject.includes('overdue summary'))
    await expect.poll(async () => (await summariesSent()).length, { timeout: 15_000 }).toBe(1)
    const summaries = await summariesSent()
    expect(summaries[0]?.destination.to).toEqual([chair?.email])
    expect(summaries[0]?.destination.cc).toEqual(expect.arrayContaining(board.secretariatEmails))

    const again = await stack.tick(at)
    expect(again.summaries).toMatchObject({ emails: 0 })
    expect(again.reminders).toMatchObject({ emails: 0 })
  })
})
