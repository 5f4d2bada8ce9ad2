import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2'
import { SesClient } from '../aws/sesv2.ts'
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
  /** Most sends per second (the account's maximum send rate, or less). Default 10. */
  maxPerSecond?: number | undefined
  /** Attempts per email when SES throttles, counting the first. Default 5. */
  throttleAttempts?: number | undefined
  /** First back-off after a throttle, doubled each time (with jitter). Default 500 ms. */
  backoffMs?: number | undefined
}

/**
 * SES answers these when a send goes over the rate or a quota; the message was not sent,
 * so sending again later is safe. (A daily-quota refusal keeps failing and ends up left for
 * the next run, which is what we want.)
 */
const THROTTLING_ERRORS = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling'])

export function isThrottling(e: unknown): boolean {
  return e instanceof Error && THROTTLING_ERRORS.has(e.name)
}

/**
 * Sends through SES v2. Every address and the subject are checked here, at the last step
 * before a header is written, so no caller can smuggle a CR/LF into a header.
 */
export class Mailer {
  private readonly ses: SesClient
  private readonly interval: number
  private nextSlot = 0
  /** Throttled attempts that were retried, for the run's log. */
  throttled = 0

  constructor(private readonly options: MailerOptions) {
    this.interval = 1000 / (options.maxPerSecond ?? 10)
    this.ses = new SesClient({
      region: options.region,
      endpoint: options.endpoint,
      // Throttling is retried here, paced and with back-off, rather than by the client; other
      // failures are left to the caller, who knows whether a retry could send twice.
      maxAttempts: 1,
      // A hung connection must not hold a claimed email until the function times out.
      connectionTimeoutMs: 3_000,
      requestTimeoutMs: 10_000,
    })
  }

  /** The SES client, so tests can add interceptors (e.g. inject throttling). */
  get client(): SesClient {
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
    const input: SendEmailCommandInput = {
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
    }
    const attempts = this.options.throttleAttempts ?? 5
    for (let attempt = 1; ; attempt++) {
      await this.pace()
      try {
        const res = await this.ses.sendEmail(input)
        return { messageId: res.MessageId ?? null }
      } catch (e) {
        if (!isThrottling(e) || attempt >= attempts) throw e
        this.throttled++
        // Exponential back-off with equal jitter (half fixed, half random), so runs that collide spread out.
        const base = (this.options.backoffMs ?? 500) * 2 ** (attempt - 1)
        await sleep(base / 2 + Math.random() * (base / 2))
      }
    }
  }

  /** Waits for the next send slot so that sends stay under the configured rate. */
  private async pace(): Promise<void> {
    const now = Date.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + this.interval
    if (slot > now) await sleep(slot - now)
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function checkAddresses(addresses: readonly string[], field: string): string[] {
  return addresses.map((a, i) => {
    const parsed = Email.safeParse(a)
    if (!parsed.success) throw new ValidationError('invalid address', [{ path: `${field}.${i}`, message: a }])
    return parsed.data
  })
}
