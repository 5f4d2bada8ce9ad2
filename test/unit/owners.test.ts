import { expect, it } from 'vitest'
import { ownerLookup, parseOwners } from '#shared/domain/owners.ts'

const dir: Record<string, string> = { DT: 'p1', OPCC: 't1', 'A&SI': 'p2', NT: 'p3', KB: 'p4', PCC: 'p5' }
const find = (t: string) => dir[t.toUpperCase()] ?? null
it('splits owners on the minutes’ separators, keeping an initials that holds &', () => {
  expect(parseOwners('DT / OPCC', find)).toEqual({ ids: ['p1', 't1'], unknown: [] })
  expect(parseOwners('DT, NT & KB', find)).toEqual({ ids: ['p1', 'p3', 'p4'], unknown: [] })
  expect(parseOwners('A&SI and pcc', find)).toEqual({ ids: ['p2', 'p5'], unknown: [] })
  expect(parseOwners('NT&KB XY', find)).toEqual({ ids: ['p3', 'p4'], unknown: ['XY'] })
  expect(parseOwners('DT/DT', find)).toEqual({ ids: ['p1'], unknown: [] })
  expect(parseOwners('Brandon', find)).toEqual({ ids: [], unknown: ['Brandon'] })
})

it('finds an alias of several words whole, and keeps words no one has together as one name', () => {
  const find = ownerLookup([person('cc', 'CC', ['Chief Constable']), person('dt', 'DT')])
  expect(parseOwners('Chief Constable / DT', find)).toEqual({ ids: ['cc', 'dt'], unknown: [] })
  expect(parseOwners('For Review', find)).toEqual({ ids: [], unknown: ['For Review'] })
  expect(parseOwners('Dana Turner, DT', find)).toEqual({ ids: ['dt'], unknown: ['Dana Turner'] })
  // Initials typed without capitals, or beside a known one, stay apart.
  expect(parseOwners('xy zz', find)).toEqual({ ids: [], unknown: ['xy', 'zz'] })
  expect(parseOwners('DT Review', find)).toEqual({ ids: ['dt'], unknown: ['Review'] })
})

const person = (id: string, initials: string, aliases: string[] = []) => ({ id, initials, aliases })

it('finds an owner by initials before aliases, whatever the case', () => {
  const find = ownerLookup([person('cc', 'CC'), person('pcc', 'DB', ['PCC', 'cc2']), person('t', 'OPCC')])
  expect(find('pcc')).toBe('pcc')
  expect(find('CC2')).toBe('pcc')
  expect(find('cc')).toBe('cc')
  expect(find('opcc')).toBe('t')
  expect(find('XX')).toBeNull()
  expect(parseOwners('DB / OPCC and PCC', find)).toEqual({ ids: ['pcc', 't'], unknown: [] })
})

it('resolves a name two entries share to neither of them', () => {
  const find = ownerLookup([
    person('poole', 'DP'),
    person('patterson', 'DP'),
    person('a', 'AA', ['X']),
    person('b', 'BB', ['X']),
  ])
  expect(find('DP')).toBeNull()
  expect(find('X')).toBeNull()
  expect(find('AA')).toBe('a')
})
