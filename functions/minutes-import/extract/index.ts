import { AppError, PayloadTooLargeError, UnsupportedMediaTypeError } from '#shared/errors.ts'
import { readDocx } from './docx.ts'
import { MAX_FILE_BYTES, MAX_TEXT_CHARS } from './limits.ts'
import { readPdf } from './pdf.ts'
import { badFile, Deadline, tooLong } from './problems.ts'
import { decodeText, isUtf16 } from './text.ts'
import { checkZipSizes, listZip, ZipDamaged } from './zip.ts'

export * from './limits.ts'

export type MinutesFile = { bytes: Uint8Array; name?: string; contentType?: string }
export type ExtractedMinutes = { format: 'docx' | 'pdf' | 'txt'; text: string; pages: number | null }

const ACCEPTED = 'upload the minutes as a Word document (.docx), a PDF (.pdf) or a text file (.txt)'

/**
 * An uploaded minutes file as the reader's text (shared/domain/minutes-read.ts): a line per
 * paragraph, a line per table row with its cells joined by tabs. The format is decided from
 * the bytes; the name and content type only choose the words of a refusal. Whatever the file,
 * it either reads within the limits in limits.ts or is refused with an AppError: 400 (path
 * "file") for a damaged, protected, empty or textless file, 413 past a limit, 415 for a format
 * not accepted.
 */
export async function extractMinutesText(file: MinutesFile): Promise<ExtractedMinutes> {
  try {
    return await extract(file)
  } catch (err) {
    if (err instanceof AppError) throw err
    // A library failing in a way not foreseen is still the file's fault, not a 500.
    throw badFile('the file could not be read: save it again, or upload it in another format', err)
  }
}

async function extract({ bytes, name, contentType }: MinutesFile): Promise<ExtractedMinutes> {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new PayloadTooLargeError(
      `the file is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MB: save the minutes without images, or as text`,
    )
  }
  if (bytes.length === 0) throw badFile('the file is empty')
  const claimed = claimedFormat(name, contentType)
  const deadline = new Deadline()

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    let entries: ReturnType<typeof listZip>
    try {
      entries = listZip(bytes)
    } catch (err) {
      if (!(err instanceof ZipDamaged)) throw err
      if (err.message === 'encrypted')
        throw badFile('the Word document is password-protected: remove the password and upload it again')
      throw badFile(
        claimed === 'docx' || claimed === null
          ? 'the Word document is damaged or incomplete (perhaps cut short in the upload): open it in Word, save a copy and upload that'
          : 'the file is a damaged zip archive',
        err,
      )
    }
    const names = new Set(entries.map((e) => e.name))
    if (!names.has('word/document.xml')) throw new UnsupportedMediaTypeError(`${zipKind(names)}: ${ACCEPTED}`)
    checkZipSizes(bytes, entries, deadline)
    return done('docx', await readDocx(bytes, deadline), null)
  }

  if (findHeader(bytes, '%PDF-')) {
    const { text, pages } = await readPdf(bytes, deadline)
    if (!text.trim()) {
      throw badFile(
        'the PDF has no text to read (a scan, or a picture of the minutes): upload the Word document or a PDF saved from it',
      )
    }
    return done('pdf', text, pages)
  }

  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) throw compoundFileProblem(bytes)

  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) {
    throw new UnsupportedMediaTypeError(
      `the file is in Rich Text Format (.rtf): save it as .docx; ${ACCEPTED}`,
    )
  }
  if (isUtf16(bytes))
    throw badFile('the text file is saved as UTF-16 ("Unicode"): save it again as UTF-8 and upload that')
  const text = decodeText(bytes)
  if (text === null) {
    if (claimed === 'txt') {
      throw badFile(
        'the text file is not UTF-8 text: save it again as UTF-8 (or upload the Word or PDF file)',
      )
    }
    const what =
      claimed === 'docx'
        ? 'the file is not a Word document'
        : claimed === 'pdf'
          ? 'the file is not a PDF'
          : 'the file is in a format not accepted'
    throw new UnsupportedMediaTypeError(`${what}: ${ACCEPTED}`)
  }
  return done('txt', text.replace(/^\uFEFF/, ''), null)
}

function done(format: ExtractedMinutes['format'], text: string, pages: number | null): ExtractedMinutes {
  if (text.length > MAX_TEXT_CHARS) throw tooLong()
  if (!text.trim())
    throw badFile(format === 'docx' ? 'the Word document has no text' : 'the file has no text')
  return { format, text, pages }
}

/**
 * An OLE2 compound file: what Office saves a password-protected .docx/.xlsx as (an
 * "EncryptedPackage" stream), and the container of Word 97–2003 .doc files. The directory's
 * stream names are UTF-16, found by a scan rather than a compound-file reader.
 */
function compoundFileProblem(bytes: Uint8Array): AppError {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const has = (s: string) => buf.includes(Buffer.from(s, 'utf16le'))
  if (has('EncryptedPackage') || has('EncryptionInfo')) {
    return badFile(
      'the Office file is password-protected (encrypted): open it, remove the password (File › Info › Protect Document) and upload it again',
    )
  }
  if (has('WordDocument')) {
    return new UnsupportedMediaTypeError(
      `the file is a Word 97–2003 document (.doc): open it in Word and save it as .docx; ${ACCEPTED}`,
    )
  }
  return new UnsupportedMediaTypeError(`the file is an older Office file (not .docx): ${ACCEPTED}`)
}

function zipKind(names: Set<string>): string {
  const any = (prefix: string) => [...names].some((n) => n.startsWith(prefix))
  if (any('xl/')) return 'the file is an Excel workbook'
  if (any('ppt/')) return 'the file is a PowerPoint presentation'
  if (names.has('mimetype') && any('content.xml')) return 'the file is an OpenDocument file: save it as .docx'
  return 'the file is a zip archive, not a Word document'
}

function claimedFormat(name?: string, contentType?: string): ExtractedMinutes['format'] | null {
  const ext = name?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1]
  const type = contentType?.toLowerCase().split(';')[0]?.trim()
  if (ext === 'docx' || type === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    return 'docx'
  if (ext === 'pdf' || type === 'application/pdf') return 'pdf'
  if (ext === 'txt' || type?.startsWith('text/')) return 'txt'
  return null
}

const startsWith = (b: Uint8Array, magic: number[]) => magic.every((m, i) => b[i] === m)

/** The PDF header may follow up to 1 KB of junk (as readers allow, and some mail gateways add). */
function findHeader(b: Uint8Array, header: string): boolean {
  return Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 1024)).includes(header, 0, 'latin1')
}
