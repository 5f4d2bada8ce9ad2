import type { Action, RedactedAction } from '../domain/action.ts'
import { redact } from '../domain/action-rules.ts'
import type { Policy } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import { ForbiddenError } from '../errors.ts'
import type { Deps } from './deps.ts'

/** Refuses (403) unless the policy allows this principal. */
export function authorize<Context extends unknown[]>(
  principal: Principal,
  policy: Policy<Context>,
  ...context: Context
): void {
  if (!policy(principal, ...context)) {
    throw new ForbiddenError(`this needs ${policy.who}; you are ${principal.role}`)
  }
}

/**
 * The owner ids a principal acts for: themselves, the teams they belong to and the people
 * they deputise for. An owner who is in a team sees and updates the team's actions.
 */
export async function actsFor(deps: Deps, principal: Principal): Promise<Set<string>> {
  if (!principal.personId) return new Set()
  const rel = await deps.store.people.relationsOf(principal.personId)
  return new Set([principal.personId, ...rel.teamIds, ...rel.deputisesFor])
}

export function isOwnerFor(action: Action, actingFor: Set<string>): boolean {
  return action.ownerIds.some((o) => actingFor.has(o))
}

/**
 * How this principal sees actions: the secretariat and chair see everything; a member sees
 * exempt actions in full only when they own them, and the public wording otherwise.
 */
export async function viewerFor(deps: Deps, principal: Principal): Promise<(a: Action) => RedactedAction> {
  if (principal.role !== 'member') return (a) => ({ ...a, redacted: false })
  const actingFor = await actsFor(deps, principal)
  return (a) => (isOwnerFor(a, actingFor) ? { ...a, redacted: false } : redact(a))
}
