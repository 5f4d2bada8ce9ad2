import * as z from 'zod'
import {
  Actor,
  Audit,
  Id,
  IsoDate,
  nonEmptyPatch,
  perRow,
  prose,
  StoredIsoDate,
  singleLine,
  Version,
} from './common.ts'

/** `withdrawn`: raised in error; kept with its history and its reference, shown nowhere else. */
export const ActionStatus = z.enum(['open', 'discharged', 'withdrawn'])
export type ActionStatus = z.infer<typeof ActionStatus>

export const Outcome = z.enum(['discharged', 'carried-forward'])
export type Outcome = z.infer<typeof Outcome>

export const Exemption = z.object({
  section: singleLine(120).meta({ example: 'S.31 (Law Enforcement)' }),
  publicWording: singleLine(300).meta({ example: 'Exempt FOIA under Section S.31 (Law Enforcement)' }),
})
export type Exemption = z.infer<typeof Exemption>

export const ExemptionInput = z.strictObject({
  section: Exemption.shape.section,
  publicWording: Exemption.shape.publicWording.optional().meta({
    description: 'Defaults to "Exempt FOIA under Section <section>"',
  }),
})

/** An update the secretariat typed for an owner, as the owner gave it (at a meeting, by phone). */
const givenFields = {
  // Absent on updates typed by whoever gave them, on the day (and on those stored before).
  onBehalfOf: Id.nullable()
    .optional()
    .meta({ description: 'The owner it came from, when someone else typed it' }),
  givenOn: StoredIsoDate.nullable().optional().meta({
    description: 'The day it was given, when not the day it was typed',
  }),
}

export const ActionUpdate = z.object({
  at: z.string(),
  by: Actor,
  text: z.string(),
  proposeComplete: z.boolean(),
  ...givenFields,
})
export type ActionUpdate = z.infer<typeof ActionUpdate>

export const ProposedOutcome = z.object({
  meetingId: Id,
  outcome: Outcome,
  note: z.string(),
  by: Actor,
  at: z.string(),
})
export type ProposedOutcome = z.infer<typeof ProposedOutcome>

export const Discharge = z.object({
  meetingId: Id,
  note: z.string(),
  on: StoredIsoDate,
})

export const Withdrawal = z.object({ reason: z.string(), by: Actor, at: z.string() })
export type Withdrawal = z.infer<typeof Withdrawal>

/**
 * An action keeps only its latest updates inline, at most this many and this many bytes,
 * so the item stays far below DynamoDB's 400 KB limit and a list of a few hundred actions
 * stays below Lambda's 6 MB response limit; the history keeps every update.
 */
export const MAX_INLINE_UPDATES = 20
export const MAX_INLINE_UPDATE_BYTES = 16 * 1024

// ---- the work programme (issue 17): its items are actions of a kind of their own ----
/**
 * `action`: raised in the minutes (what every action stored before kinds existed reads as);
 * `report`: a report the panel asked for, due at a named meeting or to be timetabled;
 * `standing`: taken at every meeting, never due anywhere and never carried;
 * `briefing`: a briefing note requested, like a report.
 */
export const ActionKind = z.enum(['action', 'report', 'standing', 'briefing'])
export type ActionKind = z.infer<typeof ActionKind>

/** When a work-programme item was last taken: at a meeting of the tool, or a date from before it. */
export const LastReport = z.object({ meetingId: Id.nullable(), on: StoredIsoDate })
export type LastReport = z.infer<typeof LastReport>

/** The work programme's fields of an action, one block; stored actions read as ordinary ones. */
const WorkProgrammeFields = {
  kind: ActionKind.default('action'),
  /** The item as the programme names it ("Repeat Victimisation"); null on ordinary actions. */
  title: z.string().nullable().default(null),
  /** The report detail as the programme words it, if any. */
  detail: z.string().nullable().default(null),
  /** Kept in step with the history's `taken` entries (workProgramme.lastReportOf derives it). */
  lastReport: LastReport.nullable().default(null),
}

/** What every action starts with, whatever its kind: open, with no update, decision or carry yet. */
export const unworked = (): Pick<
  Action,
  'status' | 'updates' | 'proposedOutcome' | 'carryCount' | 'discharge' | 'withdrawal'
> => ({
  status: 'open',
  updates: [],
  proposedOutcome: null,
  carryCount: 0,
  discharge: null,
  withdrawal: null,
})

