import type { Logger } from '@aws-lambda-powertools/logger'
import type { Context, Hono } from 'hono'
import { Id } from '#shared/domain/common.ts'
import { Cursor, PAGE_LIMIT, type PageRequest } from '#shared/domain/page.ts'
import type { Person } from '#shared/domain/person.ts'
import type { Principal } from '#shared/domain/principal.ts'
import {
  ConflictError,
  type ConflictReason,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from '#shared/errors.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { fromAnotherSite } from '../http/fetch-metadata.ts'
import { problemHeaders, toProblem } from '../http/problem.ts'
import { currentPrincipal, type UiAuth } from '../http/session.ts'
import type { PageLinks } from '../http/ui/components.tsx'
import { type FormState, formKeys } from '../http/ui/forms.ts'
import { messagePage, pageHeaders } from '../http/ui/page.tsx'
import { navigation } from './shell.tsx'
import { sessionEndedPage } from './sign-in/pages.tsx'

export type UiOptions = { deps: Deps; auth: UiAuth; logger: Pick<Logger, 'error'>; maxBodyBytes: number }

/** Who is signed in: the session's principal and, if linked, their entry in the directory. */
export type Signed = { principal: Principal; me: Person | null }

/** What a form post does: its change (answering with where to go next) and its page. */
export type FormPost = {
  /** The form's name on the page (its fields' ids start with it). */
  form: string
  /** Where an error that names no field is shown. */
  firstField: string
  change: () => Promise<string>
  redraw: (state: FormState) => Promise<string> | string
  /** The form carries a one-time key: a second send does nothing. */
  oneTime?: boolean
  /** The field a conflict of each kind concerns. */
  conflicts?: Partial<Record<ConflictReason, string>>
  /** A many-row form refused in part: some rows were saved, so its one-time key stays spent. */
  savedSome?: () => boolean
}

type Handler = (c: Context, s: Signed) => Promise<Response>
type EntryForm = (
  id: string,
  s: Signed,
  form: Record<string, string>,
  c: Context,
) => Promise<FormPost> | FormPost

const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i

/** A form posted from another site, or not as a form. */
export class CrossSite extends Error {}

/**
 * What the areas' pages share: the session check, form posts (post/redirect/get, a
 * refusal drawn again with what was typed), list paging, and errors as pages.
 */
export function webKit({ deps, auth, logger, maxBodyBytes }: UiOptions) {
  const headers = pageHeaders(auth.signIn.kind === 'cognito' ? auth.signIn.domain : undefined)
  const keys = formKeys(deps.store.links)
  const htmlPage = (c: Context, body: string, status = 200, extra: Record<string, string> = {}) =>
    c.html(body, status as 200, { ...headers, ...extra })

  /** Signed-in pages: a visitor without a session is sent to sign in; errors become pages. */
  const signed =
    (handler: Handler) =>
    async (c: Context): Promise<Response> => {
      const principal = await currentPrincipal(c, auth)
      if (!principal) {
        if (c.req.method === 'GET') return c.redirect('/ui/sign-in', 303)
        // A post after the session ended is not saved, but what was typed is shown back so
        // it can be copied, not lost (a form from another site gets nothing echoed).
        const typed = await readForm(c).catch(() => ({}) as Record<string, string>)
        return htmlPage(c, sessionEndedPage(typed), 401)
      }
      const s: Signed = { principal, me: null }
      try {
        s.me = principal.personId ? await deps.store.people.get(principal.personId) : null
        return await handler(c, s)
      } catch (e) {
        return problem(c, e, s)
      }
    }

  /**
   * An error as a page. The status and the kind of error come from the JSON API's one table
   * (functions/http/problem.ts); the page says in words what happened and the way on.
   */
  function problem(c: Context, e: unknown, s?: Signed): Response {
    const nav = s ? navigation(s) : undefined
    const start = { href: '/ui', label: 'Go to your start page' }
    if (e instanceof CrossSite)
      return htmlPage(
        c,
        messagePage(
          'This form was not accepted',
          'It was sent from another website or in another format. Nothing was saved.',
          start,
          nav,
        ),
        403,
      )
    const p = toProblem(e)
    const kind = p.type.split(':').at(-1) ?? 'internal'
    if (p.status >= 500)
      logger.error(
        kind === 'dependency-unavailable' ? 'page failed: the database did not answer' : 'page failed',
        { error: e, method: c.req.method, path: c.req.path },
      )
    const [title, message, back] = pageWords(kind, e, c)
    return htmlPage(
      c,
      messagePage(title, message, back === null ? undefined : (back ?? start), nav),
      p.status,
      problemHeaders(p),
    )
  }

  /** A form post on a signed-in page (see FormPost). */
  function postForm(
    app: Hono,
    path: string,
    build: (c: Context, s: Signed, form: Record<string, string>) => Promise<FormPost> | FormPost,
    /** A form of many rows (a whole import's drafts) may be larger than the usual limit. */
    opts: { maxBodyBytes?: number } = {},
  ): void {
    app.post(
      path,
      signed(async (c, s) => {
        const values = await readForm(c, opts.maxBodyBytes)
        return attempt(c, s, values, await build(c, s, values))
      }),
    )
  }

  /**
   * postForm for a form on one entry's page (a board's, a meeting's, an action's…): the
   * path's one parameter, checked as an id (a malformed one is a page not found), is given
   * to `build` first.
   */
  function postOn(app: Hono, path: string, build: EntryForm, opts?: { maxBodyBytes?: number }): void {
    const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '')
    const [param] = params
    if (param === undefined || params.length > 1) throw new Error(`${path} does not name one entry`)
    postForm(app, path, (c, s, form) => build(idParam(c, param), s, form, c), opts)
  }

  /**
   * The post of a "retire this?" page (a board's, a person's or team's): the entry retired at
   * the version the page showed, once, and then `done`; a refusal draws the page again.
   */
  function postRetire(
    app: Hono,
    path: string,
    o: {
      retire: (s: Signed, id: string, version: number) => Promise<unknown>
      done: (id: string) => string
      redraw: (s: Signed, id: string, state: FormState) => Promise<string>
    },
  ): void {
    postOn(app, path, (id, s, form) => ({
      form: 'retire',
      firstField: 'confirm',
      change: async () => {
        await o.retire(s, id, Number(form.version))
        return o.done(id)
      },
      redraw: (state) => o.redraw(s, id, state),
      oneTime: true,
    }))
  }

  /**
   * The change's redirect answers a success; on a refusal the page is drawn again with what
   * was typed and why (a validation error names its field; a conflict the field it concerns).
   */
  async function attempt(
    c: Context,
    s: Signed,
    values: Record<string, string>,
    spec: FormPost,
  ): Promise<Response> {
    const { form, firstField, oneTime } = spec
    if (oneTime && !(await keys.use(values.formKey))) {
      return htmlPage(
        c,
        messagePage(
          'This form was already sent',
          'It was not sent again, so nothing was done twice. Go back and reload the page to see where things stand.',
          undefined,
          navigation(s),
        ),
        409,
      )
    }
    try {
      return c.redirect(await spec.change(), 303)
    } catch (e) {
      // Nothing was saved, so the key may be used again (going back and sending it is no replay).
      if (oneTime && !spec.savedSome?.()) await keys.release(values.formKey)
      if (e instanceof ValidationError) {
        const issues = e.issues.length > 0 ? e.issues : [{ path: firstField, message: e.message }]
        return htmlPage(c, await spec.redraw({ form, issues, values }), 400)
      }
      if (!(e instanceof ConflictError)) throw e
      if (e.reason === 'stale-version') {
        // Someone else's change won: show the form as it now stands (not what was typed,
        // which a second save would write over their change), and say so.
        const message =
          'Someone else changed this while you were editing. The form now shows their version: make your change again.'
        return htmlPage(
          c,
          await spec.redraw({ form, issues: [{ path: firstField, message }], values: {} }),
          409,
        )
      }
      const issues = [{ path: spec.conflicts?.[e.reason] ?? firstField, message: e.message }]
      return htmlPage(c, await spec.redraw({ form, issues, values }), 409)
    }
  }

  /** Why a confirmation page is not offered (already done, or not allowed in this state), and the way back. */
  function notOffered(
    c: Context,
    s: Signed,
    title: string,
    message: string,
    back: { href: string; label: string },
  ): Response {
    return htmlPage(c, messagePage(title, message, back, navigation(s)), 409)
  }

  async function readForm(c: Context, limit = maxBodyBytes): Promise<Record<string, string>> {
    if (fromAnotherSite(c.req.header('sec-fetch-site'), c.req.header('origin'), c.req.url))
      throw new CrossSite()
    if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) throw new CrossSite()
    const raw = await c.req.text()
    if (Buffer.byteLength(raw) > limit) throw new PayloadTooLargeError('the form is too large')
    const out: Record<string, string> = {}
    // Browsers send CRLF line breaks but count them as one character against maxlength.
    for (const [k, v] of new URLSearchParams(raw)) out[k] = v.replace(/\r\n?/g, '\n')
    return out
  }

  return {
    deps,
    auth,
    headers,
    htmlPage,
    signed,
    problem,
    postForm,
    postOn,
    postRetire,
    notOffered,
    readForm,
    listPage,
    pageLinks,
    idParam,
  }
}

