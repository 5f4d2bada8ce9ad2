import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { ulid } from 'ulid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAction } from '#infra/local/seed.ts'
import type { Action } from '#shared/domain/action.ts'
import { actionItem } from '#shared/store/actions.ts'
import { parseCsv } from '#test/unit/file-readers.ts'
import { type Api, meeting, newBoard, newPerson, raise, startApi } from './harness.ts'
import { fieldOf, pagesClient } from './pages.ts'

/**
 * The secretariat's workbench pages through their forms, as a browser posts them, against
 * DynamoDB Local: editing every field of an action and withdrawing one, a board's action log
 * (filters, search, paging, its CSV), a board's members, and retiring a board.
 */
let api: Api
const { get, post, signIn } = pagesClient(() => api.url)
let sec = ''

beforeAll(async () => {
  api = await startApi()
  sec = await signIn('secretariat')
})
afterAll(async () => {
  await api?.close()
})

const DAY = 86_400_000
const tag = () => ulid().slice(-4).toUpperCase()
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString()
const html = async (path: string) => {
  const res = await get(path, sec)
  expect(res.status, path).toBe(200)
  return res.text()
}
/** hono/jsx escapes text; the tests compare what a reader sees. */
const unescaped = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
/** The references the page's action table links to, in order. */
const refsOn = (page: string) =>
  [...page.matchAll(/<a class="govuk-link" href="\/ui\/actions\/\w{26}">([^<]*)<\/a>/g)].map((m) =>
    unescaped(m[1] ?? ''),
  )