/** An ordinary action's values of those fields. */
export const NOT_WORK_PROGRAMME = { kind: 'action', title: null, detail: null, lastReport: null } as const

export const Action = z.object({
  id: Id,
  boardId: Id,
  ref: z.string(),
  itemNumber: z.number().int(),
  /** The agenda item's title as the minutes give it; stored actions without one read as null. */
  itemTitle: z.string().nullable().default(null),
  description: z.string(),
  ownerIds: z.array(Id),
  raisedAtMeetingId: Id,
  raisedAt: z.string().meta({ description: 'Start of the meeting that raised the action (UTC)' }),
  dueMeetingId: Id.nullable().meta({
    description: 'null while the board has no later meeting scheduled (awaiting next meeting)',
  }),
  dueMeetingStartsAt: z.string().nullable(),
  dueDate: StoredIsoDate.nullable(),
  /** While waiting for a meeting: the start of the meeting it was carried from (or raised at). */
  waitingAfter: z.string().nullable().default(null),
  status: ActionStatus,
  updates: z.array(ActionUpdate),
  proposedOutcome: ProposedOutcome.nullable(),
  carryCount: z.number().int().min(0),
  discharge: Discharge.nullable(),
  withdrawal: Withdrawal.nullable().default(null),
  exempt: Exemption.nullable(),
  /** Whether the change that made this version tells new owners by email (see announcesByDefault). */
  notifyOwners: z.boolean().default(true),
  ...WorkProgrammeFields,
  ...Audit,
})
export type Action = z.infer<typeof Action>

const ownerIds = z
  .array(Id)
  .min(1)
  .max(20)
  .refine((a) => new Set(a).size === a.length, 'owners must not repeat')

export const actionInputFields = {
  itemNumber: z.number().int().min(0).max(99).meta({ description: 'Agenda item number' }),
  itemTitle: singleLine(200).meta({ example: 'Performance Scrutiny Report' }),
  description: prose(4000),
  ownerIds,
  owners: singleLine(300).meta({
    description:
      'Owners as the minutes write them, by initials or alias, joined by `,` `/` `&` `and` or spaces (instead of ownerIds)',
    example: 'DT / OPCC',
  }),
  dueMeetingId: Id,
  dueDate: IsoDate,
  ref: singleLine(60).meta({
    description:
      'Defaults to NN.DD/MM/YYYY; set it to keep a legacy reference such as "Action 1 02.21/12/21"',
  }),
  exempt: ExemptionInput,
  notifyOwners: z.boolean().meta({
    description:
      'Whether new owners are emailed. On create, defaults to true unless the raising meeting is over 30 days past or its minutes are approved (actions entered from old minutes email nobody unless asked); an edit that adds owners follows the same rule',
  }),
}

/** Owners come either as ids or as text, never both (a patch may give neither). */
export const oneOwnerForm = (v: { ownerIds?: unknown; owners?: unknown }) =>
  v.ownerIds === undefined || v.owners === undefined
export const ONE_OWNER_FORM = { message: 'give either ownerIds or owners, not both', path: ['owners'] }

export const CreateActionInput = z
  .strictObject({
    itemNumber: actionInputFields.itemNumber,
    itemTitle: actionInputFields.itemTitle.optional(),
    description: actionInputFields.description,
    ownerIds: actionInputFields.ownerIds.optional(),
    owners: actionInputFields.owners.optional(),
    dueMeetingId: actionInputFields.dueMeetingId.optional().meta({
      description: "Defaults to the board's next scheduled meeting after the raising meeting",
    }),
    dueDate: actionInputFields.dueDate.optional(),
    ref: actionInputFields.ref.optional(),
    exempt: actionInputFields.exempt.optional(),
    notifyOwners: actionInputFields.notifyOwners.optional(),
  })
  .refine(oneOwnerForm, ONE_OWNER_FORM)
  .refine((v) => v.ownerIds !== undefined || v.owners !== undefined, {
    message: 'give the owners, as ownerIds or as owners ("DT / OPCC")',
    path: ['owners'],
  })
export type CreateActionInput = z.infer<typeof CreateActionInput>

/** Up to this many actions raised in one call: more than any meeting's minutes hold. */
export const MAX_RAISED_PER_CALL = 100

export const RaiseActionsInput = z.strictObject({
  actions: z.array(perRow(CreateActionInput)).min(1).max(MAX_RAISED_PER_CALL).meta({
    description:
      'Each row is validated and raised on its own: a row that fails is not written, the others are',
  }),
})

