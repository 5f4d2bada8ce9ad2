import type { Action } from '../domain/action.ts'
import type { Deps } from './deps.ts'

/**
 * Brings an action's rows in the owner index (the per-owner index behind "an owner's open
 * actions", pattern 5) in line with the action as a stream record shows it: its current owners
 * get a row with its status, and owners no longer on it lose theirs. The API writes the rows in
 * the change's own transaction; a rollover does not (one transaction item per action), so the
 * rows of the actions it discharges follow here. Idempotent, and a record that is no longer
 * the action's latest state writes nothing (false), so a late or replayed record cannot undo
 * a newer change.
 */
export function syncOwnerIndex(
  deps: Deps,
  action: Action,
  previousOwnerIds: readonly string[],
): Promise<boolean> {
  return deps.store.actions.syncOwnerIndex(action, previousOwnerIds)
}
