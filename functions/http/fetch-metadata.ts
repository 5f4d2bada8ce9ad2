/**
 * Whether the browser says the post came from another site. Fetch metadata is the clear
 * signal where sent (`same-origin`, or `none` for a user's own navigation). Without it,
 * the `Origin` host must match ours; `Origin: null`, which the page's `no-referrer`
 * policy makes browsers send even for our own form, and a missing one (curl, older
 * clients) say nothing, so the single-use form token alone decides.
 */
export function fromAnotherSite(
  fetchSite: string | undefined,
  origin: string | undefined,
  url: string,
): boolean {
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none'
  if (!origin || origin === 'null') return false
  try {
    return new URL(origin).host !== new URL(url).host
  } catch {
    return true
  }
}