/** The fields the secretariat may change with PATCH; status and counts move only by rule. */
export const PatchActionInput = nonEmptyPatch(
  z
    .strictObject({
      itemNumber: actionInputFields.itemNumber,
      itemTitle: actionInputFields.itemTitle.nullable(),
      description: actionInputFields.description,
      ownerIds: actionInputFields.ownerIds,
      owners: actionInputFields.owners,
      dueMeetingId: actionInputFields.dueMeetingId,
      dueDate: actionInputFields.dueDate.nullable(),
      ref: actionInputFields.ref,
      exempt: actionInputFields.exempt.nullable(),
      notifyOwners: actionInputFields.notifyOwners,
      title: singleLine(200).meta({
        description: 'A work-programme item’s title (its description follows it)',
      }),
      detail: prose(3000).nullable().meta({ description: 'A work-programme item’s report detail' }),
    })
    .partial()
    .refine(oneOwnerForm, ONE_OWNER_FORM),
)
export type PatchActionInput = z.infer<typeof PatchActionInput>

export const PostUpdateInput = z.strictObject({
  text: prose(4000),
  proposeComplete: z.boolean().default(false),
  onBehalfOf: Id.optional().meta({
    description:
      'Secretariat only: the owner (a person) who gave the update, when the secretariat types it for them',
  }),
  givenOn: IsoDate.optional().meta({
    description:
      'Secretariat only: the day the update was given (e.g. at the meeting), not before the action was raised and not in the future',
  }),
})
export type PostUpdateInput = z.infer<typeof PostUpdateInput>

export const OutcomeInput = z.strictObject({
  actionId: Id,
  outcome: Outcome,
  note: prose(4000),
})
export type OutcomeInput = z.infer<typeof OutcomeInput>

/** One decision among many: a discharge needs its note; a carry forward may go without. */
export const OutcomeRow = z.strictObject({
  actionId: Id,
  outcome: Outcome,
  note: prose(4000).optional(),
  version: Version.optional().meta({ description: 'The version you read: a stale one fails this row (409)' }),
})
export type OutcomeRow = z.infer<typeof OutcomeRow>

/** Up to this many decisions in one call: more than any meeting's Actions Arising. */
export const MAX_OUTCOMES_PER_CALL = 200

export const DecideOutcomesInput = z
  .strictObject({
    outcomes: z.array(perRow(OutcomeRow)).max(MAX_OUTCOMES_PER_CALL).meta({
      description: 'Each row is validated and saved on its own: one that fails does not stop the others',
    }),
    carryForwardRest: z.boolean().optional().meta({
      description:
        'Also propose carried forward for every action arising at the meeting that is not in the list and not yet decided',
    }),
  })
  .refine((v) => v.outcomes.length > 0 || v.carryForwardRest === true, {
    message: 'give at least one outcome, or carryForwardRest',
    path: ['outcomes'],
  })
export type DecideOutcomesInput = z.infer<typeof DecideOutcomesInput>

export const WithdrawActionInput = z.strictObject({
  reason: prose(2000).meta({ example: 'Raised in error: a duplicate of 03.23/06/2020' }),
})
export type WithdrawActionInput = z.infer<typeof WithdrawActionInput>

export const HistoryKind = z.enum([
  'created',
  'edited',
  'update-posted',
  'outcome-proposed',
  'discharged',
  'carried-forward',
  'due-meeting-moved',
  'withdrawn',
  // A work-programme item recorded at a meeting (shared/domain/work-programme.ts).
  'taken',
  'deferred',
  'brought-forward',
])

export const HistoryEntry = z.object({
  actionId: Id,
  version: z.number().int().positive(),
  at: z.string(),
  by: Actor,
  kind: HistoryKind,
  meetingId: Id.nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
  note: z.string().nullable(),
  /** Whether the action was exempt before or after this change: its texts are then not for members who do not own it. */
  exempt: z.boolean().default(false),
  // An update typed for its owner keeps whom it came from and when it was given (see ActionUpdate).
  ...givenFields,
})
export type HistoryEntry = z.infer<typeof HistoryEntry>

/** What a reader who may not see an exempt action's text gets instead of it. */
export const RedactedAction = Action.extend({ redacted: z.boolean() })
export type RedactedAction = z.infer<typeof RedactedAction>

export function defaultPublicWording(section: string): string {
  return `Exempt FOIA under Section ${section}`
}
