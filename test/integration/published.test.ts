import { marshall } from '@aws-sdk/util-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORWARD_PLAN_COLUMNS } from '#shared/domain/forward-plan.ts'
import { Meeting } from '#shared/domain/meeting.ts'
import { LICENCE_TEXT, NOT_PUBLISHED_WORDING, OGL } from '#shared/domain/publication.ts'
import { PUBLISHED_CSV_HEADER } from '#shared/export/csv.ts'
import { parseCsv } from '#test/unit/file-readers.ts'
import { type Api, meeting, newBoard, newPerson, raise, seedBoard, startApi, withStream } from './harness.ts'
import { pagesClient } from './pages.ts'

/**
 * The published action log (issue #17), crawled as the public sees it: no token, no cookie,
 * every page and CSV the board's index links to, and each checked for what must never be
 * published (exempt text, email addresses, internal ids, unapproved, withheld or withdrawn).
 */
let api: Api
let stream: Awaited<ReturnType<typeof withStream>>
let boardId: string
let people: Awaited<ReturnType<typeof seedBoard>>['people']
const ids = new Set<string>()
const emails = new Set<string>()
const m: Record<string, string> = {}

const NOW = new Date('2021-06-01T11:00:00Z')
/** Text that must never be published: exempt actions' text, updates and notes, and the section a custom wording leaves out. */
const SECRET = /SECRET|S\.43|Commercial Interests/
/** Text of actions at meetings that are not published, or withdrawn. */
const HIDDEN = /UNAPPROVED|WITHHELD|WITHDRAWN/
const ULID = /[0-9A-HJKMNP-TV-Z]{26}/g
const index = () => `/published/boards/${boardId}`

async function approve(meetingId: string, approvedOn: string) {
  const before = (await api.get(`/meetings/${meetingId}`)).body as Meeting
  const approved = await api.post(`/meetings/${meetingId}/minutes-approval`, {
    approvedOn,
    notifyOwners: false,
  })
  expect(approved.status, JSON.stringify(approved.body)).toBe(202)
  // The table's stream record of the approval, handed to on-table-change as Lambda would.
  const result = await stream.handler({
    Records: [
      {
        eventName: 'MODIFY',
        dynamodb: {
          SequenceNumber: String(Date.now()).padStart(21, '0'),
          OldImage: marshall({ ...before, type: 'Meeting' }, { removeUndefinedValues: true }),
          NewImage: marshall({ ...approved.body, type: 'Meeting' }, { removeUndefinedValues: true }),
        },
      },
    ],
  })
  expect(result.batchItemFailures).toEqual([])
}

const publication = (meetingId: string, body: unknown) =>
  api.call('PUT', `/meetings/${meetingId}/publication`, { body })

