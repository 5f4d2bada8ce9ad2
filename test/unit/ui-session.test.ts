import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { cognitoAuth, type UiAuth } from '../../functions/web/ui/session.ts'

const issuer = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_test'
const clientId = 'web-client-id'
let auth: UiAuth
let sign: (
  claims: Record<string, unknown>,
  opts?: { aud?: string; iss?: string; exp?: string },
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
  sign = (claims, opts = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(opts.iss ?? issuer)
      .setAudience(opts.aud ?? clientId)
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '1h')
      .sign(privateKey)
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
})
