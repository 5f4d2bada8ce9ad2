import { Email } from '../domain/common.ts'
import { addressKey } from '../domain/suppression.ts'
import type { Feedback } from '../events/ses-feedback.ts'
import type { Deps } from './deps.ts'

export type FeedbackResult = { suppressed: string[]; ignored: string[]; settled?: boolean }

/**
 * Records a bounce or complaint: each address becomes suppressed, so reminders, summaries
 * and rollover emails leave it out, and the secretariat sees it (API and the chair's
 * summary). Recording again is harmless (SNS delivers at least once).
 */
export async function recordEmailFeedback(deps: Deps, feedback: Feedback): Promise<FeedbackResult> {
  // SES accepted an outbox email: recorded as sent even if its sender died before it could say so.
  if (feedback.kind === 'sent' && feedback.outboxKey) {
    const settled = await deps.store.outbox.recordSent(feedback.outboxKey, feedback.messageId, deps.now())
    return { suppressed: [], ignored: [], settled }
  }
  if (feedback.kind !== 'bounce' && feedback.kind !== 'complaint') {
    return { suppressed: [], ignored: feedback.addresses }
  }
  const suppressed: string[] = []
  const ignored: string[] = []
  for (const raw of feedback.addresses) {
    // SES may report an address as "Name <a@b>"; keep the mailbox only.
    const email = Email.safeParse(addressKey(raw.replace(/^.*<([^>]+)>\s*$/, '$1')))
    if (!email.success) {
      ignored.push(raw)
      continue
    }
    await deps.store.suppressions.save({
      email: email.data,
      reason: feedback.kind,
      detail: feedback.detail?.slice(0, 200) || null,
      at:
        feedback.at && !Number.isNaN(Date.parse(feedback.at))
          ? new Date(feedback.at).toISOString()
          : deps.now().toISOString(),
      messageId: feedback.messageId,
    })
    suppressed.push(email.data)
  }
  return { suppressed, ignored }
}