beforeAll(async () => {
  api = await startApi({ now: () => NOW })
  stream = await withStream(api)
  ;({ boardId, people } = await seedBoard(api))
  ids.add(boardId)
  for (const id of Object.values(people)) ids.add(id)
  for (const p of (await api.get('/people')).body.items as { id: string; email: string | null }[]) {
    ids.add(p.id)
    if (p.email) emails.add(p.email)
  }
  const at = async (name: string, startsAt: string) => {
    m[name] = await meeting(api, boardId, startsAt)
    ids.add(m[name])
  }
  await at('withheld', '2021-02-23T10:00:00Z')
  await at('march', '2021-03-30T10:00:00+01:00')
  await at('marchExtra', '2021-03-30T14:00:00+01:00')
  await at('april', '2021-04-27T10:00:00+01:00')
  await at('may', '2021-05-25T10:00:00+01:00')
  await at('future', '2099-06-22T10:00:00+01:00')
  const act = async (meetingId: string, body: Record<string, unknown>) => {
    const a = await raise(api, meetingId, body)
    ids.add(a.id)
    return a.id
  }

  await act(m.withheld ?? '', { itemNumber: 1, description: 'WITHHELD action text', ownerIds: [people.dt] })
  const carried = await act(m.march ?? '', {
    itemNumber: 3,
    description: 'Update PCC on how many of the 20 PCs are from BAME communities',
    ownerIds: [people.dt, people.team],
    dueMeetingId: m.april,
  })
  await api.post(`/actions/${carried}/updates`, {
    text: 'Figures requested from HR (ask dt.reply@force.example for the breakdown)',
  })
  const exempt = await act(m.march ?? '', {
    itemNumber: 4,
    description: 'SECRET-ARISING tactical options for the enforcement operation',
    ownerIds: [people.sr],
    exempt: { section: 'S.31 (Law Enforcement)' },
    dueMeetingId: m.april,
  })
  await api.post(`/actions/${exempt}/updates`, { text: 'SECRET-UPDATE deployment numbers agreed' })
  await act(m.marchExtra ?? '', {
    itemNumber: 1,
    description: 'Extraordinary item review',
    ownerIds: [people.afs],
  })
  const withdrawn = await act(m.april ?? '', {
    itemNumber: 2,
    description: 'WITHDRAWN duplicate of an earlier action',
    ownerIds: [people.dt],
  })
  expect((await api.post(`/actions/${withdrawn}/withdraw`, { reason: 'WITHDRAWN duplicate' })).status).toBe(
    200,
  )
  await act(m.april ?? '', {
    itemNumber: 4,
    description: 'SECRET-RAISED regional procurement of the custody contract',
    ownerIds: [people.dt],
    exempt: { section: 'S.43 (Commercial Interests)', publicWording: 'Exempt from publication' },
  })
  await act(m.april ?? '', {
    itemNumber: 5,
    description: 'Victim satisfaction data for the last five years',
    ownerIds: [people.team],
  })
  const outcome = await api.post(`/meetings/${m.april}/outcomes`, {
    actionId: exempt,
    outcome: 'carried-forward',
    note: 'SECRET-OUTCOME awaiting the regional review',
  })
  expect(outcome.status, JSON.stringify(outcome.body)).toBeLessThan(300)
  await act(m.may ?? '', { itemNumber: 1, description: 'UNAPPROVED meeting action', ownerIds: [people.dt] })

  // The work programme: items asked for at a published meeting, at the unapproved one and at the withheld one.
  const programme = async (requestedAtMeetingId: string, items: Record<string, unknown>[]) => {
    const res = await api.post(`/boards/${boardId}/work-programme`, { requestedAtMeetingId, items })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    for (const r of res.body.results as { ok: boolean; action?: { id: string } }[]) {
      expect(r.ok, JSON.stringify(r)).toBe(true)
      if (r.action) ids.add(r.action.id)
    }
  }
  await programme(m.april ?? '', [
    {
      title: 'Repeat Victimisation',
      detail: 'The Panel requests a report',
      owners: 'DT',
      dueMeetingId: m.future,
    },
    { kind: 'standing', title: 'Complaints', owners: 'DT' },
    {
      title: 'SECRET-WP covert tactics review',
      detail: 'SECRET-WP-DETAIL',
      owners: 'SR',
      toBeTimetabled: true,
      exempt: { section: 'S.31 (Law Enforcement)' },
    },
  ])
  await programme(m.may ?? '', [{ title: 'UNAPPROVED WP item', owners: 'DT', toBeTimetabled: true }])
  await programme(m.withheld ?? '', [
    { kind: 'briefing', title: 'WITHHELD WP briefing', owners: 'DT', toBeTimetabled: true },
  ])

  await approve(m.withheld ?? '', '2021-03-30')
  await approve(m.march ?? '', '2021-04-27')
  await approve(m.marchExtra ?? '', '2021-04-27')
  await approve(m.april ?? '', '2021-05-25')
  expect(
    (await publication(m.withheld ?? '', { withheld: true, reason: 'WITHHELD pending legal advice' })).status,
  ).toBe(200)

  // Another board's published meeting must not show on this board's index.
  const other = await newBoard(api, { name: 'Police and Crime Panel', shortName: 'PCP' })
  ids.add(other.id)
  const otherPerson = await newPerson(api, 'OTH')
  ids.add(otherPerson.id)
  emails.add(otherPerson.email ?? '')
  const otherMeeting = await meeting(api, other.id, '2021-04-27T10:00:00+01:00')
  ids.add(otherMeeting)
  await act(otherMeeting, { itemNumber: 1, description: 'OTHER board action', ownerIds: [otherPerson.id] })
  await approve(otherMeeting, '2021-05-25')
})

