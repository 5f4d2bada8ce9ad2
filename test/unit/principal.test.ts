import { describe, expect, it } from 'vitest'
import { actorOf, principalFromClaims } from '#shared/domain/principal.ts'
import { id } from './factories.ts'

const PERSON = id(42)

describe('principalFromClaims', () => {
  it('reads a local token: sub, role and personId', () => {
    // Prepare
    const claims = { sub: 'local|alice', role: 'secretariat', personId: PERSON, iat: 1_780_000_000 }

    // Act
    const principal = principalFromClaims(claims)

    // Assess
    expect(principal).toEqual({ subject: 'local|alice', role: 'secretariat', personId: PERSON })
  })

  it.each([
    { groups: ['member', 'chair'], expected: 'chair' },
    { groups: ['chair', 'secretariat', 'member'], expected: 'secretariat' },
    { groups: ['member'], expected: 'member' },
    { groups: ['admins', 'member'], expected: 'member' },
    // API Gateway's HTTP API hands list claims to the Lambda as a bracketed string.
    { groups: '[member chair]', expected: 'chair' },
    { groups: '[secretariat member]', expected: 'secretariat' },
    { groups: '[member]', expected: 'member' },
    { groups: 'chair', expected: 'chair' },
  ])('reads Cognito groups $groups as $expected', ({ groups, expected }) => {
    // Prepare
    const claims = { sub: 'b1f2c3d4-cognito', 'cognito:groups': groups, 'custom:personId': PERSON }

    // Act
    const principal = principalFromClaims(claims)

    // Assess
    expect(principal).toEqual({ subject: 'b1f2c3d4-cognito', role: expected, personId: PERSON })
  })

  it.each([
    { name: 'an unknown role', claims: { sub: 'local|eve', role: 'admin' } },
    { name: 'only unknown groups', claims: { sub: 'cognito-eve', 'cognito:groups': '[admins staff]' } },
    { name: 'no role at all', claims: { sub: 'cognito-eve' } },
    { name: 'an empty group list', claims: { sub: 'cognito-eve', 'cognito:groups': '[]' } },
    { name: 'a missing sub', claims: { role: 'secretariat', personId: PERSON } },
    { name: 'an empty sub', claims: { sub: '', role: 'secretariat' } },
    { name: 'a non-string sub', claims: { sub: 42, role: 'secretariat' } },
  ])('gives null for $name', ({ claims }) => {
    // Act
    const principal = principalFromClaims(claims)

    // Assess
    expect(principal).toBeNull()
  })

  it.each([
    { name: 'not a ULID', personId: 'alice' },
    { name: 'lower-case ULID', personId: PERSON.toLowerCase() },
    { name: 'a number', personId: 42 },
    { name: 'absent', personId: undefined },
  ])('keeps the principal but drops a personId that is $name', ({ personId }) => {
    // Prepare
    const claims = { sub: 'local|bob', role: 'member', personId }

    // Act
    const principal = principalFromClaims(claims)

    // Assess
    expect(principal).toEqual({ subject: 'local|bob', role: 'member', personId: null })
  })
})

describe('actorOf', () => {
  it('records the principal as a user actor', () => {
    // Act
    const actor = actorOf({ subject: 'local|alice', role: 'chair', personId: PERSON })

    // Assess
    expect(actor).toEqual({ kind: 'user', role: 'chair', personId: PERSON, subject: 'local|alice' })
  })
})
