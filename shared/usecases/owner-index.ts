import type { Action } from '../domain/action.ts'
import type { Deps } from './deps.ts'

/**
 * Brings an action's owner links (the per-owner index behind "an owner's open actions",
 * pattern 5) in line with the action as a stream record shows it: its current owners get a
 * link with its status, and owners no longer on it lose theirs. The API writes links in the
 * change's own transaction; a rollover does not (one transaction item per action), so the
 * links of the actions it discharges follow here. Idempotent, and a record that is no longer
 * the action's latest state writes nothing (false), so a late or replayed record cannot undo
 * a newer change.
 */
export function syncOwnerLinks(
  deps: Deps,
  action: Action,
  previousOwnerIds: readonly string[],
): Promise<boolean> {
  return deps.store.actions.syncOwnerIndex(action, previousOwnerIds)
}
