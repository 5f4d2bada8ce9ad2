import type { Action } from '../domain/action.ts'
import { type Board, boardWriteBlocker } from '../domain/board.ts'
import type { Meeting } from '../domain/meeting.ts'
import type { Person } from '../domain/person.ts'
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts'
import type { Deps } from './deps.ts'

/**
 * Loaders that turn a missing id in the path into a 404 and, given the version the caller
 * read (`If-Match`), a record changed since into a 409: a change loads what it changes so.
 */
export async function loadBoard(deps: Deps, id: string, expectedVersion?: number): Promise<Board> {
  return found(await deps.store.boards.get(id), 'board', id, expectedVersion)
}

/** A board that may still change: a retired one is read-only (409, before a stale version's). */
export async function loadWritableBoard(deps: Deps, id: string, expectedVersion?: number): Promise<Board> {
  const b = await loadBoard(deps, id)
  const blocker = boardWriteBlocker(b)
  if (blocker) throw new ConflictError('illegal-transition', blocker)
  checkVersion(b, expectedVersion, `board ${id}`)
  return b
}

export async function loadPerson(deps: Deps, id: string, expectedVersion?: number): Promise<Person> {
  return found(await deps.store.people.get(id), 'person', id, expectedVersion)
}

export async function loadMeeting(deps: Deps, id: string, expectedVersion?: number): Promise<Meeting> {
  return found(await deps.store.meetings.get(id), 'meeting', id, expectedVersion)
}

export async function loadAction(deps: Deps, id: string, expectedVersion?: number): Promise<Action> {
  return found(await deps.store.actions.get(id), 'action', id, expectedVersion)
}

function found<T extends { version: number }>(
  record: T | null | undefined,
  kind: string,
  id: string,
  expectedVersion: number | undefined,
): T {
  if (!record) throw new NotFoundError(kind, id)
  checkVersion(record, expectedVersion, `${kind} ${id}`)
  return record
}

/**
 * Resolves ids named in a request body. A missing one is the caller's mistake in that
 * field (400 with the path), not a missing resource in the URL (404); so is a retired one
 * (it cannot be given new work, a membership or a chair), except those in `keep`: what the
 * record named already may stay.
 */
export async function resolvePeople(
  deps: Deps,
  ids: readonly string[],
  field: string,
  opts: { keep?: readonly string[] } = {},
): Promise<Map<string, Person>> {
  const found = new Map((await deps.store.people.batchGet(ids)).map((p) => [p.id, p]))
  const path = (i: number) => (ids.length === 1 && !field.endsWith('Ids') ? field : `${field}.${i}`)
  const issues = ids.flatMap((id, i) => {
    const p = found.get(id)
    if (!p) return [{ path: path(i), message: `no person ${id}` }]
    if (p.retiredAt && !opts.keep?.includes(id))
      return [{ path: path(i), message: `${p.name} (${p.initials}) is retired` }]
    return []
  })
  if (issues.length > 0) throw new ValidationError('unknown people', issues)
  return found
}

/** Optimistic locking: the caller's `If-Match` version must be the one stored. */
export function checkVersion(entity: { version: number }, expected: number | undefined, label: string): void {
  if (expected !== undefined && entity.version !== expected) {
    throw new ConflictError(
      'stale-version',
      `${label} is at version ${entity.version}, not ${expected}: reload it and apply your change again`,
    )
  }
}
