/**
 * Reading uploaded minutes (functions/minutes-import/extract): each seed as .txt, as a Word
 * document (docx) and as a PDF printed by Chromium, and a 200-page PDF (target ≤ 10 s and
 * ≤ 256 MB). Each case runs in a child process of its own, so its peak memory is its own:
 * maxRSS from process.resourceUsage() and the heap's high-water mark, sampled. Prints, per case
 * and Node version, the extraction's time (cold: its modules load on first use, as in a cold
 * Lambda; and warm, a second time in the same process), the whole read's time (extraction,
 * then the minutes reader), peak RSS, peak heap, and for the PDFs how many of the seed's table
 * rows came back with their cells; then the minutes reader's recall and precision (scoreReads)
 * against test/fixtures/minutes/<seed>.expected.json on the text extracted, overall and per
 * category: explicit and suggested actions, owners, outcomes, attendance, approvals. It
 * asserts nothing.
 *
 *   npm run bench:import [-- --rounds 3 --node24 false]
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { extractMinutesText } from '#functions/minutes-import/extract/index.ts'
import { readMinutes } from '#shared/domain/minutes-reader/index.ts'
import { CATEGORIES, type Category, scoreReads } from '#test/fixtures/minutes/score.ts'
import { normaliseLine, SEEDS, type Seed, seedExpected, seedText } from '#test/fixtures/minutes/seeds.ts'

type Case = { name: string; seed: Seed | null; file: string }
type Figures = {
  extractMs: number
  warmMs: number
  totalMs: number
  maxRssMb: number
  heapMb: number
  rowsKept: string
  recall: string
  precision: string
  /** Per category: "recall / precision (expected)", or — without a seed. */
  categories: Partial<Record<Category, string>>
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    node24: { type: 'string', default: 'true' },
  },
})

if (values.child) {
  console.log(JSON.stringify(await child(JSON.parse(values.child) as Case)))
  process.exit(0)
}

async function child(c: Case): Promise<Figures> {
  const bytes = new Uint8Array(readFileSync(c.file))
  // The heap's high-water mark, sampled: maxRSS counts the process (Node and its modules) too.
  let heap = process.memoryUsage().heapUsed
  const sampler = setInterval(() => {
    heap = Math.max(heap, process.memoryUsage().heapUsed)
  }, 5)
  const t0 = performance.now()
  const read = await extractMinutesText({ bytes, name: c.file })
  const extractMs = performance.now() - t0
  // Again in the same process: a warm Lambda, its modules loaded and compiled.
  const t1 = performance.now()
  await extractMinutesText({ bytes, name: c.file })
  const warmMs = performance.now() - t1
  let recall = '—'
  let precision = '—'
  let rowsKept = '—'
  const categories: Partial<Record<Category, string>> = {}
  if (c.seed) {
    if (c.name.endsWith('pdf')) rowsKept = pdfRowsKept(seedText(c.seed), read.text)
    const expected = seedExpected(c.seed)
    const score = scoreReads(readMinutes(read.text, { meetingDate: expected.meetingDate }), expected)
    recall = score.overall.recall.toFixed(2)
    precision = score.overall.precision.toFixed(2)
    for (const cat of CATEGORIES) {
      const k = score.categories[cat]
      categories[cat] = `${k.recall.toFixed(2)} / ${k.precision.toFixed(2)} (${k.expected})`
    }
  }
  const totalMs = performance.now() - t0 - warmMs
  clearInterval(sampler)
  heap = Math.max(heap, process.memoryUsage().heapUsed)
  return {
    extractMs,
    warmMs,
    totalMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: heap / (1024 * 1024),
    rowsKept,
    recall,
    precision,
    categories,
  }
}

/** The seed's table rows (non-empty cells, in order) that the PDF gave back as one line. */
function pdfRowsKept(seed: string, text: string): string {
  const cells = (l: string) =>
    normaliseLine(l)
      .split('\t')
      .filter((c) => c !== '')
      .join('\t')
  const got = new Set(text.split('\n').map(cells))
  const rows = seed
    .split('\n')
    .map(cells)
    .filter((l) => l.includes('\t'))
  return `${rows.filter((r) => got.has(r)).length}/${rows.length}`
}

