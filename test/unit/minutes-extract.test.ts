import fc from 'fast-check'
import { getDocumentProxy } from 'unpdf'
import { describe, expect, it } from 'vitest'
import { htmlToLines } from '#functions/minutes-import/extract/docx.ts'
import {
  extractMinutesText,
  MAX_FILE_BYTES,
  MAX_PDF_PAGES,
  type MinutesFile,
} from '#functions/minutes-import/extract/index.ts'
import { AppError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#shared/errors.ts'
import {
  ole2File,
  plainDocx,
  seedToDocx,
  truncatedDocx,
  zip,
  zipBombDocx,
} from '#test/fixtures/minutes/build.ts'
import { encryptedPdf, pagesPdf } from '#test/fixtures/minutes/pdf-by-hand.ts'
import { normaliseLine, seedText } from '#test/fixtures/minutes/seeds.ts'

/**
 * Reading an uploaded minutes file (functions/minutes-import/extract): text files, Word
 * documents built with docx, and every kind of bad file that needs no browser to make.
 * The round trips through a printed PDF are in test/e2e/minutes-extract.test.ts.
 */

const utf8 = (s: string) => new TextEncoder().encode(s)

/** What the extractor refused the file with, or a failure if it read it. */
async function refusal(file: MinutesFile): Promise<AppError> {
  const err = await extractMinutesText(file).then(
    (r) => new Error(`read as ${r.format}: ${r.text.slice(0, 80)}`),
    (e: unknown) => e,
  )
  if (!(err instanceof AppError)) throw err
  return err
}

function expectFileIssue(err: AppError, message: RegExp) {
  expect(err).toBeInstanceOf(ValidationError)
  expect(err.message).toMatch(message)
  expect((err as ValidationError).issues).toEqual([{ path: 'file', message: err.message }])
}

describe('text files', () => {
  it('reads UTF-8 text, dropping the BOM and turning CRLF into LF', async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8('Minutes\r\nDate\tTuesday 27 April\r\n£ – “quoted”\r\n'),
    ])

    const read = await extractMinutesText({ bytes, name: 'minutes.txt' })

    expect(read).toEqual({
      format: 'txt',
      text: 'Minutes\nDate\tTuesday 27 April\n£ – “quoted”\n',
      pages: null,
    })
  })

  it('reads a seed as it is, whatever the name says', async () => {
    const text = seedText('pam-minutes-2021-04-27')

    const read = await extractMinutesText({
      bytes: utf8(text),
      name: 'minutes.pdf',
      contentType: 'application/pdf',
    })

    expect(read.format).toBe('txt')
    expect(read.text).toBe(text.replace(/\r\n/g, '\n'))
  })

  it('refuses a .txt that is not UTF-8 with a 400 on the file', async () => {
    const latin1 = new Uint8Array([...utf8('Minutes of the meeting held on 3 May '), 0xa3, 0x35, 0x30])

    expectFileIssue(await refusal({ bytes: latin1, name: 'minutes.txt' }), /not UTF-8/)
  })

  it('refuses UTF-16 text, saying how to save it', async () => {
    const bytes = new Uint8Array(Buffer.from('\ufeffMinutes', 'utf16le'))

    expectFileIssue(await refusal({ bytes, contentType: 'text/plain' }), /UTF-16/)
  })

  it('refuses binary of no known kind with a 415 naming the formats accepted', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])

    const err = await refusal({ bytes: png, name: 'scan.png', contentType: 'image/png' })

    expect(err).toBeInstanceOf(UnsupportedMediaTypeError)
    expect(err.message).toMatch(/\.docx.*\.pdf.*\.txt/)
  })

  it('refuses an empty file and one with only whitespace, with a 400', async () => {
    expectFileIssue(await refusal({ bytes: new Uint8Array(0), name: 'minutes.txt' }), /empty/)
    expectFileIssue(await refusal({ bytes: utf8(' \n\t\n'), name: 'minutes.txt' }), /no text/)
  })

  it('refuses a file over the size limit with a 413, before reading it', async () => {
    const bytes = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61)

    expect(await refusal({ bytes })).toBeInstanceOf(PayloadTooLargeError)
  })

  it('refuses text past the text limit with a 413', async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024).fill(0x61)

    const err = await refusal({ bytes, name: 'minutes.txt' })

    expect(err).toBeInstanceOf(PayloadTooLargeError)
    expect(err.message).toMatch(/text is longer than 1 MB/)
  })

  it('refuses RTF with a 415 saying to save it as .docx', async () => {
    const err = await refusal({ bytes: utf8('{\\rtf1\\ansi Minutes}'), name: 'minutes.rtf' })

    expect(err).toBeInstanceOf(UnsupportedMediaTypeError)
    expect(err.message).toMatch(/Rich Text Format/)
  })
})

