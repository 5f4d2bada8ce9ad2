import * as z from 'zod'

/**
 * What the minutes reader makes of a meeting's minutes, before anything is matched against
 * the board: a list of reads, each with the excerpt it came from. The reader sees text only:
 * one line per paragraph and one per table row, a row's cells separated by tabs (the shape a
 * table copied from Word pastes as, and what the .docx and .pdf extractors produce).
 */

export const ReadKind = z.enum(['action', 'outcome', 'attendance', 'approval', 'next-meeting'])
export type ReadKind = z.infer<typeof ReadKind>

/**
 * `explicit`: the minutes mark it as an action (a reference, an Action column, an "Action:"
 * line, the actions table). `suggested`: a commitment found in prose ("BS advised he would
 * find out and report back", "DH to provide …"), for a person to confirm.
 */
export const Confidence = z.enum(['explicit', 'suggested'])
export type Confidence = z.infer<typeof Confidence>

const ReadDate = z.iso.date()

const common = {
  confidence: Confidence,
  /** The source lines the read came from, as they were (tabs kept), at most EXCERPT_MAX. */
  excerpt: z.string(),
  /** The first of those lines, counted from 1. */
  line: z.number().int().min(1),
}

export const ActionRead = z.object({
  kind: z.literal('action'),
  ...common,
  /** The reference as written ("01.23/06/2020", "Action 1 02.21/12/21"), or null. */
  ref: z.string().nullable(),
  /** The agenda item: from the reference's leading number, or the item the action sits in. */
  itemNumber: z.number().int().min(0).max(99).nullable(),
  itemTitle: z.string().nullable(),
  description: z.string().min(1),
  /** Owners as written ("NT / OPCC", "DH", "A&SI"), or null when the minutes name none. */
  owners: z.string().nullable(),
  /** A due hint as written ("at May PAM", "by 6 June", "next meeting"), or null. */
  dueHint: z.string().nullable(),
  /** The hint as a date, when it names one. */
  dueDate: ReadDate.nullable(),
  /** "Exempt FOIA under Section S.31 (Law Enforcement)": the reason as written. */
  exemptReason: z.string().nullable(),
})
export type ActionRead = z.infer<typeof ActionRead>

/** An earlier action's outcome ("Actions Arising"): discharged, carried, or only an update. */
export const OutcomeRead = z.object({
  kind: z.literal('outcome'),
  ...common,
  ref: z.string().nullable(),
  description: z.string().min(1),
  owners: z.string().nullable(),
  /** null: the minutes give an update and no decision. */
  outcome: z.enum(['discharged', 'carried-forward']).nullable(),
  /** "Monthly updates will be provided at meetings going forward"; the update's text. */
  note: z.string().nullable(),
})
export type OutcomeRead = z.infer<typeof OutcomeRead>

export const AttendanceRead = z.object({
  kind: z.literal('attendance'),
  ...common,
  name: z.string().min(1),
  initials: z.string().nullable(),
  capacity: z.string().nullable(),
  status: z.enum(['present', 'apologies', 'absent']),
  /** How they attended, where the minutes say (a "Teams" / "Dial In" column). */
  mode: z.enum(['in-person', 'online']).nullable(),
  /** For apologies: who attended in their place, as written ("Ben Smith"); "Nil" reads as null. */
  representative: z.string().nullable(),
  role: z.enum(['chair', 'minute-taker']).nullable(),
  /** "joined late" / "left early" / "left the meeting" after an item. */
  timing: z.enum(['joined-late', 'left-early']).nullable(),
})
export type AttendanceRead = z.infer<typeof AttendanceRead>

/**
 * Minutes agreed: "The Minutes of the previous meeting dated 26th May 2020 were agreed"
 * (previous, meetingDate 2020-05-26, approvedOn the date of the meeting read) or this record's
 * own "Formal Approval of Meeting Record … Date: 21 July 2020" (not previous).
 */
export const ApprovalRead = z.object({
  kind: z.literal('approval'),
  ...common,
  /** The minutes of an earlier meeting (agreed at this one), or this record's own approval. */
  previous: z.boolean(),
  /** The earlier meeting's date as written, when it reads as a date (a mistyped one reads as null). */
  meetingDate: ReadDate.nullable(),
  approvedOn: ReadDate.nullable(),
  signatory: z.string().nullable(),
  amendments: z.string().nullable(),
})
export type ApprovalRead = z.infer<typeof ApprovalRead>

export const NextMeetingRead = z.object({
  kind: z.literal('next-meeting'),
  ...common,
  date: ReadDate.nullable(),
  /** "10:00", when given. */
  time: z.string().nullable(),
})
export type NextMeetingRead = z.infer<typeof NextMeetingRead>

export const MinutesRead = z.discriminatedUnion('kind', [
  ActionRead,
  OutcomeRead,
  AttendanceRead,
  ApprovalRead,
  NextMeetingRead,
])
export type MinutesRead = z.infer<typeof MinutesRead>

export const EXCERPT_MAX = 1000

/** What the reader is told besides the text. */
export type ReadContext = {
  /** The date of the meeting the minutes are imported into (board-local), to place "next meeting", "May PAM" and two-digit years. */
  meetingDate: string
}
