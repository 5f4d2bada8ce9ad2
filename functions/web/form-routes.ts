import type { Context, Hono } from 'hono'
import type { FormPost, Signed, WebKit } from './kit.ts'

type EntryForm = (
  id: string,
  s: Signed,
  form: Record<string, string>,
  c: Context,
) => Promise<FormPost> | FormPost

/**
 * The kit's postForm for a form on one entry's page (a board's, a meeting's, an action's…):
 * the path's one parameter, checked as an id (a malformed one is a page not found), is
 * given to `build` first.
 */
export function entryForms(k: Pick<WebKit, 'postForm' | 'idParam'>) {
  return (app: Hono, path: string, build: EntryForm, opts?: { maxBodyBytes?: number }): void => {
    const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '')
    const [param] = params
    if (param === undefined || params.length > 1) throw new Error(`${path} does not name one entry`)
    k.postForm(app, path, (c, s, form) => build(k.idParam(c, param), s, form, c), opts)
  }
}
