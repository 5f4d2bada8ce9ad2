import { AwsClient } from './client.ts'

/** Reads one secret's string (GetSecretValue), the only Secrets Manager call this product makes. */
export async function getSecretString(region: string, secretId: string): Promise<string | undefined> {
  const client = new AwsClient(
    {
      signingName: 'secretsmanager',
      hostPrefix: 'secretsmanager',
      protocol: { kind: 'json', version: '1.1', targetPrefix: 'secretsmanager' },
    },
    { region },
  )
  try {
    const out = await client.call('GetSecretValue', { SecretId: secretId })
    return typeof out.SecretString === 'string' ? out.SecretString : undefined
  } finally {
    client.destroy()
  }
}
