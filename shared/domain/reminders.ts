import type { Board } from './board.ts'
import type { Meeting } from './meeting.ts'
import { addDays, fromZoned, localDateOf } from './time.ts'

/** Reminders and summaries go out at this hour, board-local time. */
export const SEND_HOUR = 8

export type EmailWindow = { meetingId: string; offsetDays: number; opensAt: string }

/**
 * When the window `offsetDays` before a meeting opens: 08:00 on that calendar day in the
 * board's time zone, so "7 days before" stays 08:00 local across a BST/GMT change.
 */
export function windowOpensAt(meetingStartsAt: string, offsetDays: number, timeZone: string): Date {
  const day = addDays(localDateOf(new Date(meetingStartsAt), timeZone), -offsetDays)
  return fromZoned({ ...day, hour: SEND_HOUR, minute: 0, second: 0 }, timeZone)
}

/**
 * The windows to act on at `now`: those already open for meetings that are still scheduled
 * and have not started. A window missed during an outage is therefore caught up by the next
 * run, and the sent-email log keeps a window from being acted on twice; nothing is sent for
 * a meeting that has started or been cancelled.
 */
export function dueWindows(
  meetings: readonly Meeting[],
  offsets: readonly number[],
  board: Pick<Board, 'timeZone'>,
  now: Date,
): EmailWindow[] {
  const windows: EmailWindow[] = []
  for (const m of meetings) {
    if (m.status !== 'scheduled' || new Date(m.startsAt) <= now) continue
    for (const offsetDays of offsets) {
      const opensAt = windowOpensAt(m.startsAt, offsetDays, board.timeZone)
      if (opensAt <= now && opensAt < new Date(m.startsAt)) {
        windows.push({ meetingId: m.id, offsetDays, opensAt: opensAt.toISOString() })
      }
    }
  }
  return windows
}

/** The schedules fire hourly; a window open for longer than that was missed by an earlier run. */
export const SWEEP_INTERVAL_MS = 3_600_000

/** Whether acting on `window` at `now` catches up one that a run missed (an outage, a failed run). */
export function isCatchUp(window: EmailWindow, now: Date): boolean {
  return now.getTime() - Date.parse(window.opensAt) >= SWEEP_INTERVAL_MS
}

/** How far ahead a run must look for meetings whose windows may be open. */
export function lookaheadDays(offsets: readonly number[]): number {
  return Math.max(0, ...offsets) + 1
}
