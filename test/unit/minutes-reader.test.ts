import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EXCERPT_MAX, MinutesRead } from '#shared/domain/minutes-read.ts'
import { readMinutes } from '#shared/domain/minutes-reader/index.ts'
import { scoreReads } from '#test/fixtures/minutes/score.ts'
import { SEEDS, seedExpected, seedText } from '#test/fixtures/minutes/seeds.ts'

describe('readMinutes on the real minutes', () => {
  it.each(SEEDS)('%s: every explicit action with its ref and owners, precision ≥ 90 %%', (seed) => {
    // Prepare
    const expected = seedExpected(seed)
    const text = seedText(seed)

    // Act
    const reads = readMinutes(text, { meetingDate: expected.meetingDate })
    const score = scoreReads(reads, expected)

    // Assess
    expect(score.misses.filter((m) => m.category === 'explicit' || m.category === 'owners')).toEqual([])
    expect(score.categories.explicit.recall).toBe(1)
    expect(score.categories.owners.recall).toBe(1)
    expect(score.overall.precision).toBeGreaterThanOrEqual(0.9)
    for (const r of reads) {
      expect(MinutesRead.safeParse(r).success).toBe(true)
      expect(r.excerpt.length).toBeLessThanOrEqual(EXCERPT_MAX)
    }
  })

  it('reads the same minutes with Windows line endings the same way', () => {
    // Prepare
    const text = seedText('pam-minutes-2021-04-27')
    const ctx = { meetingDate: '2021-04-27' }

    // Act
    const unix = readMinutes(text, ctx)
    const windows = readMinutes(text.replace(/\n/g, '\r\n'), ctx)

    // Assess
    expect(windows).toEqual(unix)
  })
})

describe('readMinutes never throws', () => {
  const pieces = fc.constantFrom(
    '\t',
    '\n',
    '\r\n',
    ' ',
    '01.23/06/2020',
    '03 25/01/22',
    'Action 1 02.21/12/21',
    'Action:',
    'ACTION: DH to send the report by 6 June',
    'Actions',
    'Actions Arising',
    'Attendees',
    'Apologies',
    'No\tName\tRef\tCapacity\tTeams',
    'Х',
    'ВН',
    '<p>',
    '</p>',
    '<ul style="x">',
    '•',
    'Discharged',
    'Update –',
    'Minutes of the previous meeting dated 30/03/202 were agreed',
    'Formal Approval of Meeting Record',
    'Date:',
    'Print Name:',
    'Date of next meeting:',
    'Exempt FOIA under Section S.31 (Law Enforcement)',
    'BS advised he would report back',
    'left the meeting',
    '(',
    ')',
    '&amp;',
    '&#xD800;',
  )
  const minutesLike = fc
    .array(fc.oneof(pieces, fc.string({ maxLength: 12 })), { maxLength: 80 })
    .map((a) => a.join(''))
  const meetingDate = fc.oneof(
    fc.constantFrom('2020-06-23', '2022-01-25', '', 'not a date', '2020-02-30'),
    fc
      .date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  )

  it('on arbitrary text: each read validates and its excerpt fits', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 3000 }), minutesLike), meetingDate, (text, date) => {
        const reads = readMinutes(text, { meetingDate: date })
        for (const r of reads) {
          expect(MinutesRead.safeParse(r).success).toBe(true)
          expect(r.excerpt.length).toBeLessThanOrEqual(EXCERPT_MAX)
        }
      }),
      { numRuns: 400 },
    )
  })

  it('on huge rows: excerpts are cut to EXCERPT_MAX', () => {
    // Prepare
    const long = 'word '.repeat(2000)
    const text = `Actions\n01.23/06/2020\tNT to add links ${long}\tNT\n02.23/06/2020\t${long}\tDH to provide ${long}`

    // Act
    const reads = readMinutes(text, { meetingDate: '2020-06-23' })

    // Assess
    expect(reads.length).toBeGreaterThan(0)
    for (const r of reads) expect(r.excerpt.length).toBeLessThanOrEqual(EXCERPT_MAX)
  })
})

describe('readMinutes edge cases', () => {
  it.each([
    ['empty text', ''],
    ['blank lines', '\n\n\t\n  \r\n'],
    [
      'prose with no actions',
      'The Chair welcomed everyone.\nPerformance will be compared against last year.\n',
    ],
  ])('%s gives no reads', (_, text) => {
    expect(readMinutes(text, { meetingDate: '2022-01-25' })).toEqual([])
  })

  it('tolerates a context without a usable meeting date', () => {
    // Act
    const reads = readMinutes('Action: DH to circulate the report\n', { meetingDate: 'soon' })

    // Assess
    expect(reads).toMatchObject([{ kind: 'action', owners: 'DH', ref: null }])
  })
})
