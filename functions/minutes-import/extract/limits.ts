/**
 * What an uploaded minutes file may cost. Each bound is checked before the work it guards,
 * so a hostile file is refused in bounded time and memory.
 */

import { MINUTES_MAX_BYTES } from '#shared/domain/minutes-import.ts'

/** The largest file accepted, in bytes: the domain's, which the upload form also states. */
export const MAX_FILE_BYTES = MINUTES_MAX_BYTES

/** A .docx's entries inflated, all together: minutes run to a few MB of XML at most. */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024

/** XML deflates 5–20:1; past 100:1 over a megabyte the file is built to inflate, not to be read. */
export const MAX_DOCX_COMPRESSION_RATIO = 100
export const RATIO_APPLIES_ABOVE_BYTES = 1024 * 1024

/** Entries in a .docx's zip: Word writes a dozen or two, plus one per image. */
export const MAX_DOCX_ENTRIES = 2_000

/** A PDF's pages, checked from its page tree before any page is read (long minutes are ~30). */
export const MAX_PDF_PAGES = 300

/** The text handed to the reader: the longest minutes are ~100 KB; past 1 MB it is not minutes, and reading it would take seconds. */
export const MAX_TEXT_CHARS = 1024 * 1024

/** Wall-clock budget for reading a .docx or .pdf, checked between steps and between pages. */
export const EXTRACT_DEADLINE_MS = 20_000
