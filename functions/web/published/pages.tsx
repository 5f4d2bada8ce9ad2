import type { PropsWithChildren } from 'hono/jsx'
import {
  type ActionLogRow,
  type ActionLogSection,
  approvalLabel,
  dueLabel,
  noteLabel,
  STATUS_LABEL,
} from '#shared/domain/action-log.ts'
import { FORWARD_PLAN_COLUMNS, type ForwardPlan, forwardPlanCells } from '#shared/domain/forward-plan.ts'
import { OGL, withoutEmails } from '#shared/domain/publication.ts'
import { longDate } from '#shared/mail/templates.ts'
import type { PublishedIndex, PublishedMeeting, PublishedMeetingLog } from '#shared/usecases/publication.ts'
import { type PageLinks, Pagination, SummaryList, Table, Tag } from '../../http/ui/components.tsx'
import { type Navigation, Page, render } from '../../http/ui/page.tsx'
import { A, H1, H2, P } from '../shell.tsx'

/**
 * The published action log's pages: no one is signed in, so the frame offers only staff a
 * way to sign in, and every page states the licence. What they show comes already redacted
 * (exempt items as their wording, no email address); they name no internal id.
 */
const PUBLIC_NAV: Navigation = { links: [{ href: '/ui/sign-in', label: 'Staff sign in' }], who: null }

const Licence = () => (
  <>
    Published under the{' '}
    <a class="govuk-footer__link" href={OGL.url} rel="license">
      {OGL.name}
    </a>
    , except where otherwise stated.
  </>
)

function PublicPage({
  title,
  home,
  breadcrumbs,
  children,
}: PropsWithChildren<{ title: string; home: string; breadcrumbs?: { href: string; label: string }[] }>) {
  return (
    <Page title={title} nav={PUBLIC_NAV} home={home} breadcrumbs={breadcrumbs} footer={<Licence />}>
      {children}
    </Page>
  )
}

/** What the index links to for a board, and where its next page starts. */
export type IndexView = PublishedIndex & {
  indexPath: string
  /** The board's published work programme, when it has one (wired where the work programme is published). */
  workProgrammeHref: string | null
  earlierHref: string | null
  /** Set on a page after the first: the way back to the newest meetings. */
  firstHref: string | null
}

export const meetingPath = (indexPath: string, slug: string) => `${indexPath}/meetings/${slug}`
export const csvPath = (indexPath: string, slug: string) => `${meetingPath(indexPath, slug)}/action-log.csv`

export function indexPage(v: IndexView): string {
  const name = withoutEmails(v.board.name)
  const links: PageLinks = { next: v.earlierHref, first: v.firstHref }
  return render(
    <PublicPage title={`${name}: published action logs`} home={v.indexPath}>
      <H1>{name}: published action logs</H1>
      <P lead>
        The open action log of each meeting whose minutes have been approved: the actions due at it, the
        actions raised at it, and where each stands.
      </P>
      <P>
        Items exempt from publication under the Freedom of Information Act 2000 show only their exemption.
        These records are published under the <A href={OGL.url}>{OGL.name}</A>.
      </P>
      {v.workProgrammeHref ? (
        <P>
          <A href={v.workProgrammeHref}>Work programme</A>: the reports the board has asked for and when they
          are due.
        </P>
      ) : null}
      <H2 id="meetings">Meetings</H2>
      {v.meetings.length === 0 ? (
        <P>
          {v.firstHref ? 'No earlier meetings have been published.' : 'No meetings have been published yet.'}
        </P>
      ) : (
        <Table
          caption="Meetings with published action logs, newest first"
          captionHidden
          head={['Meeting', 'Minutes approved', 'Download']}
          rows={v.meetings.map((m) => [
            <A href={meetingPath(v.indexPath, m.slug)}>{meetingName(m)}</A>,
            m.meeting.minutesApproval ? longDate(m.meeting.minutesApproval.approvedOn) : '',
            <A href={csvPath(v.indexPath, m.slug)}>
              CSV<span class="govuk-visually-hidden">, action log of {longDate(m.date)}</span>
            </A>,
          ])}
        />
      )}
      <Pagination links={links} list="published meetings" />
    </PublicPage>,
  )
}

