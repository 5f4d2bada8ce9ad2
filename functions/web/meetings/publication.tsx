import { mayWithholdPublication } from '#shared/domain/policy.ts'
import { Button, FormKey, Hidden, Textarea } from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import type { Signed } from '../kit.ts'
import { A, actorText, dateIn, H2, P } from '../shell.tsx'
import type { MeetingView } from './pages.tsx'

export const PUBLICATION = 'publication'

/**
 * Where the meeting's open action log is published, and the secretariat's form to withhold
 * it (with the reason) or publish it again (issue #17).
 */
export function PublicationSection({
  s,
  v,
  state,
}: {
  s: Signed
  v: MeetingView
  state?: FormState | undefined
}) {
  const { meeting, board } = v
  if (meeting.status === 'cancelled') return null
  const withheld = meeting.publication?.withheld === true
  const decided = meeting.publication
  return (
    <>
      <H2 id={PUBLICATION}>Publication</H2>
      {withheld && decided ? (
        <P>
          Withheld from publication by {actorText(decided.by, v.people)} on {dateIn(decided.at, board)}:{' '}
          {decided.reason}
        </P>
      ) : v.publishedPath ? (
        <P>
          Its open action log is published, for anyone without signing in, at{' '}
          <span class="app-break-words">
            <A href={v.publishedPath}>{v.publishedPath}</A>
          </span>
          .
        </P>
      ) : (
        <P>Its open action log is published once the minutes are approved.</P>
      )}
      {mayWithholdPublication(s.principal) ? (
        <form method="post" action={`/ui/meetings/${meeting.id}/publication`} novalidate>
          <Hidden name="version" value={String(meeting.version)} />
          {withheld ? (
            <>
              <Hidden name="withheld" value="no" />
              <Button secondary>Publish again</Button>
            </>
          ) : (
            <>
              <Hidden name="withheld" value="yes" />
              <Textarea
                form={PUBLICATION}
                name="reason"
                label="Why withhold it from publication"
                hint="Kept with your name and the date; it is not published"
                maxlength={1000}
                state={state}
              />
              <Button secondary>Withhold from publication</Button>
            </>
          )}
          <FormKey />
        </form>
      ) : null}
    </>
  )
}
