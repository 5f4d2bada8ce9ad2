import { describe, expect, it } from 'vitest'
import type { Person } from '#shared/domain/person.ts'
import { peopleNeededFor, recipientsFor } from '#shared/domain/recipients.ts'
import { aPerson, id } from './factories.ts'

function directory(...people: Person[]): Map<string, Person> {
  return new Map(people.map((p) => [p.id, p]))
}

const DEPUTY = aPerson({
  id: id(301),
  name: 'Chief Inspector Sam Patel',
  initials: 'SP',
  email: 'sam.patel@police.example.gov.uk',
})
const MEMBER_A = aPerson({
  id: id(311),
  name: 'Alex Reed',
  initials: 'AR',
  email: 'alex.reed@opcc.example.gov.uk',
})
const MEMBER_B = aPerson({
  id: id(312),
  name: 'Bo Chen',
  initials: 'BC',
  email: 'bo.chen@opcc.example.gov.uk',
})
const MEMBER_NO_EMAIL = aPerson({ id: id(313), name: 'Cat Jones', initials: 'CJ', email: null })

function aTeam(overrides: Partial<Person> = {}): Person {
  return aPerson({
    id: id(320),
    name: 'Analysis and Service Improvement',
    initials: 'A&SI',
    kind: 'team',
    email: null,
    memberIds: [MEMBER_A.id, MEMBER_B.id],
    role: null,
    ...overrides,
  })
}

