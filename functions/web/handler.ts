import { Logger } from '@aws-lambda-powertools/logger'
import { handle } from 'hono/aws-lambda'
import { loadConfig, WebConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { LAMBDA_BODIES } from '../http/http.ts'
import { cognitoAuth } from '../http/session.ts'
import { createWebApp } from './app.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(WebConfig, process.env)
const logger = new Logger({ serviceName: 'action-tracker-web', logLevel: config.LOG_LEVEL })

export const handler = handle(
  createWebApp({
    deps: createDeps(config),
    logger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    auth: cognitoAuth({
      issuer: config.COGNITO_ISSUER,
      clientId: config.COGNITO_CLIENT_ID,
      domain: config.COGNITO_DOMAIN,
      baseUrl: config.PUBLIC_BASE_URL,
    }),
  }),
  LAMBDA_BODIES,
)
