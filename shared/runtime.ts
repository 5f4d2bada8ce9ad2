import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { ulid } from 'ulid'
import { LinkSigner } from './auth/signed-link.ts'
import type { MailConfig, ReminderConfig } from './config.ts'
import { Mailer } from './mail/mailer.ts'
import { createDocumentClient } from './store/client.ts'
import { Store } from './store/store.ts'
import type { Deps } from './usecases/deps.ts'
import type { NotifyDeps } from './usecases/notify.ts'
import type { ReminderDeps } from './usecases/reminders.ts'

/** The composition root shared by every handler and the local stack. */
export function createDeps(config: {
  TABLE_NAME: string
  AWS_REGION: string
  DYNAMODB_ENDPOINT?: string | undefined
}): Deps {
  const doc = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT })
  return { store: new Store(doc, config.TABLE_NAME), now: () => new Date(), newId: () => ulid() }
}

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

/**
 * In AWS the link-signing secret lives in Secrets Manager and the function is given its
 * ARN (`LINK_SECRET_ARN`), so the value is in neither the template nor the function's
 * configuration; it is read once, at cold start. Locally and in tests `LINK_SECRET` is set.
 */
export async function withLinkSecret(
  env: Record<string, string | undefined>,
): Promise<Record<string, string | undefined>> {
  if (env.LINK_SECRET || !env.LINK_SECRET_ARN) return env
  const client = new SecretsManagerClient({ region: env.AWS_REGION })
  try {
    const res = await client.send(new GetSecretValueCommand({ SecretId: env.LINK_SECRET_ARN }))
    return { ...env, LINK_SECRET: res.SecretString }
  } finally {
    client.destroy()
  }
}
