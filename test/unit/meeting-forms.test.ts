import { describe, expect, it } from 'vitest'
import type { RedactedAction } from '#shared/domain/action.ts'
import { decisionRows } from '../../functions/web/meetings/decisions.tsx'
import { newKeys, raiseRows, rowKeys } from '../../functions/web/meetings/raise.tsx'

/** How the meeting page's many-row forms read what was typed (the use cases validate it). */
const A = '01JC2ZQ8M6X4W3V2T1S0R9P8N7'
const B = '01JC2ZQ8M6X4W3V2T1S0R9P8N8'
const M = '01JC2ZQ8M6X4W3V2T1S0R9P8N9'

describe('the raise form', () => {
  it('reads its rows, skips empty ones, and keeps the words for the use case', () => {
    const form = {
      rows: '1,2,3',
      'itemNumber.1': ' 3 ',
      'description.1': 'Written response',
      'owners.1': 'DT / OPCC',
      'dueMeetingId.1': M,
      'dueMeetingId.2': M,
      'itemNumber.3': 'three',
      'exemptSection.3': 'S.31 (Law Enforcement)',
    }
    expect(raiseRows(form, rowKeys(form))).toEqual([
      {
        key: '1',
        input: { itemNumber: 3, description: 'Written response', owners: 'DT / OPCC', dueMeetingId: M },
      },
      {
        key: '3',
        input: {
          itemNumber: 'three',
          description: '',
          owners: '',
          exempt: { section: 'S.31 (Law Enforcement)' },
        },
      },
    ])
  })

  it('starts with five rows and numbers more after the last', () => {
    expect(rowKeys({})).toEqual(['1', '2', '3', '4', '5'])
    expect(rowKeys({ rows: '3,x,7' })).toEqual(['3', '7'])
    expect(newKeys(['3', '7'], 2)).toEqual(['8', '9'])
  })
})

describe('the decisions form', () => {
  const shown = [
    { id: A, proposedOutcome: { meetingId: M, outcome: 'discharged', note: 'Done' } },
    { id: B, proposedOutcome: null },
  ] as unknown as RedactedAction[]

  it('sends the rows that say something new, with the version shown', () => {
    const form = {
      [`version.${A}`]: '4',
      [`outcome.${A}`]: 'discharged',
      [`note.${A}`]: 'Done',
      [`version.${B}`]: '2',
      [`outcome.${B}`]: '',
      [`note.${B}`]: ' kept ',
    }
    expect(decisionRows(form, shown, M)).toEqual([{ actionId: B, note: 'kept', version: 2 }])
    expect(decisionRows({ ...form, [`note.${A}`]: 'Done, and more' }, shown, M)[0]).toEqual({
      actionId: A,
      outcome: 'discharged',
      note: 'Done, and more',
      version: 4,
    })
    expect(decisionRows({ [`version.${B}`]: '2', [`outcome.${B}`]: '' }, shown, M)).toEqual([])
  })
})
