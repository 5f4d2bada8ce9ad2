import { describe, expect, it } from 'vitest'
import { personFields } from '#functions/web/people/person-form.ts'
import { ValidationError } from '#shared/errors.ts'
import { aPerson, id } from './factories.ts'

/** The people form's fields read into the use cases' input: what is sent, and whom it names. */
const sr = aPerson({ id: id(20), name: 'Sol Rahman', initials: 'SR', aliases: ['HEAD'] })
const gone = aPerson({ id: id(21), name: 'Gone Person', initials: 'GP', retiredAt: '2026-01-01T00:00:00Z' })
const dp1 = aPerson({ id: id(22), name: 'David Patterson', initials: 'DP' })
const dp2 = aPerson({ id: id(23), name: 'Derek Poole', initials: 'DP' })
const people = [sr, gone, dp1, dp2]

const issue = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    if (e instanceof ValidationError) return e.issues
    throw e
  }
  throw new Error('no validation error')
}

describe('the people form', () => {
  it('reads every field: aliases by commas or spaces, empty optional fields as none', () => {
    expect(
      personFields(
        {
          kind: 'team',
          name: 'Analysts',
          initials: 'AN',
          aliases: ' A&SI,  ANALYSIS ',
          role: ' ',
          organisation: ' Police ',
          email: '',
          members: 'head',
          deputy: '',
        },
        people,
      ),
    ).toEqual({
      kind: 'team',
      name: 'Analysts',
      initials: 'AN',
      aliases: ['A&SI', 'ANALYSIS'],
      role: null,
      organisation: 'Police',
      email: null,
      memberIds: [sr.id],
      deputyId: null,
    })
  })

  it('leaves out of an edit what the form did not send, and keeps a retired member already named', () => {
    const team = aPerson({ id: id(24), kind: 'team', initials: 'TM', memberIds: [gone.id] })
    expect(personFields({ name: 'Renamed', members: 'GP, SR' }, people, team)).toEqual({
      name: 'Renamed',
      memberIds: [gone.id, sr.id],
    })
    // Newly named, a retired entry is no one.
    expect(issue(() => personFields({ members: 'GP' }, people))).toEqual([
      { path: 'members', message: 'No one in use has the initials or alias GP' },
    ])
  })

  it('refuses initials two entries share, and more than one deputy', () => {
    expect(issue(() => personFields({ deputy: 'dp' }, people))).toEqual([
      {
        path: 'deputy',
        message: 'More than one person or team answers to dp: change one of their initials first',
      },
    ])
    expect(
      issue(() => personFields({ deputy: 'SR HEAD GP' }, people, aPerson({ deputyId: gone.id }))),
    ).toEqual([{ path: 'deputy', message: 'Name one deputy' }])
  })
})
