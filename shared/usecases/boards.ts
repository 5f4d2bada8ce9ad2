import type { Board, CreateBoardInput, PatchBoardInput } from '../domain/board.ts'
import { type Page, type PageRequest, type RetiredOption, withoutRetired } from '../domain/page.ts'
import { mayManageBoards } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import { ConflictError } from '../errors.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'
import { loadBoard, loadWritableBoard, resolvePeople } from './load.ts'

export async function createBoard(deps: Deps, principal: Principal, input: CreateBoardInput): Promise<Board> {
  authorize(principal, mayManageBoards)
  if (input.chairId) await resolvePeople(deps, [input.chairId], 'chairId')
  const now = deps.now().toISOString()
  const board: Board = {
    id: deps.newId(),
    ...input,
    chairId: input.chairId ?? null,
    retiredAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
  await deps.store.boards.create(board)
  return board
}

/** Every board, retired ones too (their actions still name them). */
export function listBoards(deps: Deps): Promise<Board[]> {
  return deps.store.boards.list()
}

/** A page of boards by name, without retired ones unless asked (see withoutRetired). */
export async function pageBoards(
  deps: Deps,
  page: PageRequest,
  opts: RetiredOption = {},
): Promise<Page<Board>> {
  return withoutRetired(await deps.store.boards.page(page), opts)
}

export function getBoard(deps: Deps, id: string): Promise<Board> {
  return loadBoard(deps, id)
}

export async function patchBoard(
  deps: Deps,
  principal: Principal,
  id: string,
  input: PatchBoardInput,
  expectedVersion?: number,
): Promise<Board> {
  authorize(principal, mayManageBoards)
  const prev = await loadWritableBoard(deps, id, expectedVersion)
  if (input.chairId) {
    await resolvePeople(deps, [input.chairId], 'chairId', { keep: prev.chairId ? [prev.chairId] : [] })
  }
  const next: Board = { ...prev, ...input, updatedAt: deps.now().toISOString(), version: prev.version + 1 }
  await deps.store.boards.save(next, prev.version)
  return next
}

/**
 * Retires a board made in error or wound up: it stays readable with its meetings and actions,
 * leaves the list of boards, gets no reminders or summaries and takes no more changes.
 */
export async function retireBoard(
  deps: Deps,
  principal: Principal,
  id: string,
  expectedVersion?: number,
): Promise<Board> {
  authorize(principal, mayManageBoards)
  const prev = await loadBoard(deps, id, expectedVersion)
  if (prev.retiredAt) throw new ConflictError('illegal-transition', `the ${prev.name} is already retired`)
  const now = deps.now().toISOString()
  const next: Board = { ...prev, retiredAt: now, updatedAt: now, version: prev.version + 1 }
  await deps.store.boards.save(next, prev.version)
  return next
}
