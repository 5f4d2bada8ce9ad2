import type { Context } from 'aws-lambda'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApiHandler } from '#functions/api/lambda.ts'
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#infra/local/auth.ts'
import { httpApiEvent, tokenTimes } from '#infra/local/http-api-event.ts'
import { MAX_TOKEN_LIFETIME_SECONDS } from '#shared/auth/token-lifetime.ts'
import { type Api, startApi } from './harness.ts'
import { pagesClient } from './pages.ts'

/**
 * Bearer tokens and web sessions need `exp` and `iat` and live at most a day: checked by the
 * local stack's authorizer (as API Gateway's), by the API itself on the authorizer's claims,
 * and by the web pages' session.
 */
let api: Api
const { get } = pagesClient(() => api.url)
const nowS = () => Math.floor(Date.now() / 1000)
const YEAR_2200 = Date.parse('2200-01-01T00:00:00Z') / 1000

/** A local token with exactly the times given (none when absent), signed with the stack's key. */
function localToken(times: { iat?: number; exp?: number }): Promise<string> {
  const jwt = new SignJWT({ role: 'secretariat', ...times })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('local-secretariat')
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
  return jwt.sign(api.jwtKey)
}

const CASES = {
  'no exp': () => ({ iat: nowS() }),
  'no iat': () => ({ exp: nowS() + 3600 }),
  'exp in 2200': () => ({ iat: nowS(), exp: YEAR_2200 }),
  'a lifetime of a day and a second': () => ({ iat: nowS(), exp: nowS() + MAX_TOKEN_LIFETIME_SECONDS + 1 }),
  'issued two days ago': () => ({ iat: nowS() - 2 * 86_400, exp: nowS() + 3600 }),
  'issued tomorrow': () => ({ iat: nowS() + 86_400, exp: nowS() + 2 * 86_400 }),
}

beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api?.close())

describe('token lifetimes', () => {
  it('the API refuses a bearer token without exp or iat, or living longer than a day', async () => {
    for (const [name, times] of Object.entries(CASES)) {
      const res = await api.get('/boards', { token: await localToken(times()) })
      expect(res.status, name).toBe(401)
    }
    // A day exactly, and the stack's usual token, still work.
    const day = await localToken({ iat: nowS(), exp: nowS() + MAX_TOKEN_LIFETIME_SECONDS })
    expect((await api.get('/boards', { token: day })).status).toBe(200)
    expect((await api.get('/boards')).status).toBe(200)
  })

  it('the API checks the lifetime of the authorizer’s claims itself', async () => {
    // Prepare: the handler as deployed, given claims as API Gateway hands them on (strings).
    const handler = buildApiHandler(api.config, api.deps)
    const call = (claims: Record<string, string>) =>
      handler(httpApiEvent({ method: 'GET', path: '/boards', claims }), {} as Context)
    const who = { sub: 'sec-1', 'cognito:groups': '[secretariat]' }
    // Act and assess
    for (const [name, times] of Object.entries(CASES)) {
      const claims = Object.fromEntries(Object.entries(times()).map(([k, v]) => [k, String(v)]))
      const res = await call({ ...who, ...claims })
      expect(res.statusCode, name).toBe(401)
      expect(JSON.parse(res.body ?? '{}').detail).toContain('exp and iat')
    }
    expect((await call({ ...who, ...tokenTimes() })).statusCode).toBe(200)
  })

  it('the web pages take no session from a token without exp or iat, or living longer than a day', async () => {
    for (const [name, times] of Object.entries(CASES)) {
      const res = await get('/ui/boards', `ui_session=${await localToken(times())}`)
      expect(res.status, name).toBe(303)
      expect(res.headers.get('location'), name).toBe('/ui/sign-in')
    }
    const ok = await localToken({ iat: nowS(), exp: nowS() + 3600 })
    expect((await get('/ui/boards', `ui_session=${ok}`)).status).toBe(200)
  })
})
