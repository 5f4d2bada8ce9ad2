import type { Board } from '../domain/board.ts'
import type { Meeting } from '../domain/meeting.ts'
import { lookaheadDays } from '../domain/reminders.ts'
import type { Deps } from './deps.ts'

/** A board or meeting a sweep could not handle, with what it was and why. */
export type SweepFailure = { ids: Record<string, string>; error: string }

/**
 * Runs `work` for each item on its own: one that throws (a bad record, a read that failed)
 * is recorded with its ids and the others still run. The caller logs and counts the failures;
 * the next scheduled run tries them again.
 */
export async function eachIsolated<T>(
  failures: SweepFailure[],
  items: readonly T[],
  ids: (item: T) => Record<string, string>,
  work: (item: T) => Promise<void>,
): Promise<void> {
  for (const item of items) {
    try {
      await work(item)
    } catch (e) {
      failures.push({ ids: ids(item), error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })
    }
  }
}

/**
 * The email sweeps' outer loop: each board that is not retired (a retired board gets no
 * emails), on its own, with its meetings starting from `now` to as far ahead as the windows
 * `offsetsOf` opens before a meeting reach (see lookaheadDays), given to `work` with them.
 */
export async function eachLiveBoard(
  deps: Deps,
  run: { boards: number; failures: SweepFailure[] },
  now: Date,
  offsetsOf: (board: Board) => readonly number[],
  work: (board: Board, meetings: Meeting[], offsets: readonly number[]) => Promise<void>,
): Promise<void> {
  await eachIsolated(
    run.failures,
    (await deps.store.boards.list()).filter((b) => !b.retiredAt),
    (b) => ({ boardId: b.id }),
    async (board) => {
      run.boards++
      const offsets = offsetsOf(board)
      const until = new Date(now.getTime() + lookaheadDays(offsets) * 86_400_000)
      const meetings = await deps.store.meetings.list(board.id, {
        from: now.toISOString(),
        to: until.toISOString(),
      })
      await work(board, meetings, offsets)
    },
  )
}
