const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** Control characters that plain text never holds (tab, LF, CR and form feed are fine). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const BINARY = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/

/**
 * Plain text: UTF-8 (the BOM Notepad writes is dropped), lines ending LF. Null when the bytes
 * are not UTF-8 text, so the caller can choose between "bad text file" and "unknown format".
 */
export function decodeText(bytes: Uint8Array): string | null {
  let text: string
  try {
    text = UTF8.decode(bytes)
  } catch {
    return null
  }
  if (BINARY.test(text)) return null
  return text.replace(/\r\n?/g, '\n').replace(/\f/g, '\n')
}

/** UTF-16 with its BOM: what Word's and Notepad's "Unicode" text is saved as. */
export const isUtf16 = (b: Uint8Array): boolean =>
  (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)
