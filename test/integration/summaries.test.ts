import { Logger } from '@aws-lambda-powertools/logger'
import { describe, expect, it } from 'vitest'
import { handleEmailFeedback } from '#functions/on-email-feedback/handle.ts'
import { handleSummaryTick } from '#functions/send-overdue-summaries/handle.ts'
import { asEventBridgeEvent } from '#infra/local/ses-front.ts'
import { ValidationError } from '#shared/errors.ts'
import { sendOverdueSummaries } from '#shared/usecases/summaries.ts'
import {
  mailDomain,
  meeting,
  newBoard,
  newPerson,
  raise,
  sentEmails,
  startApi,
  withStream,
} from './harness.ts'

/**
 * A fresh table per test (a sweep covers every board in its table), a run-unique mail
 * domain, and a board chaired by PCC with two owners. `poll` adds the stream poller, so
 * minutes approval carries actions forward as in production.
 */
async function setup(opts: { poll?: boolean } = {}) {
  // A sweep moves the clock to its instant (a scheduled run's "now" is its event time).
  const clock = { now: new Date() }
  const api = await startApi({ now: () => clock.now })
  const stream = await withStream(api, { poll: opts.poll ?? false })
  const domain = mailDomain()
  const mail = (initials: string) => `${initials.toLowerCase()}@${domain}`
  /** A person on the run's mail domain; its id. */
  const owner = async (initials: string, extra: Record<string, unknown> = {}) =>
    (await newPerson(api, initials, { email: mail(initials), ...extra })).id
  /** A board chaired by `chairId`, named by its short name; its id. */
  const board = async (chairId: string | null, shortName = 'PAM') =>
    (
      await newBoard(api, {
        name: `${shortName} board`,
        shortName,
        chairId,
        secretariatEmails: [mail(`sec-${shortName}`)],
      })
    ).id
  /** The hourly run at `at`, then the outbox sending what it queued (the stream's part). */
  const sweep = async (at: string) => {
    clock.now = new Date(at)
    const run = await sendOverdueSummaries(stream.deps, clock.now)
    await stream.drain(clock.now)
    return run
  }
  const close = async () => {
    await stream.stop()
    await api.close()
  }
  return { api, stream, mail, person: owner, board, sweep, close }
}

const summaries = async (address: string) =>
  (await sentEmails(address)).filter((e) => e.subject.includes('overdue summary'))

