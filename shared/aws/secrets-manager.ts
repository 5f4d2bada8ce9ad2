import { AwsClient } from './client.ts'

/** The one Secrets Manager call this product makes. */
class SecretsClient extends AwsClient {
  constructor(region: string) {
    super(
      {
        signingName: 'secretsmanager',
        hostPrefix: 'secretsmanager',
        protocol: { kind: 'json', version: '1.1', targetPrefix: 'secretsmanager' },
      },
      { region },
    )
  }

  async secretString(secretId: string): Promise<string | undefined> {
    const out = await this.call('GetSecretValue', { SecretId: secretId })
    return typeof out.SecretString === 'string' ? out.SecretString : undefined
  }
}

/** Reads one secret's string (GetSecretValue), once at cold start. */
export async function getSecretString(region: string, secretId: string): Promise<string | undefined> {
  const client = new SecretsClient(region)
  try {
    return await client.secretString(secretId)
  } finally {
    client.destroy()
  }
}
