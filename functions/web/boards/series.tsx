import type { Board } from '#shared/domain/board.ts'
import {
  CreateMeetingSeriesInput,
  expandSeries,
  MAX_SERIES_MEETINGS,
  type Occurrence,
  WEEKDAYS,
  WEEKS,
} from '#shared/domain/meeting-series.ts'
import { ValidationError, zodIssues } from '#shared/errors.ts'
import { Button, FormKey, formFields, Input, Select } from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { H2, P, whenText } from '../shell.tsx'

/** The series form's name (its error summary and redraws). */
export const SERIES = 'series'

/** The series form's fields as its error summary names them. */
export const SERIES_LABELS: Record<string, string> = {
  every: 'Repeats',
  week: 'Week of the month',
  weekday: 'Meets on',
  seriesTime: 'Meeting time',
  from: 'First date',
  count: 'How many meetings',
  until: 'Until',
  seriesLocation: 'Place of the meetings',
}

/** The API's field names as the form's ("pattern.week" → week, time → seriesTime). */
const FORM_FIELD: Record<string, string> = {
  'pattern.every': 'every',
  'pattern.week': 'week',
  'pattern.weekday': 'weekday',
  pattern: 'every',
  time: 'seriesTime',
  location: 'seriesLocation',
}

/** What the form posts, as the API's input; a ValidationError naming the form's fields if it is not one. */
export function seriesInput(form: Record<string, string>): CreateMeetingSeriesInput {
  const text = (name: string) => form[name]?.trim() ?? ''
  const count = text('count')
  // The API's "count or until" in the form's words.
  if (!count === !text('until'))
    throw new ValidationError('count or until', [
      {
        path: 'count',
        message: count
          ? 'Enter how many meetings or a last date, not both'
          : 'Enter how many meetings, or a last date',
      },
    ])
  const body = {
    pattern: {
      every: text('every'),
      ...(text('every') === 'month' ? { week: text('week') } : {}),
      weekday: text('weekday'),
    },
    time: text('seriesTime'),
    from: text('from'),
    ...(count ? { count: /^\d{1,3}$/.test(count) ? Number(count) : Number.NaN } : {}),
    ...(text('until') ? { until: text('until') } : {}),
    ...(text('seriesLocation') ? { location: text('seriesLocation') } : {}),
  }
  const parsed = CreateMeetingSeriesInput.safeParse(body)
  if (parsed.success) return parsed.data
  throw new ValidationError('the form is not valid', onForm(zodIssues(parsed.error.issues)))
}

export function onForm(issues: readonly { path: string; message: string }[]) {
  return issues.map((i) => ({ ...i, path: FORM_FIELD[i.path] ?? i.path }))
}

/** The dates a series would make, for the preview; a ValidationError if it makes none. */
export function previewSeries(form: Record<string, string>, board: Board): Occurrence[] {
  const expanded = expandSeries(seriesInput(form), board.timeZone)
  if ('problem' in expanded) throw new ValidationError('no meetings', onForm([expanded.problem]))
  return expanded.occurrences
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** Schedule a board's next meetings from a pattern, with a preview of the dates before they are made. */
export function SeriesForm({
  board,
  state,
  preview,
}: {
  board: Board
  state?: FormState | undefined
  preview?: readonly Occurrence[] | undefined
}) {
  const field = formFields(SERIES, state)
  return (
    <>
      <H2 id="series">Schedule a series of meetings</H2>
      <P>
        For example, the fourth Tuesday of each month at 10:00. Times are {board.timeZone} time all year,
        across the clock changes. A date on which the board already meets at that time is left as it is.
      </P>
      <form method="post" action={`/ui/boards/${board.id}/meeting-series`} novalidate>
        <Select
          {...field('every')}
          label="Repeats"
          value="month"
          options={[
            { value: 'month', label: 'Monthly' },
            { value: 'week', label: 'Weekly' },
            { value: 'fortnight', label: 'Fortnightly' },
          ]}
        />
        <Select
          {...field('week')}
          label="Week of the month"
          hint="For monthly meetings"
          value="fourth"
          options={WEEKS.map((w) => ({ value: w, label: capitalised(w) }))}
        />
        <Select
          {...field('weekday')}
          label="Meets on"
          value="tuesday"
          options={WEEKDAYS.map((d) => ({ value: d, label: capitalised(d) }))}
        />
        <Input
          {...field('seriesTime')}
          label="Meeting time"
          type="time"
          value="10:00"
          hint={`In ${board.timeZone} time`}
        />
        <Input
          {...field('from')}
          label="First date"
          type="date"
          hint="The series starts on the first date on or after this that fits"
        />
        <Input
          {...field('count')}
          label="How many meetings"
          hint={`At most ${MAX_SERIES_MEETINGS}; or leave empty and give a last date`}
          inputmode="numeric"
          width={3}
        />
        <Input
          {...field('until')}
          label="Until (optional)"
          hint="Instead of how many: the last date the series may fall on"
          type="date"
        />
        <Input {...field('seriesLocation')} label="Place of the meetings (optional)" />
        {preview ? <SeriesPreview board={board} dates={preview} /> : null}
        <FormKey />
        <div class="govuk-button-group">
          <Button>Create meetings</Button>
          <Button secondary formaction={`/ui/boards/${board.id}/meeting-series/preview`}>
            Preview dates
          </Button>
        </div>
      </form>
    </>
  )
}

function SeriesPreview({ board, dates }: { board: Board; dates: readonly Occurrence[] }) {
  return (
    <div class="govuk-inset-text" id="series-preview">
      <h3 class="govuk-heading-s">
        {dates.length} meeting{dates.length === 1 ? '' : 's'} would be scheduled
      </h3>
      <ol class="govuk-list govuk-list--number">
        {dates.map((d) => (
          <li>{whenText(d.startsAt, board)}</li>
        ))}
      </ol>
    </div>
  )
}
