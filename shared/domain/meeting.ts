import * as z from 'zod'
import {
  Actor,
  Audit,
  Id,
  Instant,
  IsoDate,
  nonEmptyPatch,
  prose,
  StoredIsoDate,
  singleLine,
} from './common.ts'

export const MeetingStatus = z.enum(['scheduled', 'held', 'minutes-approved', 'cancelled'])
export type MeetingStatus = z.infer<typeof MeetingStatus>

/** One person's attendance as minutes record it; entries stored before the detail read as without it. */
export const Attendance = z.object({
  personId: Id,
  status: z.enum(['present', 'apologies', 'absent']),
  mode: z.enum(['in-person', 'online']).nullable().default(null).meta({ description: 'How they attended' }),
  timing: z.enum(['joined-late', 'left-early']).nullable().default(null),
  role: z.enum(['chair', 'minute-taker']).nullable().default(null),
  representedBy: Id.nullable().default(null).meta({
    description: 'With apologies: who attended in their place (a member or a guest of this meeting)',
  }),
  substitute: z.boolean().default(false).meta({
    description: 'Whether representedBy is a formal substitute rather than a representative',
  }),
})
export type Attendance = z.infer<typeof Attendance>

/** Who signed the minutes as approved, as the minutes record it ("P.Secombe on 03.01.2023"). */
export const Signatory = z.object({
  personId: Id.nullable().meta({
    description: 'The person in the directory, or null for a name written as given',
  }),
  name: z.string().meta({ description: 'Their name when the approval was recorded', example: 'P. Secombe' }),
  signedOn: StoredIsoDate,
})
export type Signatory = z.infer<typeof Signatory>

/** Up to this many signatories on one approval (the seeds show two). */
export const MAX_SIGNATORIES = 10

export const SignatoryInput = z
  .strictObject({
    personId: Id.optional().meta({ description: 'Someone in the directory; or give name' }),
    name: singleLine(120)
      .optional()
      .meta({ description: 'A name as written, for someone not in the directory' }),
    signedOn: IsoDate.meta({ description: 'The date they signed' }),
  })
  .refine((v) => (v.personId === undefined) !== (v.name === undefined), {
    message: 'give either personId or name (one of them)',
    path: ['personId'],
  })
export type SignatoryInput = z.infer<typeof SignatoryInput>

export const MinutesApproval = z.object({
  approvedOn: StoredIsoDate,
  // Approvals stored before signatories were recorded read as having none.
  signatories: z.array(Signatory).default([]),
  amendments: z.string().nullable(),
  recordedBy: Actor,
  recordedAt: z.string(),
  // Approvals stored before the choice existed told owners, as they all did.
  notifyOwners: z.boolean().default(true).meta({
    description: 'Whether the owners are told what the rollover discharged and carried forward',
  }),
})

// ---- publication (issue #17): whether an approved meeting's open log is public ----
/**
 * The secretariat's last decision on publishing the meeting's open action log: who, when,
 * and (to withhold) why. Null until one is made: an approved meeting is then published.
 */
const PublicationDecision = z.object({
  withheld: z.boolean(),
  reason: z.string().nullable(),
  by: Actor,
  at: z.string(),
})

/** Up to this many earlier decisions are kept on the meeting: more than a meeting ever has. */
export const MAX_PUBLICATION_DECISIONS = 50

export const Publication = PublicationDecision.extend({
  // Decisions stored before the list existed read as having no earlier ones.
  earlier: z.array(PublicationDecision).default([]).meta({
    description: 'The decisions before this one, oldest first: a reason to withhold is never lost',
  }),
})
export type Publication = z.infer<typeof Publication>

export const Meeting = z.object({
  id: Id,
  boardId: Id,
  startsAt: z.string(),
  location: z.string().nullable(),
  title: z.string(),
  status: MeetingStatus,
  attendance: z.array(Attendance),
  // Meetings stored before guests existed read as having none.
  guestIds: z.array(Id).default([]).meta({
    description:
      'People and teams invited to this meeting only; the attendance list is the board’s members and these',
  }),
  minutesApproval: MinutesApproval.nullable(),
  // Meetings stored before series existed, and those scheduled one at a time, belong to none.
  seriesId: Id.nullable().default(null).meta({
    description: 'The series this meeting was created in (POST /boards/{boardId}/meeting-series), if any',
  }),
  // Defaults to 0 so meetings stored before the field existed still read.
  calendarSequence: z.number().int().min(0).default(0).meta({
    description:
      'The SEQUENCE of the meeting’s calendar event (RFC 5545): grows when it is moved, relocated, cancelled or reinstated',
  }),
  // Meetings stored before publication existed read as published once approved.
  publication: Publication.nullable().default(null),
  ...Audit,
})
export type Meeting = z.infer<typeof Meeting>

export const CreateMeetingInput = z.strictObject({
  startsAt: Instant,
  location: singleLine(200).optional(),
  title: singleLine(200).optional(),
})
export type CreateMeetingInput = z.infer<typeof CreateMeetingInput>

export const PatchMeetingInput = nonEmptyPatch(
  z
    .strictObject({
      startsAt: Instant,
      location: singleLine(200).nullable(),
      title: singleLine(200),
      status: z.enum(['scheduled', 'held', 'cancelled']).meta({
        description: 'minutes-approved is reached only through POST /meetings/{meetingId}/minutes-approval',
      }),
      attendance: z
        .array(Attendance)
        .max(100)
        .refine((a) => new Set(a.map((x) => x.personId)).size === a.length, 'a person may appear once')
        .meta({ description: "Each entry names one of the board's members or one of this meeting's guests" }),
      guestIds: z
        .array(Id)
        .max(50)
        .refine((a) => new Set(a).size === a.length, 'a guest may appear once')
        .meta({ description: 'The whole guest list (it replaces the one stored)' }),
    })
    .partial(),
)
export type PatchMeetingInput = z.infer<typeof PatchMeetingInput>

export const MinutesApprovalInput = z.strictObject({
  approvedOn: IsoDate,
  amendments: prose(10_000).optional(),
  signatories: z.array(SignatoryInput).max(MAX_SIGNATORIES).optional().meta({
    description: 'Who signed the minutes, and when (one or more)',
  }),
  notifyOwners: z.boolean().optional().meta({
    description:
      'Whether owners are emailed what the rollover discharged and carried forward (default true; minutes imported from long ago pass false)',
  }),
})
export type MinutesApprovalInput = z.infer<typeof MinutesApprovalInput>
