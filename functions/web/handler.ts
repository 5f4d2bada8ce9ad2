import { loadConfig, WebConfig } from '#shared/config.ts'
import { createDeps } from '#shared/runtime.ts'
import { httpHandler } from '../http/http.ts'
import { cognitoAuth } from '../http/session.ts'
import { createWebApp } from './app.ts'

// Cold start: validate config and build clients once per execution environment.
const config = loadConfig(WebConfig, process.env)

export const handler = httpHandler('action-tracker-web', config, (logger) =>
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
)