describe('Word documents', () => {
  it('reads a seed built as a Word document back to its lines, table rows with their cells', async () => {
    const text = seedText('pam-minutes-2021-04-27')

    const read = await extractMinutesText({ bytes: await seedToDocx(text) })

    expect(read.format).toBe('docx')
    expect(read.pages).toBeNull()
    const lines = (t: string) => t.split('\n').map(normaliseLine).filter(Boolean)
    expect(lines(read.text)).toEqual(lines(text))
  })

  it('puts a merged cell down as the empty cells it covers, so columns line up', () => {
    const html =
      '<h1>Attendance</h1><table><tr><td colspan="3"><p>ATTENDANCE</p></td></tr>' +
      '<tr><td><p>Name</p></td><td><p>Person</p></td><td><p>Teams</p></td></tr>' +
      '<tr><td rowspan="2"><p>Ben</p><p>Smith</p></td><td></td><td><p>x</p></td></tr>' +
      '<tr><td><p>x</p></td><td></td></tr></table><p>After\tthe table</p><ul><li>one</li><li>two<ul><li>two a</li></ul></li></ul>'

    expect(htmlToLines(html).split('\n')).toEqual([
      'Attendance',
      '',
      'ATTENDANCE',
      'Name\tPerson\tTeams',
      'Ben Smith\t\tx',
      '\tx',
      '',
      'After\tthe table',
      'one',
      'two',
      'two a',
    ])
  })

  it('reads a cell’s tabs, line breaks and lists as spaces within the cell', () => {
    const html =
      '<table><tr><td><p>a\tb<br />c</p><ul><li>d</li></ul></td><td><table><tr><td>e</td><td>f</td></tr></table></td></tr></table>'

    expect(htmlToLines(html)).toBe('a b c d\te f')
  })

  it('refuses a Word document cut short with a 400 on the file', async () => {
    expectFileIssue(
      await refusal({ bytes: await truncatedDocx(), name: 'minutes.docx' }),
      /damaged or incomplete/,
    )
  })

  it('refuses a zip bomb by its declared sizes, before inflating it', async () => {
    const bomb = zipBombDocx(100)
    expect(bomb.length).toBeLessThan(MAX_FILE_BYTES)

    const err = await refusal({ bytes: bomb, name: 'minutes.docx' })

    // The declared-size check names what the zip claims; inflating would have met the cap first.
    expect(err).toBeInstanceOf(PayloadTooLargeError)
    expect(err.message).toMatch(/unpacks to 100 MB/)
  })

  it('refuses a zip bomb by its ratio under the size cap', async () => {
    const err = await refusal({ bytes: zipBombDocx(30), name: 'minutes.docx' })

    expect(err).toBeInstanceOf(PayloadTooLargeError)
    expect(err.message).toMatch(/times its size/)
  })

  it('refuses a zip bomb that understates its sizes, inflating no more than it declares', async () => {
    const liar = zipBombDocx(100, 2_000)

    const err = await refusal({ bytes: liar, name: 'minutes.docx' })

    expect(err).toBeInstanceOf(PayloadTooLargeError)
    expect(err.message).toMatch(/more than it declares/)
  })

  it('reads a Word document that is large but in proportion', async () => {
    const paragraphs = Array.from(
      { length: 3000 },
      (_, i) => `Item ${i}: the board noted the report ${i * 7919}.`,
    )

    const read = await extractMinutesText({ bytes: plainDocx(paragraphs) })

    expect(read.text.split('\n')).toEqual(paragraphs)
  }, 30_000)

  it('refuses a zip that is not a Word document with a 415 saying what it is', async () => {
    const xlsx = zip([{ name: 'xl/workbook.xml', data: utf8('<workbook/>') }])

    const err = await refusal({ bytes: xlsx, name: 'actions.xlsx' })

    expect(err).toBeInstanceOf(UnsupportedMediaTypeError)
    expect(err.message).toMatch(/Excel workbook/)
  })

  it('refuses a password-protected Office file with a 400 saying so', async () => {
    expectFileIssue(
      await refusal({ bytes: ole2File('encrypted-docx'), name: 'minutes.docx' }),
      /password-protected/,
    )
  })

  it('refuses a Word 97–2003 .doc with a 415 saying to save it as .docx', async () => {
    const err = await refusal({ bytes: ole2File('doc'), name: 'minutes.doc' })

    expect(err).toBeInstanceOf(UnsupportedMediaTypeError)
    expect(err.message).toMatch(/Word 97–2003 document \(\.doc\).*save it as \.docx/)
  })
})

