import { isDueAt } from '../domain/action-rules.ts'
import { overdueItems, overdueReportOf } from '../domain/overdue.ts'
import { dueWindows, lookaheadDays } from '../domain/reminders.ts'
import { bouncedAmong, summaryRecipients } from '../domain/summary.ts'
import { addressKey } from '../domain/suppression.ts'
import { overdueSummaryEmail } from '../mail/templates.ts'
import { Deliveries, loadPeopleFor, type NotifyDeps } from './notify.ts'

export type SummaryRun = { boards: number; windows: number; emails: number }

/**
 * The hourly chair's-summary sweep at `now` (the scheduled event's time, never the wall
 * clock): for every open summary window (`summaryDaysBefore` each upcoming meeting, 08:00
 * board-local), one email to the chair with the board's overdue list, the number of
 * actions due at the meeting and the board's bounced addresses. The windows follow the
 * reminders' clock rule, so a missed window is caught up and a started or cancelled
 * meeting gets nothing; the sent-email log keeps a re-run from sending twice.
 * Reads only each board's upcoming meetings and, when a window is open, its open actions.
 */
export async function sendOverdueSummaries(deps: NotifyDeps, now: Date): Promise<SummaryRun> {
  const run: SummaryRun = { boards: 0, windows: 0, emails: 0 }
  const deliveries = new Deliveries()
  // One read serves both the send filter and the list in the email.
  const suppressions = await deps.store.listSuppressed()
  const suppressed = new Set(suppressions.map((s) => addressKey(s.email)))
  for (const board of await deps.store.listBoards()) {
    run.boards++
    const offsets = [board.summaryDaysBefore]
    const until = new Date(now.getTime() + lookaheadDays(offsets) * 86_400_000)
    const meetings = await deps.store.listMeetings(board.id, {
      from: now.toISOString(),
      to: until.toISOString(),
    })
    const windows = dueWindows(meetings, offsets, board, now)
    if (windows.length === 0) continue
    run.windows += windows.length
    const open = await deps.store.listOpenActions(board.id)
    // Owners (with their members and deputies) and the chair (with theirs), in two batch reads.
    const people = await loadPeopleFor(deps, [...open, { ownerIds: board.chairId ? [board.chairId] : [] }])
    const report = overdueReportOf(board, overdueItems(board, open, now), people, now)
    const { reaches, ...recipients } = summaryRecipients(board, people, suppressed)
    const bounced = bouncedAmong(suppressions, people.values(), board)
    const chair = (board.chairId && people.get(board.chairId)) || null
    for (const w of windows) {
      const meeting = meetings.find((m) => m.id === w.meetingId)
      if (!meeting) continue
      const email = overdueSummaryEmail({
        board,
        meeting,
        report,
        dueCount: open.filter((a) => isDueAt(a, meeting)).length,
        bounced,
        reaches,
        chair,
      })
      // One summary per meeting window: keyed on the chair role's holder, not on whichever
      // mailbox it reached, so a deputy or the secretariat standing in does not make a second.
      const key = `summary#${meeting.id}#${board.chairId ?? 'secretariat'}#${w.offsetDays}`
      await deliveries.send(deps, key, recipients, email)
    }
  }
  run.emails = deliveries.sent
  // Anything that could not be sent now is left for the next run (the schedule retries too).
  deliveries.finish()
  return run
}
