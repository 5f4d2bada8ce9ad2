import { createHash } from 'node:crypto'
import { raw } from 'hono/html'
import type { Child, PropsWithChildren } from 'hono/jsx'
import { CSS_PATH, JS_PATH } from './asset-names.generated.ts'
import { Breadcrumbs } from './components.tsx'

export const SERVICE = 'Meeting action tracker'

/**
 * The Design System's one inline script: it marks the body before the page is painted, so
 * components styled for script (the character count, the menu toggle) do not jump. The
 * Content Security Policy allows it by its hash, and otherwise only our own files.
 */
const BODY_CLASS_SNIPPET =
  "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');"
const SNIPPET_HASH = `sha256-${createHash('sha256').update(BODY_CLASS_SNIPPET).digest('base64')}`

/**
 * Headers every page carries. The owner's link has its token in the URL, so no referrer may
 * leak it. `formTo` names another origin a form may end up at: browsers apply `form-action`
 * to the redirects after a post too, and signing out ends at Cognito's logout page.
 */
export function pageHeaders(formTo?: string): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': [
      "default-src 'none'",
      `script-src 'self' '${SNIPPET_HASH}'`,
      "style-src 'self'",
      `form-action 'self'${formTo ? ` ${formTo}` : ''}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'Referrer-Policy': 'no-referrer',
    'Strict-Transport-Security': 'max-age=31536000',
    'X-Frame-Options': 'DENY',
    'X-Robots-Tag': 'noindex, nofollow',
  }
}

export const PAGE_HEADERS = pageHeaders()

export type NavLink = { href: string; label: string; current?: boolean }

/**
 * Who is signed in and where they may go: the service navigation's links and its sign-out
 * button; `who` is null on the public pages, where no one is signed in.
 */
export type Navigation = { links: readonly NavLink[]; who: string | null }

/**
 * The page template: skip link, a generic header with the service's name (no crown: this is
 * not GOV.UK), the service navigation, breadcrumbs, one `main`, and a footer that links the
 * accessibility statement. `title` becomes "Error: …" when a form on the page was refused.
 */
export function Page({
  title,
  error,
  nav,
  breadcrumbs,
  footer,
  home = '/ui',
  children,
}: PropsWithChildren<{
  title: string
  error?: boolean
  nav?: Navigation
  breadcrumbs?: readonly { href: string; label: string }[]
  footer?: Child
  /** Where the service's name in the header leads (the public pages: their own index). */
  home?: string
}>) {
  return (
    <html lang="en-GB" class="govuk-template">
      <head>
        <meta charset="utf-8" />
        <title>{`${error ? 'Error: ' : ''}${title} – ${SERVICE}`}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <link rel="stylesheet" href={CSS_PATH} />
      </head>
      <body class="govuk-template__body">
        <script>{raw(BODY_CLASS_SNIPPET)}</script>
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
          Skip to main content
        </a>
        <header class="govuk-template__header">
          <div class="govuk-generic-header">
            <div class="govuk-generic-header__container govuk-width-container">
              <div class="govuk-generic-header__logo">
                <a href={home} class="govuk-generic-header__homepage-link">
                  {SERVICE}
                </a>
              </div>
            </div>
          </div>
          {nav ? <ServiceNavigation nav={nav} /> : null}
        </header>
        <div class="govuk-width-container">
          {breadcrumbs ? <Breadcrumbs items={breadcrumbs} /> : null}
          <main class="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <footer class="govuk-footer">
          <div class="govuk-width-container">
            <div class="govuk-footer__meta">
              <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 class="govuk-visually-hidden">Support links</h2>
                <ul class="govuk-footer__inline-list">
                  <li class="govuk-footer__inline-list-item">
                    <a class="govuk-footer__link" href="/ui/accessibility">
                      Accessibility statement
                    </a>
                  </li>
                </ul>
                {footer ? <div class="govuk-body-s">{footer}</div> : null}
              </div>
            </div>
          </div>
        </footer>
        <script type="module" src={JS_PATH} />
      </body>
    </html>
  )
}

function ServiceNavigation({ nav }: { nav: Navigation }) {
  return (
    <section
      aria-label="Service information"
      class="govuk-service-navigation"
      data-module="govuk-service-navigation"
    >
      <div class="govuk-width-container govuk-service-navigation__inlining-container">
        <div class="govuk-service-navigation__container">
          <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
            {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: the Design System's toggle, hidden until its script shows it at narrow widths */}
            <button
              type="button"
              class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
              aria-controls="navigation"
              hidden
              aria-hidden="true"
            >
              Menu
            </button>
            <ul class="govuk-service-navigation__list" id="navigation">
              {nav.links.map((l) => (
                <li
                  class={
                    l.current
                      ? 'govuk-service-navigation__item govuk-service-navigation__item--active'
                      : 'govuk-service-navigation__item'
                  }
                >
                  <a
                    class="govuk-service-navigation__link"
                    href={l.href}
                    aria-current={l.current ? 'page' : undefined}
                  >
                    {l.current ? (
                      <strong class="govuk-service-navigation__active-fallback">{l.label}</strong>
                    ) : (
                      l.label
                    )}
                  </a>
                </li>
              ))}
              {nav.who === null ? null : (
                <>
                  <li class="govuk-service-navigation__item">
                    <span class="govuk-body-s">{nav.who}</span>
                  </li>
                  <li class="govuk-service-navigation__item">
                    <form method="post" action="/ui/sign-out" class="app-service-navigation__sign-out">
                      <button type="submit" class="app-link-button govuk-service-navigation__link">
                        Sign out
                      </button>
                    </form>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </div>
      </div>
    </section>
  )
}

/** A page as the HTML text to send. */
export const render = (page: Child): string => `<!doctype html>${String(page)}`

/** A page that says one thing, and the way on if there is one. */
export function messagePage(
  title: string,
  message: string,
  back?: { href: string; label: string },
  nav?: Navigation,
): string {
  return render(
    <Page title={title} nav={nav}>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body-l">{message}</p>
      {back ? (
        <p class="govuk-body">
          <a class="govuk-link" href={back.href}>
            {back.label}
          </a>
        </p>
      ) : null}
    </Page>,
  )
}