/** The HTML of the page's form that posts to `action`. */
const formOn = (page: string, action: string) =>
  new RegExp(`<form method="post" action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(page)?.[1] ?? ''
const apiAction = async (id: string): Promise<Action> => (await api.get(`/actions/${id}`)).body

/** The edit form's fields as the page draws them (what a browser would send unchanged). */
function editFields(page: string, actionId: string): Record<string, string> {
  const form = new RegExp(
    `<form method="post" action="/ui/actions/${actionId}"[^>]*>([\\s\\S]*?)</form>`,
  ).exec(page)?.[1]
  if (!form) throw new Error('no edit form')
  const out: Record<string, string> = {}
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1] ?? ''
    const name = /name="([^"]*)"/.exec(attrs)?.[1]
    const value = unescaped(/value="([^"]*)"/.exec(attrs)?.[1] ?? '')
    if (!name) continue
    if (/type="(?:radio|checkbox)"/.test(attrs)) {
      if (/checked/.test(attrs)) out[name] = value
    } else out[name] = value
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
    out[m[1] ?? ''] = unescaped(m[2] ?? '')
  for (const m of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g))
    out[m[1] ?? ''] = /<option value="([^"]*)" selected/.exec(m[2] ?? '')?.[1] ?? ''
  return out
}

/** A board with two owners (DT and the OPCC team) as members, a past meeting and two to come. */
async function aBoard() {
  const t = tag()
  const dt = await newPerson(api, `DT${t}`, { name: `Dana Turner ${t}` })
  const opcc = await newPerson(api, `OPCC${t}`, { name: `Office of the PCC ${t}`, kind: 'team' })
  const board = await newBoard(api, { shortName: `P${t}` })
  for (const p of [dt, opcc])
    expect((await api.call('PUT', `/boards/${board.id}/members/${p.id}`)).status).toBe(204)
  const held = await meeting(api, board.id, at(-14))
  const next = await meeting(api, board.id, at(14))
  const later = await meeting(api, board.id, at(42))
  return { t, dt, opcc, board, held, next, later }
}

describe('the action page', () => {
  it('edits every field in one form and says in the history what changed, from what to what', async () => {
    const { t, dt, opcc, held, next, later } = await aBoard()
    const a = await raise(api, held, {
      itemNumber: 3,
      description: 'Written response to be provided by the Force',
      ownerIds: [dt.id],
      dueMeetingId: next,
    })
    const page = await html(`/ui/actions/${a.id}`)
    const fields = editFields(page, a.id)
    expect(fields).toMatchObject({
      version: '1',
      description: 'Written response to be provided by the Force',
      itemNumber: '3',
      itemTitle: '',
      ref: a.ref,
      owners: `DT${t}`,
      dueMeetingId: next,
      'dueDate-day': '',
      exemptAsked: 'yes',
    })
    expect(fields).not.toHaveProperty('exempt')
    // The form sent as drawn changes nothing.
    const same = await post(`/ui/actions/${a.id}`, fields, { cookie: sec })
    expect(same.headers.get('location')).toBe(`/ui/actions/${a.id}?done=unchanged`)

    const fresh = editFields(await html(`/ui/actions/${a.id}`), a.id)
    const edited = await post(
      `/ui/actions/${a.id}`,
      {
        ...fresh,
        description: 'Written response on stop and search',
        itemNumber: '7',
        itemTitle: 'Performance Scrutiny Report',
        ref: 'Action 1 02.21/12/21',
        owners: `DT${t} / OPCC${t}`,
        dueMeetingId: later,
        'dueDate-day': '3',
        'dueDate-month': '4',
        'dueDate-year': '2031',
        exempt: 'yes',
        exemptSection: 'S.31 (Law Enforcement)',
        exemptWording: '',
      },
      { cookie: sec },
    )
    expect(edited.status).toBe(303)
    expect(edited.headers.get('location')).toBe(`/ui/actions/${a.id}?done=edited`)
    const after = await apiAction(a.id)
    expect(after).toMatchObject({
      version: 2,
      description: 'Written response on stop and search',
      itemNumber: 7,
      itemTitle: 'Performance Scrutiny Report',
      ref: 'Action 1 02.21/12/21',
      ownerIds: [dt.id, opcc.id],
      dueMeetingId: later,
      dueDate: '2031-04-03',
      exempt: {
        section: 'S.31 (Law Enforcement)',
        publicWording: 'Exempt FOIA under Section S.31 (Law Enforcement)',
      },
    })
    const shown = unescaped(await html(`/ui/actions/${a.id}?done=edited`))
    expect(shown).toContain('The action was changed')
    expect(shown).toContain(`Owners: from DT${t} to DT${t}, OPCC${t}`)
    expect(shown).toContain(`Reference: from “${a.ref}” to “Action 1 02.21/12/21”`)
    expect(shown).toContain('Agenda item: from 3 to 7')
    expect(shown).toContain('Agenda item title: from none to “Performance Scrutiny Report”')
    expect(shown).toContain('Due date: from none to 3 April 2031')
    expect(shown).toMatch(/Due at: from [^<]+ to [^<]+\(/)
    expect(shown).toContain(
      'Exemption: from not exempt to exempt under S.31 (Law Enforcement) (“Exempt FOIA under Section S.31 (Law Enforcement)”)',
    )

    // The wording changed, then the exemption lifted; the date taken off.
    const v2 = editFields(await html(`/ui/actions/${a.id}`), a.id)
    expect(v2).toMatchObject({ exempt: 'yes', exemptSection: 'S.31 (Law Enforcement)', exemptWording: '' })
    expect(
      (await post(`/ui/actions/${a.id}`, { ...v2, exemptWording: 'Exempt: operational' }, { cookie: sec }))
        .status,
    ).toBe(303)
    expect((await apiAction(a.id)).exempt).toEqual({
      section: 'S.31 (Law Enforcement)',
      publicWording: 'Exempt: operational',
    })
    const v3 = editFields(await html(`/ui/actions/${a.id}`), a.id)
    expect(v3.exemptWording).toBe('Exempt: operational')
    const { exempt: _ticked, ...unticked } = v3
    const lifted = { ...unticked, 'dueDate-day': '', 'dueDate-month': '', 'dueDate-year': '' }
    expect((await post(`/ui/actions/${a.id}`, lifted, { cookie: sec })).status).toBe(303)
    expect(await apiAction(a.id)).toMatchObject({ exempt: null, dueDate: null, version: 4 })
    expect(unescaped(await html(`/ui/actions/${a.id}`))).toContain(
      'Exemption: from exempt under S.31 (Law Enforcement) (“Exempt: operational”) to not exempt',
    )
  })

  it('keeps what was typed and names each field it refuses, and shows the latest on a stale version', async () => {
    const { t, dt, held, next } = await aBoard()
    const a = await raise(api, held, {
      itemNumber: 2,
      description: 'Deep-dive report on repeat victims',
      ownerIds: [dt.id],
      dueMeetingId: next,
    })
    const fields = editFields(await html(`/ui/actions/${a.id}`), a.id)
    const bad = await post(
      `/ui/actions/${a.id}`,
      { ...fields, itemNumber: 'x', exempt: 'yes', exemptSection: '', description: 'Typed <text>' },
      { cookie: sec },
    )
    expect(bad.status).toBe(400)
    const refused = await bad.text()
    expect(refused).toContain('href="#edit-itemNumber"')
    expect(refused).toContain('href="#edit-exemptSection"')
    expect(refused).toContain('id="edit-itemNumber-error"')
    expect(refused).toContain('value="x"')
    expect(refused).toContain('Typed &lt;text&gt;</textarea>')
    expect(refused).toContain('<title>Error: ')

    const owners = await post(`/ui/actions/${a.id}`, { ...fields, owners: `DT${t} ZZ${t}` }, { cookie: sec })
    expect(owners.status).toBe(400)
    const ownersPage = await owners.text()
    expect(ownersPage).toContain('href="#edit-owners"')
    expect(unescaped(ownersPage)).toContain(`No one on this board has the initials "ZZ${t}"`)
    expect(ownersPage).toContain(`value="DT${t} ZZ${t}"`)

    const date = await post(
      `/ui/actions/${a.id}`,
      { ...fields, 'dueDate-day': '31', 'dueDate-month': '2', 'dueDate-year': '2031' },
      { cookie: sec },
    )
    expect(date.status).toBe(400)
    const datePage = await date.text()
    expect(datePage).toContain('href="#edit-dueDate"')
    expect(datePage).toMatch(/name="dueDate-day"[^>]*value="31"/)
    expect((await apiAction(a.id)).version).toBe(1)

    // Someone else changes it meanwhile: the form read at version 1 is refused, and shows theirs.
    expect(
      (
        await api.call('PATCH', `/actions/${a.id}`, {
          body: { description: 'Their wording' },
          headers: { 'if-match': '1' },
        })
      ).status,
    ).toBe(200)
    const stale = await post(`/ui/actions/${a.id}`, { ...fields, description: 'My wording' }, { cookie: sec })
    expect(stale.status).toBe(409)
    const stalePage = await stale.text()
    expect(stalePage).toContain('Someone else changed this while you were editing')
    expect(stalePage).toContain('Their wording</textarea>')
    expect(stalePage).not.toContain('My wording')
    expect(fieldOf(stalePage, 'version')).toBe('2')
    expect((await apiAction(a.id)).description).toBe('Their wording')
  })

  it('withdraws an open action after a confirmation with its reason; then offers no changes', async () => {
    const { dt, held, next } = await aBoard()
    const a = await raise(api, held, {
      itemNumber: 4,
      description: 'Duplicate of the custody audit action',
      ownerIds: [dt.id],
      dueMeetingId: next,
    })
    const page = await html(`/ui/actions/${a.id}`)
    expect(page).toContain(`href="/ui/actions/${a.id}/withdraw"`)
    const confirm = await html(`/ui/actions/${a.id}/withdraw`)
    expect(confirm).toContain('Withdraw action')
    const key = () => fieldOf(confirm, 'formKey')
    const empty = await post(
      `/ui/actions/${a.id}/withdraw`,
      { version: '1', reason: '  ', formKey: key() },
      { cookie: sec },
    )
    expect(empty.status).toBe(400)
    const emptyPage = await empty.text()
    expect(emptyPage).toContain('href="#withdraw-reason"')
    expect(emptyPage).toContain('Why it is withdrawn: Enter why the action is withdrawn')
    const done = await post(
      `/ui/actions/${a.id}/withdraw`,
      { version: '1', reason: 'Raised in error: a duplicate', formKey: key() },
      { cookie: sec },
    )
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe(`/ui/actions/${a.id}?done=withdrawn`)
    expect(await apiAction(a.id)).toMatchObject({
      status: 'withdrawn',
      withdrawal: { reason: 'Raised in error: a duplicate' },
    })
    const after = unescaped(await html(`/ui/actions/${a.id}?done=withdrawn`))
    expect(after).toContain('The action was withdrawn')
    expect(after).toContain('govuk-tag--grey">Withdrawn</strong>')
    expect(after).toContain('Raised in error: a duplicate (')
    expect(after).toContain('Status: from open to withdrawn')
    expect(after).not.toContain('Change this action')
    expect(after).not.toContain('Withdraw this action')
    expect(after).not.toContain('Add an update')
    // Again: refused, with the reason why.
    expect((await get(`/ui/actions/${a.id}/withdraw`, sec)).status).toBe(409)
  })

  it('offers a discharged action no withdrawal, and no change of its owners or due', async () => {
    const { dt, board, held, next } = await aBoard()
    const raisedAt = await api.deps.store.meetings.get(held)
    const dueAt = await api.deps.store.meetings.get(next)
    if (!raisedAt || !dueAt) throw new Error('meetings missing')
    const discharged: Action = {
      ...openAction({
        id: ulid(),
        boardId: board.id,
        ref: `09.${tag()}`,
        itemNumber: 9,
        description: 'Estates strategy update',
        ownerIds: [dt.id],
        raisedAt,
        due: dueAt,
        now: new Date().toISOString(),
      }),
      status: 'discharged',
      discharge: { meetingId: next, note: 'Done', on: '2026-01-01' },
    }
    await api.doc.send(new PutCommand({ TableName: api.tableName, Item: actionItem(discharged) }))
    const page = await html(`/ui/actions/${discharged.id}`)
    expect(page).not.toContain('Withdraw this action')
    expect(page).toContain('Change this action')
    expect(editFields(page, discharged.id)).not.toHaveProperty('owners')
    expect((await get(`/ui/actions/${discharged.id}/withdraw`, sec)).status).toBe(409)
    const fields = editFields(page, discharged.id)
    expect(
      (await post(`/ui/actions/${discharged.id}`, { ...fields, ref: 'Action 9 (legacy)' }, { cookie: sec }))
        .status,
    ).toBe(303)
    expect((await apiAction(discharged.id)).ref).toBe('Action 9 (legacy)')
  })
})

describe("a board's action log", () => {
  it('lists, filters and searches every action of the board, and its CSV holds exactly what the filter shows', async () => {
    const { t, dt, opcc, board, held, next } = await aBoard()
    const deepDive = await raise(api, held, {
      itemNumber: 2,
      description: 'Repeat Victims – Deep-Dive report to the next PAM',
      owners: `DT${t}`,
      dueMeetingId: next,
    })
    const legacy = await raise(api, held, {
      itemNumber: 1,
      ref: 'Action 1 02.21/12/21',
      description: 'Written response on stop and search',
      owners: `OPCC${t}`,
      dueMeetingId: next,
    })
    const exempt = await raise(api, held, {
      itemNumber: 3,
      description: 'Covert tactics briefing',
      owners: `DT${t}`,
      dueMeetingId: next,
      exempt: { section: 'S.31 (Law Enforcement)' },
    })
    const withdrawn = await raise(api, held, {
      itemNumber: 4,
      description: 'Raised twice by mistake',
      owners: `DT${t}`,
      dueMeetingId: next,
    })
    expect(
      (
        await api.post(
          `/actions/${withdrawn.id}/withdraw`,
          { reason: 'duplicate' },
          { headers: { 'if-match': '1' } },
        )
      ).status,
    ).toBe(200)
    const log = `/ui/boards/${board.id}/actions`

    const all = await html(log)
    expect(refsOn(all).sort()).toEqual([deepDive.ref, legacy.ref, exempt.ref].sort())
    expect(all).toContain('Download CSV of these actions')
    // The owner filter offers the board's members.
    expect(all).toContain(`<option value="${dt.id}">Dana Turner ${t} (DT${t})</option>`)
    expect(all).toContain(`<option value="${opcc.id}">`)
    expect((await html(`/ui/boards/${board.id}`)).includes(`href="${log}"`)).toBe(true)

    const cases: [string, string[]][] = [
      ['?q=deep', [deepDive.ref]],
      ['?q=victims+report', [deepDive.ref]],
      ['?q=02.21%2F12%2F21', [legacy.ref]],
      ['?status=withdrawn', [withdrawn.ref]],
      ['?status=open', [deepDive.ref, legacy.ref, exempt.ref]],
      ['?status=discharged', []],
      [`?ownerId=${opcc.id}`, [legacy.ref]],
      [`?ownerId=${dt.id}&exempt=false`, [deepDive.ref]],
      ['?exempt=true', [exempt.ref]],
      [`?raisedAt=${held}&dueAt=${next}&q=mistake`, []],
      [`?status=withdrawn&q=mistake`, [withdrawn.ref]],
      ['?carried=1', []],
      // What a GET form sends: every field, most of them empty.
      [`?q=search&status=&ownerId=&raisedAt=&dueAt=&carried=&exempt=`, [legacy.ref]],
    ]
    for (const [query, want] of cases) {
      const page = await html(`${log}${query}`)
      const shown = refsOn(page)
      expect(shown.sort(), query).toEqual([...want].sort())
      const csvHref = unescaped(/href="([^"]*actions\.csv[^"]*)"/.exec(page)?.[1] ?? '')
      expect(csvHref.startsWith(`/ui/boards/${board.id}/actions.csv`), query).toBe(true)
      const csv = await get(csvHref, sec)
      expect(csv.status, query).toBe(200)
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present')
      expect(csv.headers.get('content-disposition')).toMatch(
        new RegExp(`^attachment; filename="P${t}-action-log-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
      )
      const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, '')).slice(1)
      expect(rows.map((r) => r[0]).sort(), `CSV of ${query}`).toEqual(shown)
    }
    // A withdrawn action is in none of the board's lists unless asked for.
    for (const path of [log, `/ui/boards/${board.id}`, `/ui/meetings/${held}`])
      expect(refsOn(await html(path)), path).not.toContain(withdrawn.ref)

    // A bad value is a 400 naming the field, the rest kept as typed.
    for (const [query, field] of [
      ['?carried=0&q=deep', 'carried'],
      ['?ownerId=nobody', 'ownerId'],
      ['?status=lost', 'status'],
      ['?exempt=maybe', 'exempt'],
    ] as const) {
      const res = await get(`${log}${query}`, sec)
      expect(res.status, query).toBe(400)
      const page = await res.text()
      expect(page, query).toContain(`href="#log-${field}"`)
      expect(page, query).toContain(`id="log-${field}-error"`)
      expect(refsOn(page)).toEqual([])
      expect((await get(`/ui/boards/${board.id}/actions.csv${query}`, sec)).status, query).toBe(400)
    }
    expect(await (await get(`${log}?carried=0&q=deep`, sec)).text()).toContain('value="deep"')
    // Another's session is needed: without one, sign in first.
    expect((await get(`/ui/boards/${board.id}/actions.csv`)).status).toBe(303)
  })

  it('pages on with Next page and back to the First page, and says when a part of the log held no match', async () => {
    const { dt, board, held, next } = await aBoard()
    const [raisedAt, dueAt] = await Promise.all([
      api.deps.store.meetings.get(held),
      api.deps.store.meetings.get(next),
    ])
    if (!raisedAt || !dueAt) throw new Error('meetings missing')
    // More than the search reads in one page (1,000), the one match last in the log's order.
    const later = await meeting(api, board.id, new Date(Date.parse(raisedAt.startsAt) + DAY).toISOString())
    const laterMeeting = await api.deps.store.meetings.get(later)
    if (!laterMeeting) throw new Error('meeting missing')
    const now = new Date().toISOString()
    const make = (i: number, description: string, at = raisedAt) =>
      openAction({
        id: ulid(),
        boardId: board.id,
        ref: `${String(i % 100).padStart(2, '0')}.${i}`,
        itemNumber: i % 100,
        description,
        ownerIds: [dt.id],
        raisedAt: at,
        due: dueAt,
        now,
      })
    const filler = Array.from({ length: 1010 }, (_, i) => make(i, `Routine item ${i}`))
    const needle = make(5000, 'Needle in the haystack', laterMeeting)
    const items = [...filler, needle]
    for (let i = 0; i < items.length; i += 25)
      await api.doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [api.tableName]: items.slice(i, i + 25).map((a) => ({ PutRequest: { Item: actionItem(a) } })),
          },
        }),
      )
    const log = `/ui/boards/${board.id}/actions`

    const first = await html(`${log}?q=needle`)
    expect(refsOn(first)).toEqual([])
    expect(unescaped(first)).toContain('No more matches in this part of the log')
    const nextHref = unescaped(/href="([^"]+)" rel="next"/.exec(first)?.[1] ?? '')
    expect(nextHref).toMatch(new RegExp(`^${log}\\?q=needle&cursor=`))
    const second = await html(nextHref)
    expect(refsOn(second)).toEqual([needle.ref])
    expect(second).not.toContain('No more matches in this part of the log')
    expect(unescaped(second)).toContain(`href="${log}?q=needle"`)

    // Unfiltered: 50 a page, the next page's link keeps the filter (none) and moves on.
    const plain = await html(log)
    expect(refsOn(plain)).toHaveLength(50)
    expect(plain).not.toContain('No more matches')
    const plainNext = unescaped(/href="([^"]+)" rel="next"/.exec(plain)?.[1] ?? '')
    const page2 = refsOn(await html(plainNext))
    expect(page2).toHaveLength(50)
    expect(page2.filter((r) => refsOn(plain).includes(r))).toEqual([])
    // The CSV of the search holds the one match, read through every part of the log.
    const csv = await get(`/ui/boards/${board.id}/actions.csv?q=needle`, sec)
    expect(
      parseCsv((await csv.text()).replace(/^\uFEFF/, ''))
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([needle.ref])
  })
})

