import { crc32, deflateRawSync } from 'node:zlib'

/**
 * A zip archive of text files, deflated: enough for an Office Open XML package (.docx), so
 * the Word export needs no zip library. Entries are written in the order given (a package's
 * `[Content_Types].xml` first) with a fixed timestamp, so the same log gives the same bytes.
 */
export function zip(files: readonly { name: string; text: string }[]): Uint8Array<ArrayBuffer> {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8')
    const raw = Buffer.from(file.text, 'utf8')
    const data = deflateRawSync(raw)
    const crc = crc32(raw)
    // Version 2.0, UTF-8 names (bit 11), deflate, 1980-01-01 00:00 (DOS date 0x21).
    const common = (h: Buffer, at: number) => {
      h.writeUInt16LE(20, at)
      h.writeUInt16LE(0x0800, at + 2)
      h.writeUInt16LE(8, at + 4)
      h.writeUInt16LE(0, at + 6)
      h.writeUInt16LE(0x21, at + 8)
      h.writeUInt32LE(crc, at + 10)
      h.writeUInt32LE(data.length, at + 14)
      h.writeUInt32LE(raw.length, at + 18)
      h.writeUInt16LE(name.length, at + 22)
      h.writeUInt16LE(0, at + 24)
    }
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    common(local, 4)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    common(central, 6)
    // Comment length, disk, internal and external attributes: zero. Then the local header's offset.
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    centrals.push(central, name)
    offset += local.length + name.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(files.length, 8)
  end.writeUInt16LE(files.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  const out = Buffer.concat([...locals, directory, end])
  return new Uint8Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.length))
}
