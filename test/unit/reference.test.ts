import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatReference, normaliseReference, withOrdinal } from '#shared/domain/reference.ts'
import { isoDateIn } from '#shared/domain/time.ts'

const LONDON = 'Europe/London'

describe('formatReference', () => {
  it.each([
    // A 00:30 BST meeting belongs to that BST day, not to the UTC day before.
    { item: 3, startsAt: '2020-06-22T23:30:00Z', expected: '03.23/06/2020' },
    // In GMT the UTC day and the local day agree, even half an hour before midnight.
    { item: 5, startsAt: '2026-01-20T23:30:00Z', expected: '05.20/01/2026' },
    { item: 5, startsAt: '2026-01-21T00:00:00Z', expected: '05.21/01/2026' },
    // Spring change (2026-03-29, 01:00 GMT → 02:00 BST): local midnight starting the day is 00:00Z.
    { item: 1, startsAt: '2026-03-28T23:59:59Z', expected: '01.28/03/2026' },
    { item: 1, startsAt: '2026-03-29T00:00:00Z', expected: '01.29/03/2026' },
    // ... and the midnight ending it is already BST, at 23:00Z.
    { item: 1, startsAt: '2026-03-29T22:59:59Z', expected: '01.29/03/2026' },
    { item: 1, startsAt: '2026-03-29T23:00:00Z', expected: '01.30/03/2026' },
    // Autumn change (2026-10-25, 02:00 BST → 01:00 GMT): the day starts at 23:00Z on the 24th ...
    { item: 12, startsAt: '2026-10-24T22:59:59Z', expected: '12.24/10/2026' },
    { item: 12, startsAt: '2026-10-24T23:00:00Z', expected: '12.25/10/2026' },
    // ... both 01:30s of the repeated hour are on the 25th ...
    { item: 12, startsAt: '2026-10-25T00:30:00Z', expected: '12.25/10/2026' },
    { item: 12, startsAt: '2026-10-25T01:30:00Z', expected: '12.25/10/2026' },
    // ... and it ends at 00:00Z on the 26th, back in GMT.
    { item: 12, startsAt: '2026-10-25T23:59:59Z', expected: '12.25/10/2026' },
    { item: 12, startsAt: '2026-10-26T00:00:00Z', expected: '12.26/10/2026' },
  ])('item $item at $startsAt is $expected in Europe/London', ({ item, startsAt, expected }) => {
    // Prepare
    const meetingStartsAt = new Date(startsAt)

    // Act
    const ref = formatReference(item, meetingStartsAt, LONDON)

    // Assess
    expect(ref).toBe(expected)
  })

  it.each([
    { item: 0, expected: '00.23/06/2020' },
    { item: 2, expected: '02.23/06/2020' },
    { item: 9, expected: '09.23/06/2020' },
    { item: 10, expected: '10.23/06/2020' },
    { item: 99, expected: '99.23/06/2020' },
  ])('pads item $item to two digits', ({ item, expected }) => {
    // Prepare
    const meetingStartsAt = new Date('2020-06-23T09:30:00Z')

    // Act
    const ref = formatReference(item, meetingStartsAt, LONDON)

    // Assess
    expect(ref).toBe(expected)
  })

  it('honours the board time zone rather than London or UTC', () => {
    // Prepare: 03:30Z on the 21st is still 22:30 EST on the 20th in New York; 15:00Z on 22 June
    // is already 01:00 AEST on the 23rd in Sydney.
    const meetingStartsAt = new Date('2026-01-21T03:30:00Z')

    // Act
    const newYork = formatReference(4, meetingStartsAt, 'America/New_York')
    const london = formatReference(4, meetingStartsAt, LONDON)
    const sydneyEvening = formatReference(4, new Date('2026-06-22T15:00:00Z'), 'Australia/Sydney')

    // Assess
    expect(newYork).toBe('04.20/01/2026')
    expect(london).toBe('04.21/01/2026')
    expect(sydneyEvening).toBe('04.23/06/2026')
  })

  it('is NN.DD/MM/YYYY with the board-local date for any instant in 2000–2099', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 99 }),
        (instant, item) => {
          // Prepare
          const [year, month, day] = isoDateIn(instant, LONDON).split('-')

          // Act
          const ref = formatReference(item, instant, LONDON)

          // Assess
          expect(ref).toMatch(/^\d{2}\.\d{2}\/\d{2}\/\d{4}$/)
          expect(ref).toBe(`${String(item).padStart(2, '0')}.${day}/${month}/${year}`)
        },
      ),
    )
  })
})

describe('withOrdinal', () => {
  it.each([
    { ordinal: 0, expected: '02.23/06/2020' },
    { ordinal: 1, expected: '02.23/06/2020' },
    { ordinal: 2, expected: '02.23/06/2020 (2)' },
    { ordinal: 11, expected: '02.23/06/2020 (11)' },
  ])('ordinal $ordinal gives $expected', ({ ordinal, expected }) => {
    // Act
    const ref = withOrdinal('02.23/06/2020', ordinal)

    // Assess
    expect(ref).toBe(expected)
  })
})

describe('normaliseReference', () => {
  it.each([
    { input: '02.23/06/2020', expected: '02.23/06/2020' },
    { input: '  02.23/06/2020   (2) ', expected: '02.23/06/2020 (2)' },
    { input: 'Action 1\t 02.21/12/21', expected: 'ACTION 1 02.21/12/21' },
    { input: 'action  1 02.21/12/21', expected: 'ACTION 1 02.21/12/21' },
  ])('normalises "$input" to "$expected"', ({ input, expected }) => {
    // Act
    const key = normaliseReference(input)

    // Assess
    expect(key).toBe(expected)
  })

  it('treats references differing only in case and spacing as the same', () => {
    // Act
    const a = normaliseReference('Action 1 02.21/12/21')
    const b = normaliseReference(' ACTION   1 02.21/12/21')

    // Assess
    expect(a).toBe(b)
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (ref) => {
        // Act
        const once = normaliseReference(ref)

        // Assess
        expect(normaliseReference(once)).toBe(once)
        expect(once).not.toMatch(/^\s|\s$|\s{2}/)
      }),
    )
  })
})
