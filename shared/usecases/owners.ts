import { ownerLookup, type ParsedOwners, parseOwners } from '../domain/owners.ts'
import type { Deps } from './deps.ts'

/**
 * Owners typed as the minutes write them ("DT / OPCC"), resolved to people and teams for an
 * action on this board: by initials, then alias, among the board's members (one query and
 * one BatchGet, as many as it has members). A board with no members yet looks in the whole
 * directory, where two people may share initials: there a name resolves only if it is one
 * person's. Retired entries resolve only when kept.
 */
export async function resolveOwners(
  deps: Deps,
  boardId: string,
  text: string,
  opts: { keep?: readonly string[] } = {},
): Promise<ParsedOwners> {
  const memberIds = await deps.store.members.ids(boardId)
  const candidates =
    memberIds.length > 0
      ? await deps.store.people.batchGet([...new Set([...memberIds, ...(opts.keep ?? [])])])
      : await deps.store.people.list()
  // `keep`: an action's current owners still resolve, though they have left the board or retired.
  const kept = new Set(opts.keep)
  return parseOwners(text, ownerLookup(candidates.filter((p) => !p.retiredAt || kept.has(p.id))))
}