export type WebKit = ReturnType<typeof webKit>

/** The page's words for each kind of error (the status is the API's); `null` offers no link on. */
function pageWords(
  kind: string,
  e: unknown,
  c: Context,
): [string, string, { href: string; label: string } | null | undefined] {
  const detail = e instanceof Error ? e.message : ''
  switch (kind) {
    case 'not-found':
      return [
        'Page not found',
        'There is nothing here. It may have been removed, or the address is wrong.',
        undefined,
      ]
    case 'forbidden':
      return ['You cannot do this', `Your role does not allow it: ${detail}.`, undefined]
    case 'validation':
      if (e instanceof ValidationError && e.issues.some((i) => i.path === 'cursor'))
        return [
          'This page link does not work',
          'It is damaged or out of date, so it does not lead to a page of this list. Start again from the first page.',
          { href: c.req.path, label: 'Go to the first page' },
        ]
      return ['This request was not accepted', `${detail}. Nothing was saved.`, undefined]
    case 'payload-too-large':
      return ['Too much text', 'What you sent is too long to accept. Nothing was saved.', null]
    case 'conflict':
      return ['This was not saved', `${detail}. Nothing was saved.`, undefined]
    case 'dependency-unavailable':
      return [
        'Sorry, the service is busy',
        'It could not reach its records just now. Please try again in a few seconds: anything you sent may not have been saved, so check before sending it again.',
        null,
      ]
    default:
      return [
        'Sorry, there is a problem with the service',
        'Nothing was saved. Please try again later.',
        null,
      ]
  }
}

