import { describe, expect, it } from 'vitest'
import { attendanceIssues } from '#shared/domain/meeting-rules.ts'
import {
  CreatePersonInput,
  describeClash,
  nameClashes,
  namesOf,
  PatchPersonInput,
} from '#shared/domain/person.ts'

const poole = { id: 'p1', name: 'Cllr Derek Poole', initials: 'DP', aliases: [] }
const patterson = { id: 'p2', name: 'David Patterson', initials: 'dp', aliases: ['CFO'] }
const pcc = { id: 'p3', name: 'The Commissioner', initials: 'DB', aliases: ['PCC'] }

describe('names among a board’s members', () => {
  it('are the initials and aliases, case-insensitively, each once', () => {
    expect(namesOf({ initials: 'db', aliases: ['PCC', 'pcc'] })).toEqual(['DB', 'PCC'])
  })

  it('clash on initials or aliases with another member, naming both', () => {
    const clashes = nameClashes(poole, [patterson, pcc])
    expect(clashes).toEqual([{ name: 'DP', with: patterson }])
    expect(describeClash(poole, clashes)).toBe(
      "Cllr Derek Poole cannot be a member of this board: DP is already David Patterson's (dp)",
    )
    expect(nameClashes({ id: 'p4', initials: 'PCC', aliases: ['CFO'] }, [patterson, pcc])).toEqual([
      { name: 'CFO', with: patterson },
      { name: 'PCC', with: pcc },
    ])
  })

  it('do not clash with the member themselves', () => {
    expect(nameClashes(pcc, [pcc, poole])).toEqual([])
  })
})

describe('a person’s add and edit forms', () => {
  it('take the same fields', () => {
    expect(Object.keys(PatchPersonInput.shape).sort()).toEqual(Object.keys(CreatePersonInput.shape).sort())
  })

  it('take aliases spelt like initials, at most ten, each once', () => {
    const base = { name: 'P', initials: 'DB', kind: 'person', email: 'p@x.example' }
    expect(CreatePersonInput.safeParse({ ...base, aliases: ['PCC', 'A&SI'] }).success).toBe(true)
    const bad = CreatePersonInput.safeParse({ ...base, aliases: ['P C C'] })
    expect(bad.error?.issues[0]?.path).toEqual(['aliases', 0])
    expect(CreatePersonInput.safeParse({ ...base, aliases: ['pcc', 'PCC'] }).success).toBe(false)
    const eleven = Array.from({ length: 11 }, (_, i) => `A${i}`)
    expect(CreatePersonInput.safeParse({ ...base, aliases: eleven }).success).toBe(false)
  })
})

describe('attendance', () => {
  const allowed = { memberIds: ['m1', 'm2'], guestIds: ['g1'], alreadyNamed: ['old'] }
  it('names members and guests, and keeps whom it already named', () => {
    const list = ['m1', 'g1', 'old'].map((personId) => ({ personId }))
    expect(attendanceIssues(list, allowed)).toEqual([])
  })

  it('refuses anyone else, naming the entry', () => {
    const issues = attendanceIssues([{ personId: 'm1' }, { personId: 'x' }], allowed)
    expect(issues).toEqual([
      { path: 'attendance.1.personId', message: expect.stringContaining('x is neither') },
    ])
  })

  it('takes anyone while the board has no members', () => {
    expect(attendanceIssues([{ personId: 'x' }], { ...allowed, memberIds: [] })).toEqual([])
  })
})
