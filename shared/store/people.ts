import * as z from 'zod'
import type { Page, PageRequest } from '../domain/page.ts'
import { Person } from '../domain/person.ts'
import { ValidationError } from '../errors.ts'
import { MAX_TRANSACTION_ITEMS, MUST_NOT_EXIST, type Table, type TxItem } from './dynamo.ts'
import {
  collection,
  collectionList,
  deputyKeys,
  type Keys,
  key,
  membershipKeys,
  personKeys,
  relationOf,
  tableKeyOf,
} from './keys.ts'
import type { MemberRepository } from './members.ts'
import { TABLE } from './table.ts'

const PEOPLE = collectionList('people', collection.people, tableKeyOf.person)

export type Relations = { teamIds: string[]; deputisesFor: string[] }

/**
 * A relation row: only keys, indexed under the member (or the deputy) so that "whose work is
 * also mine" is one query; its collection sort key names the team or the principal.
 */
const RelationRow = z.object({ type: z.literal('Relation'), GSI1SK: z.string() }).transform((row, ctx) => {
  const relation = relationOf(row.GSI1SK)
  if (!relation) ctx.addIssue({ code: 'custom', message: `not a relation: ${row.GSI1SK}`, input: row })
  return relation ?? z.NEVER
})

/**
 * The owner directory: people and teams, and the team-membership and deputy rows behind
 * pattern 5, written in the person's own transaction with what their boards reserve of their
 * names (initials are unique among a board's members, not across the directory).
 */
export class PersonRepository {
  constructor(
    private readonly table: Table,
    private readonly members: MemberRepository,
  ) {}

  async create(person: Person): Promise<void> {
    await this.table.transact([
      this.table.putItem({ ...personKeys(person), type: 'Person', ...person }, MUST_NOT_EXIST),
      ...person.memberIds.map((m) => this.putRelation(membershipKeys(person.id, m))),
      ...(person.deputyId ? [this.putRelation(deputyKeys(person.id, person.deputyId))] : []),
    ])
  }

  get(id: string): Promise<Person | null> {
    return this.table.get(key.person(id), Person)
  }

  batchGet(ids: readonly string[]): Promise<Person[]> {
    return this.table.batchGet(ids.map(key.person), Person)
  }

  list(): Promise<Person[]> {
    return this.table.query(Person, PEOPLE)
  }

  /** A page of the owner directory by initials. */
  page(page: PageRequest): Promise<Page<Person>> {
    return this.table.page(Person, page, PEOPLE)
  }

  /**
   * Saves an entry. `boardIds` are the boards it is a member of: a change of initials or
   * aliases moves their reservations there, and retiring ends the memberships (freeing the
   * names for whoever replaces a person entered in error).
   */
  async save(prev: Person, next: Person, boardIds: readonly string[] = []): Promise<void> {
    const items: TxItem[] = [this.table.versionedPut(personKeys(next), 'Person', next, prev.version)]
    if (next.retiredAt && !prev.retiredAt) items.push(...this.members.releaseItems(boardIds, prev))
    else items.push(...this.members.renameItems(boardIds, prev, next))
    const removed = prev.memberIds.filter((m) => !next.memberIds.includes(m))
    const added = next.memberIds.filter((m) => !prev.memberIds.includes(m))
    items.push(...removed.map((m) => this.table.deleteItem(key.membership(prev.id, m))))
    items.push(...added.map((m) => this.putRelation(membershipKeys(next.id, m))))
    if (prev.deputyId !== next.deputyId) {
      if (prev.deputyId) items.push(this.table.deleteItem(key.deputy(prev.id, prev.deputyId)))
      if (next.deputyId) items.push(this.putRelation(deputyKeys(next.id, next.deputyId)))
    }
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new ValidationError('too many changes at once', [
        {
          path: 'aliases',
          message: `this change touches ${items.length} items on ${boardIds.length} boards; change fewer names or members at a time`,
        },
      ])
    }
    await this.table.transact(items)
  }

  /** The teams a person belongs to and the people they deputise for (pattern 5). */
  async relationsOf(personId: string): Promise<Relations> {
    const rows = await this.table.queryItems({
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.relationsOf(personId)],
    })
    const relations: Relations = { teamIds: [], deputisesFor: [] }
    for (const row of rows) {
      const r = RelationRow.parse(row)
      if ('teamId' in r) relations.teamIds.push(r.teamId)
      else relations.deputisesFor.push(r.deputisesFor)
    }
    return relations
  }

  private putRelation(keys: Keys): TxItem {
    return this.table.putItem({ ...keys, type: 'Relation' })
  }
}
