import { randomBytes } from 'node:crypto'
import type { IssueDetail } from '#shared/errors.ts'
import type { LinkStateRepository } from '#shared/store/links.ts'

/** A form that was refused: which form, what was wrong, and what was typed (to show it again). */
export type FormState = { form: string; issues: IssueDetail[]; values: Record<string, string> }

/**
 * A form's one-time key: the server uses it up with the change it carries, so a double
 * click or the back button cannot do it twice. A form drawn again gets a fresh one.
 */
export const newFormKey = () => randomBytes(18).toString('base64url')

const FORM_KEY = /^[\w-]{16,64}$/
export const isFormKey = (key: string) => FORM_KEY.test(key)
/** How long a used key is remembered: longer than anyone keeps a form open. */
const FORM_KEY_DAYS = 1

/** The one-time keys' uses, against the store's used-form markers (any function's forms). */
export function formKeys(store: Pick<LinkStateRepository, 'useForm' | 'releaseForm'>) {
  return {
    /** Uses the key up; false if it is missing, malformed or already used. */
    async use(key: string | null | undefined): Promise<boolean> {
      if (!key || !isFormKey(key)) return false
      const expiresAt = Math.floor(Date.now() / 1000) + FORM_KEY_DAYS * 86_400
      return store.useForm({ nonce: `ui-${key}`, expiresAt })
    },
    /** Gives the key back when the change it carried was not saved. */
    async release(key: string | null | undefined): Promise<void> {
      if (key && isFormKey(key)) await store.releaseForm(`ui-${key}`).catch(() => undefined)
    },
  }
}

/** A field's id: the form's name, then the field's (so one page's forms never clash). */
export const fieldId = (form: string, name: string) => `${form}-${name}`.replace(/[^\w-]/g, '-')

/** The values typed into `form`, if it was the one refused. */
export function valuesFor(state: FormState | undefined, form: string): Record<string, string> {
  return state?.form === form ? state.values : {}
}

/** The issue `name` has in `form`; an issue naming no field of the form goes to its first. */
export function issueFor(state: FormState | undefined, form: string, name: string): IssueDetail | undefined {
  if (state?.form !== form) return undefined
  return (
    state.issues.find((i) => i.path === name) ??
    (name === state.issues[0]?.path ? state.issues[0] : undefined)
  )
}

/** zod's wording is for developers; a person reads what to do. */
export function plain(message: string): string {
  if (/too small/i.test(message) && /string|>=1 char/i.test(message)) return 'Enter a value'
  if (/too small/i.test(message) && /array|>=1 item/i.test(message)) return 'Enter at least one'
  if (/too big/i.test(message)) return 'This is too long'
  if (/expected number/i.test(message)) return 'Enter a number'
  if (/invalid option|expected one of/i.test(message)) return 'Choose one of the options'
  return message.charAt(0).toUpperCase() + message.slice(1)
}
