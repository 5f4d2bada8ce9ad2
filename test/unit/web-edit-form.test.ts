import { describe, expect, it } from 'vitest'
import { dateOf, editPatch } from '#functions/web/actions/edit-form.ts'
import { readLogQuery } from '#functions/web/boards/log-query.ts'
import { ValidationError } from '#shared/errors.ts'
import { anAction, id } from './factories.ts'

const issuesOf = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => i.path)
    throw e
  }
  return []
}

describe("the action page's edit form", () => {
  const current = anAction({
    description: 'Brief the panel',
    itemNumber: 3,
    ref: '03.23/06/2020',
    dueDate: null,
  })
  const drawn = {
    description: 'Brief the panel',
    itemNumber: '3',
    itemTitle: '',
    ref: '03.23/06/2020',
    owners: 'DT',
    ownersWas: 'DT',
    'dueDate-day': '',
    'dueDate-month': '',
    'dueDate-year': '',
    exemptAsked: 'yes',
  }

  it('sends nothing when nothing differs from the action, and only what does', () => {
    expect(editPatch(drawn, current)).toBeNull()
    expect(editPatch({ ...drawn, ref: 'Action 1 02.21/12/21', owners: 'DT / OPCC' }, current)).toEqual({
      ref: 'Action 1 02.21/12/21',
      owners: 'DT / OPCC',
    })
  })

  it('sends a work-programme item’s title and detail when they change, an empty detail as none', () => {
    const item = anAction({ ...current, kind: 'report', title: 'Cyber crime', detail: 'Fraud too' })
    const { description: _, ...form } = { ...drawn, title: 'Cyber crime', detail: 'Fraud too' }
    expect(editPatch(form, item)).toBeNull()
    expect(editPatch({ ...form, title: 'Cyber crime and fraud' }, item)).toEqual({
      title: 'Cyber crime and fraud',
    })
    expect(editPatch({ ...form, detail: '  ' }, item)).toEqual({ detail: null })
  })

  it('sets, keeps and lifts an exemption, the default wording left to the use case', () => {
    const ticked = { ...drawn, exempt: 'yes', exemptSection: 'S.31 (Law Enforcement)', exemptWording: '' }
    expect(editPatch(ticked, current)).toEqual({ exempt: { section: 'S.31 (Law Enforcement)' } })
    const exempt = {
      ...current,
      exempt: {
        section: 'S.31 (Law Enforcement)',
        publicWording: 'Exempt FOIA under Section S.31 (Law Enforcement)',
      },
    }
    expect(editPatch(ticked, exempt)).toBeNull()
    expect(editPatch(drawn, exempt)).toEqual({ exempt: null })
    // A form without the box (no exemptAsked) leaves the exemption as it is.
    const { exemptAsked: _, ...without } = drawn
    expect(editPatch(without, exempt)).toBeNull()
  })

  it('names the form’s fields in what it refuses', () => {
    expect(
      issuesOf(() => editPatch({ ...drawn, itemNumber: 'x', exempt: 'yes', exemptSection: ' ' }, current)),
    ).toEqual(['itemNumber', 'exemptSection'])
  })

  it('reads the date input as an ISO date, empty as none, and refuses a day the calendar lacks', () => {
    const d = (day: string, month: string, year: string) =>
      dateOf({ 'due-day': day, 'due-month': month, 'due-year': year }, 'due')
    expect(d('3', '4', '2031')).toBe('2031-04-03')
    expect(d('', '', '')).toBeNull()
    expect(dateOf({}, 'due')).toBeUndefined()
    expect(dateOf({ due: '2030-01-02' }, 'due')).toBe('2030-01-02')
    for (const [day, month, year] of [
      ['31', '2', '2031'],
      ['1', '13', '2031'],
      ['1', '1', '31'],
      ['x', '1', '2031'],
      ['', '1', '2031'],
    ])
      expect(
        issuesOf(() => d(day ?? '', month ?? '', year ?? '')),
        `${day}/${month}/${year}`,
      ).toEqual(['due'])
  })
})

describe("the board log's query", () => {
  it('drops the empty fields a GET form sends, and names each field a bad value is in', () => {
    expect(
      readLogQuery({ q: ' deep ', status: '', ownerId: '', carried: '2', cursor: 'x', other: 'y' }),
    ).toEqual({
      values: { q: ' deep ', carried: '2' },
      filter: { q: 'deep', carried: 2 },
    })
    const bad = readLogQuery({ carried: '0', ownerId: 'nobody', status: 'withdrawn', raisedAt: id(5) })
    expect('issues' in bad && bad.issues.map((i) => i.path).sort()).toEqual(['carried', 'ownerId'])
  })
})