afterAll(async () => {
  await stream.stop()
  await api.close()
})

type Got = { status: number; headers: Headers; text: string }
/** A request as an anonymous browser makes it: no token, no cookie, redirects not followed. */
async function anon(path: string, headers: Record<string, string> = {}): Promise<Got> {
  const res = await fetch(`${api.url}${path}`, { redirect: 'manual', headers })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return {
    status: res.status,
    headers: res.headers,
    text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
  }
}

/** What a reader sees of a page: its text, without the markup and the attributes (links' addresses). */
const visibleText = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[#\w]+;/g, ' ')

const published = new Map<string, Got>()

/** Every page and file reachable from the board's index, following its links under /published. */
async function crawl(): Promise<Map<string, Got>> {
  const queue = [index()]
  while (queue.length > 0) {
    const path = queue.shift() ?? ''
    if (published.has(path)) continue
    const got = await anon(path)
    published.set(path, got)
    if (!got.headers.get('content-type')?.startsWith('text/html')) continue
    for (const [, href] of got.text.matchAll(/href="([^"]+)"/g))
      if (href?.startsWith('/published/')) queue.push(href.replace(/&amp;/g, '&'))
  }
  return published
}

describe('the published action log, crawled without signing in', () => {
  beforeAll(crawl)

  it('reaches the index, each published meeting’s page and its CSV, all 200 without a token or cookie', () => {
    const base = index()
    expect([...published.keys()].sort()).toEqual(
      [
        base,
        `${base}/meetings/2021-03-30`,
        `${base}/meetings/2021-03-30/action-log.csv`,
        `${base}/meetings/2021-03-30-2`,
        `${base}/meetings/2021-03-30-2/action-log.csv`,
        `${base}/meetings/2021-04-27`,
        `${base}/meetings/2021-04-27/action-log.csv`,
        `${base}/work-programme`,
        `${base}/work-programme.csv`,
      ].sort(),
    )
    for (const [path, got] of published) expect(got.status, path).toBe(200)
  })

  it('shows no exempt text, no email address and nothing of unapproved, withheld or withdrawn items', () => {
    for (const [path, got] of published) {
      expect(got.text, path).not.toMatch(SECRET)
      expect(got.text, path).not.toMatch(HIDDEN)
      expect(got.text, path).not.toContain('@')
      for (const email of emails) expect(got.text, path).not.toContain(email)
      expect(got.text, path).not.toMatch(/OTHER board|Police and Crime Panel/)
    }
    // The address typed into an update is replaced, the rest of it published.
    const april = published.get(`${index()}/meetings/2021-04-27`)?.text ?? ''
    expect(april).toContain('Figures requested from HR (ask [email address removed] for the breakdown)')
    expect(april).toContain('Exempt FOIA under Section S.31 (Law Enforcement)')
    expect(april).toContain('Exempt from publication')
    // The work programme: its published items in full, the rest only by what they are.
    const plan = visibleText(published.get(`${index()}/work-programme`)?.text ?? '')
    expect(plan).toContain('Repeat Victimisation')
    expect(plan).toContain('Complaints')
    expect(plan).toContain('Exempt FOIA under Section S.31 (Law Enforcement)')
    expect(plan.split(NOT_PUBLISHED_WORDING)).toHaveLength(3)
  })

  it('names no internal id: the board’s id only in link addresses, never in the text', () => {
    for (const [path, got] of published) {
      const found = new Set(got.text.match(ULID) ?? [])
      for (const id of found) expect(id === boardId && ids.has(id), `${path} holds ${id}`).toBe(true)
      const text = got.headers.get('content-type')?.startsWith('text/html') ? visibleText(got.text) : got.text
      expect(text.match(ULID) ?? [], path).toEqual([])
      expect(got.headers.get('content-disposition') ?? '', path).not.toMatch(ULID)
    }
  })

  it('lists the approved, unwithheld meetings newest first, each with its approval date', () => {
    const html = published.get(index())?.text ?? ''
    const order = [...html.matchAll(/href="[^"]*\/meetings\/([\d-]+)"/g)].map((x) => x[1])
    expect(order).toEqual(['2021-04-27', '2021-03-30-2', '2021-03-30'])
    expect(visibleText(html)).toMatch(/25 May 2021/)
    const page = visibleText(published.get(`${index()}/meetings/2021-04-27`)?.text ?? '')
    expect(page).toMatch(/Approval\s+Minutes approved on 25 May 2021; recorded by /)
  })

  it('states the licence, with its link, in every page and every CSV record', () => {
    for (const [path, got] of published) {
      expect(got.headers.get('link'), path).toBe(`<${OGL.url}>; rel="license"`)
      if (path.endsWith('.csv')) {
        const rows = parseCsv(got.text.slice(1))
        expect(rows[0]).toEqual(
          path.endsWith('work-programme.csv')
            ? ['Section', ...FORWARD_PLAN_COLUMNS, 'Licence']
            : [...PUBLISHED_CSV_HEADER],
        )
        expect(rows.length, path).toBeGreaterThan(1)
        for (const r of rows.slice(1)) expect(r.at(-1)).toBe(LICENCE_TEXT)
      } else {
        expect(got.text, path).toContain(`href="${OGL.url}"`)
        expect(got.text, path).toContain(OGL.name)
      }
    }
  })

  it('shows exempt items only by their wording, and the settled outcomes of the approved minutes', () => {
    const rows = parseCsv(published.get(`${index()}/meetings/2021-04-27/action-log.csv`)?.text.slice(1) ?? '')
    const byRef = new Map(rows.slice(1).map((r) => [r[1], r]))
    expect(byRef.get('04.30/03/2021')?.slice(2, 12)).toEqual([
      'Exempt FOIA under Section S.31 (Law Enforcement)',
      'SR',
      'Person SR',
      '2021-03-30',
      '2021-05-25',
      '',
      'Carried forward',
      'Exempt FOIA under Section S.31 (Law Enforcement)',
      '1',
      'Exempt',
    ])
    expect(byRef.get('04.27/04/2021')?.[2]).toBe('Exempt from publication')
    // Raised at the withheld meeting and carried here: shown as not published, like an exempt item.
    expect(byRef.get('01.23/02/2021')?.slice(2, 4)).toEqual([NOT_PUBLISHED_WORDING, 'DT'])
    expect(byRef.get('01.23/02/2021')?.[9]).toBe(NOT_PUBLISHED_WORDING)
    expect(byRef.has('02.27/04/2021'), 'the withdrawn action').toBe(false)
    expect(byRef.get('05.27/04/2021')?.[2]).toBe('Victim satisfaction data for the last five years')
  })

  it('caches: public with a short max-age, a strong ETag from the body, 304 when it still matches', async () => {
    for (const path of [
      index(),
      `${index()}/meetings/2021-04-27`,
      `${index()}/meetings/2021-04-27/action-log.csv`,
    ]) {
      const first = published.get(path)
      const tag = first?.headers.get('etag') ?? ''
      expect(tag, path).toMatch(/^"[^"]+"$/)
      expect(first?.headers.get('cache-control'), path).toBe(
        'public, max-age=300, stale-while-revalidate=600',
      )
      const again = await anon(path)
      expect(again.headers.get('etag'), 'the same body, the same tag').toBe(tag)
      const revalidated = await anon(path, { 'if-none-match': `"other", ${tag}` })
      expect(revalidated.status, path).toBe(304)
      expect(revalidated.text).toBe('')
      expect(revalidated.headers.get('etag')).toBe(tag)
      expect(revalidated.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=600')
      expect((await anon(path, { 'if-none-match': '"other"' })).status).toBe(200)
    }
  })

  it('answers HEAD without a token as GET would, without the body (API Gateway has a route for it)', async () => {
    for (const path of [index(), `${index()}/meetings/2021-04-27/action-log.csv`]) {
      const res = await fetch(`${api.url}${path}`, { method: 'HEAD', redirect: 'manual' })
      expect(res.status, path).toBe(200)
      expect(res.headers.get('etag'), path).toBe(published.get(path)?.headers.get('etag'))
      expect(res.headers.get('content-type'), path).toBe(published.get(path)?.headers.get('content-type'))
      expect(await res.text(), path).toBe('')
    }
  })

  it('carries the pages’ strict policy, and is not marked unindexable', () => {
    const got = published.get(index())
    expect(got?.headers.get('content-security-policy')).toMatch(
      /default-src 'none'; script-src 'self' 'sha256-/,
    )
    expect(got?.headers.get('x-robots-tag')).toBeNull()
    expect(got?.text).not.toMatch(/Sign out|\/ui\/boards|\/ui\/meetings/)
    expect(got?.text).toContain('href="/ui/sign-in"')
  })
})

describe('what is not published is not found', () => {
  it.each([
    ['the unapproved meeting', '2021-05-25'],
    ['the withheld meeting', '2021-02-23'],
    ['a day with no meeting', '2021-04-28'],
    ['a third meeting on a day of two', '2021-03-30-3'],
    ['the scheduled future meeting', '2099-06-22'],
  ])('%s: 404, page and CSV', async (_, slug) => {
    for (const suffix of ['', '/action-log.csv']) {
      const got = await anon(`${index()}/meetings/${slug}${suffix}`)
      expect(got.status, slug + suffix).toBe(404)
      expect(got.text).toContain('Page not found')
      expect(got.text).not.toMatch(HIDDEN)
    }
  })

  it.each([
    ['an unknown board', '/published/boards/01JC2ZQ8M6X4W3V2T1S0R9P8N7'],
    ['a board id that is not one', '/published/boards/not-a-board'],
    ['a malformed date', 'MEETINGS/2021-13-45'],
    ['a date that is not a day', 'MEETINGS/2021-02-30'],
    ['an ordinal of one', 'MEETINGS/2021-03-30-1'],
    ['text', 'MEETINGS/june'],
    ['an unknown file', 'MEETINGS/2021-04-27/action-log.docx'],
    ['an unknown page', '/published/anything'],
  ])('%s: a 404 page, never a 5xx', async (_, raw) => {
    const got = await anon(raw.replace('MEETINGS', `${index()}/meetings`))
    expect(got.status, raw).toBe(404)
    expect(got.headers.get('content-type')).toMatch(/^text\/html/)
  })

  it('a malformed "before" is a 400 page; a good one lists the earlier meetings', async () => {
    expect((await anon(`${index()}?before=yesterday`)).status).toBe(400)
    const earlier = await anon(`${index()}?before=2021-04-27`)
    expect(earlier.status).toBe(200)
    const order = [...earlier.text.matchAll(/href="[^"]*\/meetings\/([\d-]+)"/g)].map((x) => x[1])
    expect(order).toEqual(['2021-03-30-2', '2021-03-30'])
  })
})

describe('withholding a meeting from publication', () => {
  it('needs a reason, and only the secretariat may', async () => {
    const refused = await publication(m.march ?? '', { withheld: true })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('reason')
    const member = await api.token('member', people.dt)
    const asMember = await api.call('PUT', `/meetings/${m.march}/publication`, {
      token: member,
      body: { withheld: true, reason: 'x' },
    })
    expect(asMember.status).toBe(403)
  })

  it('removes the meeting from the index and its pages at once, recording who, when and why; publishing again restores it', async () => {
    const withheld = await publication(m.marchExtra ?? '', { withheld: true, reason: 'Names a complainant' })
    expect(withheld.status).toBe(200)
    expect(withheld.body.publication).toMatchObject({
      withheld: true,
      reason: 'Names a complainant',
      by: { kind: 'user', role: 'secretariat' },
      at: NOW.toISOString(),
    })
    expect((await anon(`${index()}/meetings/2021-03-30-2`)).status).toBe(404)
    expect((await anon(`${index()}/meetings/2021-03-30-2/action-log.csv`)).status).toBe(404)
    const listed = (await anon(index())).text
    expect(listed).not.toContain('/meetings/2021-03-30-2')
    // The other meeting that day keeps its address.
    expect(listed).toContain('/meetings/2021-03-30"')

    const again = await publication(m.marchExtra ?? '', { withheld: false })
    expect(again.status).toBe(200)
    // Publishing again keeps the earlier decision, reason and all.
    expect(again.body.publication).toMatchObject({
      withheld: false,
      reason: null,
      earlier: [{ withheld: true, reason: 'Names a complainant', by: { role: 'secretariat' } }],
    })
    expect((await api.get(`/meetings/${m.marchExtra}`)).body.publication.earlier).toHaveLength(1)
    expect((await anon(`${index()}/meetings/2021-03-30-2`)).status).toBe(200)
  })

  it('the meeting page shows the secretariat the public address and the form; the board page links the index', async () => {
    const pages = pagesClient(() => api.url)
    const cookie = await pages.signIn('secretariat')
    const html = await (await pages.get(`/ui/meetings/${m.april}`, cookie)).text()
    expect(html).toContain(`href="${index()}/meetings/2021-04-27"`)
    expect(html).toContain(`action="/ui/meetings/${m.april}/publication"`)
    const board = await (await pages.get(`/ui/boards/${boardId}`, cookie)).text()
    expect(board).toContain(`href="${index()}"`)

    const key = await pages.formKey(`/ui/meetings/${m.april}`, cookie, `/ui/meetings/${m.april}/publication`)
    const version = (await api.get(`/meetings/${m.april}`)).body.version
    const missing = await pages.post(
      `/ui/meetings/${m.april}/publication`,
      { withheld: 'yes', reason: '', version: String(version), formKey: key },
      { cookie },
    )
    expect(missing.status).toBe(400)
    expect(await missing.text()).toMatch(/Say why the meeting is withheld from publication/i)
    const key2 = await pages.formKey(`/ui/meetings/${m.april}`, cookie, `/ui/meetings/${m.april}/publication`)
    const done = await pages.post(
      `/ui/meetings/${m.april}/publication`,
      { withheld: 'yes', reason: 'Awaiting legal advice', version: String(version), formKey: key2 },
      { cookie },
    )
    expect(done.status).toBe(303)
    expect((await anon(`${index()}/meetings/2021-04-27`)).status).toBe(404)
    const after = await (await pages.get(`/ui/meetings/${m.april}`, cookie)).text()
    expect(after).toMatch(/Withheld from publication by secretariat on 1 June 2021:\s*Awaiting legal advice/)
    expect(after).toContain('Publish again')
  })
})

describe('a long history', () => {
  it('comes 50 meetings a page at most, newest first, by date, a day never split between pages', async () => {
    const board = await newBoard(api, { name: 'Long Board', shortName: 'LB' })
    const start = Date.parse('2010-01-05T10:00:00Z')
    const startsAt = Array.from({ length: 53 }, (_, i) => new Date(start + i * 7 * 86_400_000).toISOString())
    // The 50th and 51st newest fall on one day: the first page stops before that day.
    const day = startsAt[3]?.slice(0, 10) ?? ''
    startsAt.push(`${day}T15:00:00.000Z`)
    for (const [i, at] of startsAt.entries()) {
      await api.deps.store.meetings.create(
        Meeting.parse({
          id: `01J${String(i).padStart(2, '0')}${'0'.repeat(21)}`,
          boardId: board.id,
          startsAt: at,
          location: null,
          title: `LB ${at.slice(0, 10)}`,
          status: 'minutes-approved',
          attendance: [],
          minutesApproval: {
            approvedOn: at.slice(0, 10),
            amendments: null,
            recordedBy: { kind: 'system', role: null, personId: null, subject: 'system' },
            recordedAt: at,
          },
          createdAt: at,
          updatedAt: at,
          version: 1,
        }),
      )
    }
    const slugsOn = (html: string) => [...html.matchAll(/href="[^"]*\/meetings\/([\d-]+)"/g)].map((x) => x[1])
    const first = await anon(`/published/boards/${board.id}`)
    const page1 = slugsOn(first.text)
    expect(page1).toHaveLength(49)
    expect(page1).not.toContain(day)
    const next = /href="([^"]*\?before=[\d-]+)"/.exec(first.text)?.[1] ?? ''
    expect(next).toBe(`/published/boards/${board.id}?before=${page1.at(-1)}`)
    const page2 = slugsOn((await anon(next)).text)
    const date = (i: number) => startsAt[i]?.slice(0, 10)
    expect(page2).toEqual([`${day}-2`, day, date(2), date(1), date(0)])
    const all = [...page1, ...page2]
    expect(new Set(all).size).toBe(startsAt.length)
    expect(all).toContain(`${day}-2`)
  })
})
