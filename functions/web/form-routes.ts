import { type IssueDetail, ValidationError } from '#shared/errors.ts'
import type { RowResult } from '#shared/usecases/actions.ts'
import { rowField } from '../http/ui/components.tsx'
import type { FormState } from '../http/ui/forms.ts'
import type { FormPost } from './kit.ts'

/** What a many-row form draws again: the keys of its rows still to send, and the rows saved. */
type RowsLeft = { keys: readonly string[]; saved: readonly RowResult[] }

/**
 * A form of new rows, each saved on its own (actions raised, work-programme items added):
 * none typed is refused at the first row; refused in part, only the rows refused are drawn
 * again, and the one-time key stays spent, as the rows saved must not be sent twice.
 */
export function rowsForm<R extends { key: string }>(o: {
  form: string
  keys: readonly string[]
  /** The rows with something typed. */
  rows: readonly R[]
  /** The field an error that names no row is shown at, in the first row. */
  first: string
  /** What to ask for when no row was typed. */
  none: string
  save: (rows: readonly R[]) => Promise<readonly RowResult[]>
  /** Where to go when every row was saved. */
  done: (saved: readonly RowResult[]) => string
  issues: (results: readonly RowResult[], keys: readonly string[]) => IssueDetail[]
  redraw: (state: FormState, left: RowsLeft) => Promise<string> | string
}): FormPost {
  const firstField = rowField(o.first, o.keys[0] ?? '1')
  let left: RowsLeft = { keys: o.keys, saved: [] }
  return {
    form: o.form,
    firstField,
    change: async () => {
      if (o.rows.length === 0) throw new ValidationError('no rows', [{ path: firstField, message: o.none }])
      const results = await o.save(o.rows)
      const saved = results.filter((r) => r.ok)
      if (saved.length === o.rows.length) return o.done(saved)
      const sent = o.rows.map((r) => r.key)
      left = { keys: results.flatMap((r) => (r.ok ? [] : [sent[r.row] ?? ''])), saved }
      throw new ValidationError('rows refused', o.issues(results, sent))
    },
    redraw: (state) => o.redraw(state, left),
    oneTime: true,
    savedSome: () => left.saved.length > 0,
  }
}
