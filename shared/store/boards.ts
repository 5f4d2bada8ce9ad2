import { Board } from '../domain/board.ts'
import type { Page, PageRequest } from '../domain/page.ts'
import type { Table } from './dynamo.ts'
import { boardKeys, collection, collectionList, key, tableKeyOf } from './keys.ts'

const BOARDS = collectionList('boards', collection.boards, tableKeyOf.board)

/** Boards (pattern 1), and the directory of them by name. */
export class BoardRepository {
  constructor(private readonly table: Table) {}

  async create(board: Board): Promise<void> {
    await this.table.putNew({ ...boardKeys(board), type: 'Board', ...board })
  }

  get(id: string): Promise<Board | null> {
    return this.table.get(key.board(id), Board)
  }

  batchGet(ids: readonly string[]): Promise<Board[]> {
    return this.table.batchGet(ids.map(key.board), Board)
  }

  list(): Promise<Board[]> {
    return this.table.query(Board, BOARDS)
  }

  /** A page of boards by name. */
  page(page: PageRequest): Promise<Page<Board>> {
    return this.table.page(Board, page, BOARDS)
  }

  async save(next: Board, expectedVersion: number): Promise<void> {
    await this.table.transact([this.table.versionedPut(boardKeys(next), 'Board', next, expectedVersion)])
  }
}
