import * as z from 'zod'
import { Action } from '#shared/domain/action.ts'
import { Id } from '#shared/domain/common.ts'
import {
  AppError,
  asDependencyOutage,
  DependencyUnavailableError,
  ValidationError,
  zodIssues,
} from '#shared/errors.ts'
import type { RowResult } from '#shared/usecases/actions.ts'

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
  return new ValidationError(`invalid ${where ?? 'input'}`, zodIssues(err.issues))
}

/** One row's failure in a call that takes many (each row saved or refused on its own). */
export type RowProblem = { status: number; field: string; detail: string }

/** The answer to a call that takes many rows: each row's result, and how many were saved. */
export const RowResults = z.object({
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({
        row: z.number().int().meta({ description: 'The row, counted from 0 in the order sent' }),
        actionId: Id,
        ref: z.string(),
        ok: z.literal(true),
        action: Action,
      }),
      z.object({
        row: z.number().int(),
        actionId: Id.nullable(),
        ref: z.string().nullable(),
        ok: z.literal(false),
        status: z
          .number()
          .int()
          .meta({ description: 'What this row alone would have been answered (400, 404, 409…)' }),
        field: z.string().meta({ example: 'note' }),
        detail: z.string().meta({ example: '03.23/06/2020: enter a discharge note' }),
      }),
    ]),
  ),
  saved: z.number().int(),
  failed: z.number().int(),
})
export type RowResults = z.infer<typeof RowResults>

function rowResults(results: readonly RowResult[]): RowResults {
  const out = results.map((r) => {
    if (r.ok)
      return { row: r.row, actionId: r.action.id, ref: r.action.ref, ok: true as const, action: r.action }
    const problem = rowProblem(r.error, r.field, r.label)
    // The answer says a server-side failure was logged: the request itself succeeded, so the
    // app's error handler never sees it.
    if (problem.status >= 500)
      console.error(
        JSON.stringify({ level: 'ERROR', message: 'row failed', row: r.row, error: String(r.error) }),
      )
    return { row: r.row, actionId: r.actionId, ref: r.ref, ok: false as const, ...problem }
  })
  const saved = out.filter((r) => r.ok).length
  return { results: out, saved, failed: out.length - saved }
}

/** A many-row call's answer: `allOk` (201 or 200) when every row was saved, else 200 with each row's result. */
export function rowsAnswer(
  results: readonly RowResult[],
  allOk: number,
): { status: number; body: RowResults } {
  const body = rowResults(results)
  return { status: body.failed === 0 ? allOk : 200, body }
}

/**
 * A row's error as the same table maps it, its detail led by what names the row to a person
 * (`03.23/06/2020: enter a discharge note`): for a refused field, the field's own message.
 */
export function rowProblem(err: unknown, field: string, label: string): RowProblem {
  const p = toProblem(err)
  const issue = p.issues?.find((i) => i.path === field) ?? p.issues?.[0]
  return { status: p.status, field: issue?.path ?? field, detail: `${label}: ${issue?.message ?? p.detail}` }
}
