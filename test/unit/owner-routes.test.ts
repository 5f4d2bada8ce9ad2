import { describe, expect, it } from 'vitest'
import { fromAnotherSite } from '../../functions/http/fetch-metadata.ts'
import { loggablePath } from '../../functions/http/http.ts'

const url = 'https://actions.opcc.example/respond/v1.abc.def'

describe('the owner form’s cross-site check', () => {
  it('trusts fetch metadata where the browser sends it', () => {
    // Our own page, whose no-referrer policy makes the Origin "null".
    expect(fromAnotherSite('same-origin', 'null', url)).toBe(false)
    expect(fromAnotherSite('none', undefined, url)).toBe(false)
    expect(fromAnotherSite('cross-site', 'null', url)).toBe(true)
    expect(fromAnotherSite('same-site', 'https://other.opcc.example', url)).toBe(true)
    // Fetch metadata wins over a matching Origin: a sibling subdomain is another site's page.
    expect(fromAnotherSite('same-site', 'https://actions.opcc.example', url)).toBe(true)
  })

  it('falls back to the Origin host, and leaves an unknown origin to the form token', () => {
    expect(fromAnotherSite(undefined, 'https://actions.opcc.example', url)).toBe(false)
    expect(fromAnotherSite(undefined, 'https://attacker.example', url)).toBe(true)
    expect(fromAnotherSite(undefined, 'not a url', url)).toBe(true)
    expect(fromAnotherSite(undefined, 'null', url)).toBe(false)
    expect(fromAnotherSite(undefined, undefined, url)).toBe(false)
  })
})

describe('request logging', () => {
  it('keeps the signed link out of logged paths', () => {
    expect(loggablePath('/respond/v1.eyJwIjoib3duZXIifQ.c2ln')).toBe('/respond/{token}')
    expect(loggablePath('/actions/01JC2ZQ8M6X4W3V2T1S0R9P8N7')).toBe('/actions/01JC2ZQ8M6X4W3V2T1S0R9P8N7')
  })
})