describe('recipientsFor', () => {
  it('sends to a person at their own mailbox', () => {
    // Prepare
    const owner = aPerson()

    // Act
    const recipients = recipientsFor(owner, directory(owner))

    // Assess
    expect(recipients).toEqual({ to: ['dana.taylor@police.example.gov.uk'], cc: [] })
  })

  it("copies in a person's deputy", () => {
    // Prepare
    const owner = aPerson({ deputyId: DEPUTY.id })

    // Act
    const recipients = recipientsFor(owner, directory(owner, DEPUTY))

    // Assess
    expect(recipients).toEqual({
      to: ['dana.taylor@police.example.gov.uk'],
      cc: ['sam.patel@police.example.gov.uk'],
    })
  })

  it('copies no one when the deputy has no email or is not loaded', () => {
    // Prepare
    const withoutEmail = aPerson({ id: id(302), initials: 'NE', email: null })
    const owners = [aPerson({ deputyId: withoutEmail.id }), aPerson({ deputyId: id(399) })]

    // Act
    const ccs = owners.map((o) => recipientsFor(o, directory(o, withoutEmail)).cc)

    // Assess
    expect(ccs).toEqual([[], []])
  })

  it('sends to a team at its own mailbox, not to its members', () => {
    // Prepare
    const team = aTeam({ email: 'asi@opcc.example.gov.uk' })

    // Act
    const recipients = recipientsFor(team, directory(team, MEMBER_A, MEMBER_B))

    // Assess
    expect(recipients).toEqual({ to: ['asi@opcc.example.gov.uk'], cc: [] })
  })

  it("sends to a team without a mailbox at its members' mailboxes, skipping members without email", () => {
    // Prepare
    const team = aTeam({ memberIds: [MEMBER_A.id, MEMBER_NO_EMAIL.id, MEMBER_B.id, id(398)] })

    // Act
    const recipients = recipientsFor(team, directory(team, MEMBER_A, MEMBER_B, MEMBER_NO_EMAIL))

    // Assess
    expect(recipients).toEqual({
      to: ['alex.reed@opcc.example.gov.uk', 'bo.chen@opcc.example.gov.uk'],
      cc: [],
    })
  })

  it("copies in the team's deputy but not its members' deputies", () => {
    // Prepare
    const memberWithDeputy = aPerson({ ...MEMBER_A, deputyId: DEPUTY.id })
    const teamDeputy = aPerson({ id: id(303), initials: 'TD', email: 'team.deputy@opcc.example.gov.uk' })
    const team = aTeam({ deputyId: teamDeputy.id })

    // Act
    const recipients = recipientsFor(team, directory(team, memberWithDeputy, MEMBER_B, DEPUTY, teamDeputy))

    // Assess
    expect(recipients).toEqual({
      to: ['alex.reed@opcc.example.gov.uk', 'bo.chen@opcc.example.gov.uk'],
      cc: ['team.deputy@opcc.example.gov.uk'],
    })
  })

  it('leaves out suppressed addresses whatever their case, in to and cc', () => {
    // Prepare
    const shouting = aPerson({ ...MEMBER_A, email: 'Alex.Reed@OPCC.example.gov.uk' })
    const deputy = aPerson({ ...DEPUTY, email: 'Sam.Patel@Police.Example.gov.uk' })
    const team = aTeam({ deputyId: deputy.id })
    const suppressed = new Set(['alex.reed@opcc.example.gov.uk', 'sam.patel@police.example.gov.uk'])

    // Act
    const recipients = recipientsFor(team, directory(team, shouting, MEMBER_B, deputy), suppressed)

    // Assess
    expect(recipients).toEqual({ to: ['bo.chen@opcc.example.gov.uk'], cc: [] })
  })

  it('sends nothing when every address is suppressed', () => {
    // Prepare
    const owner = aPerson({ deputyId: DEPUTY.id })
    const suppressed = new Set(['dana.taylor@police.example.gov.uk', 'sam.patel@police.example.gov.uk'])

    // Act
    const recipients = recipientsFor(owner, directory(owner, DEPUTY), suppressed)

    // Assess
    expect(recipients).toEqual({ to: [], cc: [] })
  })

  it('does not copy in a deputy who already receives the email', () => {
    // Prepare: the team's deputy is one of its members.
    const team = aTeam({ deputyId: MEMBER_B.id })

    // Act
    const recipients = recipientsFor(team, directory(team, MEMBER_A, MEMBER_B))

    // Assess
    expect(recipients).toEqual({
      to: ['alex.reed@opcc.example.gov.uk', 'bo.chen@opcc.example.gov.uk'],
      cc: [],
    })
  })

  it('does not copy in a deputy who shares the owner mailbox', () => {
    // Prepare
    const sharedMailbox = aPerson({ ...DEPUTY, email: 'dana.taylor@police.example.gov.uk' })
    const owner = aPerson({ deputyId: sharedMailbox.id })

    // Act
    const recipients = recipientsFor(owner, directory(owner, sharedMailbox))

    // Assess
    expect(recipients).toEqual({ to: ['dana.taylor@police.example.gov.uk'], cc: [] })
  })

  it('sends once to members who share a mailbox', () => {
    // Prepare
    const sharing = aPerson({ ...MEMBER_B, email: MEMBER_A.email })
    const team = aTeam()

    // Act
    const recipients = recipientsFor(team, directory(team, MEMBER_A, sharing))

    // Assess
    expect(recipients.to).toEqual(['alex.reed@opcc.example.gov.uk'])
  })
})

describe('peopleNeededFor', () => {
  it("lists the owners' members and deputies, once each", () => {
    // Prepare
    const team = aTeam({ deputyId: DEPUTY.id })
    const person = aPerson({ deputyId: DEPUTY.id })
    const otherTeam = aTeam({ id: id(321), initials: 'OT', memberIds: [MEMBER_B.id, MEMBER_NO_EMAIL.id] })

    // Act
    const ids = peopleNeededFor([team, person, otherTeam])

    // Assess
    expect(ids).toEqual([MEMBER_A.id, MEMBER_B.id, DEPUTY.id, MEMBER_NO_EMAIL.id])
  })

  it('needs no one for owners without members or deputies', () => {
    // Act
    const ids = peopleNeededFor([aPerson(), aTeam({ memberIds: [], email: 'asi@opcc.example.gov.uk' })])

    // Assess
    expect(ids).toEqual([])
  })
})
