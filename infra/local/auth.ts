import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { type JWTPayload, jwtVerify, SignJWT } from 'jose'
import type { UiAuth } from '#functions/http/session.ts'
import { JWT_LIFETIME_OPTIONS, withinTokenLifetime } from '#shared/auth/token-lifetime.ts'
import type { Role } from '#shared/domain/common.ts'

/**
 * The local stack's stand-in for Cognito: HS256 tokens signed with a key generated on
 * first use and kept (mode 600) under `.local/`, so `npm run token` and a running
 * `npm start` agree without any fixed secret in the repository.
 */
export const LOCAL_ISSUER = 'action-tracker-local'
export const LOCAL_AUDIENCE = 'action-tracker'
export const DEFAULT_KEY_FILE = '.local/jwt-key'
/** The owners' link-signing secret, kept the same way (the API and `npm run tick` share it). */
export const DEFAULT_LINK_SECRET_FILE = '.local/link-secret'

export function loadOrCreateKey(file = DEFAULT_KEY_FILE): Uint8Array {
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')
  } catch {
    const key = randomBytes(32)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, `${key.toString('base64url')}\n`, { mode: 0o600 })
    return key
  }
}

export async function signLocalToken(
  key: Uint8Array,
  claims: { role: Role; personId?: string | undefined; subject?: string; ttlSeconds?: number },
): Promise<string> {
  return new SignJWT({ role: claims.role, ...(claims.personId ? { personId: claims.personId } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject ?? claims.personId ?? `local-${claims.role}`)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? 12 * 3600}s`)
    .sign(key)
}

/**
 * Verifies like API Gateway's JWT authorizer and hands on the claims the way it does:
 * every value as a string, lists as "[a b]". Like every token check here, it wants `exp`
 * and `iat` and a lifetime of at most MAX_TOKEN_LIFETIME_SECONDS.
 */
export async function verifyLocalToken(key: Uint8Array, token: string): Promise<Record<string, string>> {
  return stringifyClaims(await verifiedPayload(key, token))
}

async function verifiedPayload(key: Uint8Array, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key, {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    algorithms: ['HS256'],
    ...JWT_LIFETIME_OPTIONS,
  })
  if (!withinTokenLifetime(payload, new Date())) throw new Error('the token lives longer than allowed')
  return payload
}

function stringifyClaims(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(payload)) {
    out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v)
  }
  return out
}

/** The web pages' sign-in for the local stack: a page where you say who you are, and a local token. */
export function localUiAuth(key: Uint8Array): UiAuth {
  const ttlSeconds = 12 * 3600
  return {
    verify: (token) => verifiedPayload(key, token).catch(() => null),
    signIn: {
      kind: 'local',
      issue: async ({ role, personId }) => ({
        token: await signLocalToken(key, { role, personId: personId ?? undefined, ttlSeconds }),
        maxAgeSeconds: ttlSeconds,
      }),
    },
  }
}