/** One page of one of a page's lists, from that list's own query parameter. */
function listPage(c: Context, param: string): PageRequest {
  const raw = c.req.query(param)
  if (raw !== undefined && !Cursor.safeParse(raw).success)
    throw new ValidationError('invalid cursor', [{ path: 'cursor', message: `${param} is not a page link` }])
  return { limit: PAGE_LIMIT.default, ...(raw === undefined ? {} : { cursor: raw }) }
}

/**
 * The links under one of a page's `lists`: this page with that list's cursor moved on (or
 * dropped, for its first page) and the others' kept, so paging one list leaves the rest.
 */
function pageLinks(
  c: Context,
  lists: readonly string[],
  param: string,
  next: string | null,
  anchor = '',
): PageLinks {
  const url = new URL(c.req.url)
  const at = (cursor: string | null) => {
    const query = new URLSearchParams()
    for (const name of lists) {
      const value = name === param ? cursor : url.searchParams.get(name)
      if (value) query.set(name, value)
    }
    return `${url.pathname}${query.size > 0 ? `?${query}` : ''}${anchor}`
  }
  return { next: next ? at(next) : null, first: url.searchParams.has(param) ? at(null) : null }
}

function idParam(c: Context, name: string): string {
  const parsed = Id.safeParse(c.req.param(name))
  if (!parsed.success) throw new NotFoundError('page', c.req.path)
  return parsed.data
}
