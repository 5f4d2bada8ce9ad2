import { MINUTES_FILE_TYPES, MINUTES_MAX_BYTES } from '#shared/domain/minutes-import.ts'
import { Button, FileUpload, FormKey, formFields, Table, Textarea } from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { A, H2, P, whenText } from '../shell.tsx'
import type { MeetingView } from './pages.tsx'

/** The form's name; the import function posts back to the meeting page's address on a refusal. */
export const IMPORT = 'import'

/**
 * Minutes read into drafts: upload the file or paste the text; the drafts wait on a review
 * page, and nothing reaches the log until accepted there. Posted to the import function.
 */
export function ImportForm({ v, state }: { v: MeetingView; state?: FormState | undefined }) {
  const field = formFields(IMPORT, state?.form === IMPORT ? state : undefined)
  const megabytes = MINUTES_MAX_BYTES / 1024 / 1024
  return (
    <>
      <H2 id="import">Import the minutes</H2>
      <P>
        Read this meeting's actions, Actions Arising, attendance and approval from its minutes. You review
        what was found before anything is saved.
      </P>
      {v.imports.length > 0 ? (
        <Table
          caption="Minutes imported"
          head={['Imported', 'From', 'Drafts']}
          rows={v.imports.map((i) => [
            <A href={`/ui/minutes-imports/${i.id}`}>{whenText(i.createdAt, v.board)}</A>,
            i.source.name ?? (i.source.format === 'text' ? 'Pasted text' : i.source.format),
            String(i.draftCount),
          ])}
        />
      ) : null}
      <form
        method="post"
        action={`/ui/meetings/${v.meeting.id}/minutes-imports`}
        enctype="multipart/form-data"
        novalidate
      >
        <FormKey />
        <FileUpload
          {...field('file')}
          label="Upload the minutes"
          hint={`A Word document (.docx), a PDF or a text file, up to ${megabytes} MB`}
          accept={MINUTES_FILE_TYPES.join(',')}
        />
        <Textarea
          {...field('text')}
          label="Or paste them"
          hint="Text, or a table copied from Word"
          rows={6}
        />
        <Button secondary>Read the minutes</Button>
      </form>
    </>
  )
}
