import * as z from 'zod'
import { ExemptionInput } from './action.ts'
import { Actor, Id, IsoDate, prose, singleLine, Version } from './common.ts'
import { MinutesRead } from './minutes-read.ts'

/**
 * A meeting's minutes, read into drafts that wait for a person: nothing reaches the action
 * log until the secretariat accepts a draft. The reads are stored as the reader made them;
 * who their initials name and whether an action already holds their reference are worked
 * out again on every view, so a person added or an alias given meanwhile counts at once.
 */

/**
 * The largest minutes file taken. API Gateway and Lambda carry at most 6 MB in a synchronous
 * request, and a binary body arrives base64-encoded (4 bytes for every 3), so 4 MB of file is
 * about 5.4 MB on the wire: room left for the multipart envelope and headers.
 */
export const MINUTES_MAX_BYTES = 4 * 1024 * 1024

/** What the upload field offers (the reader decides by the bytes, not by these). */
export const MINUTES_FILE_TYPES = [
  '.docx',
  '.pdf',
  '.txt',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/pdf',
  'text/plain',
] as const

export const SOURCE_FORMATS = ['docx', 'pdf', 'txt', 'text'] as const
export const SourceFormat = z.enum(SOURCE_FORMATS)
export type SourceFormat = z.infer<typeof SourceFormat>

export const MinutesSource = z.object({
  /** `text`: pasted; the others: an uploaded file of that kind. */
  format: SourceFormat,
  name: z.string().nullable(),
  bytes: z.number().int().min(0),
  pages: z.number().int().nullable(),
  /** Of the text read, so the same minutes imported again are known as such. */
  sha256: z.string(),
})
export type MinutesSource = z.infer<typeof MinutesSource>

export const DraftDecision = z.enum(['pending', 'accepted', 'rejected'])
export type DraftDecision = z.infer<typeof DraftDecision>

/** A draft as stored: the read, and what the secretariat made of it. */
export const StoredDraft = z.object({
  importId: Id,
  /** "d001": in reading order, unique within the import. */
  id: z.string(),
  read: MinutesRead,
  decision: DraftDecision,
  /** What accepting it wrote or found: the action raised or matched, the meeting created. */
  result: z.object({ actionId: Id.nullable(), meetingId: Id.nullable(), personId: Id.nullable() }).nullable(),
  decidedBy: Actor.nullable(),
  decidedAt: z.string().nullable(),
  /** Claimed for acceptance, its write not yet settled (drafts stored before read as settled). */
  claimed: z.boolean().default(false),
  version: Version,
})
export type StoredDraft = z.infer<typeof StoredDraft>

/** Longer than any acceptance takes (the function's timeout is 29 s). */
export const CLAIM_LEASE_MS = 2 * 60_000

/**
 * A draft as it stands at `now`: one claimed for acceptance longer ago than the lease was
 * left by a request that crashed before its write settled, and is pending again. Accepting
 * it again writes nothing twice: the action, outcome or attendance it wrote, if any, is found.
 */
export function unclaimStale(d: StoredDraft, now: Date): StoredDraft {
  const stale = d.claimed && now.getTime() - Date.parse(d.decidedAt ?? '') > CLAIM_LEASE_MS
  return stale ? { ...d, decision: 'pending', decidedBy: null, decidedAt: null, claimed: false } : d
}

export const MinutesImport = z.object({
  id: Id,
  meetingId: Id,
  boardId: Id,
  /** Read while the request waited: always ready once stored (the field leaves room for a queue). */
  status: z.enum(['processing', 'ready', 'failed']),
  source: MinutesSource,
  draftCount: z.number().int().min(0),
  createdBy: Actor,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: Version,
})
export type MinutesImport = z.infer<typeof MinutesImport>

/** How a draft stands against the log as it is now. */
export const DraftMatch = z.enum(['new', 'matches', 'conflicts', 'not-found'])
export type DraftMatch = z.infer<typeof DraftMatch>

/** A draft as shown: the stored draft with who it names and how it stands, worked out now. */
export const Draft = StoredDraft.omit({ importId: true, version: true }).extend({
  ownerIds: z.array(Id).meta({ description: "The owners' initials resolved among the board's members" }),
  unknownInitials: z.array(z.string()).meta({ description: 'Initials or names no member has' }),
  match: DraftMatch.meta({
    description:
      'action: new, or matches / conflicts with the action holding its reference (or, without one, the same words raised at the meeting); outcome: matches the earlier action holding its reference, or not-found; attendance: matches a person, or not-found; approval: new, matches (already approved) or not-found; next-meeting: new, or matches a meeting that day',
  }),
  matchedActionId: Id.nullable(),
  matchedPersonId: Id.nullable(),
  version: Version,
})
export type Draft = z.infer<typeof Draft>

/** The most drafts one import keeps: well above any meeting's minutes, and a bound on the page. */
export const MAX_DRAFTS = 400

/** What a person may change in a draft as they accept it. */
export const DraftEdits = z
  .strictObject({
    ref: singleLine(60)
      .or(z.literal(''))
      .meta({ description: 'Empty: no reference from the minutes, one is made from the item number' }),
    itemNumber: z.number().int().min(0).max(99),
    itemTitle: singleLine(200),
    description: prose(4000),
    owners: singleLine(300),
    dueMeetingId: Id,
    dueDate: IsoDate,
    exempt: ExemptionInput.nullable(),
    outcome: z.enum(['discharged', 'carried-forward']),
    note: prose(4000),
    /** Attendance: who the row is (when the name matched no one, or the wrong one). */
    personId: Id,
  })
  .partial()
export type DraftEdits = z.infer<typeof DraftEdits>

export const AcceptDraftRow = z.strictObject({
  id: z.string().min(1).max(8),
  edits: DraftEdits.optional(),
})
export type AcceptDraftRow = z.infer<typeof AcceptDraftRow>

export const AcceptDraftsInput = z.strictObject({
  accept: z.array(AcceptDraftRow).max(MAX_DRAFTS).default([]),
  reject: z.array(z.string().min(1).max(8)).max(MAX_DRAFTS).default([]),
  notifyOwners: z.boolean().optional().meta({
    description:
      'Whether new owners are emailed about the actions accepted; by default only for a meeting of the last 30 days whose minutes are not approved (old minutes email nobody unless asked)',
  }),
})
export type AcceptDraftsInput = z.infer<typeof AcceptDraftsInput>

/** Pasted minutes, at most as long as a file's text may be (MAX_TEXT_CHARS in the extractor). */
export const CreateImportInput = z.strictObject({
  text: prose(1024 * 1024).meta({
    description:
      'The minutes as text, or a table copied from Word (cells by tabs); at most 1,048,576 characters',
  }),
})
