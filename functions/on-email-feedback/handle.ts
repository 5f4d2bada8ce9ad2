import type { Logger } from '@aws-lambda-powertools/logger'
import { ValidationError } from '#shared/errors.ts'
import { feedbackOf, SesEventBridgeEvent, SesNotification } from '#shared/events/ses-feedback.ts'
import { count, type RunMetrics } from '#shared/metrics.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { recordEmailFeedback } from '#shared/usecases/email-feedback.ts'

export type FeedbackRun = { notifications: number; suppressed: number; settled: number }

/**
 * One SES event (a bounce, a complaint or a send) from EventBridge. An event that is not one
 * we can read is an error (Lambda retries it, then the failure queue keeps it for a person to
 * see); one of a type we do not act on is logged and dropped.
 */
export async function handleEmailFeedback(
  event: unknown,
  deps: Deps,
  logger: Logger,
  metrics?: RunMetrics,
): Promise<FeedbackRun> {
  const envelope = SesEventBridgeEvent.safeParse(event)
  if (!envelope.success) {
    throw new ValidationError('not an SES event from EventBridge', [
      { path: envelope.error.issues[0]?.path.join('.') || 'event', message: envelope.error.message },
    ])
  }
  const notification = SesNotification.safeParse(envelope.data.detail)
  if (!notification.success) {
    throw new ValidationError('not an SES notification', [
      { path: 'detail', message: notification.error.message },
    ])
  }
  const feedback = feedbackOf(notification.data)
  const result = await recordEmailFeedback(deps, feedback)
  const run: FeedbackRun = {
    notifications: 1,
    suppressed: result.suppressed.length,
    settled: result.settled ? 1 : 0,
  }
  const log = {
    eventId: envelope.data.id,
    detailType: envelope.data['detail-type'],
    kind: feedback.kind,
    detail: feedback.detail,
    ...result,
  }
  if (feedback.kind === 'other' || feedback.kind === 'sent') logger.debug('email notification', log)
  else logger.info('email feedback', log)
  count(metrics, { AddressesSuppressed: run.suppressed, EmailsSettledBySendEvent: run.settled })
  return run
}
