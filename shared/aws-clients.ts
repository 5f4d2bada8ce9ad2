import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

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
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 3_000 },
    ...endpointSettings(options),
  })
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  })
}

export type SesOptions = ClientOptions & {
  /** Attempts per send, counting the first (the SDK's standard retry mode). Default 3. */
  maxAttempts?: number | undefined
}

export function createSesClient(options: SesOptions): SESv2Client {
  return new SESv2Client({
    region: options.region,
    retryMode: 'standard',
    maxAttempts: options.maxAttempts ?? 3,
    // A hung connection must not hold a claimed email until the function times out.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
    ...endpointSettings(options),
  })
}

/**
 * Reads one secret's string (GetSecretValue), once at cold start. The client is loaded only
 * here, so a function given its secret directly (locally, in tests) never evaluates it.
 */
export async function getSecretString(region: string, secretId: string): Promise<string | undefined> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager')
  const client = new SecretsManagerClient({ region, retryMode: 'standard' })
  try {
    return (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString
  } finally {
    client.destroy()
  }
}
