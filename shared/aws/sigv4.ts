import { createHash, createHmac } from 'node:crypto'

/**
 * AWS Signature Version 4, header form, for the three JSON APIs this product calls
 * (DynamoDB, SES v2, Secrets Manager). A unit test checks it against the SDK's own signer
 * on generated requests.
 */

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined }

export type SignInput = {
  method: string
  url: URL
  /** Lower-case names. `host` and the `x-amz-*` signing headers are added here. */
  headers: Record<string, string>
  body: string
  service: string
  region: string
  credentials: Credentials
  now: Date
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest()

/** RFC 3986 encoding, as SigV4 wants it: encodeURIComponent leaves !'()* alone. */
const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * Every service but S3 signs the path as sent (already encoded once), encoded again, and
 * normalised (RFC 3986): no empty segments, so `//a//` signs as `/a/` (the suite's
 * get-slashes). The URL has resolved `.` and `..` already.
 */
function canonicalPath(pathname: string): string {
  const segments = pathname.split('/').filter((segment) => segment !== '')
  const trailing = segments.length > 0 && pathname.endsWith('/') ? '/' : ''
  return `/${segments.map(encode).join('/')}${trailing}`
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** `20260301T120000Z` and `20260301`. */
function stamps(now: Date): { amzDate: string; day: string } {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  return { amzDate, day: amzDate.slice(0, 8) }
}

/** The request's headers with `host`, `x-amz-date`, the session token and `authorization` added. */
export function sign(input: SignInput): Record<string, string> {
  const { amzDate, day } = stamps(input.now)
  const headers: Record<string, string> = {
    ...input.headers,
    host: input.url.host,
    'x-amz-date': amzDate,
    ...(input.credentials.sessionToken ? { 'x-amz-security-token': input.credentials.sessionToken } : {}),
  }
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort()
  const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  // Trim and collapse runs of spaces and tabs only: `\s` would also take U+00A0, a legal header
  // byte that AWS (and the SDK) sign as it is.
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(lowered[n])
          .replace(/[ \t]+/g, ' ')
          .replace(/^ | $/g, '')}\n`,
    )
    .join('')
  const signedHeaders = names.join(';')
  const canonicalRequest = [
    input.method,
    canonicalPath(input.url.pathname),
    canonicalQuery(input.url.searchParams),
    canonicalHeaders,
    signedHeaders,
    sha256Hex(input.body),
  ].join('\n')
  const scope = `${day}/${input.region}/${input.service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n')
  const key = hmac(
    hmac(hmac(hmac(`AWS4${input.credentials.secretAccessKey}`, day), input.region), input.service),
    'aws4_request',
  )
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex')
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  }
}
