import type { Principal } from '../domain/principal.ts'
import { addressKey, type Suppression } from '../domain/suppression.ts'
import { NotFoundError } from '../errors.ts'
import { requireRole } from './authz.ts'
import type { Deps } from './deps.ts'

/** Addresses no email goes to (SES reported a permanent bounce or a complaint), newest first. */
export async function listSuppressions(deps: Deps, principal: Principal): Promise<Suppression[]> {
  requireRole(principal, 'secretariat', 'chair')
  return (await deps.store.listSuppressed()).sort((a, b) => b.at.localeCompare(a.at))
}

/** The secretariat lifts a suppression once the mailbox is fixed; sends to it resume. */
export async function liftSuppression(deps: Deps, principal: Principal, email: string): Promise<void> {
  requireRole(principal, 'secretariat')
  if (!(await deps.store.liftSuppression(email)))
    throw new NotFoundError('suppressed address', addressKey(email))
}
