import { describe, expect, it } from 'vitest'
import { MAX_TOKEN_LIFETIME_SECONDS, withinTokenLifetime } from '#shared/auth/token-lifetime.ts'

const now = new Date('2026-03-17T08:00:00Z')
const t = now.getTime() / 1000

describe('token lifetimes', () => {
  it('takes exp and iat as numbers or as the strings API Gateway hands on', () => {
    expect(withinTokenLifetime({ iat: t, exp: t + 3600 }, now)).toBe(true)
    expect(withinTokenLifetime({ iat: String(t), exp: String(t + 3600) }, now)).toBe(true)
    expect(withinTokenLifetime({ iat: t, exp: t + MAX_TOKEN_LIFETIME_SECONDS }, now)).toBe(true)
  })

  it('refuses claims without exp or iat, unreadable ones, and lifetimes beyond the bound', () => {
    for (const claims of [
      {},
      { iat: t },
      { exp: t + 3600 },
      { iat: 'yesterday', exp: t + 3600 },
      { iat: t, exp: '1e10' },
      { iat: t, exp: Number.POSITIVE_INFINITY },
      { iat: t, exp: Date.parse('2200-01-01T00:00:00Z') / 1000 },
      { iat: t, exp: t + MAX_TOKEN_LIFETIME_SECONDS + 1 },
      { iat: t + 3600, exp: t + 7200 },
      { iat: t - 7200, exp: t - 3600 },
    ]) {
      expect(withinTokenLifetime(claims, now), JSON.stringify(claims)).toBe(false)
    }
  })
})
