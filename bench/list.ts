import '#infra/local/quiet-sdk.ts'
/**
 * The action log's list route under load (issue #14): boards of 100 and of 10,000 actions
 * in one table, and on each in turn `--clients` concurrent clients for `--seconds`, every
 * client walking the board's log from the first page to the last by the cursors (default
 * page size), over and over, through the API's Lambda handler behind the emulated API
 * Gateway. For each board it prints requests, errors, requests a second and p50/p99
 * latency, then the ratio p99(largest)/p99(smallest) against the target ≤ 1.5: a page is
 * one bounded Query, so its cost should not grow with the board. It asserts nothing.
 *
 *   npm run bench:list [-- --sizes 100,10000 --clients 50 --seconds 30 --rounds 2]
 */
import { parseArgs } from 'node:util'
import { type LoadResult, listLoad, percentile, seedActionLog, withListApi } from '#infra/local/list-load.ts'
import { table } from './harness.ts'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,10000' },
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '30' },
    /** Each size is loaded this many times, the sizes taking turns (a drifting machine hits both alike). */
    rounds: { type: 'string', default: '2' },
  },
})
const SIZES = values.sizes.split(',').map(Number)
const CLIENTS = Number(values.clients)
const SECONDS = Number(values.seconds)
const ROUNDS = Number(values.rounds)
const TARGET = 1.5

await withListApi('bench-list', async (api) => {
  const boards: { size: number; boardId: string; actionIds: string[] }[] = []
  for (const size of SIZES) {
    const t0 = performance.now()
    const seeded = await seedActionLog(api.deps, api.doc, api.tableName, { actions: size })
    console.log(`seeded a board of ${size} actions in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    boards.push({ size, ...seeded })
  }
  const load = (b: (typeof boards)[number], seconds: number) =>
    listLoad({
      baseUrl: api.url,
      path: `/boards/${b.boardId}/actions`,
      token: api.token,
      boardId: b.boardId,
      expected: b.actionIds,
      clients: CLIENTS,
      seconds,
      limits: [50],
    })
  // Warm the JIT of both processes (ours and DynamoDB Local's) before anything is measured.
  for (const b of boards) await load(b, 5)

  const results = new Map<number, LoadResult[]>(SIZES.map((s) => [s, []]))
  for (let round = 0; round < ROUNDS; round++) {
    for (const b of boards) {
      console.log(`round ${round + 1}: ${CLIENTS} clients for ${SECONDS} s on the board of ${b.size}`)
      results.get(b.size)?.push(await load(b, SECONDS))
    }
  }

  const rows = SIZES.map((size) => {
    const runs = results.get(size) ?? []
    const latencies = runs.flatMap((r) => r.latencies)
    const requests = runs.reduce((n, r) => n + r.requests, 0)
    return {
      actions: size,
      requests,
      errors: runs.reduce((n, r) => n + r.errors, 0),
      'bad walks': runs.reduce((n, r) => n + r.badWalks.length, 0),
      'full walks': runs.reduce((n, r) => n + r.walks, 0),
      'req/s': (requests / (SECONDS * runs.length)).toFixed(0),
      'p50 ms': percentile(latencies, 50).toFixed(1),
      'p99 ms': percentile(latencies, 99).toFixed(1),
      'max ms': Math.max(...latencies).toFixed(1),
    }
  })
  console.log(
    `\n${CLIENTS} clients × ${SECONDS} s × ${ROUNDS} rounds per board, default page size (50), one table\n`,
  )
  console.log(table(rows))
  const p99 = (size: number | undefined) => Number(rows.find((r) => r.actions === size)?.['p99 ms'])
  const small = Math.min(...SIZES)
  const large = Math.max(...SIZES)
  const ratio = p99(large) / p99(small)
  console.log(
    `\np99(${large}) / p99(${small}) = ${ratio.toFixed(2)} (target ≤ ${TARGET}: ${ratio <= TARGET ? 'met' : 'missed'})`,
  )
  for (const size of SIZES)
    for (const r of results.get(size) ?? [])
      for (const s of [...r.samples, ...r.badWalks]) console.log(`  ${size}: ${s}`)
})
