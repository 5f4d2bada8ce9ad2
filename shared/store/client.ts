import type { AwsClientOptions } from '../aws/client.ts'
import { DynamoDocClient } from '../aws/dynamodb.ts'

export type DynamoOptions = { region: string; endpoint?: string | undefined }

/** How every function's DynamoDB client is set up (tests that extend the client use it too). */
export function documentClientOptions(options: DynamoOptions): AwsClientOptions {
  return {
    region: options.region,
    endpoint: options.endpoint,
    // DynamoDB answers in milliseconds; a call still unanswered after 3 s (a connection lost
    // while the function was frozen, say) is retried while a 10 s request still has time.
    requestTimeoutMs: 3_000,
  }
}

/**
 * One document client per cold start. `endpoint` points it at DynamoDB Local; in AWS it is
 * absent and the client uses the regional endpoint and the function role's credentials.
 */
export function createDocumentClient(options: DynamoOptions): DynamoDocClient {
  return new DynamoDocClient(documentClientOptions(options))
}