// Loaded only here, so a child's memory is the extractor's, not Playwright's or the harness's.
const { node24 } = await import('#infra/local/node24.ts')
const { launchChromium } = await import('#test/e2e/chromium.ts')
const { manyPagesPdf, seedToDocx, seedToPdf } = await import('#test/fixtures/minutes/build.ts')
const { table } = await import('./harness.ts')

const dir = mkdtempSync(join(tmpdir(), 'bench-import-'))
try {
  const cases: Case[] = []
  const browser = await launchChromium()
  try {
    for (const seed of SEEDS) {
      const text = seedText(seed)
      const files = {
        txt: new TextEncoder().encode(text),
        docx: await seedToDocx(text),
        pdf: await seedToPdf(text, browser),
      }
      for (const [format, bytes] of Object.entries(files)) {
        const file = join(dir, `${seed}.${format}`)
        writeFileSync(file, bytes)
        cases.push({ name: `${seed.replace('pam-minutes-', '')} ${format}`, seed, file })
      }
    }
    const t0 = performance.now()
    const long = await manyPagesPdf(200, browser)
    console.log(
      `printed the 200-page PDF (${(long.length / 1024).toFixed(0)} KiB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )
    writeFileSync(join(dir, 'long-200.pdf'), long)
    cases.push({ name: '200 pages pdf', seed: null, file: join(dir, 'long-200.pdf') })
  } finally {
    await browser.close()
  }

  const nodes: [string, string][] = [['20', process.execPath]]
  const n24 = values.node24 === 'true' ? node24() : null
  if (n24) nodes.push(['24', n24])
  const rows: Record<string, string | number>[] = []
  const scored: Record<string, string | number>[] = []
  for (const [version, node] of nodes) {
    for (const c of cases) {
      // The median of the rounds, each in a fresh process (cold modules each time, as a cold Lambda).
      const runs: Figures[] = []
      for (let r = 0; r < Number(values.rounds); r++) {
        const out = execFileSync(node, ['--import', 'tsx', 'bench/import.ts', '--child', JSON.stringify(c)], {
          encoding: 'utf8',
          env: { ...process.env, NODE_NO_WARNINGS: '1' },
        })
        runs.push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Figures)
      }
      const median = (f: (x: Figures) => number) => {
        const sorted = runs.map(f).sort((a, b) => a - b)
        return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
      }
      const first = runs[0] as Figures
      if (c.seed) scored.push({ node: version, case: c.name, ...first.categories })
      rows.push({
        node: version,
        case: c.name,
        KiB: (readFileSync(c.file).length / 1024).toFixed(0),
        'extract ms': median((x) => x.extractMs).toFixed(0),
        'warm ms': median((x) => x.warmMs).toFixed(0),
        'total ms': median((x) => x.totalMs).toFixed(0),
        'max RSS MB': median((x) => x.maxRssMb).toFixed(0),
        'peak heap MB': median((x) => x.heapMb).toFixed(0),
        'PDF rows kept': first.rowsKept,
        recall: first.recall,
        precision: first.precision,
      })
    }
  }
  console.log(`\n${values.rounds} rounds per case, median; a fresh process per run\n`)
  console.log(table(rows))
  console.log(
    '\nThe reader against the hand-written lists: recall / precision (entries expected), per category\n',
  )
  console.log(table(scored))
  for (const r of rows.filter((x) => x.case === '200 pages pdf')) {
    const s = Number(r['total ms']) / 1000
    const mb = Number(r['max RSS MB'])
    console.log(
      `Node ${r.node}, 200-page PDF: ${s.toFixed(1)} s (target ≤ 10 s: ${s <= 10 ? 'met' : 'missed'}), ` +
        `max RSS ${mb} MB (target ≤ 256 MB: ${mb <= 256 ? 'met' : 'missed'})`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
