import type { Child, PropsWithChildren } from 'hono/jsx'
import type { HistoryEntry, RedactedAction } from '#shared/domain/action.ts'
import type { Board } from '#shared/domain/board.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import type { Person } from '#shared/domain/person.ts'
import { mayManagePeople, mayViewOverdue } from '#shared/domain/policy.ts'
import { isoDateIn, toZoned } from '#shared/domain/time.ts'
import { longDate } from '#shared/mail/templates.ts'
import { NotificationBanner, Tag } from '../http/ui/components.tsx'
import { type Navigation, Page } from '../http/ui/page.tsx'
import type { Signed } from './kit.ts'

/**
 * The signed-in pages' frame and the little every area shows the same way: the service
 * navigation for the principal's role, the banner after a change, an action's status.
 */
export type People = ReadonlyMap<string, Person>

/** Where the principal may go, by the same named policies the use cases enforce. */
export function navigation(s: Signed, current?: string): Navigation {
  const p = s.principal
  const links = [
    ...(mayViewOverdue(p) ? [{ href: '/ui/boards', label: 'Boards' }] : []),
    ...(mayManagePeople(p) ? [{ href: '/ui/people', label: 'People and teams' }] : []),
    ...(mayViewOverdue(p)
      ? [{ href: '/ui/chair', label: 'Overdue and due' }]
      : [{ href: '/ui/mine', label: 'My actions' }]),
  ]
  return {
    links: links.map((l) => ({ ...l, current: l.href === current })),
    who: s.me ? `${s.me.name} (${p.role})` : `Signed in as ${p.role}`,
  }
}

type Crumb = { href: string; label: string }

/** The breadcrumbs of a board's pages: the boards, the board, then `more`. */
export const boardCrumbs = (board: Board, ...more: Crumb[]): Crumb[] => [
  { href: '/ui/boards', label: 'Boards' },
  { href: `/ui/boards/${board.id}`, label: board.name },
  ...more,
]

export function Shell({
  s,
  title,
  error,
  current,
  breadcrumbs,
  children,
}: PropsWithChildren<{
  s: Signed
  title: string
  error?: boolean
  current?: string
  breadcrumbs?: readonly Crumb[]
}>) {
  return (
    <Page title={title} error={error} nav={navigation(s, current)} breadcrumbs={breadcrumbs}>
      {children}
    </Page>
  )
}

/** The banner after a change, by the `done` query the redirect carries. */
export const DONE: Record<string, string> = {
  raised: 'The action was raised. Its owners will be emailed.',
  outcome: 'The decision was recorded. It takes effect when the minutes are approved.',
  approved:
    'The minutes were approved. Discharges and carry-forwards follow within a few seconds, and owners are emailed.',
  update: 'The update was added.',
  attendance: 'Attendance was saved.',
  edited: 'The action was changed. The change is in its history.',
  changed: 'The meeting was changed. Actions due at it move with it.',
  unchanged: 'Nothing was changed.',
  'board-changed': "The board's settings were changed.",
  revoked: 'Their links for this meeting no longer work. Their next reminder brings a new one.',
  emailed: 'The owners are being emailed their actions from this meeting.',
  'nothing-to-email': 'Every owner has already been told of their actions from this meeting.',
  'person-changed': 'The entry was changed.',
  person: 'Added.',
  lifted: 'The suppression was lifted: mail goes to that address again.',
}

export const Done = ({ done }: { done?: string | undefined }) =>
  done ? <NotificationBanner>{done}</NotificationBanner> : null

export const names = (ids: readonly string[], people: People) =>
  ids.map((id) => people.get(id)?.initials ?? '?').join(', ')

/** How the pages name a person or team: "Name (INITIALS)". */
export const nameAndInitials = (p: Person) => `${p.name} (${p.initials})`

export const fullNames = (ids: readonly string[], people: People) =>
  ids.map((id) => {
    const p = people.get(id)
    return p ? nameAndInitials(p) : 'unknown'
  })

/** A select's choices from the directory, after a first that chooses no one. */
export const personChoices = (people: readonly Person[], none: string, label = nameAndInitials) => [
  { value: '', label: none },
  ...people.map((p) => ({ value: p.id, label: label(p) })),
]

export const StatusTag = ({ a }: { a: RedactedAction }) =>
  a.status === 'discharged' ? <Tag colour="green">Discharged</Tag> : <Tag colour="yellow">Open</Tag>

export const ExemptTag = ({ a }: { a: RedactedAction }) =>
  a.exempt ? (
    <>
      <Tag colour="red">Not for publication</Tag>{' '}
    </>
  ) : null

/** An exempt action's tag and public wording, a paragraph under its heading (nothing for one that is not exempt). */
export const ExemptNote = ({ a }: { a: RedactedAction }) =>
  a.exempt ? (
    <P>
      <ExemptTag a={a} />
      {a.exempt.publicWording}
    </P>
  ) : null

export const dateIn = (iso: string, board: Board) => longDate(isoDateIn(new Date(iso), board.timeZone))

export function dueText(a: RedactedAction, board: Board): string {
  if (a.dueDate) return `By ${longDate(a.dueDate)}`
  if (a.dueMeetingStartsAt) return dateIn(a.dueMeetingStartsAt, board)
  return 'Awaiting the next meeting'
}

export const carried = (n: number) => (n === 0 ? 'Not yet' : `${n} time${n === 1 ? '' : 's'}`)

export const lastUpdate = (a: RedactedAction) => a.updates.at(-1)?.text ?? ''

export function statusLabel(m: Meeting): string {
  return {
    scheduled: 'Scheduled',
    held: 'Held',
    cancelled: 'Cancelled',
    'minutes-approved': 'Minutes approved',
  }[m.status]
}

/** An instant as the date and time inputs show it in the board's zone (to the minute). */
export function localDateTime(instant: string, timeZone: string): { date: string; time: string } {
  const z = toZoned(new Date(instant), timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return { date: `${z.year}-${two(z.month)}-${two(z.day)}`, time: `${two(z.hour)}:${two(z.minute)}` }
}

export function whenText(iso: string, board: Board): string {
  const { time } = localDateTime(iso, board.timeZone)
  return `${dateIn(iso, board)} ${time}`
}

export function actorText(by: HistoryEntry['by'], people: People): string {
  const who = by.personId ? (people.get(by.personId)?.name ?? 'someone') : null
  if (by.kind === 'owner-link') return `${who ?? 'the owner'}, through their reminder link`
  if (by.kind === 'system') return 'the tracker'
  return who ? `${who} (${by.role})` : (by.role ?? 'someone')
}

/** A link in running text, styled as the Design System's. */
export const A = ({ href, children, rel }: PropsWithChildren<{ href: string; rel?: string }>) => (
  <a class="govuk-link" href={href} rel={rel}>
    {children}
  </a>
)

export const P = ({ children, lead }: PropsWithChildren<{ lead?: boolean }>) => (
  <p class={lead ? 'govuk-body-l' : 'govuk-body'}>{children}</p>
)

export const H1 = ({ children }: { children: Child }) => <h1 class="govuk-heading-l">{children}</h1>
export const H2 = ({ children, id }: { children: Child; id?: string }) => (
  <h2 class="govuk-heading-m" id={id}>
    {children}
  </h2>
)
