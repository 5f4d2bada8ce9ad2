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

  /** Interceptors see the input as given (attachments as bytes); the wire form is made inside. */
  async sendEmail(input: SendEmailCommandInput): Promise<Omit<SendEmailCommandOutput, '$metadata'>> {
    const out = await this.intercept(
      { operation: 'SendEmail', input: input as unknown as Record<string, unknown> },
      (c) =>
        this.request({ operation: c.operation, input: toWire(c.input as unknown as SendEmailCommandInput) }),
    )
    return { MessageId: typeof out.MessageId === 'string' ? out.MessageId : undefined }
  }
}

/** Attachments' RawContent is a blob, which the JSON API takes as base64 (as the SDK sends it). */
function toWire(input: SendEmailCommandInput): Record<string, unknown> {
  const simple = input.Content?.Simple
  if (!simple?.Attachments) return input as unknown as Record<string, unknown>
  return {
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
}
