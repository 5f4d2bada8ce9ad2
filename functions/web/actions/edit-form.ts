import { type Action, defaultPublicWording, PatchActionInput } from '#shared/domain/action.ts'
import { ValidationError, zodIssues } from '#shared/errors.ts'

/**
 * The action page's edit form as patchAction's input: only the fields that differ from the
 * action as it now is (a form sends every field; an unchanged one must not land in the
 * history). Owners go as typed ("DT / OPCC") for the use case to resolve, and only if the
 * text differs from what the form showed. Issues name the form's fields.
 */
export function editPatch(form: Record<string, string>, current: Action): PatchActionInput | null {
  const patch: Record<string, unknown> = {}
  const text = (name: string) => (form[name] ?? '').trim()
  if (form.description !== undefined && text('description') !== current.description.trim())
    patch.description = form.description
  // A work-programme item's form has its title and detail in place of the description.
  if (form.title !== undefined && text('title') !== (current.title ?? '')) patch.title = text('title')
  if (form.detail !== undefined && (text('detail') || null) !== current.detail)
    patch.detail = text('detail') || null
  if (form.itemNumber !== undefined) {
    const n = /^\d{1,2}$/.test(text('itemNumber')) ? Number(text('itemNumber')) : Number.NaN
    if (n !== current.itemNumber) patch.itemNumber = n
  }
  if (form.itemTitle !== undefined && (text('itemTitle') || null) !== current.itemTitle)
    patch.itemTitle = text('itemTitle') || null
  if (form.ref !== undefined && text('ref') !== current.ref) patch.ref = form.ref
  if (form.owners !== undefined && text('owners') !== (form.ownersWas ?? '').trim())
    patch.owners = form.owners
  // Moved only if the person chose another meeting than the one the form showed.
  if (form.dueMeetingId && form.dueMeetingId !== (form.dueWas ?? '')) patch.dueMeetingId = form.dueMeetingId
  const dueDate = dateOf(form, 'dueDate')
  if (dueDate !== undefined && dueDate !== current.dueDate) patch.dueDate = dueDate
  const exempt = exemptionOf(form)
  if (exempt !== undefined) {
    const wanted = exempt && {
      section: exempt.section,
      publicWording: exempt.publicWording ?? defaultPublicWording(exempt.section),
    }
    if (JSON.stringify(wanted) !== JSON.stringify(current.exempt)) patch.exempt = exempt
  }
  if (Object.keys(patch).length === 0) return null
  const parsed = PatchActionInput.safeParse(patch)
  if (parsed.success) return parsed.data
  throw new ValidationError('the form is not valid', formIssues(zodIssues(parsed.error.issues)))
}

/** The use case's field names as the form's (issue paths such as `exempt.section`). */
const FORM_FIELD: Record<string, string> = {
  ownerIds: 'owners',
  exempt: 'exemptSection',
  'exempt.section': 'exemptSection',
  'exempt.publicWording': 'exemptWording',
}

export function formIssues<T extends { path: string }>(issues: readonly T[]): T[] {
  return issues.map((i) => ({
    ...i,
    path: FORM_FIELD[i.path] ?? FORM_FIELD[i.path.split('.')[0] ?? ''] ?? i.path.split('.')[0] ?? i.path,
  }))
}

/**
 * The Design System's date input (`<name>-day`, `-month`, `-year`) as an ISO date: null when
 * all three are empty, undefined when the form has no such field, and a field error when
 * what was typed is not a day of the calendar.
 */
export function dateOf(form: Record<string, string>, name: string): string | null | undefined {
  const parts = (['day', 'month', 'year'] as const).map((p) => form[`${name}-${p}`])
  // A page drawn before the date input posts one ISO field: the schema checks it.
  if (parts.every((p) => p === undefined))
    return form[name] === undefined ? undefined : form[name].trim() || null
  const [d, m, y] = parts.map((p) => (p ?? '').trim()) as [string, string, string]
  if (!d && !m && !y) return null
  const real = /^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y)
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
  if (!real || date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(m) - 1) {
    throw new ValidationError('not a date', [
      { path: name, message: 'Enter a real date, with the day, month and year, for example 27 3 2027' },
    ])
  }
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
}

/** The exemption box: null to lift it, a section (and wording, if typed) to set it; undefined if not on the form. */
function exemptionOf(
  form: Record<string, string>,
): { section: string; publicWording?: string } | null | undefined {
  if (form.exemptAsked === undefined) return undefined
  if (form.exempt !== 'yes') return null
  const section = (form.exemptSection ?? '').trim()
  const wording = (form.exemptWording ?? '').trim()
  return { section, ...(wording ? { publicWording: wording } : {}) }
}
