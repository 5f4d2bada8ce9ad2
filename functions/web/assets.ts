import { Hono } from 'hono'
import { CSS_PATH, JS_PATH } from '../http/ui/asset-names.generated.ts'
import { CSS, JS } from '../http/ui/assets.generated.ts'

/**
 * The pages' stylesheet and script (GOV.UK Frontend, built by `npm run build:assets`), at
 * paths that carry their content's fingerprint: a browser may keep each for a year, and a
 * new build is a new path. Public: the sign-in page and the owner's page need them too.
 */
const FILES = new Map([
  [CSS_PATH, { body: CSS, type: 'text/css; charset=utf-8' }],
  [JS_PATH, { body: JS, type: 'text/javascript; charset=utf-8' }],
])

export function assetRoutes(): Hono {
  const app = new Hono()
  app.get('/ui/assets/:file', (c) => {
    const file = FILES.get(c.req.path)
    if (!file) return c.notFound()
    return c.body(file.body, 200, {
      'Content-Type': file.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
    })
  })
  return app
}
