import { expect } from 'vitest'

/**
 * A browser's side of the web pages, over plain HTTP: get and post a form (redirects not
 * followed), read a field off a page, sign in on the local sign-in page.
 */
export function pagesClient(baseUrl: () => string) {
  const get = (path: string, cookie = '') =>
    fetch(`${baseUrl()}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl()}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields),
    })

  /** The one-time key of a form on the page at `path` (a browser sends it back with the form). */
  async function formKey(path: string, cookie: string, action?: string): Promise<string> {
    const key = fieldOf(await (await get(path, cookie)).text(), 'formKey', action)
    if (!key) throw new Error(`no form key on ${path}`)
    return key
  }

  /** Signs in on the local sign-in page; the session cookie, ready for a `cookie` header. */
  async function signIn(role: string, personId = ''): Promise<string> {
    const res = await post('/ui/sign-in', { role, personId })
    expect(res.status).toBe(303)
    const set = res.headers.get('set-cookie') ?? ''
    expect(set).toMatch(/^ui_session=[^;]+; Path=\/ui; Max-Age=\d+; HttpOnly; SameSite=Lax/)
    return set.split(';')[0] ?? ''
  }

  return { get, post, formKey, signIn }
}

/** A field's value in the page's form that posts to `action` (any form if not named). */
export function fieldOf(html: string, name: string, action?: string): string {
  const form = action ? `<form method="post" action="${action}"[^>]*>[\\s\\S]*?` : ''
  return new RegExp(`${form}name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? ''
}
