import type { Logger } from '@aws-lambda-powertools/logger'
import type { Context, Env, Hono } from 'hono'
import type { LinkSigner } from '#shared/auth/signed-link.ts'
import {
  asDependencyOutage,
  ConflictError,
  LinkRefusedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#shared/errors.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { openOwnerPage, submitOwnerUpdate } from '#shared/usecases/owner-links.ts'
import { fromAnotherSite } from '../http/fetch-metadata.ts'
import { RETRY_AFTER_HEADERS } from '../http/problem.ts'
import { PAGE_HEADERS } from '../http/ui/page.tsx'
import { ownerPage, problemPage, REFUSAL_STATUS, refusalPage } from './pages/owner.tsx'

/** The owners' pages: public (no JWT), reached only through a signed link. */
export const OWNER_PAGE_PATH = '/respond/{token}'
export const ownerPageRoutes = [
  { method: 'get' as const, path: OWNER_PAGE_PATH },
  { method: 'post' as const, path: OWNER_PAGE_PATH },
]

const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i

/**
 * GET shows the page; POST takes one action's form and answers with a redirect back to
 * the page (post/redirect/get, so a reload does not resend). Every refusal is a page that
 * says what happened and whom to ask, with the matching status.
 */
export function mountOwnerPages<E extends Env>(
  app: Hono<E>,
  {
    deps,
    links,
    maxBodyBytes,
    logger,
  }: { deps: Deps; links: LinkSigner; maxBodyBytes: number; logger: Pick<Logger, 'error'> },
): void {
  const here = (token: string) => `/respond/${token}`

  app.get('/respond/:token', async (c) => {
    const token = c.req.param('token')
    try {
      const p = await openOwnerPage(deps, links, token)
      const doneId = c.req.query('done')
      const done = doneId ? (p.actions.find((a) => a.id === doneId) ?? null) : null
      return c.html(ownerPage(p, { postTo: here(token), done }), 200, PAGE_HEADERS)
    } catch (e) {
      return refusal(c, e, null)
    }
  })

  app.post('/respond/:token', async (c) => {
    const token = c.req.param('token')
    try {
      // The form token already binds a post to a page we served; a browser that says the
      // post comes from another site is refused before anything else is read.
      if (fromAnotherSite(c.req.header('sec-fetch-site'), c.req.header('origin'), c.req.url)) {
        throw new LinkRefusedError(
          'invalid',
          'This form was sent from another website, so it was not accepted.',
        )
      }
      if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) {
        throw new UnsupportedMediaTypeError('This page accepts only its own form.')
      }
      const raw = await c.req.text()
      if (Buffer.byteLength(raw) > maxBodyBytes) throw new PayloadTooLargeError('the form is too large')
      const form = new URLSearchParams(raw)
      const submission = {
        form: form.get('form') ?? '',
        actionId: form.get('actionId') ?? '',
        // Browsers count a line break as one character against maxlength but send CRLF.
        text: (form.get('text') ?? '').replace(/\r\n?/g, '\n'),
        proposeComplete: form.get('proposeComplete') === 'yes',
      }
      try {
        const { action } = await submitOwnerUpdate(deps, links, token, submission)
        return c.redirect(`${here(token)}?done=${action.id}#ref-${action.id}`, 303)
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e
        // Show the page again with what they typed and what to fix.
        const p = await openOwnerPage(deps, links, token)
        const state = { ...submission, issues: e.issues }
        return c.html(ownerPage(p, { postTo: here(token), form: state }), 400, PAGE_HEADERS)
      }
    } catch (e) {
      return refusal(c, e, here(token))
    }
  })

  function refusal(c: Context<E>, e: unknown, backTo: string | null) {
    if (e instanceof LinkRefusedError) {
      // Only a refusal that leaves the link itself usable offers the way back to the page.
      const back = e.reason === 'replayed' || e.reason === 'not-yours' ? backTo : null
      return c.html(refusalPage(e.reason, e.message, e.contact, back), REFUSAL_STATUS[e.reason], PAGE_HEADERS)
    }
    // Everything else is still a page, never a JSON problem, and says the update was not kept.
    const [status, title, message] = problemFor(e)
    if (status >= 500) logger.error('owner page failed', { error: e, method: c.req.method })
    const headers = status === 503 ? { ...PAGE_HEADERS, ...RETRY_AFTER_HEADERS } : PAGE_HEADERS
    return c.html(problemPage(title, message, backTo), status, headers)
  }
}

function problemFor(e: unknown): [400 | 409 | 413 | 415 | 500 | 503, string, string] {
  if (asDependencyOutage(e))
    return [
      503,
      'Sorry, the service is busy',
      'Please try again in a few seconds. If you had sent an update, open the page again to see whether it was kept.',
    ]
  if (e instanceof PayloadTooLargeError)
    return [413, 'Your update is too long', 'The update is too long to accept. Nothing was saved.']
  if (e instanceof UnsupportedMediaTypeError)
    return [
      415,
      'This page accepts only its own form',
      'Nothing was saved. Open the page from your reminder email and use its form.',
    ]
  if (e instanceof ConflictError) {
    return [
      409,
      'Your update was not saved',
      'The action changed while you were sending your update, so it was not saved. Go back to your actions and send it again.',
    ]
  }
  return [
    500,
    'Sorry, there is a problem with the service',
    'Your update was not saved. Please try again in a few minutes, or send it to the secretariat by replying to your reminder email.',
  ]
}