describe("the chair's overdue summary", () => {
  it('goes to the chair at 08:00 BST three days before, secretariat in copy, listing what is overdue, once', async () => {
    const s = await setup({ poll: true })
    try {
      // Prepare: BS sorts before DT by initials, so DT coming first shows the order is by age.
      const chair = await s.person('PCC')
      const bs = await s.person('BS')
      const dt = await s.person('DT')
      const boardId = await s.board(chair)
      const m1 = await meeting(s.api, boardId, '2026-01-27T10:00:00Z')
      const m2 = await meeting(s.api, boardId, '2026-02-24T10:00:00Z')
      const m3 = await meeting(s.api, boardId, '2026-03-24T10:00:00Z')
      const june = await meeting(s.api, boardId, '2026-06-23T10:00:00+01:00')
      const july = await meeting(s.api, boardId, '2026-07-21T10:00:00+01:00')
      const carried = await raise(s.api, m1, { itemNumber: 2, description: 'Carried twice', ownerIds: [dt] })
      // Raised in March, due in June (the next meeting), so the rollovers below leave them alone.
      await raise(s.api, m3, {
        itemNumber: 4,
        description: 'BS past its own date',
        ownerIds: [bs],
        dueDate: '2026-05-01',
      })
      await raise(s.api, m3, {
        itemNumber: 5,
        description: 'DT exempt, past its own date',
        ownerIds: [dt],
        dueDate: '2026-05-15',
        exempt: { section: 'S.31 (Law Enforcement)' },
      })
      await raise(s.api, m3, { itemNumber: 6, description: 'DT due in June, on time', ownerIds: [dt] })
      const done = await raise(s.api, m3, { itemNumber: 7, description: 'BS proposed done', ownerIds: [bs] })
      const proposal = { actionId: done.id, outcome: 'discharged', note: 'Done' }
      expect((await s.api.post(`/meetings/${june}/outcomes`, proposal)).status).toBe(200)
      await raise(s.api, m3, {
        itemNumber: 8,
        description: 'DT due in July',
        ownerIds: [dt],
        dueMeetingId: july,
      })
      // Carry the first one twice through the real rollover: approve February's minutes, then March's.
      for (const [m, approvedOn, next] of [
        [m2, '2026-03-01', m3],
        [m3, '2026-04-01', june],
      ] as const) {
        expect((await s.api.post(`/meetings/${m}/minutes-approval`, { approvedOn })).status).toBe(202)
        await expect
          .poll(async () => (await s.api.get(`/actions/${carried.id}`)).body.dueMeetingId, {
            timeout: 15_000,
          })
          .toBe(next)
      }
      expect((await s.api.get(`/actions/${carried.id}`)).body.carryCount).toBe(2)

      // Act: the window opens at 08:00 BST on 20 June (07:00Z).
      const early = await s.sweep('2026-06-20T06:59:00Z')
      const first = await s.sweep('2026-06-20T07:00:00Z')
      const again = await s.sweep('2026-06-20T07:00:00Z')
      const later = await s.sweep('2026-06-20T08:00:00Z')

      // Assess
      expect(early).toMatchObject({ boards: 1, windows: 0, emails: 0 })
      expect(first).toMatchObject({ boards: 1, windows: 1, emails: 1 })
      expect(again.emails).toBe(0)
      expect(later.emails).toBe(0)
      // The stream poller runs here too, and may be the one sending it as the drain returns.
      await expect.poll(async () => (await summaries(s.mail('PCC'))).length).toBeGreaterThan(0)
      const sent = await summaries(s.mail('PCC'))
      expect(sent).toHaveLength(1)
      const [email] = sent
      expect(email?.destination).toEqual({ to: [s.mail('PCC')], cc: [s.mail('sec-PAM')], bcc: [] })
      expect(email?.subject).toBe('PAM 23 June 2026: overdue summary – 3 actions overdue')
      const text = email?.body.text ?? ''
      expect(text).toContain('Dear Person PCC,')
      // Due at June: the carried one, BS's, DT's exempt and on-time ones; not the proposed discharge nor July's.
      expect(text).toContain('4 actions are due at the meeting on 23 June 2026.')
      expect(text).toContain(
        [
          'Person DT (DT)',
          '- 02.27/01/2026: Carried twice',
          '  due at the meeting of 23 June 2026; 143 days old; carried forward 2 times',
          '- 05.24/03/2026 [NOT FOR PUBLICATION – Exempt FOIA under Section S.31 (Law Enforcement)]: DT exempt, past its own date',
          '  due by 15 May 2026 (past due); 87 days old; not carried forward',
          '',
          'Person BS (BS)',
          '- 04.24/03/2026: BS past its own date',
          '  due by 1 May 2026 (past due); 87 days old; not carried forward',
        ].join('\n'),
      )
      for (const notListed of ['on time', 'proposed done', 'due in July'])
        expect(text).not.toContain(notListed)
      expect(text).not.toContain('BOUNCED')
      expect(email?.body.html).toContain('<h3 style="font-size: 17px">Person DT (DT)</h3>')
    } finally {
      await s.close()
    }
  })

  it('goes at 08:00 GMT in winter, says when nothing is overdue, and skips cancelled and started meetings', async () => {
    const s = await setup()
    try {
      // Prepare
      const chair = await s.person('PCC')
      const dt = await s.person('DT')
      const boardId = await s.board(chair)
      const november = await meeting(s.api, boardId, '2026-11-10T10:00:00Z')
      await meeting(s.api, boardId, '2026-12-08T10:00:00Z')
      const cancelled = await meeting(s.api, boardId, '2026-12-10T10:00:00Z')
      expect((await s.api.patch(`/meetings/${cancelled}`, { status: 'cancelled' })).status).toBe(200)
      await raise(s.api, november, { itemNumber: 3, description: 'Due in December', ownerIds: [dt] })

      // Act
      const early = await s.sweep('2026-12-05T07:59:00Z')
      const onTime = await s.sweep('2026-12-05T08:00:00Z')
      // The cancelled meeting's window (7 December) and the started meeting's get nothing.
      const cancelledWindow = await s.sweep('2026-12-07T09:00:00Z')
      const started = await s.sweep('2026-12-08T10:30:00Z')

      // Assess
      expect(early.emails).toBe(0)
      expect(onTime).toMatchObject({ boards: 1, windows: 1, emails: 1 })
      expect(cancelledWindow).toMatchObject({ boards: 1, windows: 1, emails: 0 })
      expect(started).toMatchObject({ boards: 1, windows: 0, emails: 0 })
      const [email, ...more] = await summaries(s.mail('PCC'))
      expect(more).toEqual([])
      expect(email?.subject).toBe('PAM 8 December 2026: overdue summary – nothing overdue')
      expect(email?.body.text).toContain('1 action is due at the meeting on 8 December 2026.')
      expect(email?.body.text).toContain('OVERDUE ACTIONS\nNothing is overdue.')
      expect(email?.body.html).toContain('<p><strong>Nothing is overdue.</strong></p>')
    } finally {
      await s.close()
    }
  })

  it("lists bounced owner addresses, and goes to the chair's deputy when the chair's address bounced", async () => {
    const s = await setup()
    try {
      // Prepare
      const deputy = await s.person('DPCC')
      const chair = await s.person('PCC', { deputyId: deputy })
      const dt = await s.person('DT')
      const boardId = await s.board(chair)
      const may = await meeting(s.api, boardId, '2026-05-05T10:00:00+01:00')
      await meeting(s.api, boardId, '2026-06-23T10:00:00+01:00')
      await raise(s.api, may, {
        itemNumber: 2,
        description: 'Past its date',
        ownerIds: [dt],
        dueDate: '2026-06-01',
      })
      // Bounces as EventBridge hands them to on-email-feedback.
      const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' })
      const bounce = async (emailAddress: string, timestamp: string) => {
        const message = {
          notificationType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress }],
            timestamp,
          },
        }
        expect((await handleEmailFeedback(asEventBridgeEvent(message), s.api.deps, logger)).suppressed).toBe(
          1,
        )
      }
      await bounce(s.mail('DT'), '2026-06-02T09:00:00.000Z')
      await bounce(s.mail('PCC'), '2026-06-03T09:00:00.000Z')
      // Someone on no board of ours: not the chair's business.
      await bounce(`stranger@${s.mail('x').split('@')[1]}`, '2026-06-04T09:00:00.000Z')

      // Act: the 20 June window was missed (an outage); the next run, a day later, catches it up.
      const run = await s.sweep('2026-06-21T12:00:00Z')

      // Assess
      expect(run.emails).toBe(1)
      expect(await summaries(s.mail('PCC'))).toEqual([])
      const [email, ...more] = await summaries(s.mail('DPCC'))
      expect(more).toEqual([])
      expect(email?.destination).toEqual({ to: [s.mail('DPCC')], cc: [s.mail('sec-PAM')], bcc: [] })
      const text = email?.body.text ?? ''
      expect(text).toContain(
        'This summary is for Person PCC, chair of the PAM board. It comes to you as their deputy because their email address cannot be reached.',
      )
      expect(text).toContain('- 02.05/05/2026: Past its date\n  due by 1 June 2026 (past due)')
      expect(text).toContain(
        [
          'BOUNCED OR COMPLAINING ADDRESSES',
          'No email is sent to these addresses until the secretariat lifts the block (once the mailbox is fixed):',
          `- ${s.mail('PCC')} – Person PCC (PCC): bounced (Permanent/General) on 3 June 2026`,
          `- ${s.mail('DT')} – Person DT (DT): bounced (Permanent/General) on 2 June 2026`,
          '',
        ].join('\n'),
      )
      expect(text).not.toContain('stranger@')
      expect(await s.sweep('2026-06-21T13:00:00Z')).toMatchObject({ windows: 1, emails: 0 })
    } finally {
      await s.close()
    }
  })

  it('goes to the secretariat when the board has no chair, or neither the chair nor a deputy can be reached', async () => {
    const s = await setup()
    try {
      // Prepare: two boards in one table, one sweep.
      const chair = await s.person('PCC')
      const dt = await s.person('DT')
      const chairless = await s.board(null, 'PANEL')
      const chaired = await s.board(chair, 'PAM')
      for (const boardId of [chairless, chaired]) {
        const may = await meeting(s.api, boardId, '2026-05-05T10:00:00+01:00')
        await meeting(s.api, boardId, '2026-06-23T10:00:00+01:00')
        await raise(s.api, may, {
          itemNumber: 2,
          description: 'Past its date',
          ownerIds: [dt],
          dueDate: '2026-06-01',
        })
      }
      await s.api.deps.store.suppressions.save({
        email: s.mail('PCC').toUpperCase(),
        reason: 'complaint',
        detail: 'abuse',
        at: '2026-06-03T09:00:00.000Z',
        messageId: null,
      })

      // Act
      const run = await s.sweep('2026-06-20T07:00:00Z')

      // Assess
      expect(run).toMatchObject({ boards: 2, windows: 2, emails: 2 })
      expect(await summaries(s.mail('PCC'))).toEqual([])
      const [panel] = await summaries(s.mail('sec-PANEL'))
      expect(panel?.destination).toEqual({ to: [s.mail('sec-PANEL')], cc: [], bcc: [] })
      expect(panel?.body.text).toMatch(
        /^The PANEL board has no chair recorded, so this summary comes to the secretariat\.\n/,
      )
      const [pam] = await summaries(s.mail('sec-PAM'))
      expect(pam?.destination).toEqual({ to: [s.mail('sec-PAM')], cc: [], bcc: [] })
      expect(pam?.body.text).toContain(
        "It comes to the secretariat because neither the chair's email address nor a deputy's can be reached.",
      )
      expect(pam?.body.text).toContain(
        `- ${s.mail('PCC').toUpperCase()} – Person PCC (PCC): complaint (abuse) on 3 June 2026`,
      )
      // The chair is not PANEL's business: its summary does not list the chair's address.
      expect(panel?.body.text).not.toContain('BOUNCED')
    } finally {
      await s.close()
    }
  })
})

describe('the send-overdue-summaries handler', () => {
  it('acts for the scheduled time and refuses an event without one', async () => {
    const s = await setup()
    try {
      const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' })
      const chair = await s.person('PCC')
      const boardId = await s.board(chair)
      await meeting(s.api, boardId, '2026-06-23T10:00:00+01:00')

      expect(await handleSummaryTick({ time: '2026-06-20T08:00:00+01:00' }, s.stream.deps, logger)).toEqual({
        boards: 1,
        windows: 1,
        emails: 1,
        failures: [],
      })
      await expect(handleSummaryTick({}, s.stream.deps, logger)).rejects.toBeInstanceOf(ValidationError)
      await expect(handleSummaryTick({ time: 'yesterday' }, s.stream.deps, logger)).rejects.toBeInstanceOf(
        ValidationError,
      )
    } finally {
      await s.close()
    }
  })
})
