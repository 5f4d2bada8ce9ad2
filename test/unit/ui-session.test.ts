import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { cognitoAuth, type UiAuth } from '../../functions/http/session.ts'

const issuer = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_test'
const clientId = 'web-client-id'
let auth: UiAuth
let sign: (
  claims: Record<string, unknown>,
  opts?: { aud?: string; iss?: string; exp?: string | number | null; iat?: number | null },
) => Promise<string>

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }
  auth = cognitoAuth({
    issuer,
    clientId,
    domain: 'https://x.auth.eu-west-2.amazoncognito.com',
    baseUrl: 'https://actions.example',
    keys: createLocalJWKSet({ keys: [jwk] }),
  })
  sign = (claims, opts = {}) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(opts.iss ?? issuer)
      .setAudience(opts.aud ?? clientId)
      .setSubject('user-1')
    // null leaves the claim out.
    if (opts.iat !== null) jwt.setIssuedAt(opts.iat)
    if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? '1h')
    return jwt.sign(privateKey)
  }
})

describe('the web pages’ Cognito session', () => {
  it('accepts an ID token of this pool and client, with its groups and person', async () => {
    const token = await sign({ token_use: 'id', 'cognito:groups': ['chair'], 'custom:personId': 'x' })
    expect(await auth.verify(token)).toMatchObject({ sub: 'user-1', 'cognito:groups': ['chair'] })
  })

  it('refuses an access token, another client’s or pool’s token, and an expired one', async () => {
    expect(await auth.verify(await sign({ token_use: 'access' }))).toBeNull()
    expect(await auth.verify(await sign({ token_use: 'id' }, { aud: 'other-client' }))).toBeNull()
    expect(await auth.verify(await sign({ token_use: 'id' }, { iss: `${issuer}x` }))).toBeNull()
    expect(await auth.verify(await sign({ token_use: 'id' }, { exp: '-1m' }))).toBeNull()
    expect(await auth.verify('not.a.token')).toBeNull()
  })

  it('refuses an ID token without exp or iat, or one that lives longer than a day', async () => {
    const id = { token_use: 'id' }
    const now = Math.floor(Date.now() / 1000)
    expect(await auth.verify(await sign(id, { exp: null }))).toBeNull()
    expect(await auth.verify(await sign(id, { iat: null }))).toBeNull()
    expect(await auth.verify(await sign(id, { exp: Date.parse('2200-01-01T00:00:00Z') / 1000 }))).toBeNull()
    expect(await auth.verify(await sign(id, { exp: '25h' }))).toBeNull()
    // Issued two days ago and still unexpired: too old (jose's maxTokenAge).
    expect(await auth.verify(await sign(id, { iat: now - 2 * 86_400, exp: now + 3600 }))).toBeNull()
    // Issued in the future.
    expect(await auth.verify(await sign(id, { iat: now + 3600, exp: now + 7200 }))).toBeNull()
    expect(await auth.verify(await sign(id, { exp: '24h' }))).toMatchObject({ sub: 'user-1' })
  })
})
