import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import { isThrottlingError } from '@smithy/core/retry'
import { createSesClient } from '../aws-clients.ts'
import { Email } from '../domain/common.ts'
import { ValidationError } from '../errors.ts'

export type MailCounts = { sent: number; failed: number; throttled: number }

export type Attachment = { fileName: string; contentType: string; content: string }

export type OutgoingEmail = {
  to: string[]
  cc?: string[]
  /** Where replies go: the board's secretariat, so "reply to this email" reaches a person. */
  replyTo?: string[]
  /** SES message tags; they come back in SES's events (the outbox's key rides here). */
  tags?: Record<string, string>
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
  /** Attempts per email when SES throttles, counting the first (the SDK's throttle back-off). Default 3. */
  maxAttempts?: number | undefined
}

/**
 * A throttle as the SDK's retry strategy classifies it (a 429, TooManyRequestsException,
 * LimitExceededException, …): SES refused the message, so sending it again is safe. The SES
 * client retries exactly these (ThrottlingRetryStrategy); a daily-quota refusal keeps failing
 * and is left for the next run, which is what we want.
 */
const isThrottling = (e: unknown) =>
  e instanceof Error && isThrottlingError(e as Parameters<typeof isThrottlingError>[0])

/** Where one SES attempt runs: after the SDK's retry middleware (finalizeRequest, high), before deserialising. */
const SES_ATTEMPT_STEP = { step: 'finalizeRequest', priority: 'low' } as const
export const COUNT_THROTTLES = 'countThrottles'

/**
 * Sends through SES v2. Every address and the subject are checked here, at the last step
 * before a header is written, so no caller can smuggle a CR/LF into a header.
 */
export class Mailer {
  private readonly ses: SESv2Client
  private readonly interval: number
  private nextSlot = 0
  /**
   * What this mailer has done since the last `takeCounts()`: emails SES accepted, sends that
   * finally failed, and throttled attempts (each retried by the SDK or left for the next run).
   * A Lambda environment runs one invocation at a time, so per invocation they are exact.
   */
  private counts: MailCounts = { sent: 0, failed: 0, throttled: 0 }

  constructor(private readonly options: MailerOptions) {
    this.interval = 1000 / (options.maxPerSecond ?? 10)
    this.ses = createSesClient({
      region: options.region,
      endpoint: options.endpoint,
      maxAttempts: options.maxAttempts,
    })
    // Inside the SDK's retry loop, so every throttled attempt is seen, not only the last.
    this.ses.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args)
        } catch (e) {
          if (isThrottling(e)) this.counts.throttled++
          throw e
        }
      },
      { ...SES_ATTEMPT_STEP, name: COUNT_THROTTLES },
    )
  }

  /** The SES client, so tests can add middleware (e.g. inject throttling after `COUNT_THROTTLES`). */
  get client(): SESv2Client {
    return this.ses
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string | null }> {
    const to = checkAddresses(email.to, 'to')
    const cc = checkAddresses(email.cc ?? [], 'cc')
    const replyTo = checkAddresses(email.replyTo ?? [], 'replyTo')
    if (to.length === 0)
      throw new ValidationError('an email needs a recipient', [{ path: 'to', message: 'empty' }])
    if (/[\r\n]/.test(email.subject)) {
      throw new ValidationError('header injection refused', [
        { path: 'subject', message: 'contains a line break' },
      ])
    }
    const command = new SendEmailCommand({
      FromEmailAddress: this.options.from,
      Destination: { ToAddresses: to, ...(cc.length ? { CcAddresses: cc } : {}) },
      ...(replyTo.length ? { ReplyToAddresses: replyTo } : {}),
      ...(email.tags
        ? { EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })) }
        : {}),
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
    })
    await this.pace()
    try {
      const res = await this.ses.send(command)
      this.counts.sent++
      return { messageId: res.MessageId ?? null }
    } catch (e) {
      this.counts.failed++
      throw e
    }
  }

  /** The counts so far (for a run's log and metrics), starting again from zero. */
  takeCounts(): MailCounts {
    const counts = this.counts
    this.counts = { sent: 0, failed: 0, throttled: 0 }
    return counts
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
