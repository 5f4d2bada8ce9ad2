import * as z from 'zod'
import { Email, singleLine } from './common.ts'

/**
 * An address SES told us not to write to again: a permanent bounce or a complaint. Sends
 * leave it out until the secretariat lifts it (after the mailbox is fixed).
 */
export const Suppression = z.object({
  email: Email,
  reason: z.enum(['bounce', 'complaint']),
  /** SES's own words, e.g. "Permanent/General" or the complaint feedback type. */
  detail: singleLine(200).nullable(),
  at: z.string(),
  /** The SES message that bounced, to trace it in the sent-email log. */
  messageId: z.string().nullable(),
})
export type Suppression = z.infer<typeof Suppression>

/** Mailboxes are compared without regard to case, as mail servers treat them in practice. */
export function addressKey(email: string): string {
  return email.trim().toLowerCase()
}
