import { createHash, randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { createRemoteJWKSet, decodeJwt, type JWTVerifyGetKey, jwtVerify } from 'jose'
import { JWT_LIFETIME_OPTIONS, withinTokenLifetime } from '#shared/auth/token-lifetime.ts'
import type { Role } from '#shared/domain/common.ts'
import { type Principal, principalFromClaims } from '#shared/domain/principal.ts'

/**
 * Who is signed in to the web pages. The JSON API takes a bearer token checked by API
 * Gateway; a browser navigating pages sends no such header, so the pages keep the same
 * kind of token in an HttpOnly cookie and check it here, with the same claims rules
 * (`principalFromClaims`). SameSite=Lax keeps the cookie off other sites' form posts.
 */
export type UiAuth = {
  /** The claims of a valid session token, or null. */
  verify(token: string): Promise<Record<string, unknown> | null>
  signIn: LocalSignIn | CognitoSignIn
}

/** The local stack's sign-in page: pick a role (and who you are); it issues a local token. */
export type LocalSignIn = {
  kind: 'local'
  issue(claims: { role: Role; personId: string | null }): Promise<{ token: string; maxAgeSeconds: number }>
}

/** Cognito's hosted UI (authorization code with PKCE; the app client has no secret). */
export type CognitoSignIn = {
  kind: 'cognito'
  /** e.g. https://action-tracker-prod.auth.eu-west-2.amazoncognito.com */
  domain: string
  clientId: string
  /** e.g. https://actions.opcc.example.gov.uk (the callback is under /ui/auth/callback). */
  baseUrl: string
}

export const SESSION_COOKIE = 'ui_session'
const OAUTH_COOKIE = 'ui_oauth'

/**
 * Verifies Cognito ID tokens: signature from the pool's JWKS, issuer, audience, token use,
 * and a bounded lifetime (`exp` and `iat` required, at most a day).
 */
export function cognitoAuth(opts: {
  issuer: string
  clientId: string
  domain: string
  baseUrl: string
  /** Tests pass a local key set; in AWS the pool's published JWKS is fetched and cached. */
  keys?: JWTVerifyGetKey
}): UiAuth {
  // Made on first use: creating the remote key set touches fetch's globals, which costs a
  // cold start ~20 ms of loading Node's HTTP client before any page needs it.
  let keys = opts.keys
  return {
    async verify(token) {
      keys ??= createRemoteJWKSet(new URL(`${opts.issuer}/.well-known/jwks.json`))
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: opts.issuer,
          audience: opts.clientId,
          ...JWT_LIFETIME_OPTIONS,
        })
        return payload.token_use === 'id' && withinTokenLifetime(payload, new Date()) ? payload : null
      } catch {
        return null
      }
    },
    signIn: { kind: 'cognito', domain: opts.domain, clientId: opts.clientId, baseUrl: opts.baseUrl },
  }
}

/** In AWS the web pages sign in through Cognito's hosted UI, when the deployment names it. */
export function uiAuthFromConfig(config: {
  COGNITO_ISSUER?: string | undefined
  COGNITO_CLIENT_ID?: string | undefined
  COGNITO_DOMAIN?: string | undefined
  PUBLIC_BASE_URL?: string | undefined
}): UiAuth | null {
  const { COGNITO_ISSUER, COGNITO_CLIENT_ID, COGNITO_DOMAIN, PUBLIC_BASE_URL } = config
  if (!COGNITO_ISSUER || !COGNITO_CLIENT_ID || !COGNITO_DOMAIN || !PUBLIC_BASE_URL) return null
  return cognitoAuth({
    issuer: COGNITO_ISSUER,
    clientId: COGNITO_CLIENT_ID,
    domain: COGNITO_DOMAIN,
    baseUrl: PUBLIC_BASE_URL,
  })
}

/** Who the session cookie says is signed in; null for no, a forged, an expired or a mangled cookie (never throws). */
export async function currentPrincipal(c: Context, auth: UiAuth): Promise<Principal | null> {
  const token = readCookie(c, SESSION_COOKIE)
  if (!token) return null
  const claims = await auth.verify(token)
  return claims ? principalFromClaims(claims) : null
}

/** Seconds until a token expires (the cookie lives no longer than the token it holds). */
export function secondsLeft(token: string, now = Date.now()): number {
  try {
    const { exp } = decodeJwt(token)
    return typeof exp === 'number' ? Math.max(0, Math.floor(exp - now / 1000)) : 0
  } catch {
    return 0
  }
}

export function startSession(c: Context, token: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, token, maxAgeSeconds)
}

export function endSession(c: Context): void {
  setCookie(c, SESSION_COOKIE, '', 0)
}

/** The hosted UI's authorize URL, with state and a PKCE challenge kept in a short-lived cookie. */
export function cognitoAuthorizeUrl(c: Context, s: CognitoSignIn): string {
  const state = randomBytes(16).toString('base64url')
  const verifier = randomBytes(32).toString('base64url')
  setCookie(c, OAUTH_COOKIE, `${state}.${verifier}`, 600)
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: s.clientId,
    redirect_uri: callbackUrl(s),
    scope: 'openid email profile',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  })
  return `${s.domain}/oauth2/authorize?${q}`
}

/** Exchanges the code for tokens; null if the state does not match what this browser was given. */
export async function cognitoCallback(
  c: Context,
  s: CognitoSignIn,
): Promise<{ idToken: string; maxAgeSeconds: number } | null> {
  const [state, verifier] = (readCookie(c, OAUTH_COOKIE) ?? '').split('.')
  setCookie(c, OAUTH_COOKIE, '', 0)
  const code = c.req.query('code')
  if (!state || !verifier || !code || c.req.query('state') !== state) return null
  const res = await fetch(`${s.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: s.clientId,
      code,
      redirect_uri: callbackUrl(s),
      code_verifier: verifier,
    }),
    signal: AbortSignal.timeout(10_000),
  })
  if (!res.ok) return null
  const body = (await res.json()) as { id_token?: string }
  // `expires_in` describes the access token; the cookie holds the ID token, so its own expiry counts.
  return body.id_token ? { idToken: body.id_token, maxAgeSeconds: secondsLeft(body.id_token) } : null
}

export function cognitoLogoutUrl(s: CognitoSignIn): string {
  const q = new URLSearchParams({ client_id: s.clientId, logout_uri: `${s.baseUrl}/ui/signed-out` })
  return `${s.domain}/logout?${q}`
}

const callbackUrl = (s: CognitoSignIn) => `${s.baseUrl}/ui/auth/callback`

function readCookie(c: Context, name: string): string | undefined {
  for (const part of (c.req.header('cookie') ?? '').split(/;\s*/)) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq) === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1))
      } catch {
        return undefined // a mangled cookie is no cookie
      }
    }
  }
  return undefined
}

function setCookie(c: Context, name: string, value: string, maxAgeSeconds: number): void {
  // Secure wherever the page is served over https. Behind API Gateway always; Hono's Lambda
  // adapter also reports https for the local stack, and browsers take Secure cookies from
  // http://localhost and 127.0.0.1, which count as secure contexts.
  const secure = new URL(c.req.url).protocol === 'https:' ? '; Secure' : ''
  c.header(
    'Set-Cookie',
    `${name}=${encodeURIComponent(value)}; Path=/ui; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`,
    { append: true },
  )
}
