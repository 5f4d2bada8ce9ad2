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
