import type { Page, PageRequest } from '../domain/page.ts'
import { mayManageEmail, mayViewSuppressions } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import { addressKey, type Suppression } from '../domain/suppression.ts'
import { NotFoundError } from '../errors.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'

/** Addresses no email goes to (SES reported a permanent bounce or a complaint), a page at a time by address. */
export async function listSuppressions(
  deps: Deps,
  principal: Principal,
  page: PageRequest,
): Promise<Page<Suppression>> {
  authorize(principal, mayViewSuppressions)
  return deps.store.suppressions.page(page)
}

/** The secretariat lifts a suppression once the mailbox is fixed; sends to it resume. */
export async function liftSuppression(deps: Deps, principal: Principal, email: string): Promise<void> {
  authorize(principal, mayManageEmail)
  if (!(await deps.store.suppressions.lift(email)))
    throw new NotFoundError('suppressed address', addressKey(email))
}
