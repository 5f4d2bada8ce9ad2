/**
 * Loopback stand-ins, for the bench and the tests, for the two AWS services our functions
 * call that have no local engine: a user pool's published keys and Secrets Manager.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'

export const REGION = 'eu-west-2'

const listen = async (server: Server) => {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

/**
 * A user pool's JWKS on loopback and an ID token it signed, so the web function's first
 * signed-in page does what it does in AWS: fetch the pool's keys, verify, then read DynamoDB.
 */
export async function startFakeCognito(clientId: string, groups: string[] = ['secretariat']) {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' }
  let requests = 0
  const server = createServer((req, res) => {
    requests++
    if (req.url?.endsWith('/.well-known/jwks.json')) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ keys: [jwk] }))
    } else {
      res.writeHead(404).end()
    }
  })
  const issuer = `${await listen(server)}/${REGION}_bench`
  const token = await new SignJWT({ token_use: 'id', 'cognito:groups': groups })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
    .setSubject('bench-sec')
    .setIssuer(issuer)
    .setAudience(clientId)
    .setIssuedAt()
    .setExpirationTime('6h')
    .sign(privateKey)
  return { issuer, sessionCookie: `ui_session=${token}`, requests: () => requests, stop: () => close(server) }
}

/**
 * Secrets Manager's GetSecretValue on loopback (there is no local engine for it): api and
 * sendReminders read their link-signing secret at cold start in AWS, and do so here too.
 */
export async function startFakeSecretsManager(secretString: string) {
  let requests = 0
  const server = createServer((req, res) => {
    requests++
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const refuse = (__type: string, message: string) => {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
        res.end(JSON.stringify({ __type, message }))
      }
      if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue')
        return refuse('InvalidRequestException', 'not faked')
      // Only the one secret exists, so a wrong or mangled ARN fails as it would in AWS.
      let secretId: unknown
      try {
        secretId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: unknown }).SecretId
      } catch {
        return refuse('InvalidRequestException', 'body is not JSON')
      }
      if (secretId !== LINK_SECRET_ARN)
        return refuse('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
      res.end(
        JSON.stringify({
          ARN: LINK_SECRET_ARN,
          Name: 'link-secret',
          SecretString: secretString,
          VersionId: '00000000-0000-0000-0000-000000000000',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_767_225_600,
        }),
      )
    })
  })
  return { endpoint: await listen(server), requests: () => requests, stop: () => close(server) }
}

export const LINK_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:123456789012:secret:link-secret-AbCdEf`
