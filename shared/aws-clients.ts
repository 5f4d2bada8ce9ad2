import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { StandardRetryStrategy } from '@smithy/core/retry'
import type { RetryErrorInfo, StandardRetryToken } from '@smithy/types'

/**
 * The AWS SDK clients every function uses, made here once per cold start with the same
 * settings everywhere (tests build theirs here too, so what they hook is what runs).
 * `endpoint` is set only for DynamoDB Local and the SES emulator; in AWS the SDK finds the
 * regional endpoint and the function role's credentials.
 */
export type ClientOptions = { region: string; endpoint?: string | undefined }

/** The emulators accept any signature; the SDK still wants something to sign with. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

const endpointSettings = (o: ClientOptions) =>
  o.endpoint ? { endpoint: o.endpoint, credentials: LOCAL_CREDENTIALS } : {}

export function createDocumentClient(options: ClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    retryMode: 'standard',
    // DynamoDB answers in milliseconds; a call still unanswered after 3 s (a connection lost
    // while the function was frozen, say) is retried while a 10 s request still has time.
    // throwOnRequestTimeout: without it the handler only logs a warning and goes on waiting.
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
    ...endpointSettings(options),
  })
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  })
}

export type SesOptions = ClientOptions & {
  /** Attempts per send when SES throttles, counting the first. Default 3. */
  maxAttempts?: number | undefined
}

/**
 * The SDK's standard retry strategy (back-off, retry quota) for throttling only. SendEmail
 * carries no idempotency token, so after a timeout or a 5xx the message may already be on its
 * way, and sending it again could send it twice; a throttled one was refused, not sent. The
 * SDK's retry middleware rethrows the original error when a retry is refused.
 */
export class ThrottlingRetryStrategy extends StandardRetryStrategy {
  override async refreshRetryTokenForRetry(
    token: StandardRetryToken,
    errorInfo: RetryErrorInfo,
  ): Promise<StandardRetryToken> {
    if (errorInfo.errorType !== 'THROTTLING') throw errorInfo.error
    return super.refreshRetryTokenForRetry(token, errorInfo)
  }
}

export function createSesClient(options: SesOptions): SESv2Client {
  return new SESv2Client({
    region: options.region,
    retryStrategy: new ThrottlingRetryStrategy(options.maxAttempts ?? 3),
    // A hung connection must not hold a claimed email until the function times out.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
    ...endpointSettings(options),
  })
}

/**
 * Reads one SecureString parameter, decrypted (GetParameter WithDecryption), once at cold
 * start. The client is loaded only here, so a function given its secret directly (locally,
 * in tests) never evaluates it.
 */
export async function getSecureParameter(region: string, name: string): Promise<string | undefined> {
  const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm')
  const client = new SSMClient({
    region,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
  })
  try {
    return (await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value
  } finally {
    client.destroy()
  }
}
