import type { Logger } from '@aws-lambda-powertools/logger'
import type { Hono } from 'hono'
import { Id } from '#shared/domain/common.ts'
import { CreateImportInput } from '#shared/domain/minutes-import.ts'
import type { Principal } from '#shared/domain/principal.ts'
import {
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
  zodIssues,
} from '#shared/errors.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { createImport, type ImportSource } from '#shared/usecases/minutes-imports.ts'
import { fromAnotherSite } from '../http/fetch-metadata.ts'
import { type Env, uploadedFile } from '../http/http.ts'
import { MINUTES_MAX_BODY_BYTES, minutesImportSpec } from '../http/minutes-import-spec.ts'
import { problemHeaders, toProblem } from '../http/problem.ts'
import { principalOf, type RouteDef, route, type UploadedFile } from '../http/route.ts'
import { currentPrincipal, type UiAuth } from '../http/session.ts'
import { formKeys, isFormKey } from '../http/ui/forms.ts'
import { messagePage, PAGE_HEADERS } from '../http/ui/page.tsx'

/** A file made text by the extractor, or pasted text as it came. */
async function sourceOf(body: { text: string } | { file: UploadedFile }): Promise<ImportSource> {
  if ('text' in body)
    return { format: 'text', name: null, bytes: Buffer.byteLength(body.text), pages: null, text: body.text }
  const { bytes, name, contentType } = body.file
  // Loaded on the first file: pasted text, and a cold start for it, never load pdf.js and mammoth.
  const { extractMinutesText } = await import('./extract/index.ts')
  const read = await extractMinutesText({
    bytes,
    ...(name ? { name } : {}),
    ...(contentType ? { contentType } : {}),
  })
  return {
    format: read.format,
    name: name?.slice(0, 200) ?? null,
    bytes: bytes.length,
    pages: read.pages,
    text: read.text,
  }
}

export const minutesImportRoutes: readonly RouteDef[] = [
  route({
    ...minutesImportSpec,
    handle: async (req, deps) => ({
      status: 201,
      body: await createImport(deps, principalOf(req), req.params.meetingId, await sourceOf(req.body)),
    }),
  }),
]

/**
 * The meeting page's upload: the same reading for the signed-in secretariat (their session
 * cookie), then on to the review page. A refusal is a page saying why, nothing saved, with
 * the way back to the meeting; its one-time key is given back so the form can be sent again.
 */
export function mountMinutesImportPages(
  app: Hono<Env>,
  { deps, auth, logger }: { deps: Deps; auth: UiAuth; logger?: Pick<Logger, 'error'> },
): void {
  const keys = formKeys(deps.store.links)
  app.post('/ui/meetings/:meetingId/minutes-imports', async (c) => {
    const principal = await currentPrincipal(c, auth)
    if (!principal) return c.redirect('/ui/sign-in', 303)
    const meetingId = Id.safeParse(c.req.param('meetingId'))
    const back = {
      href: meetingId.success ? `/ui/meetings/${meetingId.data}#import` : '/ui',
      label: meetingId.success ? 'Go back to the meeting' : 'Go to your start page',
    }
    let formKey: string | null = null
    try {
      if (!meetingId.success)
        throw new ValidationError('no such meeting', [{ path: 'meetingId', message: 'no such meeting' }])
      if (fromAnotherSite(c.req.header('sec-fetch-site'), c.req.header('origin'), c.req.url))
        return c.html(
          messagePage(
            'This form was not accepted',
            'It was sent from another website. Nothing was saved.',
            back,
          ),
          403,
          PAGE_HEADERS,
        )
      const form = await readUploadForm(c.req.raw)
      formKey = form.formKey
      if (!formKey)
        return c.html(
          messagePage(
            'This form is out of date',
            'It was not sent from the meeting page as it is now. Nothing was read: go back, reload the page and send the minutes again.',
            back,
          ),
          400,
          PAGE_HEADERS,
        )
      if (!(await keys.use(formKey))) {
        formKey = null
        return c.html(
          messagePage(
            'These minutes were already sent',
            'They were not read again, so nothing was imported twice. Go back to the meeting to find the import.',
            back,
          ),
          409,
          PAGE_HEADERS,
        )
      }
      if (!form.file && !form.text.trim())
        throw new ValidationError('nothing sent', [
          { path: 'file', message: 'choose a file, or paste the minutes' },
        ])
      const pasted = CreateImportInput.safeParse({ text: form.text })
      if (!form.file && !pasted.success)
        throw new ValidationError('invalid text', zodIssues(pasted.error.issues))
      const body = form.file ? { file: form.file } : { text: pasted.data?.text ?? '' }
      const imp = await createImport(deps, principal as Principal, meetingId.data, await sourceOf(body))
      return c.redirect(`/ui/minutes-imports/${imp.id}?done=imported`, 303)
    } catch (e) {
      await keys.release(formKey)
      const p = toProblem(e)
      if (p.status >= 500) logger?.error('minutes import page failed', { error: e })
      const reason = p.issues?.[0]?.message ?? p.detail
      const [title, text] =
        p.status >= 500
          ? [
              'Sorry, the minutes could not be read just now',
              'Nothing was saved. Please try again in a few seconds.',
            ]
          : p.status === 403
            ? ['You cannot import minutes', `${reason}.`]
            : ['These minutes could not be imported', `${capitalise(reason)}. Nothing was saved.`]
      return c.html(messagePage(title, text, back), p.status as 400, {
        ...PAGE_HEADERS,
        ...problemHeaders(p),
      })
    }
  })
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** The upload form: its one-time key, and the file or the pasted text. */
async function readUploadForm(
  req: Request,
): Promise<{ formKey: string | null; file: UploadedFile | null; text: string }> {
  const type = req.headers.get('content-type') ?? ''
  if (!/^multipart\/form-data\b|^application\/x-www-form-urlencoded\b/i.test(type))
    throw new UnsupportedMediaTypeError('send the minutes from the meeting page’s form')
  if (Number(req.headers.get('content-length') ?? 0) > MINUTES_MAX_BODY_BYTES)
    throw new PayloadTooLargeError(`the file is larger than ${(MINUTES_MAX_BODY_BYTES / 1024 / 1024) | 0} MB`)
  let form: FormData
  try {
    form = await req.formData()
  } catch (e) {
    throw new ValidationError(
      'not a form',
      [{ path: 'file', message: 'the form arrived damaged: send it again' }],
      {
        cause: e,
      },
    )
  }
  const key = form.get('formKey')
  const file = form.get('file')
  const text = form.get('text')
  const chosen = file instanceof Blob && file.size > 0 ? file : null
  return {
    formKey: typeof key === 'string' && isFormKey(key) ? key : null,
    file: chosen ? await uploadedFile(chosen) : null,
    text: typeof text === 'string' ? text.replace(/\r\n?/g, '\n') : '',
  }
}
