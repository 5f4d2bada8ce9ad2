import { crc32, inflateRawSync } from 'node:zlib'
import mammoth from 'mammoth'

/**
 * Readers for the files the action log exports, none of them the code that wrote the file:
 * Word files are read by mammoth, an independent reader; zips and CSV by the small readers here.
 */

/** Every entry of a zip (a .docx is one) by name, as text. Reads the central directory. */
export function readZip(bytes: Uint8Array): Map<string, string> {
  const buf = Buffer.from(bytes)
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (eocd < 0) throw new Error('not a zip: no end of central directory')
  const count = buf.readUInt16LE(eocd + 10)
  let at = buf.readUInt32LE(eocd + 16)
  const out = new Map<string, string>()
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`)
    const method = buf.readUInt16LE(at + 10)
    const compressed = buf.readUInt32LE(at + 20)
    const nameLen = buf.readUInt16LE(at + 28)
    const extraLen = buf.readUInt16LE(at + 30)
    const commentLen = buf.readUInt16LE(at + 32)
    const local = buf.readUInt32LE(at + 42)
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen)
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(dataAt, dataAt + compressed)
    const raw = method === 0 ? data : method === 8 ? inflateRawSync(data) : null
    if (!raw) throw new Error(`${name}: unsupported compression ${method}`)
    // What Word checks too: the entry's checksum and size as its directory entry states them.
    if (crc32(raw) !== buf.readUInt32LE(at + 16)) throw new Error(`${name}: CRC mismatch`)
    if (raw.length !== buf.readUInt32LE(at + 24)) throw new Error(`${name}: size mismatch`)
    out.set(name, raw.toString('utf8'))
    at += 46 + nameLen + extraLen + commentLen
  }
  return out
}

/** RFC 4180: fields separated by commas, records by CRLF, quotes doubled inside quoted fields. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '"' && field === '') {
      // A quoted field runs to the next quote that is not doubled.
      i++
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"'
          i += 2
        } else if (text[i] === '"') {
          i++
          break
        } else field += text[i++]
      }
      if (i < text.length && text[i] !== ',' && !text.startsWith('\r\n', i))
        throw new Error(`text after a closing quote at ${i}`)
    } else if (c === ',') {
      record.push(field)
      field = ''
      i++
    } else if (text.startsWith('\r\n', i)) {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      i += 2
    } else if (c === '\r' || c === '\n' || c === '"') {
      throw new Error(`bare ${JSON.stringify(c)} outside quotes at ${i}`)
    } else {
      field += c
      i++
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF')
  return records
}

/** A Word file as mammoth reads it: its tables and text, and what mammoth could not read. */
export type WordFile = {
  /** Each table's rows of cells; a cell's paragraphs and line breaks are newlines. */
  tables: string[][][]
  /** How many rows at the top of each table are header rows (repeated on every page). */
  headerRows: number[]
  /** The body's text: one line per paragraph, heading or table cell. */
  text: string
  /** mammoth's warnings (unread elements, unknown styles): none for a file we wrote. */
  messages: string[]
}

/** Reads a .docx with mammoth and takes the tables and text out of the HTML it makes. */
export async function readWord(bytes: Uint8Array): Promise<WordFile> {
  const { value: html, messages } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })
  const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) => t[1] ?? '')
  return {
    tables: tables.map((t) =>
      [...t.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
        [...(r[1] ?? '').matchAll(/<(td|th)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((c) => htmlText(c[2] ?? '')),
      ),
    ),
    // mammoth writes a table's header rows (w:tblHeader) as its <thead>.
    headerRows: tables.map((t) => (/<thead>([\s\S]*?)<\/thead>/.exec(t)?.[1] ?? '').split('<tr>').length - 1),
    text: htmlText(html.replace(/<\/(td|th)>/g, '</p>')),
    messages: messages.map((m) => `${m.type}: ${m.message}`),
  }
}

/** mammoth's HTML as text: paragraphs and breaks as newlines, tags dropped, entities decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<br \/>/g, '\n')
    .replace(/<\/(p|h[1-6]|li)>(?!$)/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}
