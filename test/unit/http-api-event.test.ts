import { describe, expect, it } from 'vitest'
import { httpApiEvent } from '#infra/local/http-api-event.ts'

describe('httpApiEvent (what API Gateway hands the HTTP functions)', () => {
  it('keeps the path as sent, even one starting with //, and splits off the query', () => {
    const e = httpApiEvent({ method: 'get', path: '//boards?limit=5&x=a%20b' })
    expect(e.rawPath).toBe('//boards')
    expect(e.requestContext.http.path).toBe('//boards')
    expect(e.rawQueryString).toBe('limit=5&x=a%20b')
    expect(e.queryStringParameters).toEqual({ limit: '5', x: 'a b' })
    expect(e.requestContext.http.method).toBe('GET')
  })

  it('passes headers, cookies and the authorizer’s claims, or none', () => {
    const e = httpApiEvent({
      method: 'POST',
      path: '/ui/boards',
      headers: { host: 'actions.example', cookie: 'a=1; ui_session=t', 'user-agent': 'ua' },
      claims: { sub: 's-1', 'cognito:groups': '[secretariat]' },
    })
    expect(e.cookies).toEqual(['a=1', 'ui_session=t'])
    expect(e.requestContext.domainName).toBe('actions.example')
    expect(e.requestContext.http.userAgent).toBe('ua')
    expect(e.requestContext.authorizer.jwt.claims).toEqual({ sub: 's-1', 'cognito:groups': '[secretariat]' })
    expect(httpApiEvent({ method: 'GET', path: '/health' }).requestContext.authorizer).toBeUndefined()
  })

  it('sends a body base64-encoded by default, or as text', () => {
    const b64 = httpApiEvent({ method: 'POST', path: '/people', body: '{"name":"Dana – DT"}' })
    expect(b64.isBase64Encoded).toBe(true)
    expect(Buffer.from(b64.body ?? '', 'base64').toString('utf8')).toBe('{"name":"Dana – DT"}')
    const text = httpApiEvent({ method: 'POST', path: '/people', body: '{"a":1}', bodyEncoding: 'text' })
    expect(text).toMatchObject({ isBase64Encoded: false, body: '{"a":1}' })
    expect(httpApiEvent({ method: 'GET', path: '/' })).toMatchObject({
      isBase64Encoded: false,
      body: undefined,
    })
  })
})
