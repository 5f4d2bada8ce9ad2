import type { Logger } from '@aws-lambda-powertools/logger'
import type { Hono } from 'hono'
import type { Deps } from '#shared/usecases/deps.ts'
import { type Env, httpApp } from '../http/http.ts'
import type { UiAuth } from '../http/session.ts'
import { messagePage } from '../http/ui/page.tsx'
import { actionRoutes } from './actions/routes.ts'
import { assetRoutes } from './assets.ts'
import { boardRoutes } from './boards/routes.ts'
import { importRoutes } from './imports/routes.ts'
import { webKit } from './kit.ts'
import { meetingRoutes } from './meetings/routes.ts'
import { overviewRoutes } from './overview/routes.ts'
import { peopleRoutes } from './people/routes.ts'
import { publishedRoutes } from './published/routes.ts'
import { signInRoutes } from './sign-in/routes.ts'
import { workProgrammeRoutes } from './work-programme/routes.ts'

export type WebOptions = { deps: Deps; logger: Logger; maxBodyBytes: number; auth: UiAuth }

/**
 * The web pages' own function: sign-in, and the secretariat's, chair's and members' pages.
 * Apart from the JSON API, so neither carries the other's code: the API has no templates or
 * session checks, the pages no OpenAPI generator (issue #5's bundle and cold-start targets).
 */
export function createWebApp(opts: WebOptions): Hono<Env> {
  const app = httpApp(opts.logger)
  withWebPages(opts)(app)
  return app
}

/**
 * Mounts the pages, an area at a time (each its own small Hono app on the same kit). The
 * local stack and the tests serve them from the one app behind the emulated gateway,
 * mounted last: their fallback answers every /ui path not served before.
 */
export function withWebPages({ deps, logger, maxBodyBytes, auth }: WebOptions) {
  return (app: Hono<Env>) => {
    const kit = webKit({ deps, auth, logger, maxBodyBytes })
    app.route('/', assetRoutes())
    for (const area of [
      signInRoutes,
      boardRoutes,
      meetingRoutes,
      importRoutes,
      actionRoutes,
      peopleRoutes,
      overviewRoutes,
      workProgrammeRoutes,
    ])
      app.route('/', area(kit))
    // The published action log: public, no session (issue #17). The work programme's page is
    // linked from its index once it is published.
    app.route('/', publishedRoutes(kit))
    app.get('/', (c) => c.redirect('/ui', 302))
    mountUiFallback(app, kit.headers)
  }
}

/**
 * Any other address under /ui answers with a page, not the API's JSON problem. Mounted
 * after everything else under /ui (the action log's download included), as Hono matches in
 * the order routes were added.
 */
function mountUiFallback(app: Hono<Env>, headers: Record<string, string>): void {
  app.all('/ui/*', (c) =>
    c.html(
      messagePage('Page not found', 'There is nothing here. The address may be wrong.', {
        href: '/ui',
        label: 'Go to your start page',
      }),
      404,
      headers,
    ),
  )
}
