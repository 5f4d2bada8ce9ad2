import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry'

/**
 * The one error taxonomy. Use cases throw these; `functions/http/problem.ts` maps them to
 * HTTP in one place, and stream/scheduled handlers decide retry vs. give-up from the class.
 */
export type IssueDetail = { path: string; message: string }

/** zod's issues with their paths ("ownerIds.0", "exempt.section"): what a 400 names. */
export function zodIssues(issues: readonly ZodIssueLike[]): IssueDetail[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.')
    const unknownKeys = i.code === 'unrecognized_keys' && i.keys ? ` (${i.keys.join(', ')})` : ''
    return { path: path || '(root)', message: `${i.message}${unknownKeys}` }
  })
}
type ZodIssueLike = { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }

export abstract class AppError extends Error {
  abstract readonly kind: string
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** The request is malformed or breaks a domain rule the caller could have checked. */
export class ValidationError extends AppError {
  readonly kind = 'validation'
  constructor(
    message: string,
    readonly issues: IssueDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export class UnauthorizedError extends AppError {
  readonly kind = 'unauthorized'
}

export class ForbiddenError extends AppError {
  readonly kind = 'forbidden'
}

export class NotFoundError extends AppError {
  readonly kind = 'not-found'
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found`)
  }
}

export type ConflictReason = 'stale-version' | 'illegal-transition' | 'duplicate'

/** The request was well formed but clashes with the current state. */
export class ConflictError extends AppError {
  readonly kind = 'conflict'
  /** A concurrent transaction on the same items won the race: trying again may well succeed. */
  readonly contended: boolean
  constructor(
    readonly reason: ConflictReason,
    message: string,
    options?: { cause?: unknown; contended?: boolean },
  ) {
    super(message, options)
    this.contended = options?.contended ?? false
  }
}

/** A write needs `If-Match` so that it cannot silently overwrite someone else's change. */
export class PreconditionRequiredError extends AppError {
  readonly kind = 'precondition-required'
}

export class PayloadTooLargeError extends AppError {
  readonly kind = 'payload-too-large'
}

export class UnsupportedMediaTypeError extends AppError {
  readonly kind = 'unsupported-media-type'
}

export type LinkRefusal = 'invalid' | 'expired' | 'meeting-over' | 'revoked' | 'replayed' | 'not-yours'

/**
 * A signed link or its form was refused. The owner's page turns the reason into a plain
 * explanation; `contact` is the secretariat's mailboxes when the link was genuine enough
 * to say which board it was for.
 */
export class LinkRefusedError extends AppError {
  readonly kind = 'link-refused'
  constructor(
    readonly reason: LinkRefusal,
    message: string,
    readonly contact: readonly string[] = [],
  ) {
    super(message)
  }
}

/**
 * A service the request depends on (DynamoDB) did not answer, timed out or asked us to slow
 * down. Nothing is wrong with the request, and the same one a few seconds later may well
 * succeed: HTTP answers 503 with `Retry-After`, never 500.
 */
export class DependencyUnavailableError extends AppError {
  readonly kind = 'dependency-unavailable'
  /** What `Retry-After` says: DynamoDB's throttling and brief outages pass within seconds. */
  static readonly retryAfterSeconds = 5
}

const OUTAGE = 'the database did not answer in time; try again in a few seconds'

/** A transaction cancelled because DynamoDB throttled one of its items, not because of a condition. */
const THROTTLED_CANCELLATIONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded'])

/**
 * An AWS SDK error that means the service was unavailable, as a DependencyUnavailableError;
 * null for anything else (a bug, a refused condition, a validation error). The SDK's own
 * classification decides, the one its retry strategy used before giving up: no answer
 * (connection refused or reset, a timeout; also an abort), throttling
 * (ProvisionedThroughputExceededException, RequestLimitExceeded, ThrottlingException…), or a
 * server error (InternalServerError, ServiceUnavailable, any 5xx).
 */
export function asDependencyOutage(err: unknown): DependencyUnavailableError | null {
  if (err instanceof DependencyUnavailableError) return err
  for (let e = err, depth = 0; e instanceof Error && !(e instanceof AppError) && depth < 5; depth++) {
    if (isSdkOutage(e)) return new DependencyUnavailableError(OUTAGE, { cause: err })
    e = e.cause
  }
  return null
}

function isSdkOutage(e: Error): boolean {
  // Only what came back through an SDK client: a bug of ours named TimeoutError is still a bug.
  if (!('$metadata' in e)) return false
  const sdkError = e as Parameters<typeof isTransientError>[0]
  // The SDK leaves an abort (ours: the readiness check's time limit) out of "transient".
  if (e.name === 'AbortError') return true
  if (isTransientError(sdkError) || isThrottlingError(sdkError) || isServerError(sdkError)) return true
  const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []
  return (
    e.name === 'TransactionCanceledException' &&
    reasons.some((r) => THROTTLED_CANCELLATIONS.has(r.Code ?? ''))
  )
}