/** The meeting's title, with its date unless the title already gives it. */
function meetingName(m: PublishedMeeting): string {
  const title = withoutEmails(m.meeting.title)
  const date = longDate(m.date)
  return title.includes(date) ? title : `${title}, ${date}`
}

export function meetingLogPage(v: PublishedMeetingLog & { indexPath: string }): string {
  const { log, meeting } = v
  const approvedOn = meeting.minutesApproval?.approvedOn
  return render(
    <PublicPage
      title={`${log.meeting.title}: action log`}
      home={v.indexPath}
      breadcrumbs={[{ href: v.indexPath, label: `${log.board.name}: published action logs` }]}
    >
      <span class="govuk-caption-l">{log.board.name}</span>
      <H1>{log.meeting.title}: action log</H1>
      <SummaryList
        rows={[
          { key: 'Meeting', value: log.meeting.dateLabel },
          ...(log.meeting.location ? [{ key: 'Place', value: log.meeting.location }] : []),
          ...(approvedOn
            ? [
                log.approval
                  ? { key: 'Approval', value: approvalLabel(log.approval) }
                  : { key: 'Minutes approved', value: longDate(approvedOn) },
              ]
            : []),
          {
            key: 'Download',
            value: <A href={csvPath(v.indexPath, v.slug)}>Action log as CSV</A>,
          },
          { key: 'Licence', value: <A href={OGL.url}>{OGL.name}</A> },
        ]}
      />
      <P>
        Items exempt from publication under the Freedom of Information Act 2000 show only their exemption in
        place of the action and its notes.
      </P>
      {log.sections.map((s) => (
        <LogSection s={s} />
      ))}
    </PublicPage>,
  )
}

function LogSection({ s }: { s: ActionLogSection }) {
  return (
    <>
      <H2 id={s.key}>{s.title}</H2>
      {s.rows.length === 0 ? (
        <P>No actions.</P>
      ) : (
        <Table
          caption={s.title}
          captionHidden
          head={[
            'Reference',
            'Action',
            'Owners',
            'Due',
            'Status',
            'Last update or note',
            'Times carried forward',
          ]}
          rows={s.rows.map((r) => [
            r.ref,
            <RowText r={r} />,
            r.owners.map((o) => `${o.name} (${o.initials})`).join('; '),
            dueLabel(r),
            STATUS_LABEL[r.status],
            noteLabel(r),
            String(r.carryCount),
          ])}
        />
      )}
    </>
  )
}

const RowText = ({ r }: { r: ActionLogRow }) => (
  <>
    {r.exempt ? (
      <>
        <Tag colour="grey">Exempt</Tag>{' '}
      </>
    ) : null}
    {r.text}
  </>
)

/** The board's work programme as published: the forward plan in the Panel pack's columns. */
export function workProgrammePage(v: { plan: ForwardPlan; indexPath: string; csvPath: string }): string {
  const { plan } = v
  return render(
    <PublicPage
      title={plan.title}
      home={v.indexPath}
      breadcrumbs={[{ href: v.indexPath, label: `${plan.board.name}: published action logs` }]}
    >
      <span class="govuk-caption-l">{plan.board.name}</span>
      <H1>Work programme</H1>
      <P lead>
        The reports the board has asked for and the meetings they are due at, the items taken at every
        meeting, those still to be timetabled, and the briefing notes requested.
      </P>
      <SummaryList
        rows={[
          { key: 'Download', value: <A href={v.csvPath}>Work programme as CSV</A> },
          { key: 'Licence', value: <A href={OGL.url}>{OGL.name}</A> },
        ]}
      />
      <P>
        Items exempt from publication under the Freedom of Information Act 2000 show only their exemption.
      </P>
      {plan.sections.map((sec) => (
        <>
          <H2 id={sec.key}>{sec.title}</H2>
          {sec.rows.length === 0 ? (
            <P>Nothing.</P>
          ) : (
            <Table
              caption={sec.title}
              captionHidden
              head={[...FORWARD_PLAN_COLUMNS]}
              rows={sec.rows.map((r) => forwardPlanCells(r))}
            />
          )}
        </>
      ))}
    </PublicPage>,
  )
}

export function notFoundPage(): string {
  return render(
    <PublicPage title="Page not found" home="/ui">
      <H1>Page not found</H1>
      <P lead>There is nothing published at this address. It may be wrong, or the record is not published.</P>
    </PublicPage>,
  )
}
