import type * as z from 'zod'
import type { Board } from '#shared/domain/board.ts'
import { Id } from '#shared/domain/common.ts'
import { fromZoned, toZoned } from '#shared/domain/time.ts'
import { type IssueDetail, ValidationError } from '#shared/errors.ts'
import type { RowResult } from '#shared/usecases/actions.ts'
import { toProblem } from '../http/problem.ts'
import type { FormState } from '../http/ui/forms.ts'

/**
 * From what a form posts to a use case's input: the domain's own input schemas validate it
 * (`parsed`), and these read the form's words (initials, a local date and time) into ids
 * and instants, with an issue that names the field when they cannot.
 */

export function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean)
}

/** A date and time typed in the board's time zone, as an instant; a field error if either is missing. */
export function localInstant(date: string | undefined, time: string | undefined, board: Board): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '')
  const t = /^(\d{2}):(\d{2})$/.exec(time ?? '')
  if (!d) throw new ValidationError('no date', [{ path: 'date', message: 'Enter the date of the meeting' }])
  if (!t)
    throw new ValidationError('no time', [{ path: 'time', message: 'Enter the start time, e.g. 10:00' }])
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ]
  // 31 February or 25:00 would roll over into another day: refuse what the calendar lacks.
  const back = toZoned(new Date(Date.UTC(year, month - 1, day, hour, minute)), 'UTC')
  if (back.month !== month || back.day !== day || hour > 23 || minute > 59) {
    throw new ValidationError('no such date', [{ path: 'date', message: 'Enter a real date and time' }])
  }
  return fromZoned({ year, month, day, hour, minute, second: 0 }, board.timeZone).toISOString()
}

/**
 * The fields of `next` that differ from `current`: a form sends every field, but only a real
 * change should move the version and land in the history.
 */
export function changedOnly<T extends object>(next: T, current: object): Partial<T> {
  const was = current as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(was[k])),
  ) as Partial<T>
}

/** Validates a form's values with the same schema the JSON API uses; issues name the fields. */
export function parsed<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ValidationError(
    'the form is not valid',
    result.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message })),
  )
}

/**
 * A correction form's save: `patch` holds only the fields that changed (see changedOnly), so
 * an empty one saves nothing (no new version, nothing in the history); else it is validated
 * with the JSON API's schema and saved. Whether anything was saved.
 */
export async function savePatch<S extends z.ZodType>(
  schema: S,
  patch: object,
  save: (input: z.infer<S>) => Promise<unknown>,
): Promise<boolean> {
  if (Object.keys(patch).length === 0) return false
  await save(parsed(schema, patch))
  return true
}

/** The id chosen in a form's select, or an issue on that field asking for a choice. */
export function chosenId(form: Record<string, string>, field: string, message: string): string {
  const id = Id.safeParse(form[field])
  if (!id.success) throw new ValidationError(`no ${field} chosen`, [{ path: field, message }])
  return id.data
}

/** Maps the use case's field names onto the form's (e.g. ownerIds → owners). */
export function renamed(state: FormState, names: Record<string, string>): FormState {
  const rename = (path: string) => names[path.split('.')[0] ?? path] ?? path
  return { ...state, issues: state.issues.map((i) => ({ ...i, path: rename(i.path) })) }
}

/**
 * The rows of a many-row form that failed, as issues at their fields: `at` places each of a
 * row's issues (the row's key given); a fault of ours asks the person to try that row again.
 */
export function rowIssues(
  results: readonly RowResult[],
  keys: readonly string[],
  retry: string,
  at: (issue: IssueDetail, key: string) => IssueDetail,
): IssueDetail[] {
  return results.flatMap((r) => {
    if (r.ok) return []
    const key = keys[r.row] ?? ''
    const p = toProblem(r.error)
    const issues =
      p.status >= 500
        ? [{ path: r.field, message: retry }]
        : (p.issues ?? [{ path: r.field, message: p.detail }])
    return issues.map((i) => at(i, key))
  })
}