describe('PDFs without a browser', () => {
  it('refuses a password-protected PDF with a 400 saying so (the file is real: it opens with its password)', async () => {
    const pdf = encryptedPdf('secret')
    const opened = await getDocumentProxy(new Uint8Array(pdf), { password: 'secret' })
    const text = await (await opened.getPage(1)).getTextContent()
    expect(text.items.map((i) => ('str' in i ? i.str : '')).join('')).toBe('Confidential minutes')
    await opened.loadingTask.destroy()

    expectFileIssue(await refusal({ bytes: pdf, name: 'minutes.pdf' }), /PDF is password-protected/)
  })

  it(`refuses more than ${MAX_PDF_PAGES} pages with a 413 from the page count, and reads ${MAX_PDF_PAGES}`, async () => {
    const err = await refusal({ bytes: pagesPdf(1000) })

    expect(err).toBeInstanceOf(PayloadTooLargeError)
    expect(err.message).toMatch(/1000 pages, more than the 300/)
    expect((await extractMinutesText({ bytes: pagesPdf(MAX_PDF_PAGES) })).pages).toBe(MAX_PDF_PAGES)
  })

  it('refuses a PDF with no text layer (a scan) with a 400 saying so', async () => {
    expectFileIssue(await refusal({ bytes: pagesPdf(2, '') }), /no text to read/)
  })

  it('refuses a damaged PDF with a 400 on the file', async () => {
    const junk = new Uint8Array([
      ...utf8('%PDF-1.7\n'),
      ...Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251),
    ])

    expectFileIssue(await refusal({ bytes: junk, name: 'minutes.pdf' }), /PDF is damaged/)
  })
})

describe('any bytes at all', () => {
  const MAGICS = [
    [],
    [0x50, 0x4b, 0x03, 0x04],
    [0x50, 0x4b, 0x05, 0x06],
    [...utf8('%PDF-1.7\n')],
    [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  ]

  it('either read or are refused with an AppError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...MAGICS),
        fc.uint8Array({ maxLength: 3000 }),
        async (magic, rest) => {
          const bytes = new Uint8Array([...magic, ...rest])
          await extractMinutesText({ bytes }).catch((e: unknown) => {
            if (!(e instanceof AppError)) throw e
          })
        },
      ),
      { numRuns: 300 },
    )
  })

  it('damaged copies of a real Word document and PDF are read or refused with an AppError', async () => {
    const docx = await seedToDocx(seedText('pam-minutes-2022-01-25'))
    const pdf = pagesPdf(3, 'Minutes: DH to provide the presentation')
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(docx, pdf),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }),
        async (original, flips) => {
          const bytes = new Uint8Array(original)
          for (const [at, value] of flips) bytes[at % bytes.length] = value
          await extractMinutesText({ bytes }).catch((e: unknown) => {
            if (!(e instanceof AppError)) throw e
          })
        },
      ),
      { numRuns: 150 },
    )
  }, 30_000)
})
