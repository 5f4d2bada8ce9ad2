import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'

/**
 * The single table's shape: keys, indexes, stream and TTL. The local stack creates the
 * table from `createTableInput`, the CDK app builds its `TableV2` from the same constants,
 * and the store queries the index names below, so the three cannot drift.
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Sent-email log entries expire through DynamoDB TTL on this attribute (epoch seconds). */
  ttlAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  indexes: {
    /** Collections: boards, people, a board's meetings by start, actions raised at a meeting, relations. */
    collections: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    /** Sparse: only open actions, per board, sorted by due meeting start (Actions Arising, reminders, overdue). */
    openByDue: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    /** A board's actions by status, and the owner index (an owner's actions by status and board). */
    byStatus: { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  },
} as const

export type IndexName = (typeof TABLE.indexes)[keyof typeof TABLE.indexes]['name']

export function createTableInput(tableName: string): CreateTableCommandInput {
  const indexes = Object.values(TABLE.indexes)
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      TABLE.partitionKey,
      TABLE.sortKey,
      ...indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream },
  }
}
