import { PayloadTooLargeError, ValidationError } from '#shared/errors.ts'
import { EXTRACT_DEADLINE_MS, MAX_TEXT_CHARS } from './limits.ts'

/** A 400 about the uploaded file itself: what the form's file field shows. */
export function badFile(message: string, cause?: unknown): ValidationError {
  return new ValidationError(
    message,
    [{ path: 'file', message }],
    cause === undefined ? undefined : { cause },
  )
}

export function tooLong(): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `the file's text is longer than ${MAX_TEXT_CHARS / (1024 * 1024)} MB: upload the minutes alone, not a bundle of papers`,
  )
}

/** Wall-clock budget shared by the steps of one extraction. */
export class Deadline {
  private readonly until: number
  constructor(ms = EXTRACT_DEADLINE_MS) {
    this.until = performance.now() + ms
  }
  check(): void {
    if (performance.now() > this.until) {
      throw new PayloadTooLargeError(
        `reading the file took longer than ${EXTRACT_DEADLINE_MS / 1000} s: it is too large or too complex; split it or save it again`,
      )
    }
  }
}

/**
 * A cell's or paragraph's text on one line: tabs and line breaks inside it become spaces
 * (a tab means "next cell" and a newline "next line" to the reader), runs of spaces one.
 */
export function oneLine(s: string): string {
  return s
    .replace(/[\t\n\r\f\v\u2028\u2029]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
}
