import { Meeting } from '../domain/meeting.ts'
import type { Page, PageRequest } from '../domain/page.ts'
import type { ActionChange, ActionRepository } from './actions.ts'
import { chunkGroups, MAX_TRANSACTION_ITEMS, MUST_NOT_EXIST, type Table } from './dynamo.ts'
import { collection, collectionList, key, meetingKeys, range, tableKeyOf } from './keys.ts'
import { TABLE } from './table.ts'

export type MeetingRange = { from?: string | undefined; to?: string | undefined }

/** Meetings (pattern 1), and each board's meetings by start time (pattern 2). */
export class MeetingRepository {
  constructor(
    private readonly table: Table,
    private readonly actions: ActionRepository,
  ) {}

  async create(meeting: Meeting): Promise<void> {
    await this.table.putNew({ ...meetingKeys(meeting), type: 'Meeting', ...meeting })
  }

  /**
   * Several new meetings in one transaction (a series: at most MAX_SERIES_MEETINGS, under the
   * transaction limit), so a failure leaves none of them. The SDK sends a retried attempt with
   * the same ClientRequestToken, which DynamoDB takes as the same transaction, not a conflict.
   */
  async createMany(meetings: readonly Meeting[]): Promise<void> {
    if (meetings.length === 0) return
    await this.table.transact(
      meetings.map((m) => this.table.putItem({ ...meetingKeys(m), type: 'Meeting', ...m }, MUST_NOT_EXIST)),
    )
  }

  get(id: string): Promise<Meeting | null> {
    return this.table.get(key.meeting(id), Meeting)
  }

  batchGet(ids: readonly string[]): Promise<Meeting[]> {
    return this.table.batchGet(ids.map(key.meeting), Meeting)
  }

  /** A board's meetings by start time, optionally within [from, to] (pattern 2). */
  list(boardId: string, within: MeetingRange = {}): Promise<Meeting[]> {
    return this.table.query(Meeting, {
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.boardMeetings(boardId)],
      between: ['GSI1SK', ...range.meetingsStarting(within.from, within.to)],
    })
  }

  /** A page of a board's meetings within [from, to], earliest first or (`newestFirst`) latest first (pattern 2). */
  page(
    boardId: string,
    within: MeetingRange & { newestFirst?: boolean },
    page: PageRequest,
  ): Promise<Page<Meeting>> {
    return this.table.page(Meeting, page, {
      ...collectionList('board-meetings', collection.boardMeetings(boardId), tableKeyOf.meeting),
      between: ['GSI1SK', ...range.meetingsStarting(within.from, within.to)],
      backwards: within.newestFirst ?? false,
    })
  }

  /**
   * A board's meetings whose minutes are approved, latest first, starting before `before`
   * (pattern 2, kept by status): a page of at most `limit`, reading at most `readBound`.
   */
  pageApproved(
    boardId: string,
    before: string | undefined,
    limit: number,
    readBound: number,
  ): Promise<Page<Meeting>> {
    return this.table.pageWhere(
      Meeting,
      { limit },
      {
        ...collectionList('board-meetings-approved', collection.boardMeetings(boardId), tableKeyOf.meeting),
        between: ['GSI1SK', ...range.meetingsStarting(undefined, before)],
        backwards: true,
      },
      (m) => m.status === 'minutes-approved',
      readBound,
    )
  }

  /** The first scheduled meeting of a board starting strictly after `after` (pattern 2). */
  async nextScheduled(boardId: string, after: string): Promise<Meeting | null> {
    const found = await this.table.query(Meeting, {
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.boardMeetings(boardId)],
      between: ['GSI1SK', ...range.meetingsAfter(after)],
      filter: {
        expression: '#status = :scheduled',
        names: { '#status': 'status' },
        values: { ':scheduled': 'scheduled' },
      },
      first: true,
    })
    return found[0] ?? null
  }

  /**
   * Saves a meeting. When its start moves, the open actions due at it move with it: each
   * gets a new version (conditional on the one read) and a history entry, chunked to the
   * transaction limit. The meeting is written in the last chunk, so after a failure part-way
   * it still has its old start, and a retry finds exactly the actions not yet moved.
   */
  async save(prev: Meeting, next: Meeting, moved: readonly ActionChange[] = []): Promise<void> {
    const meetingPut = this.table.versionedPut(meetingKeys(next), 'Meeting', next, prev.version)
    const chunks = chunkGroups(
      moved.map((c) => this.actions.changeItems(c)),
      MAX_TRANSACTION_ITEMS - 1,
    )
    if (chunks.length === 0) chunks.push([])
    for (const [i, chunk] of chunks.entries()) {
      await this.table.transact(i === chunks.length - 1 ? [...chunk, meetingPut] : chunk)
    }
  }
}
