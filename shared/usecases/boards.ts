import type { Board, CreateBoardInput, PatchBoardInput } from '../domain/board.ts'
import type { Page, PageRequest } from '../domain/page.ts'
import { mayManageBoards } from '../domain/policy.ts'
import type { Principal } from '../domain/principal.ts'
import { authorize } from './authz.ts'
import type { Deps } from './deps.ts'
import { checkVersion, loadBoard, resolvePeople } from './load.ts'

export async function createBoard(deps: Deps, principal: Principal, input: CreateBoardInput): Promise<Board> {
  authorize(principal, mayManageBoards)
  if (input.chairId) await resolvePeople(deps, [input.chairId], 'chairId')
  const now = deps.now().toISOString()
  const board: Board = {
    id: deps.newId(),
    ...input,
    chairId: input.chairId ?? null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
  await deps.store.boards.create(board)
  return board
}

export function listBoards(deps: Deps): Promise<Board[]> {
  return deps.store.boards.list()
}

export function pageBoards(deps: Deps, page: PageRequest): Promise<Page<Board>> {
  return deps.store.boards.page(page)
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
  const prev = await loadBoard(deps, id)
  checkVersion(prev, expectedVersion, `board ${id}`)
  if (input.chairId) await resolvePeople(deps, [input.chairId], 'chairId')
  const next: Board = { ...prev, ...input, updatedAt: deps.now().toISOString(), version: prev.version + 1 }
  await deps.store.boards.save(next, prev.version)
  return next
}
