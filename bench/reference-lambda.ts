/**
 * The reference a DynamoDB-only function's cold start is measured against (bench/bundles.ts):
 * the least a Lambda that reads DynamoDB through the SDK v3 does. Module scope makes the
 * clients as AWS's examples do (region, credentials and endpoint from the environment);
 * the invocation makes one GetItem. Bundled exactly as the functions are.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}))

export type ReferenceEvent = { key: { PK: string; SK: string } }

export const handler = async (event: ReferenceEvent) => {
  const { Item } = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: event.key }))
  return { found: Item !== undefined }
}
