import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type LinkClaims, LinkSigner } from '#shared/auth/signed-link.ts'

const signer = new LinkSigner('unit-test-link-secret-0123456789abcdef')
const now = new Date('2026-03-17T08:00:00Z')
const claims: LinkClaims = {
  p: 'owner-page',
  o: '01JC2ZQ8M6X4W3V2T1S0R9P8N7',
  m: '01JC2ZQ8M6X4W3V2T1S0R9P8N8',
  e: Date.parse('2026-03-24T10:00:00Z') / 1000,
  i: now.getTime() / 1000,
}

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

  it('refuses every single-character change to a token', () => {
    const token = signer.sign(claims)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...alphabet), (at, ch) => {
        fc.pre(token[at] !== ch)
        const changed = `${token.slice(0, at)}${ch}${token.slice(at + 1)}`
        // base64url's last character may carry unused bits: a change there can decode to the same bytes.
        const check = signer.verify(changed, 'owner-page', now)
        if (check.ok)
          expect(Buffer.from(changed.split('.')[2] ?? '', 'base64url')).toEqual(
            Buffer.from(token.split('.')[2] ?? '', 'base64url'),
          )
        else expect(['malformed', 'bad-signature']).toContain(check.reason)
      }),
      { numRuns: 500 },
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
