import { LinkSigner } from './auth/signed-link.ts'
import type { SenderConfig } from './config.ts'
import { Mailer } from './mail/mailer.ts'
import { createDeps } from './runtime.ts'
import type { OutboxDeps } from './usecases/outbox.ts'

/** Dependencies of the handlers that send email: mail, and the signer for the owners' links. */
export function createSenderDeps(config: SenderConfig): OutboxDeps {
  const mailer = new Mailer({
    region: config.AWS_REGION,
    endpoint: config.SES_ENDPOINT,
    from: config.MAIL_FROM,
    configurationSet: config.SES_CONFIGURATION_SET,
    maxPerSecond: config.MAIL_MAX_PER_SECOND,
  })
  return {
    ...createDeps(config),
    mailer,
    links: { signer: new LinkSigner(config.LINK_SECRET), baseUrl: config.PUBLIC_BASE_URL },
  }
}
