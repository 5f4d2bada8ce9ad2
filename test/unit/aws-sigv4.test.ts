import { SignatureV4 } from '@smithy/signature-v4'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type SignInput, sign } from '#shared/aws/sigv4.ts'
import { Sha256 } from './sha256.ts'

/**
 * Our SigV4 signer against the AWS SDK's own (`@smithy/signature-v4`, what every SDK v3 client
 * signs with) on generated requests, and against cases of AWS's published SigV4 test suite.
 *
 * Aligning the two signers' inputs:
 * - the SDK's `applyChecksum` (default on) adds and signs `x-amz-content-sha256`, which only S3
 *   and Glacier need; ours does not send it, so the SDK's is turned off;
 * - the SDK never signs `user-agent`, `authorization`, `connection`, `expect`, … nor `date` (it
 *   drops `date` and `x-amz-date` from the request first); ours signs every header it is given
 *   (which SigV4 allows), so only headers that both sign are generated;
 * - the SDK takes the wire path (`path`, already encoded once) and the decoded query (`query`),
 *   and reads `host` from the headers, like the SDK's host-header middleware sets it; ours
 *   takes a `URL` and adds `host` itself. Both are given the same request through those forms.
 */

async function sdkSign(r: SignInput): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: r.service,
    region: r.region,
    credentials: {
      accessKeyId: r.credentials.accessKeyId,
      secretAccessKey: r.credentials.secretAccessKey,
      ...(r.credentials.sessionToken ? { sessionToken: r.credentials.sessionToken } : {}),
    },
    sha256: Sha256,
    applyChecksum: false,
  })
  const query: Record<string, string | string[]> = {}
  for (const [k, v] of r.url.searchParams) {
    const seen = query[k]
    query[k] = seen === undefined ? v : [...(Array.isArray(seen) ? seen : [seen]), v]
  }
  const signed = await signer.sign(
    {
      method: r.method,
      protocol: r.url.protocol,
      hostname: r.url.hostname,
      ...(r.url.port ? { port: Number(r.url.port) } : {}),
      path: r.url.pathname,
      query,
      headers: { ...r.headers, host: r.url.host },
      body: r.body,
    },
    { signingDate: r.now },
  )
  return signed.headers
}

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
const SUITE_DATE = new Date('2015-08-30T12:36:00Z')
const SUITE_CREDENTIAL = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request'
/** A GET of the suite's: its key, date, region and service, no headers or body of its own. */
const suiteGet = (url: string) => ({
  method: 'GET',
  url: new URL(url),
  headers: {},
  body: '',
  service: 'service',
  region: 'us-east-1',
  credentials: KEY,
  now: SUITE_DATE,
})

