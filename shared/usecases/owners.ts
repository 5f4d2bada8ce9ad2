import { type ParsedOwners, parseOwners } from '../domain/owners.ts'
import { initialsKey } from '../domain/person.ts'
import type { Deps } from './deps.ts'

/**
 * Owners typed as the minutes write them ("DT / OPCC"), resolved to people and teams for an
 * action on this board. For now by initials across the directory.
 */
export async function resolveOwners(deps: Deps, _boardId: string, text: string): Promise<ParsedOwners> {
  const byInitials = new Map((await deps.store.people.list()).map((p) => [initialsKey(p.initials), p.id]))
  return parseOwners(text, (token) => byInitials.get(initialsKey(token)) ?? null)
}
