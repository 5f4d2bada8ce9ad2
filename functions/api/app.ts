import type { Logger } from '@aws-lambda-powertools/logger'
import type { Hono } from 'hono'
import type { LinkSigner } from '#shared/auth/signed-link.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { type Env, httpApp, mountRoutes } from './http.ts'
import { buildOpenApi } from './openapi.ts'
import { mountOwnerPages } from './owner-routes.ts'
import { documentedRoutes, routes } from './routes.ts'
import { mountUi, mountUiFallback } from './ui/routes.ts'
import type { UiAuth } from './ui/session.ts'

export { loggablePath } from './http.ts'

export type AppOptions = {
  deps: Deps
  logger: Logger
  maxBodyBytes: number
  links: LinkSigner
  /** How people sign in to the web pages; without it the app serves only the API and owners' pages. */
  ui?: UiAuth | undefined
  /**
   * More to serve from the same app. In AWS the action log runs in a function of its own
   * (the Word library would triple this one's cold start); the local stack and the tests
   * serve it here, behind the one emulated API Gateway.
   */
  more?: ((app: Hono<Env>) => void) | undefined
}

/** The HTTP API as a Hono app, wired from the route table, with the owners' and the web pages. */
export function createApp({ deps, logger, maxBodyBytes, links, ui, more }: AppOptions): Hono<Env> {
  const app = httpApp(logger)
  // The description covers the whole API, whichever function serves each route. Built on
  // first request, not at cold start: turning every schema into JSON Schema takes a while.
  let openApi: string | undefined
  app.get('/openapi.json', (c) => {
    openApi ??= JSON.stringify(buildOpenApi(documentedRoutes))
    return c.body(openApi, 200, { 'Content-Type': 'application/json' })
  })
  mountOwnerPages(app, { deps, links, maxBodyBytes, logger })
  if (ui) {
    mountUi(app, { deps, auth: ui, logger, maxBodyBytes })
    app.get('/', (c) => c.redirect('/ui', 302))
  }
  mountRoutes(app, routes, { deps, maxBodyBytes })
  more?.(app)
  if (ui) mountUiFallback(app, ui)
  return app
}
