import type { Action } from '../domain/action.ts'
import { isDueAt } from '../domain/action-rules.ts'
import { dueWindows, type EmailWindow, isCatchUp } from '../domain/reminders.ts'
import type { Deps } from './deps.ts'
import { eachIsolated, eachLiveBoard, type SweepFailure } from './sweep.ts'

/**
 * `emails`: reminders this run put in the outbox; `caughtUp`: windows missed by earlier runs
 * that this run acted on; `failures`: boards or meetings that could not be handled (logged,
 * counted, and tried again by the next run).
 */
export type ReminderRun = {
  boards: number
  windows: number
  emails: number
  caughtUp: number
  failures: SweepFailure[]
}

/**
 * The hourly reminder sweep at `now` (the scheduled event's time, never the wall clock):
 * for every upcoming meeting with a window open, one reminder per owner with open actions
 * due at or before it, except those the board already proposed to discharge. Only the
 * latest open window counts, so a meeting created inside its 7-day window gets one reminder,
 * not the 7-day and 2-day ones at once. The reminders go to the outbox (keyed by meeting,
 * owner and window, so a re-run adds nothing), which renders and sends them. Each board and
 * each meeting is handled on its own: one that fails is reported and the rest go on.
 */
export async function sendReminders(deps: Deps, now: Date): Promise<ReminderRun> {
  const run: ReminderRun = { boards: 0, windows: 0, emails: 0, caughtUp: 0, failures: [] }
  const caughtUp = new Set<EmailWindow>()
  await eachLiveBoard(
    deps,
    run,
    now,
    (board) => board.reminderDaysBefore,
    async (board, meetings, offsets) => {
      const windows = dueWindows(meetings, offsets, board, now)
      const open = meetings.filter((m) => windows.some((w) => w.meetingId === m.id))
      await eachIsolated(
        run.failures,
        open,
        (m) => ({ boardId: board.id, meetingId: m.id }),
        async (meeting) => {
          const latest = windows
            .filter((w) => w.meetingId === meeting.id)
            .reduce((a, b) => (b.offsetDays < a.offsetDays ? b : a))
          run.windows++
          const actions = (await deps.store.actions.listOpenDueBy(board.id, meeting.startsAt)).filter((a) =>
            isDueAt(a, meeting),
          )
          for (const ownerId of ownersOf(actions)) {
            const ref = {
              kind: 'reminder',
              meetingId: meeting.id,
              ownerId,
              offsetDays: latest.offsetDays,
            } as const
            if (await deps.store.outbox.enqueue(ref, deps.now(), deps.now())) {
              run.emails++
              if (isCatchUp(latest, now)) caughtUp.add(latest)
            }
          }
        },
      )
    },
  )
  run.caughtUp = caughtUp.size
  return run
}

function ownersOf(actions: readonly Action[]): string[] {
  return [...new Set(actions.flatMap((a) => a.ownerIds))]
}
