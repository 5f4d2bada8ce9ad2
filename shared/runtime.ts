import { ulid } from 'ulid'
import { createDocumentClient, getSecureParameter } from './aws-clients.ts'
import { Store } from './store/store.ts'
import type { Deps } from './usecases/deps.ts'

/**
 * The composition root shared by every handler and the local stack. Mail has its own module
 * (`runtime-mail.ts`) so that a function's bundle holds only what it uses.
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
 * In AWS the link-signing secret is a SecureString parameter and the function is given its
 * name (`LINK_SECRET_PARAMETER`), so the value is in neither the template nor the function's
 * configuration; it is read once, at cold start. Locally and in tests `LINK_SECRET` is set,
 * and Parameter Store is never called.
 */
export async function withLinkSecret(
  env: Record<string, string | undefined>,
): Promise<Record<string, string | undefined>> {
  if (env.LINK_SECRET || !env.LINK_SECRET_PARAMETER) return env
  return {
    ...env,
    LINK_SECRET: await getSecureParameter(env.AWS_REGION ?? 'eu-west-2', env.LINK_SECRET_PARAMETER),
  }
}
