import type { SendEmailCommandInput, SendEmailCommandOutput } from '@aws-sdk/client-sesv2'
import { AwsClient, type AwsClientOptions } from './client.ts'

/** The one SES v2 call this product makes. Types only from the SDK: the input is its shape. */
export class SesClient extends AwsClient {
  constructor(options: AwsClientOptions) {
    super(
      {
        signingName: 'ses',
        hostPrefix: 'email',
        protocol: {
          kind: 'rest-json',
          routes: { SendEmail: { method: 'POST', path: '/v2/email/outbound-emails' } },
        },
      },
      options,
    )
  }

  async sendEmail(input: SendEmailCommandInput): Promise<Omit<SendEmailCommandOutput, '$metadata'>> {
    const simple = input.Content?.Simple
    // Attachments' RawContent is a blob, which the JSON API takes as base64 (as the SDK sends it).
    const wire = simple?.Attachments
      ? {
          ...input,
          Content: {
            ...input.Content,
            Simple: {
              ...simple,
              Attachments: simple.Attachments.map((a) => ({
                ...a,
                RawContent: Buffer.from(a.RawContent ?? new Uint8Array()).toString('base64'),
              })),
            },
          },
        }
      : input
    const out = await this.call('SendEmail', wire as unknown as Record<string, unknown>)
    return { MessageId: typeof out.MessageId === 'string' ? out.MessageId : undefined }
  }
}
