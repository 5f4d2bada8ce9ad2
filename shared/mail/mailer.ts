import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import { Email } from '../domain/common.ts'
import { ValidationError } from '../errors.ts'

export type Attachment = { fileName: string; contentType: string; content: string }

export type OutgoingEmail = {
  to: string[]
  cc?: string[]
  subject: string
  html: string
  text: string
  attachments?: Attachment[]
}

export type MailerOptions = {
  region: string
  /** Set only in the local stack and tests (the SES emulator). */
  endpoint?: string | undefined
  from: string
  configurationSet?: string | undefined
}

/**
 * Sends through SES v2. Every address and the subject are checked here, at the last step
 * before a header is written, so no caller can smuggle a CR/LF into a header.
 */
export class Mailer {
  private readonly ses: SESv2Client

  constructor(private readonly options: MailerOptions) {
    this.ses = new SESv2Client({
      region: options.region,
      ...(options.endpoint
        ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    })
  }

  /** The SES client, so tests can add middleware (e.g. inject throttling). */
  get client(): SESv2Client {
    return this.ses
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string | null }> {
    const to = checkAddresses(email.to, 'to')
    const cc = checkAddresses(email.cc ?? [], 'cc')
    if (to.length === 0)
      throw new ValidationError('an email needs a recipient', [{ path: 'to', message: 'empty' }])
    if (/[\r\n]/.test(email.subject)) {
      throw new ValidationError('header injection refused', [
        { path: 'subject', message: 'contains a line break' },
      ])
    }
    const res = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.options.from,
        Destination: { ToAddresses: to, ...(cc.length ? { CcAddresses: cc } : {}) },
        ...(this.options.configurationSet ? { ConfigurationSetName: this.options.configurationSet } : {}),
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Html: { Data: email.html, Charset: 'UTF-8' },
              Text: { Data: email.text, Charset: 'UTF-8' },
            },
            ...(email.attachments?.length
              ? {
                  Attachments: email.attachments.map((a) => ({
                    FileName: a.fileName,
                    ContentType: a.contentType,
                    RawContent: Buffer.from(a.content),
                  })),
                }
              : {}),
          },
        },
      }),
    )
    return { messageId: res.MessageId ?? null }
  }
}

function checkAddresses(addresses: readonly string[], field: string): string[] {
  return addresses.map((a, i) => {
    const parsed = Email.safeParse(a)
    if (!parsed.success) throw new ValidationError('invalid address', [{ path: `${field}.${i}`, message: a }])
    return parsed.data
  })
}
