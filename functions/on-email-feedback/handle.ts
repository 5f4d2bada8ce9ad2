import type { Logger } from '@aws-lambda-powertools/logger'
import { ValidationError } from '#shared/errors.ts'
import { feedbackOf, SesNotification, SnsEvent } from '#shared/events/ses-feedback.ts'
import { count, type RunMetrics } from '#shared/metrics.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { recordEmailFeedback } from '#shared/usecases/email-feedback.ts'

export type FeedbackRun = { notifications: number; suppressed: number; settled: number }

/**
 * SES bounce and complaint notifications from SNS. A message that is not a notification we
 * can read is an error (SNS retries, then the dead-letter queue keeps it for a person to
 * see); one of a type we do not act on is logged and dropped.
 */
export async function handleEmailFeedback(
  event: unknown,
  deps: Deps,
  logger: Logger,
  metrics?: RunMetrics,
): Promise<FeedbackRun> {
  const parsed = SnsEvent.safeParse(event)
  if (!parsed.success) {
    throw new ValidationError('not an SNS event', [{ path: 'Records', message: parsed.error.message }])
  }
  const run: FeedbackRun = { notifications: 0, suppressed: 0, settled: 0 }
  for (const record of parsed.data.Records) {
    let body: unknown
    try {
      body = JSON.parse(record.Sns.Message)
    } catch (e) {
      throw new ValidationError('SNS message is not JSON', [{ path: 'Sns.Message', message: String(e) }])
    }
    const notification = SesNotification.safeParse(body)
    if (!notification.success) {
      throw new ValidationError('not an SES notification', [
        { path: 'Sns.Message', message: notification.error.message },
      ])
    }
    const feedback = feedbackOf(notification.data)
    const result = await recordEmailFeedback(deps, feedback)
    run.notifications++
    run.suppressed += result.suppressed.length
    if (result.settled) run.settled++
    const log = {
      snsMessageId: record.Sns.MessageId,
      kind: feedback.kind,
      detail: feedback.detail,
      ...result,
    }
    if (feedback.kind === 'other' || feedback.kind === 'sent') logger.debug('email notification', log)
    else logger.info('email feedback', log)
  }
  count(metrics, { AddressesSuppressed: run.suppressed, EmailsSettledBySendEvent: run.settled })
  return run
}
