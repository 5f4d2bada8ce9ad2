import * as z from 'zod'
import type { Actor } from './common.ts'
import { Id, Role } from './common.ts'

/** The authenticated caller, whatever issued the token (Cognito in AWS, the local key locally). */
export const Principal = z.object({
  subject: z.string().min(1),
  role: Role,
  personId: Id.nullable(),
})
export type Principal = z.infer<typeof Principal>

const ROLE_RANK: Record<Role, number> = { secretariat: 3, chair: 2, member: 1 }

/**
 * Reads a principal from JWT claims. Local tokens carry `role` and `personId`; Cognito
 * carries `cognito:groups` and `custom:personId`, and API Gateway's HTTP API hands list
 * claims to the Lambda as a string like "[secretariat chair]". Returns null when the
 * claims do not name a known role.
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal | null {
  const roles = new Set<Role>()
  for (const raw of [claims.role, claims['cognito:groups']]) {
    for (const candidate of claimList(raw)) {
      const parsed = Role.safeParse(candidate)
      if (parsed.success) roles.add(parsed.data)
    }
  }
  const role = [...roles].sort((a, b) => ROLE_RANK[b] - ROLE_RANK[a])[0]
  const subject = typeof claims.sub === 'string' ? claims.sub : null
  if (!role || !subject) return null
  const personIdRaw = claims.personId ?? claims['custom:personId']
  const personId = Id.safeParse(personIdRaw)
  return { subject, role, personId: personId.success ? personId.data : null }
}

function claimList(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((x): x is string => typeof x === 'string')
  if (typeof raw !== 'string') return []
  return raw
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean)
}

export function actorOf(principal: Principal): Actor {
  return { kind: 'user', role: principal.role, personId: principal.personId, subject: principal.subject }
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', role: null, personId: null, subject: 'system' }
