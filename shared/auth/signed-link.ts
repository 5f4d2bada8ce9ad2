import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import * as z from 'zod'
import { Id } from '../domain/common.ts'

/**
 * Signed links: the owner's way in without a password. A token is
 * `v1.<claims>.<HMAC-SHA256(secret, "v1.<claims>")>`, base64url, where the claims name the
 * purpose, the owner, the meeting and the expiry (and, for a form, the action and a
 * one-time nonce). Nothing is stored to issue one; the server checks the signature in
 * constant time, then the expiry, then (in the use case) the meeting and revocations.
 */
export const LinkPurpose = z.enum(['owner-page', 'owner-form'])
export type LinkPurpose = z.infer<typeof LinkPurpose>

export const LinkClaims = z.strictObject({
  /** What the token may be used for: a page link cannot stand in for a form token. */
  p: LinkPurpose,
  /** The owner (person or team) the link speaks for. */
  o: Id,
  m: Id,
  /** Expiry, epoch seconds. */
  e: z.number().int().positive(),
  /** Issued at, epoch seconds: links issued before a revocation are dead. */
  i: z.number().int().positive(),
  /** Form tokens only: the action the form updates and a nonce that makes it single-use. */
  a: Id.optional(),
  n: z
    .string()
    .regex(/^[\w-]{16,64}$/)
    .optional(),
})
export type LinkClaims = z.infer<typeof LinkClaims>

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'wrong-purpose' | 'expired'; claims?: LinkClaims }

const VERSION = 'v1'
/** Long enough that guessing is hopeless; the local stack and deploys generate 32 random bytes. */
export const MIN_SECRET_LENGTH = 32

export class LinkSigner {
  private readonly key: Buffer

  constructor(secret: string) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`the link-signing secret must be at least ${MIN_SECRET_LENGTH} characters`)
    }
    this.key = Buffer.from(secret, 'utf8')
  }

  sign(claims: LinkClaims): string {
    const body = `${VERSION}.${Buffer.from(JSON.stringify(LinkClaims.parse(claims))).toString('base64url')}`
    return `${body}.${this.mac(body).toString('base64url')}`
  }

  /** A fresh nonce for a single-use form. */
  static nonce(): string {
    return randomBytes(18).toString('base64url')
  }

  verify(token: string, purpose: LinkPurpose, now: Date): LinkCheck {
    const parts = token.split('.')
    const [version, payload, signature] = parts
    if (parts.length !== 3 || version !== VERSION || !payload || !signature)
      return { ok: false, reason: 'malformed' }
    const given = Buffer.from(signature, 'base64url')
    const expected = this.mac(`${version}.${payload}`)
    // timingSafeEqual needs equal lengths; a wrong length says nothing about the key.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'bad-signature' }
    }
    let claims: LinkClaims
    try {
      claims = LinkClaims.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')))
    } catch {
      // Signed by us but unreadable: only a change of format could do this.
      return { ok: false, reason: 'malformed' }
    }
    if (claims.p !== purpose) return { ok: false, reason: 'wrong-purpose', claims }
    if (claims.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired', claims }
    return { ok: true, claims }
  }

  private mac(data: string): Buffer {
    return createHmac('sha256', this.key).update(data).digest()
  }
}

export const epochSeconds = (d: Date | string) => Math.floor(new Date(d).getTime() / 1000)
