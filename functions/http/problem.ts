import * as z from 'zod'
import {
  AppError,
  asDependencyOutage,
  DependencyUnavailableError,
  type IssueDetail,
  ValidationError,
} from '#shared/errors.ts'

/** RFC 9457 problem details: the one place where errors become HTTP. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  reason: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type Problem = z.infer<typeof Problem>

const STATUS: Record<string, { status: number; title: string }> = {
  validation: { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'link-refused': { status: 403, title: 'Link refused' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'precondition-required': { status: 428, title: 'Precondition required' },
  'dependency-unavailable': { status: 503, title: 'Service unavailable' },
}

/** What a 503 (a dependency outage) carries, in the API and on the pages alike. */
export const RETRY_AFTER_HEADERS = { 'Retry-After': String(DependencyUnavailableError.retryAfterSeconds) }

/** The headers that go with a problem document: `Retry-After` on a 503. */
export const problemHeaders = (p: Pick<Problem, 'status'>): Record<string, string> =>
  p.status === 503 ? RETRY_AFTER_HEADERS : {}

export function toProblem(err: unknown): Problem {
  if (err instanceof z.ZodError) return toProblem(fromZod(err))
  const outage = err instanceof DependencyUnavailableError ? null : asDependencyOutage(err)
  if (outage) return toProblem(outage)
  if (err instanceof AppError) {
    const s = STATUS[err.kind] ?? { status: 500, title: 'Internal error' }
    return {
      type: `urn:action-tracker:problem:${err.kind}`,
      title: s.title,
      status: s.status,
      detail: err.message,
      ...('reason' in err && typeof err.reason === 'string' ? { reason: err.reason } : {}),
      ...(err instanceof ValidationError && err.issues.length > 0 ? { issues: err.issues } : {}),
    }
  }
  return {
    type: 'urn:action-tracker:problem:internal',
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side; it has been logged.',
  }
}

/** zod issues with their paths ("ownerIds.0", "exempt.section"), prefixed with where they came from. */
export function fromZod(err: z.ZodError, where?: 'body' | 'query' | 'params'): ValidationError {
  const issues: IssueDetail[] = err.issues.map((i) => {
    const path = i.path.map(String).join('.')
    const unknownKeys = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : ''
    return { path: path || '(root)', message: `${i.message}${unknownKeys}` }
  })
  return new ValidationError(`invalid ${where ?? 'input'}`, issues)
}
