import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { Logger } from '@aws-lambda-powertools/logger'
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { asDependencyOutage } from '#shared/errors.ts'
import { classify, type StreamRecord } from '#shared/events/table-change.ts'
import { count, mailCounts, type RunMetrics } from '#shared/metrics.ts'
import { RunReads } from '#shared/usecases/compose-email.ts'
import { enqueueAssignment, enqueueRolloverEmails } from '#shared/usecases/notify.ts'
import { deliver, type OutboxDeps } from '#shared/usecases/outbox.ts'
import { syncOwnerIndex } from '#shared/usecases/owner-index.ts'
import { applyRollover, attachWaitingActions, type RolloverHooks } from '#shared/usecases/rollover.ts'

/** How long a record that failed for an outage waits before it is reported (so retried). */
export const OUTAGE_PAUSE_MS = 20_000
const INLINE_FAILURES_TO_STOP = 3
const INLINE_BUDGET_MS = 60_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

type ChangeRecord = StreamRecord & { dynamodb?: { SequenceNumber?: string } }
export type StreamEvent = { Records: ChangeRecord[] }
export type BatchResponse = { batchItemFailures: { itemIdentifier: string }[] }

/**
 * The DynamoDB-stream handler's body, on Powertools' BatchProcessor: records one after
 * another (so an item's changes are applied in stream order), each classified from its
 * images and each thing it asks for handed to one use case. A record that fails is reported
 * in `batchItemFailures` (the event source checkpoints there and retries from it), so the
 * records before it are not redone; the ones after it are still processed here, and are
 * safe to see again because every use case is idempotent. Even a batch that fails whole is
 * answered with its failures rather than thrown, so the event source knows which; the one
 * exception is a failed record without a sequence number, which only failing the whole
 * invocation can have retried.
 */
export async function handleTableChanges(
  event: StreamEvent,
  deps: OutboxDeps,
  logger: Logger,
  opts: { hooks?: RolloverHooks; metrics?: RunMetrics | undefined; outagePauseMs?: number } = {},
): Promise<BatchResponse> {
  // One processor per call: it holds the batch's state, and the local stack runs calls side by side.
  const processor = new BatchProcessor(EventType.DynamoDBStreams)
  const outcome = {
    ActionsDischarged: 0,
    ActionsCarriedForward: 0,
    StreamRecordsFailed: 0,
    EmailsRetried: 0,
    EmailsGivenUp: 0,
    EmailsDropped: 0,
  }
  const reads = new RunReads(deps)
  // Inline sends are a shortcut, not the guarantee (the outbox sweep is): once SES keeps
  // failing, or they have taken a minute, the rest of the batch's emails are left to the sweep,
  // so a hanging SES cannot run the batch into its timeout.
  const inline = { failuresInARow: 0, startedAt: Date.now() }
  const sendInline = () =>
    inline.failuresInARow < INLINE_FAILURES_TO_STOP && Date.now() - inline.startedAt < INLINE_BUDGET_MS
  const handleRecord = async (record: ChangeRecord) => {
    try {
      // A record may ask for several things (an action's new owner needs a link and an email);
      // if one fails the whole record is retried, which every use case tolerates.
      for (const change of classify(record)) {
        switch (change.kind) {
          case 'minutes-approved': {
            const rolled = await applyRollover(deps, change.meetingId, opts.hooks)
            outcome.ActionsDischarged += rolled.discharged
            outcome.ActionsCarriedForward += rolled.carried
            const emails = await enqueueRolloverEmails(deps, change.meetingId)
            logger.info('rollover applied', { meetingId: change.meetingId, ...rolled, emailsQueued: emails })
            break
          }
          case 'meeting-scheduled': {
            const attached = await attachWaitingActions(deps, change.boardId)
            if (attached) logger.info('waiting actions attached', { meetingId: change.meetingId, attached })
            break
          }
          case 'owner-index-changed': {
            const synced = await syncOwnerIndex(deps, change.action, change.previousOwnerIds)
            logger.debug('owner index synced', {
              actionId: change.action.id,
              version: change.action.version,
              synced,
            })
            break
          }
          case 'owners-assigned': {
            const gathered = await enqueueAssignment(deps, change.action, change.newOwnerIds)
            logger.info('assignment gathered for its owners', { actionId: change.action.id, gathered })
            break
          }
          case 'email-queued': {
            if (Date.parse(change.dueAt) > deps.now().getTime() || !sendInline()) break
            // The email is safe in the outbox whatever happens here: a failure is the sweep's to retry,
            // never a reason to fail the record.
            const delivery = await deliver(deps, change.key, { reads }).catch((error: unknown) => {
              logger.warn('email left for the outbox sweep', { key: change.key, error })
              return 'left-for-sweep' as const
            })
            if (delivery === 'retrying' || delivery === 'left-for-sweep') inline.failuresInARow++
            else if (delivery !== 'not-due') inline.failuresInARow = 0
            if (delivery === 'retrying') outcome.EmailsRetried++
            if (delivery === 'dropped') outcome.EmailsDropped++
            if (delivery === 'failed') {
              outcome.EmailsGivenUp++
              logger.error('email given up', { key: change.key })
            }
            logger.debug('email delivery', { key: change.key, delivery })
            break
          }
        }
      }
    } catch (error) {
      outcome.StreamRecordsFailed++
      logger.error('stream record failed', {
        error,
        sequenceNumber: record.dynamodb?.SequenceNumber,
      })
      // An outage fails fast (throttling, 5xx): pausing before the retry makes the mapping's
      // retries span the outage rather than spend themselves in a minute (TABLE_CHANGE_MAPPING).
      if (asDependencyOutage(error)) await sleep(opts.outagePauseMs ?? OUTAGE_PAUSE_MS)
      throw error
    }
  }
  try {
    const response = await processPartialResponse(
      event as DynamoDBStreamEvent,
      (record: DynamoDBRecord) => handleRecord(record as ChangeRecord),
      processor,
      { processInParallel: false, throwOnFullBatchFailure: false },
    )
    // Powertools leaves out a failed record that has no sequence number; failing the whole
    // batch is then the one way to have it retried.
    if (response.batchItemFailures.length < outcome.StreamRecordsFailed)
      throw new Error('a failed stream record has no SequenceNumber: the whole batch is retried')
    return {
      batchItemFailures: response.batchItemFailures.map((f) => ({ itemIdentifier: f.itemIdentifier })),
    }
  } finally {
    count(opts.metrics, { ...outcome, ...mailCounts(deps.mailer.takeCounts()) })
  }
}
