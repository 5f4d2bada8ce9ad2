import type { Logger } from '@aws-lambda-powertools/logger'
import type { Hono } from 'hono'
import type { LinkSigner } from '#shared/auth/signed-link.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { type Env, httpApp, mountRoutes } from '../http/http.ts'
import { buildOpenApi } from './openapi.ts'
import { mountOwnerPages } from './owner-routes.ts'
import { documentedRoutes, routes } from './routes.ts'

export type AppOptions = {
  deps: Deps
  logger: Logger
  maxBodyBytes: number
  links: LinkSigner
  /**
   * More to serve from the same app, in order. In AWS the action log and the web pages run in
   * functions of their own; the local stack and the tests serve them here, behind the one
   * emulated API Gateway.
   */
  more?: readonly ((app: Hono<Env>) => void)[] | undefined
}

/** The HTTP API as a Hono app, wired from the route table, with the owners' pages. */
export function createApp({ deps, logger, maxBodyBytes, links, more = [] }: AppOptions): Hono<Env> {
  const app = httpApp(logger)
  // The description covers the whole API, whichever function serves each route. Built on
  // first request, not at cold start: turning every schema into JSON Schema takes a while.
  let openApi: string | undefined
  app.get('/openapi.json', (c) => {
    openApi ??= JSON.stringify(buildOpenApi(documentedRoutes))
    return c.body(openApi, 200, { 'Content-Type': 'application/json' })
  })
  mountOwnerPages(app, { deps, links, maxBodyBytes, logger })
  mountRoutes(app, routes, { deps, maxBodyBytes })
  for (const mount of more) mount(app)
  return app
}
