import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LinkSigner } from '#shared/auth/signed-link.ts'
import { historyEntry } from '#shared/domain/history.ts'
import { meeting, type Res, raise, TEST_LINK_SECRET } from './harness.ts'
import { reminderFixture, reminders } from './reminder-fixture.ts'

/**
 * The owner's signed link, end to end: the link comes out of the reminder email in the
 * emulator's mailbox, the page is fetched and its form posted like a browser would, and
 * the result is read back through the API.
 */
const clock = { now: new Date('2026-03-01T09:00:00Z') }
let s: Awaited<ReturnType<typeof reminderFixture>>
let dueId: string
let dtActions: { id: string; ref: string }[]
let bsAction: string
let dtLink: string

const page = (url: string, init: RequestInit = {}) =>
  fetch(url, { redirect: 'manual', ...init }).then(async (r) => ({
    status: r.status,
    html: await r.text(),
    headers: r.headers,
  }))

/** The hidden form token the page issued for one action. */
function formFor(html: string, actionId: string): string {
  const form = html.split('<form').find((f) => f.includes(`name="actionId" value="${actionId}"`))
  const token = form && /name="form" value="([^"]+)"/.exec(form)?.[1]
  if (!token) throw new Error(`no form for ${actionId} on the page`)
  return token
}

const post = (link: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  page(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  })

/** The reminder's link is revoked part-way through; later tests use one issued after that. */
const freshLink = () =>
  `${s.api.url}/respond/${s.stream.deps.links.signer.sign({
    p: 'owner-page',
    o: s.dt,
    m: dueId,
    e: Math.floor(Date.parse('2026-03-24T10:00:00Z') / 1000),
    i: Math.floor(clock.now.getTime() / 1000) + 1,
  })}`

const history = async (actionId: string) =>
  (
    (await s.api.get(`/actions/${actionId}/history`)) as Res<{
      items: { kind: string; by: { kind: string; personId: string } }[]
    }>
  ).body.items

beforeAll(async () => {
  s = await reminderFixture({ clock })
  const raisedAt = await meeting(s.api, s.board.id, '2026-02-24T10:00:00Z')
  dueId = await meeting(s.api, s.board.id, '2026-03-24T10:00:00Z')
  dtActions = []
  for (const [i, description] of ['Draft the stop and search report', 'Review the custody audit'].entries()) {
    const a = await raise(s.api, raisedAt, { itemNumber: i + 2, description, ownerIds: [s.dt] })
    dtActions.push({ id: a.id, ref: a.ref })
  }
  bsAction = (await raise(s.api, raisedAt, { itemNumber: 5, description: 'BS only', ownerIds: [s.bs] })).id
  clock.now = new Date('2026-03-17T08:00:00Z')
  await s.sweep(clock.now.toISOString())
  const [email] = await reminders(s.mail.dt)
  const link = /https?:\/\/\S+\/respond\/[\w.-]+/.exec(email?.body.text ?? '')?.[0]
  if (!link) throw new Error('no signed link in the reminder')
  expect(email?.body.html).toContain(`href="${link}"`)
  dtLink = link
})

afterAll(async () => {
  await s?.close()
})

