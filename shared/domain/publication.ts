import * as z from 'zod'
import type { Action } from './action.ts'
import type { ActionLog, ActionLogRow, RowNote } from './action-log.ts'
import { IsoDate, prose } from './common.ts'
import type { ForwardPlan } from './forward-plan.ts'
import type { Meeting } from './meeting.ts'

/**
 * The published action log (issue #17; the Elected Local Policing Bodies (Specified
 * Information) Order 2011): once a meeting's minutes are approved its open log is public,
 * unless the secretariat withheld it. The rules here decide what is public and how it is
 * addressed; the pages and the CSV only lay it out.
 */

export const OGL = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
} as const

/** The licence in words, as the page's footer and each CSV record carry it. */
export const LICENCE_TEXT = `Published under the ${OGL.name}: ${OGL.url}`

/** Whether a meeting's open action log is public: approved and not withheld. */
export function isPublished(m: Pick<Meeting, 'status' | 'publication'>): boolean {
  return m.status === 'minutes-approved' && m.publication?.withheld !== true
}

export const PublicationInput = z
  .strictObject({
    withheld: z
      .boolean()
      .meta({ description: 'true withholds the meeting from publication; false publishes it' }),
    reason: prose(1000)
      .optional()
      .meta({ description: 'Why it is withheld (required to withhold); kept with who and when' }),
  })
  .refine((v) => !v.withheld || v.reason !== undefined, {
    path: ['reason'],
    message: 'say why the meeting is withheld from publication',
  })
export type PublicationInput = z.infer<typeof PublicationInput>

/**
 * An action raised at a meeting that is not published (withheld, or its minutes not yet
 * approved) still shows in a later meeting's log, as an exempt item does: by its reference,
 * owners and dates, with this wording in place of its text and notes.
 */
export const NOT_PUBLISHED_WORDING = 'Raised at a meeting whose action log is not published'

export function asNotPublished(a: Action): Action {
  return { ...a, exempt: { section: a.exempt?.section ?? '', publicWording: NOT_PUBLISHED_WORDING } }
}

/**
 * A published meeting is addressed by its date in the board's zone, not its id: the id is
 * internal, and the date is how the minutes name it. A second approved meeting on the same
 * day gets `-2` (a third `-3`), by start time; withheld ones keep their place, so withholding
 * one never moves another's address.
 */
export function meetingSlug(date: string, ordinal: number): string {
  return ordinal <= 1 ? date : `${date}-${ordinal}`
}

const SLUG = /^(\d{4}-\d{2}-\d{2})(?:-([2-9]|[1-9]\d))?$/

/** A slug's date and ordinal, or null for anything that is not one (the page is then not found). */
export function parseMeetingSlug(slug: string): { date: string; ordinal: number } | null {
  const m = SLUG.exec(slug)
  if (!m?.[1] || !IsoDate.safeParse(m[1]).success) return null
  return { date: m[1], ordinal: m[2] ? Number(m[2]) : 1 }
}

/**
 * Slugs for a board's approved meetings (published or withheld), given each one's local
 * date: the ordinal counts approved meetings on the same day in start order.
 */
export function slugsOf(
  approved: readonly { meeting: Pick<Meeting, 'id' | 'startsAt'>; date: string }[],
): Map<string, string> {
  const byDay = new Map<string, { id: string; startsAt: string }[]>()
  for (const { meeting, date } of approved) byDay.set(date, [...(byDay.get(date) ?? []), meeting])
  const out = new Map<string, string>()
  for (const [date, ms] of byDay)
    [...ms]
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .forEach((m, i) => {
        out.set(m.id, meetingSlug(date, i + 1))
      })
  return out
}

/**
 * Email addresses are personal data the published record does not need (owners are named by
 * initials and name); one typed into an action's text or update is replaced, not published.
 */
const EMAIL = /[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+/g
export const EMAIL_REMOVED = '[email address removed]'

export function withoutEmails(s: string): string {
  return s.replace(EMAIL, EMAIL_REMOVED)
}

/**
 * The open action log as published: the open version (exempt items already show only their
 * wording), with any email address taken out of every text a reader sees.
 */
export function publishedLog(log: ActionLog): ActionLog {
  if (log.version !== 'open') throw new Error('only the open version of an action log is published')
  const note = (n: RowNote | null): RowNote | null => n && { ...n, text: withoutEmails(n.text) }
  const row = (r: ActionLogRow): ActionLogRow => ({
    ...r,
    text: withoutEmails(r.text),
    note: note(r.note),
    owners: r.owners.map((o) => ({ initials: withoutEmails(o.initials), name: withoutEmails(o.name) })),
  })
  return {
    ...log,
    board: { name: withoutEmails(log.board.name), shortName: withoutEmails(log.board.shortName) },
    meeting: {
      ...log.meeting,
      title: withoutEmails(log.meeting.title),
      location: log.meeting.location && withoutEmails(log.meeting.location),
    },
    title: withoutEmails(log.title),
    approval: log.approval && {
      ...log.approval,
      signatories: log.approval.signatories.map((x) => ({ ...x, name: withoutEmails(x.name) })),
      recordedBy: withoutEmails(log.approval.recordedBy),
    },
    sections: [
      { ...log.sections[0], rows: log.sections[0].rows.map(row) },
      { ...log.sections[1], rows: log.sections[1].rows.map(row) },
    ],
  }
}

/**
 * The work programme as published: the public forward plan (exempt items only their wording,
 * no id, reference or address), with any email address taken out of every text.
 */
export function publishedPlan(plan: ForwardPlan): ForwardPlan {
  if (!plan.public) throw new Error('only the public forward plan is published')
  return {
    ...plan,
    title: withoutEmails(plan.title),
    board: { name: withoutEmails(plan.board.name), shortName: withoutEmails(plan.board.shortName) },
    sections: plan.sections.map((sec) => ({
      ...sec,
      title: withoutEmails(sec.title),
      rows: sec.rows.map((r) => ({
        ...r,
        item: withoutEmails(r.item),
        detail: withoutEmails(r.detail),
        lead: withoutEmails(r.lead),
      })),
    })),
  }
}
