import { ulid } from 'ulid'
import { createDocumentClient } from './store/client.ts'
import { Store } from './store/store.ts'
import type { Deps } from './usecases/deps.ts'

/**
 * The composition root shared by every handler and the local stack. Mail and secrets have
 * their own modules (`runtime-mail.ts`, `withLinkSecret`'s on-demand import) so that a
 * function's bundle loads only the SDK clients it uses: each one costs cold-start time.
 */
export function createDeps(config: {
  TABLE_NAME: string
  AWS_REGION: string
  DYNAMODB_ENDPOINT?: string | undefined
}): Deps {
  const doc = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT })
  return { store: new Store(doc, config.TABLE_NAME), now: () => new Date(), newId: () => ulid() }
}

/**
 * In AWS the link-signing secret lives in Secrets Manager and the function is given its
 * ARN (`LINK_SECRET_ARN`), so the value is in neither the template nor the function's
 * configuration; it is read once, at cold start. Locally and in tests `LINK_SECRET` is set,
 * and the Secrets Manager client is never loaded.
 */
export async function withLinkSecret(
  env: Record<string, string | undefined>,
): Promise<Record<string, string | undefined>> {
  if (env.LINK_SECRET || !env.LINK_SECRET_ARN) return env
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager')
  const client = new SecretsManagerClient({ region: env.AWS_REGION })
  try {
    const res = await client.send(new GetSecretValueCommand({ SecretId: env.LINK_SECRET_ARN }))
    return { ...env, LINK_SECRET: res.SecretString }
  } finally {
    client.destroy()
  }
}
