import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { ulid } from 'ulid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namesOf } from '#shared/domain/person.ts'
import type { Principal } from '#shared/domain/principal.ts'
import * as members from '#shared/usecases/members.ts'
import * as people from '#shared/usecases/people.ts'
import { type Api, newBoard, newPerson, startApi } from './harness.ts'

/**
 * A membership change racing a rename or a retiring of the same person: whichever goes
 * through, the board's name reservations must match its members' names afterwards (a drifted
 * reservation would keep initials nobody on the board has, or block a name forever).
 */
let api: Api
beforeAll(async () => {
  api = await startApi()
})
afterAll(async () => {
  await api.close()
})

const SEC: Principal = { subject: 'races', role: 'secretariat', personId: null }
const ROUNDS = 10
const tag = () =>
  ulid()
    .slice(-5)
    .toUpperCase()
    .replace(/[^A-Z]/g, 'X')

/** The board's member rows and name reservations, as stored. */
async function boardRows(boardId: string) {
  const res = await api.doc.send(
    new QueryCommand({
      TableName: api.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `BOARD#${boardId}` },
    }),
  )
  const items = res.Items ?? []
  return {
    members: items.filter((i) => String(i.SK).startsWith('MEMBER#')).map((i) => String(i.personId)),
    names: items
      .filter((i) => String(i.SK).startsWith('NAME#'))
      .map((i) => String(i.SK).slice('NAME#'.length))
      .sort(),
  }
}

/** Reservations exactly for the current names of the person, if they are a member; else none. */
async function consistent(boardId: string, personId: string) {
  const rows = await boardRows(boardId)
  const person = await api.deps.store.people.get(personId)
  if (!person) throw new Error('person missing')
  const expected = rows.members.includes(personId) ? namesOf(person).sort() : []
  return { ...rows, expected, retired: person.retiredAt !== null }
}

describe('a membership change racing a change of the same person', () => {
  it('keeps the board’s reservations to its members’ names: add while renamed', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const p = await newPerson(api, `Q${tag()}`)
      const b = await newBoard(api, { shortName: `B${i}` })
      await Promise.allSettled([
        members.addMember(api.deps, SEC, b.id, p.id),
        people.patchPerson(api.deps, SEC, p.id, { initials: `R${tag()}` }),
      ])
      const c = await consistent(b.id, p.id)
      expect(c.names, `round ${i}`).toEqual(c.expected)
    }
  })

  it('leaves no reservation on a board the person left: removed while renamed', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const p = await newPerson(api, `S${tag()}`)
      const b = await newBoard(api, { shortName: `C${i}` })
      await members.addMember(api.deps, SEC, b.id, p.id)
      await Promise.allSettled([
        members.removeMember(api.deps, SEC, b.id, p.id),
        people.patchPerson(api.deps, SEC, p.id, { initials: `T${tag()}` }),
      ])
      const c = await consistent(b.id, p.id)
      expect(c.names, `round ${i}`).toEqual(c.expected)
    }
  })

  it('never makes a retired person a member: added while retired', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const p = await newPerson(api, `U${tag()}`)
      const b = await newBoard(api, { shortName: `E${i}` })
      await Promise.allSettled([
        members.addMember(api.deps, SEC, b.id, p.id),
        people.retirePerson(api.deps, SEC, p.id),
      ])
      const c = await consistent(b.id, p.id)
      if (c.retired) expect(c, `round ${i}`).toMatchObject({ members: [], names: [] })
      expect(c.names, `round ${i}`).toEqual(c.expected)
    }
  })
})
