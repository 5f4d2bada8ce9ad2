/**
 * The one error taxonomy. Use cases throw these; `functions/http/problem.ts` maps them to
 * HTTP in one place, and stream/scheduled handlers decide retry vs. give-up from the class.
 */
export type IssueDetail = { path: string; message: string }

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
