import { inflateRawSync } from 'node:zlib'
import { PayloadTooLargeError } from '#shared/errors.ts'
import {
  MAX_DOCX_COMPRESSION_RATIO,
  MAX_DOCX_ENTRIES,
  MAX_DOCX_UNCOMPRESSED_BYTES,
  RATIO_APPLIES_ABOVE_BYTES,
} from './limits.ts'
import { badFile, type Deadline } from './problems.ts'

export type ZipEntry = { name: string; method: number; compressed: number; size: number; dataAt: number }

/** Why a zip could not be listed: the caller words it for the format the file claims to be. */
export class ZipDamaged extends Error {}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/**
 * The zip's entries from its central directory, every offset checked against the file, without
 * inflating anything: the sizes a .docx declares are judged before a byte is inflated.
 */
export function listZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u16 = (at: number) => view.getUint16(at, true)
  const u32 = (at: number) => view.getUint32(at, true)
  // The end record sits in the last 22 bytes plus at most a 64 KiB comment.
  let eocd = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      eocd = at
      break
    }
  }
  if (eocd < 0) throw new ZipDamaged('no end of central directory: the file is cut short')
  const count = u16(eocd + 10)
  const dirSize = u32(eocd + 12)
  const dirAt = u32(eocd + 16)
  if (count === 0xffff || dirAt === 0xffffffff) throw new ZipDamaged('ZIP64, which no Word document needs')
  if (count > MAX_DOCX_ENTRIES) throw new ZipDamaged(`${count} entries`)
  if (dirAt + dirSize > eocd) throw new ZipDamaged('the central directory runs past its end record')
  const entries: ZipEntry[] = []
  let at = dirAt
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || u32(at) !== CENTRAL) throw new ZipDamaged(`central directory entry ${i} is broken`)
    const flags = u16(at + 8)
    const method = u16(at + 10)
    const compressed = u32(at + 20)
    const size = u32(at + 24)
    const nameLen = u16(at + 28)
    const local = u32(at + 42)
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLen))
    if (flags & 1) throw new ZipDamaged('encrypted')
    if (local + 30 > bytes.length || u32(local) !== LOCAL) throw new ZipDamaged(`${name}: no local header`)
    const dataAt = local + 30 + u16(local + 26) + u16(local + 28)
    if (dataAt + compressed > bytes.length) throw new ZipDamaged(`${name}: its data runs past the end`)
    entries.push({ name, method, compressed, size, dataAt })
    at += 46 + nameLen + u16(at + 30) + u16(at + 32)
  }
  return entries
}

/**
 * Refuses a zip bomb: first by the sizes the directory declares (total and ratio), then by
 * inflating each entry with its declared size as a hard cap, so a directory that understates
 * its sizes cannot make the real reader (mammoth's JSZip, which trusts them) inflate more.
 */
export function checkZipSizes(bytes: Uint8Array, entries: ZipEntry[], deadline: Deadline): void {
  const total = entries.reduce((n, e) => n + e.size, 0)
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(0)} MB`
  if (total > MAX_DOCX_UNCOMPRESSED_BYTES) {
    throw new PayloadTooLargeError(
      `the Word document unpacks to ${mb(total)}, more than the ${mb(MAX_DOCX_UNCOMPRESSED_BYTES)} minutes can need`,
    )
  }
  if (total > RATIO_APPLIES_ABOVE_BYTES && total / bytes.length > MAX_DOCX_COMPRESSION_RATIO) {
    throw new PayloadTooLargeError(
      `the Word document unpacks to ${Math.round(total / bytes.length)} times its size: refused as a zip bomb`,
    )
  }
  for (const e of entries) {
    deadline.check()
    const data = bytes.subarray(e.dataAt, e.dataAt + e.compressed)
    if (e.method === 0) {
      if (e.compressed !== e.size) throw badFile(`the Word document is damaged (${e.name}: wrong size)`)
      continue
    }
    if (e.method !== 8)
      throw badFile(`the Word document is damaged (${e.name}: unknown compression ${e.method})`)
    let inflated: Buffer
    try {
      // One byte over the declared size is enough to catch a lie, and caps what it costs.
      inflated = inflateRawSync(data, { maxOutputLength: e.size + 1 })
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new PayloadTooLargeError(
          `the Word document's ${e.name} unpacks to more than it declares: refused as a zip bomb`,
        )
      }
      throw badFile(`the Word document is damaged (${e.name} does not unpack)`, err)
    }
    if (inflated.length > e.size) {
      throw new PayloadTooLargeError(
        `the Word document's ${e.name} unpacks to more than it declares: refused as a zip bomb`,
      )
    }
    if (inflated.length < e.size) throw badFile(`the Word document is damaged (${e.name} is cut short)`)
  }
}
