import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda'
import { LinkSigner } from '#shared/auth/signed-link.ts'
import type { ApiConfig } from '#shared/config.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { httpHandler } from '../http/http.ts'
import { type AppOptions, createApp } from './app.ts'

/** The API's Lambda signature: an HTTP API (payload v2) event with the JWT authorizer's claims. */
export type ApiHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>

/** Builds the Lambda handler around given dependencies (the entry point and the local stack share it). */
export function buildApiHandler(config: ApiConfig, deps: Deps, more?: AppOptions['more']): ApiHandler {
  const links = new LinkSigner(config.LINK_SECRET)
  // Hono types the event as a union of every Lambda HTTP payload; ours is always v2.
  return httpHandler('action-tracker-api', config, (logger) =>
    createApp({ deps, logger, maxBodyBytes: config.MAX_BODY_BYTES, links, more }),
  ) as unknown as ApiHandler
}
