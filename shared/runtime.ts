import { ulid } from 'ulid'
import { createDocumentClient } from './store/client.ts'
import { Store } from './store/store.ts'
import type { Deps } from './usecases/deps.ts'

/** The composition root shared by every handler and the local stack. */
export function createDeps(config: {
  TABLE_NAME: string
  AWS_REGION: string
  DYNAMODB_ENDPOINT?: string | undefined
}): Deps {
  const doc = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT })
  return { store: new Store(doc, config.TABLE_NAME), now: () => new Date(), newId: () => ulid() }
}