describe("a board's members", () => {
  it('are added from the directory and removed; a clash of initials on the board is refused at the field', async () => {
    const t = tag()
    const board = await newBoard(api, { shortName: `M${t}` })
    const david = await newPerson(api, `DP${t}`, { name: `David Patterson ${t}` })
    const derek = await newPerson(api, `DP${t}`, {
      name: `Cllr Derek Poole ${t}`,
      email: `derek${t.toLowerCase()}@council.example`,
    })
    const gone = await newPerson(api, `GN${t}`, { name: `Gone ${t}` })
    expect((await api.post(`/people/${gone.id}/retire`, {}, { headers: { 'if-match': '1' } })).status).toBe(
      200,
    )
    const path = `/ui/boards/${board.id}`
    const adding = (page: string) => formOn(page, `${path}/members`)
    const page = await html(path)
    expect(page).toContain('No members yet.')
    expect(adding(page)).toContain(`<option value="${david.id}">`)
    expect(adding(page)).toContain(`<option value="${derek.id}">`)
    expect(adding(page)).not.toContain(`<option value="${gone.id}">`)

    const key = async () => fieldOf(await html(path), 'formKey', `/ui/boards/${board.id}/members`)
    const none = await post(`${path}/members`, { personId: '', formKey: await key() }, { cookie: sec })
    expect(none.status).toBe(400)
    expect(await none.text()).toContain('href="#member-personId"')

    const added = await post(`${path}/members`, { personId: david.id, formKey: await key() }, { cookie: sec })
    expect(added.status).toBe(303)
    expect(added.headers.get('location')).toBe(`${path}?done=member-added#members`)
    const withDavid = await html(path)
    expect(withDavid).toContain(`David Patterson ${t}`)
    expect(adding(withDavid)).not.toContain(`<option value="${david.id}">`)
    expect(adding(withDavid)).toContain(`<option value="${derek.id}">`)

    const clash = await post(`${path}/members`, { personId: derek.id, formKey: await key() }, { cookie: sec })
    expect(clash.status).toBe(409)
    const clashPage = unescaped(await clash.text())
    expect(clashPage).toContain('href="#member-personId"')
    expect(clashPage).toContain('id="member-personId-error"')
    expect(clashPage).toContain(`DP${t} is already David Patterson ${t}'s`)
    expect(adding(clashPage)).toContain(`<option value="${derek.id}" selected="">`)

    const removed = await post(`${path}/members/remove`, { personId: david.id }, { cookie: sec })
    expect(removed.status).toBe(303)
    expect((await api.get(`/boards/${board.id}/members`)).body.items).toEqual([])
    // Now Derek may join.
    expect(
      (await post(`${path}/members`, { personId: derek.id, formKey: await key() }, { cookie: sec })).status,
    ).toBe(303)
    expect(
      (await api.get(`/boards/${board.id}/members`)).body.items.map((p: { id: string }) => p.id),
    ).toEqual([derek.id])
  })
})

