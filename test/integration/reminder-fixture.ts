import type { MailerOptions } from '#shared/mail/mailer.ts'
import { sendReminders } from '#shared/usecases/reminders.ts'
import { type Api, mailDomain, sentEmails, startApi, withStream } from './harness.ts'

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
  const person = async (initials: string) =>
    (
      await api.post('/people', {
        name: `Owner ${initials}`,
        initials,
        kind: 'person',
        email: `${initials.toLowerCase()}@${domain}`,
      })
    ).body.id as string
  const dt = await person('DT')
  const bs = await person('BS')
  const board = (
    await api.post('/boards', {
      name: 'Performance Accountability Meeting',
      shortName: 'PAM',
      secretariatEmails: [`sec@${domain}`],
    })
  ).body
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
    person,
    mail: { dt: `dt@${domain}`, bs: `bs@${domain}` },
    sweep,
    drainAt,
    clock,
    close,
  }
}

export const raise = (api: Api, meetingId: string, body: Record<string, unknown>) =>
  api.post(`/meetings/${meetingId}/actions`, body)

export const reminders = async (to: string) =>
  (await sentEmails(to)).filter((e) => e.subject.includes('please update'))
