import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ActionRepository } from './actions.ts'
import { BoardRepository } from './boards.ts'
import { Table, type UnreadableItem } from './dynamo.ts'
import { MinutesImportRepository } from './imports.ts'
import { LinkStateRepository } from './links.ts'
import { MeetingRepository } from './meetings.ts'
import { MemberRepository } from './members.ts'
import { EmailOutbox } from './outbox.ts'
import { PersonRepository } from './people.ts'
import { SuppressionRepository } from './suppressions.ts'

export type { ActionChange, OwnerIndexRow, RolloverEntry } from './actions.ts'
export type { UnreadableItem } from './dynamo.ts'
export type { FormUse } from './links.ts'
export type { Relations } from './people.ts'

/**
 * The DynamoDB store: one repository per aggregate over one table helper (`dynamo.ts`), every
 * access pattern of DESIGN.md §2 as a Query, GetItem, BatchGet or TransactWrite, never a Scan.
 * Repositories whose writes span aggregates in one transaction (an action's save uses up a
 * form; a meeting's move carries its actions) are handed the repository whose items they add.
 */
export class Store {
  readonly boards: BoardRepository
  readonly people: PersonRepository
  /** Boards' members and the reservation of their names on each board. */
  readonly members: MemberRepository
  readonly meetings: MeetingRepository
  readonly actions: ActionRepository
  /** The email outbox and sent-email log. */
  readonly outbox: EmailOutbox
  readonly suppressions: SuppressionRepository
  /** Used signed-link forms and link revocations. */
  readonly links: LinkStateRepository
  /** Minutes read into drafts, waiting for the secretariat. */
  readonly imports: MinutesImportRepository
  private readonly table: Table

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    tableName: string,
    onUnreadable?: (item: UnreadableItem) => void,
  ) {
    this.table = new Table(doc, tableName, onUnreadable)
    this.boards = new BoardRepository(this.table)
    this.members = new MemberRepository(this.table)
    this.people = new PersonRepository(this.table, this.members)
    this.links = new LinkStateRepository(this.table)
    this.actions = new ActionRepository(this.table, this.links)
    this.meetings = new MeetingRepository(this.table, this.actions)
    this.outbox = new EmailOutbox(this.table)
    this.suppressions = new SuppressionRepository(this.table)
    this.imports = new MinutesImportRepository(this.table)
  }

  /**
   * The same table, whose lists read past an item they cannot parse, reporting it to
   * `onUnreadable`, rather than fail (for the records export; the functions use the strict one).
   */
  readingPast(onUnreadable: (item: UnreadableItem) => void): Store {
    return new Store(this.doc, this.table.name, onUnreadable)
  }

  get tableName(): string {
    return this.table.name
  }

  /** Whether the table answers within `timeoutMs` (the readiness check); throws if not. */
  probe(timeoutMs: number): Promise<void> {
    return this.table.probe(timeoutMs)
  }
}