describe('retiring a board', () => {
  it('asks first, then the board says it is retired, offers no changes, and leaves the list unless asked', async () => {
    const { dt, board, held, next } = await aBoard()
    const a = await raise(api, held, {
      itemNumber: 1,
      description: 'Close the estates review',
      ownerIds: [dt.id],
      dueMeetingId: next,
    })
    const path = `/ui/boards/${board.id}`
    const before = await html(path)
    expect(before).toContain(`href="${path}/retire"`)
    const confirm = await html(`${path}/retire`)
    expect(confirm).toContain(`Retire the ${board.name}?`)
    // Someone changed the board since: refused, and the page drawn again at its new version.
    expect(
      (await api.patch(`/boards/${board.id}`, { summaryDaysBefore: 4 }, { headers: { 'if-match': '1' } }))
        .status,
    ).toBe(200)
    const stale = await post(
      `${path}/retire`,
      { version: '1', formKey: fieldOf(confirm, 'formKey') },
      { cookie: sec },
    )
    expect(stale.status).toBe(409)
    const stalePage = await stale.text()
    expect(stalePage).toContain('href="#retire-confirm"')
    expect(fieldOf(stalePage, 'version')).toBe('2')
    const retired = await post(
      `${path}/retire`,
      { version: '2', formKey: fieldOf(stalePage, 'formKey') },
      { cookie: sec },
    )
    expect(retired.status).toBe(303)
    expect(retired.headers.get('location')).toBe(`${path}?done=retired`)

    const after = await html(`${path}?done=retired`)
    expect(after).toContain('The board was retired')
    expect(after).toContain('This board was retired on')
    for (const offer of [
      'Schedule meeting',
      'Add member',
      'Retire this board',
      'Save settings',
      '/members/remove',
    ])
      expect(after, offer).not.toContain(offer)
    const action = await html(`/ui/actions/${a.id}`)
    expect(action).not.toContain('Change this action')
    expect(action).not.toContain('Withdraw this action')
    expect((await get(`${path}/retire`, sec)).status).toBe(409)

    const list = await html('/ui/boards')
    expect(list).not.toContain(`href="${path}"`)
    expect(list).toContain('href="/ui/boards?include=retired"')
    const withRetired = await html('/ui/boards?include=retired')
    expect(withRetired).toContain(`href="${path}"`)
    expect(withRetired).toContain('Retired</strong>')
  })
})
