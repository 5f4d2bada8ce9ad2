/**
 * How long a bearer token (the API) or a session token (the web pages) may live. Cognito's
 * ID tokens last at most 24 hours (the pool's setting, 1 hour by default), the local stack's
 * 12: a token without `exp` or `iat`, or claiming more (an expiry in 2200), is refused
 * wherever a token is checked, so a leaked one is dead within a day.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600

/** The difference between the issuer's clock and ours that is tolerated. */
export const CLOCK_TOLERANCE_SECONDS = 60

/**
 * jose's own checks (`jwtVerify` options): `exp` and `iat` present, `iat` neither in the
 * future nor older than the bound. jose has no option bounding `exp` itself; pair these with
 * `withinTokenLifetime`.
 */
export const JWT_LIFETIME_OPTIONS = {
  requiredClaims: ['exp', 'iat'],
  maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
  clockTolerance: CLOCK_TOLERANCE_SECONDS,
}

/**
 * Whether verified claims carry `exp` and `iat` (epoch seconds; API Gateway hands them on
 * as strings) with `iat` not in the future, `exp` not past, and neither `exp − iat` nor
 * `exp − now` beyond the bound.
 */
export function withinTokenLifetime(claims: Record<string, unknown>, now: Date): boolean {
  const exp = numericDate(claims.exp)
  const iat = numericDate(claims.iat)
  if (exp === null || iat === null) return false
  const t = now.getTime() / 1000
  return (
    iat <= t + CLOCK_TOLERANCE_SECONDS &&
    exp > t - CLOCK_TOLERANCE_SECONDS &&
    exp - iat <= MAX_TOKEN_LIFETIME_SECONDS &&
    exp - t <= MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS
  )
}

function numericDate(raw: unknown): number | null {
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : NaN
  return Number.isFinite(n) ? n : null
}
