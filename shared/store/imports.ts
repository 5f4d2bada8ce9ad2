import { MinutesImport, StoredDraft } from '../domain/minutes-import.ts'
import { MAX_TRANSACTION_ITEMS, MUST_NOT_EXIST, type Table } from './dynamo.ts'
import { collection, importKeys, key, range } from './keys.ts'
import { TABLE } from './table.ts'

/** Minutes imports and their drafts, each import's drafts in its own partition. */
export class MinutesImportRepository {
  constructor(private readonly table: Table) {}

  /**
   * Writes the drafts, then the import: until the import item exists nothing can find the
   * drafts, so a failure part-way leaves no import behind (only unreachable drafts).
   */
  async create(imp: MinutesImport, drafts: readonly StoredDraft[]): Promise<void> {
    for (let i = 0; i < drafts.length; i += MAX_TRANSACTION_ITEMS) {
      await this.table.transact(
        drafts
          .slice(i, i + MAX_TRANSACTION_ITEMS)
          .map((d) =>
            this.table.putItem({ ...key.draft(d.importId, d.id), type: 'Draft', ...d }, MUST_NOT_EXIST),
          ),
      )
    }
    await this.table.putNew({ ...importKeys(imp), type: 'MinutesImport', ...imp })
  }

  get(id: string): Promise<MinutesImport | null> {
    return this.table.get(key.minutesImport(id), MinutesImport)
  }

  /** An import's drafts in reading order (at most MAX_DRAFTS: a few queries). */
  drafts(importId: string): Promise<StoredDraft[]> {
    return this.table.query(StoredDraft, {
      pk: ['PK', key.minutesImport(importId).PK],
      beginsWith: ['SK', range.drafts],
    })
  }

  /** A meeting's imports, oldest first. */
  listForMeeting(meetingId: string): Promise<MinutesImport[]> {
    return this.table.query(MinutesImport, {
      IndexName: TABLE.indexes.collections.name,
      pk: ['GSI1PK', collection.meetingImports(meetingId)],
    })
  }

  /** Saves a draft's decision, if no one else decided it since `prev` was read. */
  async saveDraft(prev: StoredDraft, next: StoredDraft): Promise<void> {
    await this.table.transact([
      this.table.versionedPut(key.draft(next.importId, next.id), 'Draft', next, prev.version),
    ])
  }
}
