import type { Page, PageRequest } from '../domain/page.ts'
import { Suppression } from '../domain/suppression.ts'
import type { Table } from './dynamo.ts'
import { collection, collectionList, key, suppressionKeys, tableKeyOf } from './keys.ts'

const SUPPRESSED = collectionList('suppressed', collection.suppressed, tableKeyOf.suppression)

/** Addresses that bounced or complained, one item each; every send leaves them out. */
export class SuppressionRepository {
  constructor(private readonly table: Table) {}

  /** Records (or refreshes) a suppressed address. */
  async save(s: Suppression): Promise<void> {
    await this.table.put({ ...suppressionKeys(s), type: 'Suppression', ...s })
  }

  list(): Promise<Suppression[]> {
    return this.table.query(Suppression, SUPPRESSED)
  }

  /** A page of suppressed addresses, by address. */
  page(page: PageRequest): Promise<Page<Suppression>> {
    return this.table.page(Suppression, page, SUPPRESSED)
  }

  /** Lifts a suppression; false if the address was not suppressed. */
  async lift(email: string): Promise<boolean> {
    return (await this.table.delete(key.suppression(email), { returnOld: true })) !== undefined
  }
}
