import { LinkSigner } from './auth/signed-link.ts'
import type { MailConfig, ReminderConfig } from './config.ts'
import { Mailer } from './mail/mailer.ts'
import { createDeps } from './runtime.ts'
import type { NotifyDeps } from './usecases/notify.ts'
import type { ReminderDeps } from './usecases/reminders.ts'

/** Dependencies of the handlers that also send email. */
export function createNotifyDeps(config: MailConfig): NotifyDeps {
  const mailer = new Mailer({
    region: config.AWS_REGION,
    endpoint: config.SES_ENDPOINT,
    from: config.MAIL_FROM,
    configurationSet: config.SES_CONFIGURATION_SET,
    maxPerSecond: config.MAIL_MAX_PER_SECOND,
  })
  return { ...createDeps(config), mailer }
}

/** Dependencies of the reminder sender: mail, plus the signer for the owners' links. */
export function createReminderDeps(config: ReminderConfig): ReminderDeps {
  return {
    ...createNotifyDeps(config),
    links: { signer: new LinkSigner(config.LINK_SECRET), baseUrl: config.PUBLIC_BASE_URL },
  }
}
