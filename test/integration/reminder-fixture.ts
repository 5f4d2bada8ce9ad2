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
  const clock = opts.clock
  const api = await startApi(clock ? { now: () => clock.now } : {})
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
  const sweep = (at: string) => sendReminders(stream.deps, new Date(at))
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
    close,
  }
}

export const raise = (api: Api, meetingId: string, body: Record<string, unknown>) =>
  api.post(`/meetings/${meetingId}/actions`, body)

export const reminders = async (to: string) =>
  (await sentEmails(to)).filter((e) => e.subject.includes('please update'))
