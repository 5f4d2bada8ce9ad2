import * as z from 'zod'
import { Audit, Email, Id, nonEmptyPatch, singleLine, TimeZone } from './common.ts'

const dayOffsets = z
  .array(z.number().int().min(0).max(60))
  .max(5)
  .refine((a) => new Set(a).size === a.length, 'days must not repeat')

const boardFields = {
  name: singleLine(120),
  shortName: singleLine(20).meta({ example: 'PAM' }),
  timeZone: TimeZone,
  chairId: Id.nullable(),
  secretariatEmails: z.array(Email).min(1).max(10),
  reminderDaysBefore: dayOffsets.meta({ description: 'Owner reminders are sent this many days before' }),
  summaryDaysBefore: z.number().int().min(0).max(60),
  overdueCarryThreshold: z.number().int().min(1).max(20),
  meetingLengthMinutes: z
    .number()
    .int()
    .min(15)
    .max(720)
    .meta({ description: 'Minutes each meeting lasts: the end of the calendar event sent with reminders' }),
}

export const BOARD_DEFAULTS = {
  timeZone: 'Europe/London',
  reminderDaysBefore: [7, 2],
  summaryDaysBefore: 3,
  overdueCarryThreshold: 2,
  meetingLengthMinutes: 120,
} as const

export const Board = z.object({
  id: Id,
  ...boardFields,
  // Boards stored before the setting existed read as the default.
  meetingLengthMinutes: boardFields.meetingLengthMinutes.default(BOARD_DEFAULTS.meetingLengthMinutes),
  retiredAt: z.string().nullable().default(null).meta({
    description: 'When the board was retired: it stays readable, gets no emails and takes no changes',
  }),
  ...Audit,
})
export type Board = z.infer<typeof Board>

/** What a list of actions across boards says of each one's board (to group by it). */
export const BoardRef = Board.pick({ id: true, name: true, shortName: true })
export type BoardRef = z.infer<typeof BoardRef>

/** Why nothing on this board may change now, or null if it may. */
export function boardWriteBlocker(board: Pick<Board, 'name' | 'retiredAt'>): string | null {
  return board.retiredAt ? `the ${board.name} is retired: it can be read but not changed` : null
}

export const CreateBoardInput = z.strictObject({
  ...boardFields,
  timeZone: boardFields.timeZone.default(BOARD_DEFAULTS.timeZone),
  chairId: boardFields.chairId.optional(),
  reminderDaysBefore: boardFields.reminderDaysBefore.default([...BOARD_DEFAULTS.reminderDaysBefore]),
  summaryDaysBefore: boardFields.summaryDaysBefore.default(BOARD_DEFAULTS.summaryDaysBefore),
  overdueCarryThreshold: boardFields.overdueCarryThreshold.default(BOARD_DEFAULTS.overdueCarryThreshold),
  meetingLengthMinutes: boardFields.meetingLengthMinutes.default(BOARD_DEFAULTS.meetingLengthMinutes),
})
export type CreateBoardInput = z.infer<typeof CreateBoardInput>

export const PatchBoardInput = nonEmptyPatch(z.strictObject(boardFields).partial())
export type PatchBoardInput = z.infer<typeof PatchBoardInput>
