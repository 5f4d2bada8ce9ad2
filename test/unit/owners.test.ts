import { expect, it } from 'vitest'
import { parseOwners } from '#shared/domain/owners.ts'

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
