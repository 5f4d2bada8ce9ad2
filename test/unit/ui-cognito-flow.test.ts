import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Logger } from '@aws-lambda-powertools/logger'
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cognitoAuth } from '../../functions/http/session.ts'
import { createWebApp } from '../../functions/web/app.ts'
import type { Deps } from '../../shared/usecases/deps.ts'

/**
 * The hosted-UI sign-in as the pages run it in AWS, against a stand-in for Cognito's
 * OAuth endpoints on loopback: authorize redirect with state and PKCE, the code exchanged
 * with the verifier, the ID token checked, the session cookie set, and sign-out sent to
 * Cognito's logout (which the pages' CSP must allow as a form's destination).
 */
const issuer = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_flow'
const clientId = 'web-client'
const baseUrl = 'https://actions.opcc.example'
let server: Server
let domain: string
let idToken = ''
let challenge = ''
const exchanges: URLSearchParams[] = []
let sign: (claims: Record<string, unknown>) => Promise<string>
let app: ReturnType<typeof createWebApp>

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' }] })
  sign = (claims) =>
    new SignJWT({ token_use: 'id', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuer(issuer)
      .setAudience(clientId)
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime('8h')
      .sign(privateKey)
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => {
      body += d
    })
    req.on('end', () => {
      const form = new URLSearchParams(body)
      exchanges.push(form)
      const verifierOk =
        createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url') === challenge
      if (req.url !== '/oauth2/token' || form.get('code') !== 'the-code' || !verifierOk) {
        res.writeHead(400).end('{"error":"invalid_grant"}')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id_token: idToken }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // The web pages' function's own app, as deployed.
  app = createWebApp({
    deps: { store: {} } as Deps, // these steps never reach the table
    logger: new Logger({ logLevel: 'SILENT' }),
    maxBodyBytes: 10_000,
    auth: cognitoAuth({ issuer, clientId, domain, baseUrl, keys }),
  })
})

afterAll(() => new Promise<void>((r) => server.close(() => r())))

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0] ?? ''

async function startSignIn() {
  const res = await app.request('https://actions.opcc.example/ui/sign-in')
  expect(res.status).toBe(302)
  const to = new URL(res.headers.get('location') ?? '')
  challenge = to.searchParams.get('code_challenge') ?? ''
  return { to, oauth: cookieOf(res, 'ui_oauth') }
}

describe('signing in through the hosted UI', () => {
  it('sends the browser to Cognito with state and a PKCE challenge, and back with a session', async () => {
    const { to, oauth } = await startSignIn()
    expect(`${to.origin}${to.pathname}`).toBe(`${domain}/oauth2/authorize`)
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: `${baseUrl}/ui/auth/callback`,
      code_challenge_method: 'S256',
    })
    expect(oauth).toMatch(/^ui_oauth=/)

    idToken = await sign({ 'cognito:groups': ['secretariat'] })
    const back = await app.request(
      `https://actions.opcc.example/ui/auth/callback?code=the-code&state=${to.searchParams.get('state')}`,
      { headers: { cookie: oauth } },
    )
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe('/ui')
    expect(exchanges.at(-1)?.get('redirect_uri')).toBe(`${baseUrl}/ui/auth/callback`)
    const session = cookieOf(back, 'ui_session')
    expect(back.headers.getSetCookie().join()).toMatch(
      /ui_session=[^;]+; Path=\/ui; Max-Age=28\d{3}; HttpOnly; SameSite=Lax; Secure/,
    )

    const home = await app.request('https://actions.opcc.example/ui', { headers: { cookie: session } })
    expect(home.headers.get('location')).toBe('/ui/boards')
  })

  it('refuses a callback whose state is not the one this browser was given', async () => {
    const { oauth } = await startSignIn()
    idToken = await sign({ 'cognito:groups': ['secretariat'] })
    const res = await app.request(
      'https://actions.opcc.example/ui/auth/callback?code=the-code&state=forged',
      { headers: { cookie: oauth } },
    )
    expect(res.status).toBe(400)
    expect(res.headers.getSetCookie().join()).not.toMatch(/ui_session=[^;]/)
  })

  it('tells a user with no group so, instead of sending them round the sign-in again', async () => {
    const { to, oauth } = await startSignIn()
    idToken = await sign({})
    const res = await app.request(
      `https://actions.opcc.example/ui/auth/callback?code=the-code&state=${to.searchParams.get('state')}`,
      { headers: { cookie: oauth } },
    )
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('Your account has no role yet')
  })

  it('signs out at Cognito too, which the pages’ CSP lets a form reach', async () => {
    const page = await app.request('https://actions.opcc.example/ui/signed-out')
    expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${domain};`)
    const res = await app.request('https://actions.opcc.example/ui/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: '',
    })
    expect(res.status).toBe(303)
    const to = new URL(res.headers.get('location') ?? '')
    expect(`${to.origin}${to.pathname}`).toBe(`${domain}/logout`)
    expect(to.searchParams.get('logout_uri')).toBe(`${baseUrl}/ui/signed-out`)
    expect(res.headers.getSetCookie().join()).toMatch(/ui_session=; Path=\/ui; Max-Age=0/)
  })
})
