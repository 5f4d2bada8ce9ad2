import { Hono } from 'hono'
import { Id, Role } from '#shared/domain/common.ts'
import { principalFromClaims } from '#shared/domain/principal.ts'
import {
  cognitoAuthorizeUrl,
  cognitoCallback,
  cognitoLogoutUrl,
  currentPrincipal,
  endSession,
  startSession,
} from '../../http/session.ts'
import { messagePage } from '../../http/ui/page.tsx'
import type { WebKit } from '../kit.ts'
import { accessibilityPage, signInPage } from './pages.tsx'

/** Signing in and out (the local stack's page, or Cognito's hosted UI), and the public pages. */
export function signInRoutes(k: WebKit): Hono {
  const { auth, deps, htmlPage, problem, readForm } = k
  const app = new Hono()

  app.get('/ui', async (c) => {
    const principal = await currentPrincipal(c, auth)
    if (!principal) return c.redirect('/ui/sign-in', 303)
    const home = { secretariat: '/ui/boards', chair: '/ui/chair', member: '/ui/mine' }[principal.role]
    return c.redirect(home, 303)
  })

  app.get('/ui/accessibility', (c) => htmlPage(c, accessibilityPage()))

  app.get('/ui/sign-in', async (c) => {
    if (auth.signIn.kind === 'cognito') return c.redirect(cognitoAuthorizeUrl(c, auth.signIn), 302)
    return htmlPage(c, signInPage(await deps.store.people.list()))
  })

  app.post('/ui/sign-in', async (c) => {
    if (auth.signIn.kind !== 'local') return c.redirect('/ui/sign-in', 303)
    try {
      const form = await readForm(c)
      const role = Role.safeParse(form.role)
      if (!role.success) {
        const state = { form: 'sign-in', issues: [{ path: 'role', message: 'Choose a role' }], values: form }
        return htmlPage(c, signInPage(await deps.store.people.list(), state), 400)
      }
      const personId = Id.safeParse(form.personId).success ? (form.personId ?? null) : null
      const { token, maxAgeSeconds } = await auth.signIn.issue({ role: role.data, personId })
      startSession(c, token, maxAgeSeconds)
      return c.redirect('/ui', 303)
    } catch (e) {
      return problem(c, e)
    }
  })

  app.get('/ui/auth/callback', async (c) => {
    if (auth.signIn.kind !== 'cognito') return c.redirect('/ui/sign-in', 303)
    const tokens = await cognitoCallback(c, auth.signIn).catch(() => null)
    const claims = tokens ? await auth.verify(tokens.idToken) : null
    if (tokens && claims && !principalFromClaims(claims)) {
      // Signing in again would loop through the hosted UI: say what is missing instead.
      return htmlPage(
        c,
        messagePage(
          'Your account has no role yet',
          'Ask the secretariat to add you to the secretariat, chair or member group, then sign in again.',
          { href: cognitoLogoutUrl(auth.signIn), label: 'Sign out' },
        ),
        403,
      )
    }
    if (!tokens || !claims) {
      return htmlPage(
        c,
        messagePage('Sign-in did not complete', 'Please try again.', {
          href: '/ui/sign-in',
          label: 'Sign in',
        }),
        400,
      )
    }
    startSession(c, tokens.idToken, tokens.maxAgeSeconds)
    return c.redirect('/ui', 303)
  })

  app.post('/ui/sign-out', async (c) => {
    try {
      await readForm(c) // another site may not sign people out either
    } catch (e) {
      return problem(c, e)
    }
    endSession(c)
    return c.redirect(auth.signIn.kind === 'cognito' ? cognitoLogoutUrl(auth.signIn) : '/ui/signed-out', 303)
  })

  app.get('/ui/signed-out', (c) =>
    htmlPage(
      c,
      messagePage('You have signed out', 'Close the browser if you share this computer.', {
        href: '/ui/sign-in',
        label: 'Sign in again',
      }),
    ),
  )

  return app
}
