import type { MailerOptions } from '#shared/mail/mailer.ts'
import { sendReminders } from '#shared/usecases/reminders.ts'
import { mailDomain, newBoard, newPerson, sentEmails, startApi, withStream } from './harness.ts'

/**
 * A fresh table (a sweep covers every board in its table) with a board and two owners,
 * DT and BS, on a run-unique mail domain. `clock` drives the API's "now" when given.
 */
export async function reminderFixture(
  opts: { clock?: { now: Date }; mail?: Pick<MailerOptions, 'maxPerSecond' | 'maxAttempts'> } = {},
) {
  // The sweep moves the clock to its instant, as a scheduled run's "now" is its event time.
  const clock = opts.clock ?? { now: new Date() }
  const api = await startApi({ now: () => clock.now })
  const stream = await withStream(api, opts.mail ? { mail: opts.mail } : {})
  const domain = mailDomain()
  /** Another owner on the fixture's mail domain; its id. */
  const owner = async (initials: string) =>
    (
      await newPerson(api, initials, {
        name: `Owner ${initials}`,
        email: `${initials.toLowerCase()}@${domain}`,
      })
    ).id
  const dt = await owner('DT')
  const bs = await owner('BS')
  const board = await newBoard(api, { secretariatEmails: [`sec@${domain}`] })
  /** The hourly run at `at`, then the outbox delivering what it queued (the stream's part). */
  const sweep = async (at: string) => {
    clock.now = new Date(at)
    const run = await sendReminders(stream.deps, clock.now)
    return { ...run, outbox: await stream.drain(clock.now) }
  }
  /** The outbox sweep alone at `at` (retries after back-off). */
  const drainAt = async (at: Date) => {
    clock.now = at
    return stream.drain(at)
  }
  const close = async () => {
    await stream.stop()
    await api.close()
  }
  return {
    api,
    stream,
    board,
    dt,
    bs,
    person: owner,
    mail: { dt: `dt@${domain}`, bs: `bs@${domain}` },
    sweep,
    drainAt,
    clock,
    close,
  }
}

export const reminders = async (to: string) =>
  (await sentEmails(to)).filter((e) => e.subject.includes('please update'))
