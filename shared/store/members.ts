import * as z from 'zod'
import { Id } from '../domain/common.ts'
import type { Page, PageRequest } from '../domain/page.ts'
import { namesOf, type Person } from '../domain/person.ts'
import { ConflictError } from '../errors.ts'
import type { Condition, Table, TxItem } from './dynamo.ts'
import { collection, key, memberKeys, personKeys, range, tableKeyOf } from './keys.ts'
import { TABLE } from './table.ts'

/** A board's member row: only who and since when; the person's own item says the rest. */
export const MemberRow = z.object({ boardId: Id, personId: Id, addedAt: z.string() })
export type MemberRow = z.infer<typeof MemberRow>

/** Still in use: not retired (a board or person stored before retiring existed has no retiredAt). */
const IN_USE: Condition = {
  expression: 'attribute_exists(PK) AND (attribute_not_exists(retiredAt) OR retiredAt = :null)',
  values: { ':null': null },
}

/**
 * Boards' members (people and teams), as rows under the board, indexed under the member too
 * ("which boards is X on"), and the reservation of each member's initials and aliases among
 * the board's members, which keeps them unique per board and not across the organisation.
 */
export class MemberRepository {
  constructor(private readonly table: Table) {}

  async isMember(boardId: string, personId: string): Promise<boolean> {
    return (await this.table.getItem(key.member(boardId, personId))) !== undefined
  }

  /** Every member of a board: one query of the board's own partition, as long as its member list. */
  async ids(boardId: string): Promise<string[]> {
    const rows = await this.table.query(MemberRow, {
      pk: ['PK', key.board(boardId).PK],
      beginsWith: ['SK', range.members],
    })
    return rows.map((r) => r.personId)
  }

  /** A page of a board's members, by when the person was entered in the directory. */
  async page(boardId: string, page: PageRequest): Promise<Page<string>> {
    const rows = await this.table.page(MemberRow, page, {
      list: 'board-members',
      pk: ['PK', key.board(boardId).PK],
      sk: 'SK',
      beginsWith: ['SK', range.members],
      tableKey: tableKeyOf.member(boardId),
    })
    return { items: rows.items.map((r) => r.personId), next: rows.next }
  }

  /** The boards a person or team is a member of. */
  async boardsOf(personId: string): Promise<string[]> {
    const rows = await this.table.query(MemberRow, {
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.boardsOf(personId)],
    })
    return rows.map((r) => r.boardId)
  }

  /**
   * Makes `person` a member, reserving their names on the board; adding a member again
   * changes nothing. Refused if the board was retired meanwhile, the person changed (renamed,
   * retired, or their memberships changed: see `touch`), or a name was just taken by another
   * member (the caller checked the members it read).
   */
  async add(boardId: string, person: Person, addedAt: string): Promise<void> {
    await this.table.transact([
      this.table.checkItem(
        key.board(boardId),
        IN_USE,
        () => new ConflictError('illegal-transition', 'the board was retired meanwhile'),
      ),
      this.touch(person),
      this.table.putItem({
        ...memberKeys(boardId, person.id),
        type: 'Member',
        boardId,
        personId: person.id,
        addedAt,
      }),
      ...namesOf(person).map((name) => this.reserve(boardId, name, person.id)),
    ])
  }

  async remove(boardId: string, person: Person): Promise<void> {
    await this.table.transact([this.touch(person), ...this.releaseItems([boardId], person)])
  }

  /**
   * A membership change goes through the person's own item, at the version the caller read
   * (and moves it on), so it and a rename or retiring, which move the names on the boards the
   * person is on, cannot both go through on what they read: the second is refused and sees
   * the first when tried again. Otherwise a board could keep the old initials reserved, or a
   * name on a board the person left.
   */
  private touch(person: Person): TxItem {
    return this.table.putItem(
      { ...personKeys(person), type: 'Person', ...person, version: person.version + 1 },
      { expression: 'version = :seen', values: { ':seen': person.version } },
      () =>
        new ConflictError(
          'stale-version',
          `${person.name} (${person.initials}) was changed meanwhile (renamed, retired or their boards): try again`,
        ),
    )
  }

  /** The items that move a member's name reservations on their boards when their names change. */
  renameItems(boardIds: readonly string[], prev: Person, next: Person): TxItem[] {
    const before = namesOf(prev)
    const after = namesOf(next)
    const dropped = before.filter((n) => !after.includes(n))
    const added = after.filter((n) => !before.includes(n))
    return boardIds.flatMap((b) => [
      ...dropped.map((n) => this.table.deleteItem(key.memberName(b, n))),
      ...added.map((n) => this.reserve(b, n, next.id)),
    ])
  }

  /** The items that end a person's memberships of these boards and free their names there. */
  releaseItems(boardIds: readonly string[], person: Person): TxItem[] {
    return boardIds.flatMap((b) => [
      this.table.deleteItem(key.member(b, person.id)),
      ...namesOf(person).map((n) => this.table.deleteItem(key.memberName(b, n))),
    ])
  }

  private reserve(boardId: string, name: string, personId: string): TxItem {
    return this.table.putItem(
      { ...key.memberName(boardId, name), type: 'MemberName', personId },
      { expression: 'attribute_not_exists(PK) OR personId = :me', values: { ':me': personId } },
      () => new ConflictError('duplicate', `${name} was just given to another member of this board`),
    )
  }
}
