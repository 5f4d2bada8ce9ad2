import '#infra/local/quiet-sdk.ts'
/**
 * The board log's search and filters on a 10,000-action board (issue #15): no Scan, so a
 * filtered page reads the board's actions through its index, at most BOARD_LOG_READ_BOUND
 * per request. Prints, for a search that matches one action, one that matches many and a
 * filter with no text, the requests a client needs from the first page to the last, the
 * items read per request, the latency per request (p50/p99/max) and the whole walk; then the
 * CSV download of a filter and of the whole log. It asserts nothing.
 *
 *   npm run bench:board-log [-- --actions 10000]
 */
import { parseArgs } from 'node:util'
import { percentile, seedActionLog, withListApi } from '#infra/local/list-load.ts'
import { BOARD_LOG_READ_BOUND } from '#shared/domain/board-log.ts'
import { table } from './harness.ts'

const { values } = parseArgs({ options: { actions: { type: 'string', default: '10000' } } })
const ACTIONS = Number(values.actions)

await withListApi('bench-board-log', async (api) => {
  const t0 = performance.now()
  const { boardId } = await seedActionLog(api.deps, api.doc, api.tableName, { actions: ACTIONS })
  console.log(`seeded a board of ${ACTIONS} actions in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const get = async (path: string) => {
    const started = performance.now()
    const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.token}` } })
    const body = await res.text()
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`)
    return { ms: performance.now() - started, body }
  }
  /** From the first page to the last by the cursors, as a client would. */
  const walk = async (query: string) => {
    const latencies: number[] = []
    let found = 0
    let cursor: string | null = null
    const started = performance.now()
    do {
      const { ms, body } = await get(
        `/boards/${boardId}/actions?limit=100&${query}${cursor ? `&cursor=${cursor}` : ''}`,
      )
      const page = JSON.parse(body) as { items: unknown[]; next: string | null }
      latencies.push(ms)
      found += page.items.length
      cursor = page.next
    } while (cursor)
    return { latencies, found, totalMs: performance.now() - started }
  }
  // One warm-up walk, so the JIT of both processes is not what is measured.
  await walk('q=warm')
  const half = Math.ceil(ACTIONS / 2)
  const cases = [
    ['search matching one action', `q=${encodeURIComponent(`(${half} of ${ACTIONS})`)}`],
    ['search matching ~1 in 20', 'q=item%2042%20'],
    ['filter, no text (carried ≥ 1: none)', 'carried=1'],
    ['no filter (the index in order)', 'status=open'],
  ] as const
  const rows = []
  for (const [name, query] of cases) {
    const w = await walk(query)
    rows.push({
      case: name,
      found: w.found,
      requests: w.latencies.length,
      'read/request ≤': query.startsWith('status') ? 101 : BOARD_LOG_READ_BOUND,
      'p50 ms': percentile(w.latencies, 50).toFixed(0),
      'p99 ms': percentile(w.latencies, 99).toFixed(0),
      'max ms': Math.max(...w.latencies).toFixed(0),
      'walk s': (w.totalMs / 1000).toFixed(1),
    })
  }
  console.log(table(rows))
  for (const [name, query] of [
    ['CSV of a search (~1 in 20)', 'q=item%2042%20'],
    ['CSV of the whole log', ''],
  ] as const) {
    const { ms, body } = await get(`/boards/${boardId}/actions/export?${query}`)
    const lines = body.trim().split('\r\n').length - 1
    console.log(
      `${name}: ${lines} rows, ${(body.length / 1024).toFixed(0)} KiB in ${(ms / 1000).toFixed(2)} s`,
    )
  }
})
