/**
 * pdf.js 6 (in unpdf 1.8.1) leaves a rejected promise unobserved on some damaged files: its
 * Catalog.getPageDict prefetches the page tree's kids (xref.fetchAsync) and, when the walk
 * stops before reaching a kid whose object is broken, nothing ever awaits that fetch. Node then
 * reports an unhandled rejection, which on Lambda fails the invocation
 * (Runtime.UnhandledPromiseRejection) and locally ends the process, though the read itself was
 * already refused with a 400. No API reaches that promise, so while a PDF is being read (and
 * shortly after) such a rejection, and only one carrying a pdf.js parser error, is dropped
 * before any listener sees it. Everything else reaches the listeners as before.
 */

const PDFJS_ERRORS = new Set([
  'FormatError',
  'InvalidPDFException',
  'MissingDataException',
  'ParserEOFException',
  'UnknownErrorException',
  'XRefEntryException',
  'XRefParseException',
])
const GRACE_MS = 5_000

let reading = 0
let lastRead = Number.NEGATIVE_INFINITY
let installed = false

function install(): void {
  if (installed) return
  installed = true
  const emit = process.emit
  process.emit = function (this: NodeJS.Process, event: string | symbol, ...args: unknown[]) {
    if (event === 'unhandledRejection' && isPdfJsLeak(args[0])) return true
    return (emit as (...a: unknown[]) => boolean).call(this, event, ...args)
  } as typeof process.emit
}

function isPdfJsLeak(reason: unknown): boolean {
  const name = (reason as { name?: unknown } | null)?.name
  const recent = reading > 0 || performance.now() - lastRead < GRACE_MS
  return recent && typeof name === 'string' && PDFJS_ERRORS.has(name)
}

/** Runs one PDF read with pdf.js's leaked rejections kept from ending the process. */
export async function withPdfJsLeaksContained<T>(read: () => Promise<T>): Promise<T> {
  install()
  reading++
  try {
    return await read()
  } finally {
    reading--
    lastRead = performance.now()
  }
}