describe('SigV4 against the published test suite', () => {
  it('signs get-vanilla', () => {
    // Act
    const headers = sign(suiteGet('https://example.amazonaws.com/'))

    // Assess
    expect(headers).toEqual({
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization: `AWS4-HMAC-SHA256 Credential=${SUITE_CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
    })
  })

  // More of the suite's cases whose request line is a valid wire request (the suite's
  // get-space and get-utf8 put unencoded characters in the path, which a URL never sends).
  it.each([
    {
      name: 'get-vanilla-query-order-key-case',
      url: 'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    },
    {
      name: 'get-vanilla-query-order-value',
      url: 'https://example.amazonaws.com/?Param1=value2&Param1=value1',
      signature: '5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694',
    },
    {
      name: 'get-vanilla-utf8-query',
      url: 'https://example.amazonaws.com/?ሴ=bar',
      signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04',
    },
    {
      name: 'get-unreserved',
      url: 'https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
      signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f',
    },
    {
      name: 'get-relative-relative (normalize-path)',
      url: 'https://example.amazonaws.com/example1/example2/../..',
      signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    },
    {
      name: 'get-slash (normalize-path)',
      url: 'https://example.amazonaws.com//',
      signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    },
    {
      name: 'get-slashes (normalize-path)',
      url: 'https://example.amazonaws.com//example//',
      signature: '9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84',
    },
  ])('signs $name', async ({ url, signature }) => {
    // Arrange
    const request = suiteGet(url)
    const expected = `AWS4-HMAC-SHA256 Credential=${SUITE_CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=${signature}`

    // Act
    const ours = sign(request)
    const sdk = await sdkSign(request)

    // Assess
    expect(ours.authorization).toBe(expected)
    expect(sdk.authorization).toBe(expected)
  })

  it('signs get-header-value-trim, post-x-www-form-urlencoded and post-sts-header-before', () => {
    const base = {
      url: new URL('https://example.amazonaws.com/'),
      service: 'service',
      region: 'us-east-1',
      now: SUITE_DATE,
    }
    const token =
      'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=='

    const trim = sign({
      ...base,
      method: 'GET',
      headers: { 'My-Header1': ' value1', 'My-Header2': ' "a   b   c"' },
      body: '',
      credentials: KEY,
    })
    const form = sign({
      ...base,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Param1=value1',
      credentials: KEY,
    })
    const sts = sign({
      ...base,
      method: 'POST',
      headers: {},
      body: '',
      credentials: { ...KEY, sessionToken: token },
    })

    expect(trim.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=${SUITE_CREDENTIAL}, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736`,
    )
    expect(form.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=${SUITE_CREDENTIAL}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a`,
    )
    expect(sts.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=${SUITE_CREDENTIAL}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead`,
    )
    expect(sts['x-amz-security-token']).toBe(token)
  })
})

// Path segment pieces: unreserved, reserved and unsafe characters, unicode, and
// percent-encoded forms as they appear in a URL already (which the signer encodes again).
const segmentPiece = fc.constantFrom(
  'a',
  'Z',
  '0',
  '-',
  '_',
  '.',
  '~',
  ' ',
  'é',
  '日本',
  '😀',
  '%',
  '%20',
  '%7E',
  '%2F',
  '%25',
  '%C3%A9',
  '+',
  '!',
  "'",
  '(',
  ')',
  '*',
  '$',
  '&',
  ',',
  ';',
  '=',
  '@',
  ':',
  '[',
  ']',
  '|',
  '^',
  '`',
  '{',
  '}',
  '"',
  '<',
  '>',
)
// Empty segments make `//`, which SigV4 normalises away (the suite's get-slashes).
const segment = fc.array(segmentPiece, { maxLength: 4 }).map((p) => p.join(''))
const path = fc
  .tuple(fc.array(segment, { maxLength: 5 }), fc.boolean())
  .map(([segments, trailing]) => `/${segments.join('/')}${trailing && segments.length > 0 ? '/' : ''}`)

const queryText = fc
  .array(
    fc.constantFrom('a', 'B', '1', ' ', '+', '=', '&', '~', '*', "'", '%', '%41', 'é', 'ሴ', '😀', '/', '?'),
    {
      maxLength: 5,
    },
  )
  .map((p) => p.join(''))
const query = fc.array(fc.tuple(queryText, queryText), { maxLength: 5 })

// Header names both signers sign; mixed case as a caller might write them.
const headerName = fc.constantFrom(
  'content-type',
  'Content-Type',
  'x-amz-target',
  'content-length',
  'accept',
  'accept-encoding',
  'x-amz-user-agent',
  'my-header1',
  'X-Custom-Thing',
)
// Values with runs of spaces and tabs inside and around them, and a no-break space (U+00A0,
// a legal header byte, and not a space to SigV4's trim).
const headerValue = fc
  .array(fc.constantFrom('a', 'B', '7', '/', ';', '=', ',', '"', '.', ' ', '  ', '\t', ' \t ', '\u00a0'), {
    maxLength: 12,
  })
  .map((p) => p.join(''))
const headers = fc
  .uniqueArray(fc.tuple(headerName, headerValue), { selector: ([n]) => n.toLowerCase(), maxLength: 5 })
  .map((entries) => Object.fromEntries(entries))

const SERVICES = { dynamodb: 'dynamodb', ses: 'email', secretsmanager: 'secretsmanager' } as const
const endpoint = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('http://127.0.0.1:8000', 'http://localhost:4566', 'https://vpce.example.com:8443'),
)

const request: fc.Arbitrary<SignInput> = fc
  .record({
    method: fc.constantFrom('GET', 'POST'),
    service: fc.constantFrom(...(Object.keys(SERVICES) as (keyof typeof SERVICES)[])),
    region: fc.constantFrom('us-east-1', 'eu-west-2', 'ap-southeast-2', 'eu-central-1'),
    endpoint,
    path,
    query,
    headers,
    body: fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.json({ maxDepth: 2 })),
    accessKeyId: fc.stringMatching(/^AKIA[A-Z0-9]{16}$/),
    secretAccessKey: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
    sessionToken: fc.option(fc.base64String({ minLength: 4, maxLength: 80 }), { nil: undefined }),
    now: fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
  })
  .map((r) => {
    const url = new URL(
      `${r.endpoint ?? `https://${SERVICES[r.service]}.${r.region}.amazonaws.com`}${r.path}`,
    )
    const params = new URLSearchParams()
    for (const [k, v] of r.query) params.append(k, v)
    url.search = params.toString()
    return {
      method: r.method,
      url,
      headers: r.headers,
      body: r.body,
      service: r.service,
      region: r.region,
      credentials: {
        accessKeyId: r.accessKeyId,
        secretAccessKey: r.secretAccessKey,
        sessionToken: r.sessionToken,
      },
      now: r.now,
    }
  })

