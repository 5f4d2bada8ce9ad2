/**
 * The web pages' routes as API Gateway sees them: served without its JWT authorizer (the
 * pages check the session cookie themselves; the published log needs none). The pages are in functions/web, by area.
 */
export const uiRoutes = [
  // The bare address a person types leads to the pages.
  { method: 'get' as const, path: '/' },
  { method: 'get' as const, path: '/ui' },
  { method: 'get' as const, path: '/ui/{proxy+}' },
  { method: 'post' as const, path: '/ui/{proxy+}' },
  // The published action log (issue #17): for anyone, no sign-in. HEAD too (link checkers,
  // caches revalidating): Hono answers it from the GET route, without the body.
  { method: 'get' as const, path: '/published/{proxy+}' },
  { method: 'head' as const, path: '/published/{proxy+}' },
]
