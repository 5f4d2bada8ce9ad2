/**
 * Loopback stand-ins, for the bench and the tests, for the two AWS services our functions
 * call that have no local engine: a user pool's published keys and Parameter Store.
 */
import { createServer } from 'node:http'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { closeServer, listen } from './processes.ts'

export const REGION = 'eu-west-2'

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
  return {
    issuer,
    sessionCookie: `ui_session=${token}`,
    requests: () => requests,
    stop: () => closeServer(server),
  }
}

/**
 * Parameter Store's GetParameter on loopback (there is no local engine for it): the API and
 * the email senders read their link-signing secret, a SecureString, at cold start in AWS, and
 * do so here too. It answers only a decrypted read of the one parameter, as the functions make.
 */
export async function startFakeParameterStore(secret: string) {
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
      if (req.headers['x-amz-target'] !== 'AmazonSSM.GetParameter')
        return refuse('InvalidAction', 'not faked')
      let body: { Name?: unknown; WithDecryption?: unknown }
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        return refuse('ValidationException', 'body is not JSON')
      }
      // Only the one parameter exists, so a wrong name fails as it would in AWS; without
      // WithDecryption SSM would hand back the ciphertext, which no function could use.
      if (body.Name !== LINK_SECRET_PARAMETER) return refuse('ParameterNotFound', '')
      if (body.WithDecryption !== true) return refuse('ValidationException', 'faked only with WithDecryption')
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
      res.end(
        JSON.stringify({
          Parameter: {
            Name: LINK_SECRET_PARAMETER,
            Type: 'SecureString',
            Value: secret,
            Version: 1,
            LastModifiedDate: 1_767_225_600,
            ARN: `arn:aws:ssm:${REGION}:123456789012:parameter${LINK_SECRET_PARAMETER}`,
            DataType: 'text',
          },
        }),
      )
    })
  })
  return { endpoint: await listen(server), requests: () => requests, stop: () => closeServer(server) }
}

export const LINK_SECRET_PARAMETER = '/action-tracker/test/link-secret'
