import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  type LinkClaims,
  type LinkPurpose,
  LinkSigner,
  MAX_LINK_LIFETIME_SECONDS,
} from '#shared/auth/signed-link.ts'
import { LINK_GRACE_SECONDS, ownerLinkUrl } from '#shared/usecases/owner-link-url.ts'

const SECRET = 'unit-test-link-secret-0123456789abcdef'
const signer = new LinkSigner(SECRET)
const now = new Date('2026-03-17T08:00:00Z')
const claims: LinkClaims = {
  p: 'owner-page',
  o: '01JC2ZQ8M6X4W3V2T1S0R9P8N7',
  m: '01JC2ZQ8M6X4W3V2T1S0R9P8N8',
  e: Date.parse('2026-03-24T10:00:00Z') / 1000,
  i: now.getTime() / 1000,
}
const formClaims: LinkClaims = {
  ...claims,
  p: 'owner-form',
  a: '01JC2ZQ8M6X4W3V2T1S0R9P8N9',
  n: 'AbCdEfGhIjKlMnOpQrStUvWx',
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** A token with whatever claims text and version, signed with the real secret (as only a leak could). */
function forge(claimsPart: string, version = 'v1'): string {
  const body = `${version}.${claimsPart}`
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`
}
const encode = (c: unknown) => Buffer.from(JSON.stringify(c)).toString('base64url')

/**
 * Every way we could think of to spell a token differently: each one must be refused, so
 * exactly one string is valid for each signature.
 */
function tamperedVariants(token: string, other: string): Map<string, string> {
  const out = new Map<string, string>()
  const add = (how: string, t: string) => {
    if (t !== token && !out.has(t)) out.set(t, how)
  }
  const [version = '', payload = '', signature = ''] = token.split('.')
  const sigStart = version.length + payload.length + 2
  // Every single-character change at every position, to every base64url character, a dot,
  // padding and a space.
  for (let at = 0; at < token.length; at++) {
    for (const ch of `${BASE64URL}.= `)
      add(`char ${at} → ${ch}`, `${token.slice(0, at)}${ch}${token.slice(at + 1)}`)
    add(`char ${at} removed`, `${token.slice(0, at)}${token.slice(at + 1)}`)
    add(`char ${at} doubled`, `${token.slice(0, at + 1)}${token.slice(at)}`)
  }
  // The spare low bits of each part's last character: the same bytes to a lax decoder.
  for (const [part, end] of [
    ['claims', version.length + 1 + payload.length - 1],
    ['signature', token.length - 1],
  ] as const) {
    const last = BASE64URL.indexOf(token[end] ?? '')
    for (let bits = 1; bits < 16; bits++) {
      const ch = BASE64URL[last ^ bits] ?? ''
      add(`${part} spare bits ^${bits}`, `${token.slice(0, end)}${ch}${token.slice(end + 1)}`)
    }
  }
  // Something appended or prepended, to the token and to each part.
  for (const junk of [..."A_-=.~!*'()%+/ \t\n\r\0", '==', 'AA', '.x', '..', '%00', '\u00a0', 'é']) {
    add(`appended ${JSON.stringify(junk)}`, `${token}${junk}`)
    add(`prepended ${JSON.stringify(junk)}`, `${junk}${token}`)
    add(`claims + ${JSON.stringify(junk)}`, `${version}.${payload}${junk}.${signature}`)
  }
  add('claims padded', `${version}.${payload}=.${signature}`)
  add('claims padded twice', `${version}.${payload}==.${signature}`)
  add('signature padded', `${token}=`)
  // The version.
  for (const v of ['v2', 'v0', 'V1', 'v', 'v11', '1', '', ' v1', 'v1 ', 'dj'])
    add(`version ${JSON.stringify(v)}`, `${v}.${payload}.${signature}`)
  // Parts swapped, missing, repeated.
  add('claims and signature swapped', `${version}.${signature}.${payload}`)
  add('version last', `${payload}.${signature}.${version}`)
  add('no version', `${payload}.${signature}`)
  add('no signature', `${version}.${payload}`)
  add('no claims', `${version}..${signature}`)
  add('empty signature', `${version}.${payload}.`)
  add('signature twice', `${token}.${signature}`)
  add('dots doubled', token.replaceAll('.', '..'))
  add('trailing dot', `${token}.`)
  add('leading dot', `.${token}`)
  const [, otherPayload = '', otherSignature = ''] = other.split('.')
  add('the other token’s signature', `${version}.${payload}.${otherSignature}`)
  add('the other token’s claims', `${version}.${otherPayload}.${signature}`)
  // Case.
  add('upper case', token.toUpperCase())
  add('lower case', token.toLowerCase())
  add('signature upper case', `${version}.${payload}.${signature.toUpperCase()}`)
  add('signature case swapped', `${version}.${payload}.${swapCase(signature)}`)
  add('claims case swapped', `${version}.${swapCase(payload)}.${signature}`)
  // Whitespace.
  for (const ws of [' ', '\t', '\n', '\r\n', '\u2028', '\u00a0']) {
    add(`whitespace ${JSON.stringify(ws)} before the signature`, `${version}.${payload}.${ws}${signature}`)
    add(
      `whitespace ${JSON.stringify(ws)} inside the signature`,
      `${token.slice(0, sigStart + 10)}${ws}${token.slice(sigStart + 10)}`,
    )
    add(`whitespace ${JSON.stringify(ws)} around`, `${ws}${token}${ws}`)
  }
  // Percent-encoding, standard base64 and other spellings of the same bytes.
  add(
    'percent-encoded throughout',
    [...token].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join(''),
  )
  add('percent-encoded dots', token.replaceAll('.', '%2E'))
  add(
    'signature’s first character percent-encoded',
    `${token.slice(0, sigStart)}%${token.charCodeAt(sigStart).toString(16)}${token.slice(sigStart + 1)}`,
  )
  const sigBytes = Buffer.from(signature, 'base64url')
  add('signature as padded base64', `${version}.${payload}.${sigBytes.toString('base64')}`)
  add(
    'signature as base64 with + and /',
    `${version}.${payload}.${signature.replaceAll('-', '+').replaceAll('_', '/')}`,
  )
  add('signature as hex', `${version}.${payload}.${sigBytes.toString('hex')}`)
  add(
    'claims as padded base64',
    `${version}.${Buffer.from(payload, 'base64url').toString('base64')}.${signature}`,
  )
  add(
    'signature truncated to 16 bytes',
    `${version}.${payload}.${sigBytes.subarray(0, 16).toString('base64url')}`,
  )
  add(
    'signature with a byte more',
    `${version}.${payload}.${Buffer.concat([sigBytes, Buffer.of(0)]).toString('base64url')}`,
  )
  add('fullwidth A in the signature', `${token.slice(0, sigStart)}Ａ${token.slice(sigStart + 1)}`)
  return out
}

const swapCase = (s: string) =>
  [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')

describe('signed links', () => {
  it('verifies what it signed, for its purpose, until it expires', () => {
    const token = signer.sign(claims)
    expect(signer.verify(token, 'owner-page', now)).toEqual({ ok: true, claims })
    expect(signer.verify(token, 'owner-form', now)).toMatchObject({ ok: false, reason: 'wrong-purpose' })
    expect(signer.verify(token, 'owner-page', new Date('2026-03-24T10:00:00Z'))).toMatchObject({
      ok: false,
      reason: 'expired',
    })
  })

  for (const [purpose, own, otherClaims] of [
    ['owner-page', claims, formClaims],
    ['owner-form', formClaims, claims],
  ] as [LinkPurpose, LinkClaims, LinkClaims][]) {
    it(`refuses every tampered variant of an ${purpose} token`, () => {
      // Prepare: a real token, and a real one of the other kind to borrow parts from.
      const token = signer.sign(own)
      const variants = tamperedVariants(token, signer.sign(otherClaims))
      expect(signer.verify(token, purpose, now).ok).toBe(true)
      // Act
      const accepted = [...variants].filter(([t]) => signer.verify(t, purpose, now).ok).map(([, how]) => how)
      // Assess: thousands of variants (a single-character change at every position), none accepted.
      expect(variants.size).toBeGreaterThan(60 * token.length)
      expect(accepted).toEqual([])
    })
  }

  it('refuses a non-canonical claims part even under a valid signature', () => {
    const payload = encode(claims)
    const last = BASE64URL.indexOf(payload.at(-1) ?? '')
    // Same bytes to a lax decoder: spare bits set, padding, standard alphabet, junk.
    const variants = [
      `${payload.slice(0, -1)}${BASE64URL[last ^ 1]}`,
      `${payload}=`,
      `${payload}==`,
      Buffer.from(payload, 'base64url').toString('base64'),
      `${payload}!`,
      ` ${payload}`,
    ].filter((p) => p !== payload)
    expect(signer.verify(forge(payload), 'owner-page', now).ok).toBe(true)
    for (const p of variants)
      expect(signer.verify(forge(p), 'owner-page', now), p).toMatchObject({ ok: false })
  })

  it('refuses claims that live longer than the maximum, or have no expiry', () => {
    const i = claims.i
    const longest = { ...claims, e: i + MAX_LINK_LIFETIME_SECONDS }
    expect(signer.verify(signer.sign(longest), 'owner-page', now).ok).toBe(true)
    for (const bad of [
      { ...claims, e: Date.parse('2200-01-01T00:00:00Z') / 1000 },
      { ...claims, e: i + MAX_LINK_LIFETIME_SECONDS + 1 },
      { ...claims, e: undefined },
      { ...claims, e: Number.MAX_SAFE_INTEGER },
      { ...claims, e: 1e300 },
    ]) {
      expect(() => signer.sign(bad as LinkClaims)).toThrow()
      // Signed with the real secret all the same (as a leak or a bug could): still refused.
      expect(signer.verify(forge(encode(bad)), 'owner-page', now)).toMatchObject({
        ok: false,
        reason: 'malformed',
      })
    }
  })

  it('issues an owner’s link for a meeting far ahead with the longest lifetime allowed', () => {
    const links = { signer, baseUrl: 'https://x.example', issuedAt: () => now }
    const far = { id: claims.m, startsAt: '2028-06-01T09:00:00.000Z' }
    const near = { id: claims.m, startsAt: '2026-04-01T09:00:00.000Z' }
    const claimsOf = (url: string) => {
      const check = signer.verify(url.split('/respond/')[1] ?? '', 'owner-page', now)
      if (!check.ok) throw new Error(check.reason)
      return check.claims
    }
    expect(claimsOf(ownerLinkUrl(links, { ownerId: claims.o, meeting: far })).e).toBe(
      claims.i + MAX_LINK_LIFETIME_SECONDS,
    )
    expect(claimsOf(ownerLinkUrl(links, { ownerId: claims.o, meeting: near })).e).toBe(
      Date.parse(near.startsAt) / 1000 + LINK_GRACE_SECONDS,
    )
  })

  it('refuses tokens signed with another secret, and other shapes', () => {
    const other = new LinkSigner('another-secret-that-is-long-enough-00000')
    expect(signer.verify(other.sign(claims), 'owner-page', now)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    })
    for (const bad of ['', 'v1', 'v1..', 'v2.e30.AAAA', `${signer.sign(claims)}.extra`]) {
      expect(signer.verify(bad, 'owner-page', now).ok).toBe(false)
    }
  })

  it('will not sign invalid claims, nor work with a short secret', () => {
    expect(() => signer.sign({ ...claims, o: 'not-an-id' })).toThrow()
    expect(() => new LinkSigner('short')).toThrow('at least 32')
  })

  it('makes form nonces that do not repeat', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => LinkSigner.nonce()))
    expect(nonces.size).toBe(1000)
  })
})
