import type { Logger } from '@aws-lambda-powertools/logger'
import { classify, type StreamRecord } from '#shared/events/table-change.ts'
import { type NotifyDeps, notifyAssignment, notifyRollover } from '#shared/usecases/notify.ts'
import { syncOwnerLinks } from '#shared/usecases/owner-index.ts'
import { applyRollover, attachWaitingActions, type RolloverHooks } from '#shared/usecases/rollover.ts'

export type StreamEvent = { Records: (StreamRecord & { dynamodb?: { SequenceNumber?: string } })[] }
export type BatchResponse = { batchItemFailures: { itemIdentifier: string }[] }

/**
 * The DynamoDB-stream handler's body: each record is classified from its images and each
 * thing it asks for handed to one use case. A record that fails is reported in `batchItemFailures` (the event source
 * checkpoints there and retries from it), so the records before it are not redone; the ones
 * after it are still processed here, and are safe to see again because every use case is
 * idempotent.
 */
export async function handleTableChanges(
  event: StreamEvent,
  deps: NotifyDeps,
  logger: Logger,
  hooks: RolloverHooks = {},
): Promise<BatchResponse> {
  const failures: { itemIdentifier: string }[] = []
  for (const record of event.Records) {
    const id = record.dynamodb?.SequenceNumber ?? ''
    try {
      // A record may ask for several things (an action's new owner needs a link and an email);
      // if one fails the whole record is retried, which every use case tolerates.
      for (const change of classify(record)) {
        switch (change.kind) {
          case 'minutes-approved': {
            const outcome = await applyRollover(deps, change.meetingId, hooks)
            const emails = await notifyRollover(deps, change.meetingId)
            logger.info('rollover applied', { meetingId: change.meetingId, ...outcome, emails })
            break
          }
          case 'meeting-scheduled': {
            const attached = await attachWaitingActions(deps, change.boardId)
            if (attached) logger.info('waiting actions attached', { meetingId: change.meetingId, attached })
            break
          }
          case 'owner-links-changed': {
            const synced = await syncOwnerLinks(deps, change.action, change.previousOwnerIds)
            logger.debug('owner links synced', {
              actionId: change.action.id,
              version: change.action.version,
              synced,
            })
            break
          }
          case 'owners-assigned': {
            const emails = await notifyAssignment(deps, change.action, change.newOwnerIds)
            logger.info('owners told of assignment', { actionId: change.action.id, emails })
            break
          }
        }
      }
    } catch (error) {
      logger.error('stream record failed', { error, sequenceNumber: id })
      failures.push({ itemIdentifier: id })
    }
  }
  return { batchItemFailures: failures }
}