describe('SigV4 against the AWS SDK signer', () => {
  it('gives the same Authorization, x-amz-date and x-amz-security-token on generated requests', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        // Act
        const ours = sign(r)
        const sdk = await sdkSign(r)

        // Assess
        expect(ours.authorization).toBe(sdk.authorization)
        expect(ours['x-amz-date']).toBe(sdk['x-amz-date'])
        expect(ours['x-amz-security-token']).toBe(sdk['x-amz-security-token'])
        expect(ours.host).toBe(r.url.host)
      }),
      { numRuns: 400 },
    )
  })

  it('gives the same signature for the requests the client sends', async () => {
    // The exact shapes AwsClient signs: POST / for the JSON protocols, POST to a path for SES.
    const body = JSON.stringify({
      TableName: 'actions',
      Key: { pk: { S: 'BOARD#1' }, sk: { S: 'ACTION#é 1' } },
    })
    const cases: SignInput[] = [
      {
        method: 'POST',
        url: new URL('https://dynamodb.eu-west-2.amazonaws.com/'),
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.GetItem',
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
        service: 'dynamodb',
        region: 'eu-west-2',
        credentials: {
          accessKeyId: 'ASIAEXAMPLE',
          secretAccessKey: 'secret/key+1',
          sessionToken: 'IQoJb3JpZ2luX2VjE//token==',
        },
        now: new Date('2026-03-01T12:00:00.789Z'),
      },
      {
        method: 'POST',
        url: new URL('https://email.eu-west-2.amazonaws.com/v2/email/outbound-emails'),
        headers: { 'content-type': 'application/json', 'content-length': '2' },
        body: '{}',
        service: 'ses',
        region: 'eu-west-2',
        credentials: KEY,
        now: new Date('2026-12-31T23:59:59Z'),
      },
    ]
    for (const r of cases) {
      const ours = sign(r)
      const sdk = await sdkSign(r)
      expect(ours.authorization).toBe(sdk.authorization)
      expect(ours.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=\S+, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/,
      )
    }
  })

  it('signs what changes: any change to method, path, query, a header, the body or the date changes the signature', () => {
    const base: SignInput = {
      method: 'POST',
      url: new URL('https://dynamodb.eu-west-2.amazonaws.com/'),
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
      body: '{"a":1}',
      service: 'dynamodb',
      region: 'eu-west-2',
      credentials: KEY,
      now: new Date('2026-03-01T12:00:00Z'),
    }
    const signatureOf = (r: SignInput) => sign(r).authorization
    const variants: SignInput[] = [
      { ...base, method: 'GET' },
      { ...base, url: new URL('https://dynamodb.eu-west-2.amazonaws.com/x') },
      { ...base, url: new URL('https://dynamodb.eu-west-2.amazonaws.com/?a=1') },
      { ...base, headers: { ...base.headers, 'x-amz-target': 'DynamoDB_20120810.PutItem' } },
      { ...base, body: '{"a":2}' },
      { ...base, now: new Date('2026-03-01T12:00:01Z') },
      { ...base, region: 'eu-west-1' },
      { ...base, service: 'ses' },
      { ...base, credentials: { ...KEY, secretAccessKey: `${KEY.secretAccessKey}x` } },
    ]
    const all = new Set([base, ...variants].map(signatureOf))
    expect(all.size).toBe(variants.length + 1)
    // Header names' case and whitespace runs in values are not significant.
    expect(
      signatureOf({
        ...base,
        headers: {
          'Content-Type': '  application/x-amz-json-1.0 ',
          'X-Amz-Target': 'DynamoDB_20120810.GetItem',
        },
      }),
    ).toBe(signatureOf(base))
  })
})
