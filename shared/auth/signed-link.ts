import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import * as z from 'zod'
import { Id } from '../domain/common.ts'

/**
 * Signed links: the owner's way in without a password. A token is
 * `v1.<claims>.<HMAC-SHA256(secret, "v1.<claims>")>`, base64url, where the claims name the
 * purpose, the owner, the meeting and the expiry (and, for a form, the action and a
 * one-time nonce). Nothing is stored to issue one; the server checks the signature in
 * constant time, then the expiry, then (in the use case) the meeting and revocations.
 * Both parts must be canonical unpadded base64url, so each signature has exactly one
 * spelling: Node's decoder skips junk and ignores the spare bits of the last character.
 */
export const LinkPurpose = z.enum(['owner-page', 'owner-form'])
export type LinkPurpose = z.infer<typeof LinkPurpose>

/**
 * The longest a link may live, from issue to expiry: its meeting's start plus the 28-day
 * grace (LINK_GRACE_SECONDS), for meetings up to about a year ahead. A token claiming
 * longer (an expiry in 2200, say) is refused; the issuer shortens a link for a meeting
 * further ahead, and the reminders closer to the meeting carry fresh ones.
 */
export const MAX_LINK_LIFETIME_SECONDS = 400 * 86_400

export const LinkClaims = z
  .strictObject({
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
  .refine((c) => c.e - c.i <= MAX_LINK_LIFETIME_SECONDS, {
    message: `must expire within ${MAX_LINK_LIFETIME_SECONDS / 86_400} days of being issued`,
    path: ['e'],
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
    const given = decodeCanonical(signature)
    const expected = this.mac(`${version}.${payload}`)
    // timingSafeEqual needs equal lengths; a wrong length says nothing about the key.
    if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'bad-signature' }
    }
    let claims: LinkClaims
    try {
      const json = decodeCanonical(payload)
      if (!json) return { ok: false, reason: 'malformed' }
      claims = LinkClaims.parse(JSON.parse(json.toString('utf8')))
    } catch {
      // Signed by us but unreadable or out of bounds: only a change of format (or a leaked
      // secret) could do this.
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

const BASE64URL = /^[A-Za-z0-9_-]+$/

/** The bytes of canonical unpadded base64url, or null: only the string that re-encodes to itself. */
function decodeCanonical(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null
  const bytes = Buffer.from(text, 'base64url')
  return bytes.toString('base64url') === text ? bytes : null
}

export const epochSeconds = (d: Date | string) => Math.floor(new Date(d).getTime() / 1000)
