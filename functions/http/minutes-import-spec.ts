import * as z from 'zod'
import { documentedAs, Id } from '#shared/domain/common.ts'
import { CreateImportInput, Draft, MINUTES_MAX_BYTES, MinutesImport } from '#shared/domain/minutes-import.ts'
import type { RouteSpec, UploadedFile } from './route.ts'

/** An import as the API shows it: with its drafts as they stand against the board now. */
export const ImportView = MinutesImport.extend({
  drafts: z.array(Draft),
  unknownInitials: z.array(z.string()).meta({
    description:
      'Initials and names pending drafts use that no member or guest has: add a person or an alias',
  }),
})

/** The body a little over the file: the form's other fields, or JSON's quoting of pasted text. */
export const MINUTES_MAX_BODY_BYTES = MINUTES_MAX_BYTES + 256 * 1024

/** `{ "text": … }` as JSON, or a multipart form whose `file` the reader reads. */
export const ImportBody = z.unknown().transform((v, ctx): { text: string } | { file: UploadedFile } => {
  const file = (v as { file?: unknown } | null)?.file
  if (file && typeof file === 'object' && (file as UploadedFile).bytes instanceof Uint8Array)
    return { file: file as UploadedFile }
  const parsed = CreateImportInput.safeParse(v)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: v } as never)
  return z.NEVER
})
documentedAs.set(ImportBody, CreateImportInput)

/**
 * The upload's route as the API describes it. Served by the import function, so that the
 * Word and PDF libraries stay out of the API's bundle; the API's document lists it.
 */
export const minutesImportSpec = {
  method: 'post',
  path: '/meetings/{meetingId}/minutes-imports',
  summary:
    'Read a meeting\'s minutes (a .docx, .pdf or .txt as multipart field `file`, or `{ "text": … }`) into drafts; nothing is written to the log until accepted',
  tag: 'imports',
  auth: 'jwt',
  allow: ['secretariat'],
  params: z.object({ meetingId: Id }),
  body: ImportBody,
  upload: { field: 'file', maxBytes: MINUTES_MAX_BODY_BYTES },
  response: { status: 201, description: 'The import and its drafts, read', schema: ImportView },
} as const satisfies RouteSpec

/** The meeting page's upload form posts here (the session cookie signs it in). */
export const MINUTES_IMPORT_PAGE_PATH = '/ui/meetings/{meetingId}/minutes-imports'
