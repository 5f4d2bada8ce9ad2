import type { Board } from '../domain/board.ts'
import { dueWindows } from '../domain/reminders.ts'
import type { Deps } from './deps.ts'
import { eachLiveBoard, type SweepFailure } from './sweep.ts'

export type SummaryRun = { boards: number; windows: number; emails: number; failures: SweepFailure[] }

/**
 * The hourly chair's-summary sweep at `now` (the scheduled event's time, never the wall
 * clock): for every open summary window (`summaryDaysBefore` each upcoming meeting, 08:00
 * board-local), one summary for the chair in the outbox, which renders it when it sends: the
 * board's overdue list, the number of actions due at the meeting and the board's bounced
 * addresses. The windows follow the reminders' clock rule, so a missed window is caught up
 * and a started or cancelled meeting gets nothing; the outbox's key keeps a re-run from adding
 * a second. Each board is handled on its own: one that fails is reported and the rest go on.
 */
export async function sendOverdueSummaries(deps: Deps, now: Date): Promise<SummaryRun> {
  const run: SummaryRun = { boards: 0, windows: 0, emails: 0, failures: [] }
  const offsetsOf = (board: Board) => [board.summaryDaysBefore]
  await eachLiveBoard(deps, run, now, offsetsOf, async (board, meetings, offsets) => {
    for (const w of dueWindows(meetings, offsets, board, now)) {
      run.windows++
      const ref = { kind: 'summary', meetingId: w.meetingId, offsetDays: w.offsetDays } as const
      if (await deps.store.outbox.enqueue(ref, deps.now(), deps.now())) run.emails++
    }
  })
  return run
}