describe('the signed link in the reminder', () => {
  it('opens a page listing only that owner’s actions due at the meeting, with safe headers', async () => {
    const res = await page(dtLink)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'")
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.html).toContain('Owner DT (DT)')
    for (const a of dtActions) {
      expect(res.html).toContain(`for="text-${a.id}">Your update on ${a.ref}</label>`)
    }
    expect(res.html).not.toContain('BS only')
    expect(res.html).not.toContain(bsAction)
  })

  it('records an update with a proposal of completion in the history as the owner, once', async () => {
    const [target] = dtActions
    if (!target) throw new Error('fixture')
    const form = formFor((await page(dtLink)).html, target.id)
    const fields = {
      form,
      actionId: target.id,
      text: 'Report circulated to the board',
      proposeComplete: 'yes',
    }

    // What a browser sends for the page's own form: the page's no-referrer policy makes
    // the Origin "null", and fetch metadata says it is same-origin.
    const sent = await post(dtLink, fields, { origin: 'null', 'sec-fetch-site': 'same-origin' })
    expect(sent.status).toBe(303)
    const back = await page(new URL(sent.headers.get('location') ?? '', dtLink).toString())
    expect(back.html).toContain(`Your update on ${target.ref} was recorded and proposed as complete`)

    const action = (await s.api.get(`/actions/${target.id}`)).body
    expect(action.updates.at(-1)).toMatchObject({
      text: 'Report circulated to the board',
      proposeComplete: true,
      by: { kind: 'owner-link', personId: s.dt },
    })
    const posted = (await history(target.id)).filter((h) => h.kind === 'update-posted')
    expect(posted).toHaveLength(1)
    expect(posted[0]?.by).toMatchObject({ kind: 'owner-link', personId: s.dt })

    // The same form again (a replay, a double click, the back button): refused, nothing added.
    const replay = await post(dtLink, fields)
    expect(replay.status).toBe(409)
    expect(replay.html).toContain('This form was already sent')
    expect((await history(target.id)).filter((h) => h.kind === 'update-posted')).toHaveLength(1)
  })

  it('shows the page again with an error that names the field, and the form still works after', async () => {
    const [, target] = dtActions
    if (!target) throw new Error('fixture')
    const form = formFor((await page(dtLink)).html, target.id)
    const empty = await post(dtLink, { form, actionId: target.id, text: '   ' })
    expect(empty.status).toBe(400)
    expect(empty.html).toContain('There is a problem')
    expect(empty.html).toContain(
      `<a href="#text-${target.id}">Your update on ${target.ref}: Enter your update</a>`,
    )
    expect(empty.html).toContain(
      `aria-describedby="text-${target.id}-info text-${target.id}-hint text-${target.id}-error"`,
    )

    const fixed = await post(
      dtLink,
      { form, actionId: target.id, text: 'Audit booked for April' },
      { origin: new URL(dtLink).origin },
    )
    expect(fixed.status).toBe(303)
    expect((await s.api.get(`/actions/${target.id}`)).body.updates.at(-1).text).toBe('Audit booked for April')
  })

  it('refuses a tampered or forged link with a clear page', async () => {
    const [version, payload, sig] = dtLink.split('/respond/')[1]?.split('.') ?? []
    const base = dtLink.split('/respond/')[0]
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())
    const otherOwner = Buffer.from(JSON.stringify({ ...claims, o: s.bs })).toString('base64url')
    const flipped = `${sig?.slice(0, -2)}${sig?.endsWith('AA') ? 'BB' : 'AA'}`
    const forged = new LinkSigner('a-different-secret-of-sufficient-length!!').sign(claims)
    for (const bad of [
      `${version}.${otherOwner}.${sig}`,
      `${version}.${payload}.${flipped}`,
      forged,
      'not-a-token',
    ]) {
      const res = await page(`${base}/respond/${bad}`)
      expect(res.status, bad).toBe(403)
      expect(res.html).toContain('This link cannot be used')
      expect(res.html).not.toContain('BS only')
    }
  })

  it('refuses a form token from another action, and a post from another site', async () => {
    const [first, second] = dtActions
    if (!first || !second) throw new Error('fixture')
    const html = (await page(dtLink)).html
    const swapped = await post(dtLink, { form: formFor(html, first.id), actionId: second.id, text: 'x' })
    expect(swapped.status).toBe(403)
    const crossSite = await post(
      dtLink,
      { form: formFor(html, second.id), actionId: second.id, text: 'From elsewhere' },
      { origin: 'https://attacker.example' },
    )
    expect(crossSite.status).toBe(403)
    expect(crossSite.html).toContain('sent from another website')
    const fetchMeta = await post(
      dtLink,
      { form: formFor(html, second.id), actionId: second.id, text: 'From elsewhere' },
      { 'sec-fetch-site': 'cross-site' },
    )
    expect(fetchMeta.status).toBe(403)
    const texts = (await s.api.get(`/actions/${second.id}`)).body.updates.map((u: { text: string }) => u.text)
    expect(texts).not.toContain('From elsewhere')
  })

  it('is withdrawn by the secretariat, and a link issued afterwards works', async () => {
    const revoke = await s.api.post(`/meetings/${dueId}/owner-links/revoke`, { ownerId: s.dt })
    expect(revoke.status).toBe(204)
    const res = await page(dtLink)
    expect(res.status).toBe(410)
    expect(res.html).toContain('withdrawn')
    expect(res.html).toContain(`mailto:sec@`)

    clock.now = new Date(clock.now.getTime() + 1000)
    const fresh = s.stream.deps.links.signer.sign({
      p: 'owner-page',
      o: s.dt,
      m: dueId,
      e: Math.floor(Date.parse('2026-03-24T10:00:00Z') / 1000),
      i: Math.floor(clock.now.getTime() / 1000) + 1,
    })
    expect((await page(`${s.api.url}/respond/${fresh}`)).status).toBe(200)
    // Members cannot revoke.
    const member = await s.api.token('member', s.dt)
    expect(
      (await s.api.post(`/meetings/${dueId}/owner-links/revoke`, { ownerId: s.dt }, { token: member }))
        .status,
    ).toBe(403)
  })

  it('stops working when the meeting starts, and when it is cancelled', async () => {
    const link = `${s.api.url}/respond/${new LinkSigner(TEST_LINK_SECRET).sign({
      p: 'owner-page',
      o: s.bs,
      m: dueId,
      e: Math.floor(Date.parse('2026-03-24T10:00:00Z') / 1000),
      i: Math.floor(clock.now.getTime() / 1000),
    })}`
    expect((await page(link)).status).toBe(200)
    const saved = clock.now
    clock.now = new Date('2026-03-24T10:00:00Z')
    const late = await page(link)
    expect(late.status).toBe(410)
    expect(late.html).toContain('This link has expired')
    clock.now = saved

    const later = await meeting(s.api, s.board.id, '2026-04-21T10:00:00+01:00')
    const laterLink = `${s.api.url}/respond/${new LinkSigner(TEST_LINK_SECRET).sign({
      p: 'owner-page',
      o: s.bs,
      m: later,
      e: Math.floor(Date.parse('2026-04-21T09:00:00Z') / 1000),
      i: Math.floor(clock.now.getTime() / 1000),
    })}`
    expect((await page(laterLink)).status).toBe(200)
    const m = await s.api.get(`/meetings/${later}`)
    const cancel = await s.api.patch(
      `/meetings/${later}`,
      { status: 'cancelled' },
      { headers: { 'if-match': `"${m.body.version}"` } },
    )
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200)
    const gone = await page(laterLink)
    expect(gone.status).toBe(410)
    expect(gone.html).toContain('cancelled')
  })

  it('keeps the form usable when its save fails, so nothing the owner typed is lost', async () => {
    const [target] = dtActions
    if (!target) throw new Error('fixture')
    const link = freshLink()
    const form = formFor((await page(link)).html, target.id)
    const claims = JSON.parse(Buffer.from(form.split('.')[1] ?? '', 'base64url').toString())
    // A save carrying this form fails (a stale version, as when a concurrent change wins)…
    const { store } = s.api.deps
    const current = (await s.api.get(`/actions/${target.id}`)).body
    const stale = { ...current, version: current.version - 1 }
    const next = { ...current, version: current.version }
    await expect(
      store.actions.save(
        stale,
        next,
        historyEntry(next, { kind: 'system', role: null, personId: null, subject: 'test' }, 'update-posted'),
        { consumeForm: { nonce: claims.n, expiresAt: claims.e } },
      ),
    ).rejects.toMatchObject({ kind: 'conflict', reason: 'stale-version' })
    // …and the owner's own post of the same form is still accepted.
    const sent = await post(link, { form, actionId: target.id, text: 'Sent after a failed attempt' })
    expect(sent.status).toBe(303)
    expect((await s.api.get(`/actions/${target.id}`)).body.updates.at(-1).text).toBe(
      'Sent after a failed attempt',
    )
  })

  it('answers anything but its own form with a page, not a JSON error', async () => {
    const [target] = dtActions
    if (!target) throw new Error('fixture')
    const link = freshLink()
    const form = formFor((await page(link)).html, target.id)
    const json = await page(link, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ form, actionId: target.id, text: 'as JSON' }),
    })
    expect(json.status).toBe(415)
    expect(json.headers.get('content-type')).toContain('text/html')
    expect(json.html).toContain('This page accepts only its own form')
    expect(json.html).toContain('Go back to your actions')
  })

  it('counts a line break as one character, as the browser’s maxlength does', async () => {
    const [, target] = dtActions
    if (!target) throw new Error('fixture')
    const link = freshLink()
    const form = formFor((await page(link)).html, target.id)
    // 4,000 characters in the textarea; 4,001 as sent, because the browser sends CRLF.
    const text = `${'a'.repeat(3998)}\r\nb`
    const sent = await post(link, { form, actionId: target.id, text })
    expect(sent.status).toBe(303)
    expect((await s.api.get(`/actions/${target.id}`)).body.updates.at(-1).text).toBe(`${'a'.repeat(3998)}\nb`)
  })
})
