import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORWARD_PLAN_COLUMNS } from '#shared/domain/forward-plan.ts'
import { intentKey, QUIET_PERIOD_MS } from '#shared/domain/outbox.ts'
import { lastReportOf } from '#shared/domain/work-programme.ts'
import { sendReminders } from '#shared/usecases/reminders.ts'
import { parseCsv, readWord, readZip } from '#test/unit/file-readers.ts'
import {
  type Api,
  mailDomain,
  meeting,
  newBoard,
  newPerson,
  raise,
  sentEmails,
  startApi,
  withStream,
} from './harness.ts'
import { pagesClient } from './pages.ts'

/**
 * The Panel's work programme over HTTP on DynamoDB Local and the SES emulator: the pack's shape
 * entered in one call, the Commissioner told once, the forward plan exported in the seed's
 * columns, items taken, deferred and brought forward, standing items never carried.
 */
let api: Api
let stream: Awaited<ReturnType<typeof withStream>>
const DAY = 86_400_000
const inFuture = (ms: number) => new Date(Date.now() + ms)
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString()

let boardId: string
let pcc: string
let pccMail: string
let older: string
let held: string
let m1: string
let m2: string
let m3: string
let otherMeeting: string
type Item = { id: string; kind: string; title: string; [k: string]: unknown }
let items: Item[]
const byTitle = (title: string) => {
  const found = items.find((i) => i.title === title)
  if (!found) throw new Error(`no item ${title}`)
  return found
}

/** The Panel pack's work programme: reports at named meetings, standing items, items to be timetabled, briefing notes. */
const PACK = () => [
  {
    title: 'Repeat Victimisation',
    detail: 'The Panel requests that the PCC bring a report on Repeat Victimisation',
    dueMeetingId: m1,
    lastReportedOn: '2020-01-22',
  },
  { title: 'Police and Crime Plan monitoring', detail: 'Quarterly performance report', dueMeetingId: m1 },
  { title: 'Precept proposal', detail: 'The PCC’s proposed precept for 2027/28', dueMeetingId: m2 },
  { title: 'Annual Report', dueMeetingId: m2 },
  { title: 'Estates strategy', detail: 'Update on the estates programme', dueMeetingId: m3 },
  {
    title: 'Road safety',
    detail: 'SECRET-DETAIL tactical plan',
    dueMeetingId: m3,
    exempt: { section: 'S.31 (Law Enforcement)' },
  },
  { kind: 'standing', title: 'Complaints' },
  { kind: 'standing', title: 'Report of Working Groups' },
  { kind: 'standing', title: 'Work Programme' },
  { kind: 'standing', title: 'Report of the Commissioner' },
  { title: 'Rural crime', detail: 'Report on rural crime', toBeTimetabled: true },
  { title: 'Violence against women and girls', toBeTimetabled: true },
  { kind: 'briefing', title: 'Drones', detail: 'Briefing note on the use of drones', toBeTimetabled: true },
  { kind: 'briefing', title: 'Cyber crime', dueMeetingId: m1 },
]

beforeAll(async () => {
  api = await startApi()
  stream = await withStream(api, { poll: true })
  const domain = mailDomain()
  pccMail = `pcc@${domain}`
  const initials = `PC${domain.slice(1, 5).toUpperCase()}`
  pcc = (await newPerson(api, initials, { name: 'Police and Crime Commissioner', email: pccMail })).id
  boardId = (
    await newBoard(api, {
      name: 'Police and Crime Panel',
      shortName: 'PCP',
      secretariatEmails: [`sec@${domain}`],
    })
  ).id
  older = await meeting(api, boardId, at(-30))
  held = await meeting(api, boardId, at(-2))
  m1 = await meeting(api, boardId, at(30))
  m2 = await meeting(api, boardId, at(60))
  m3 = await meeting(api, boardId, at(90))
  const other = await newBoard(api, { name: 'Another Panel', shortName: 'AP' })
  otherMeeting = await meeting(api, other.id, at(45))
  const res = await api.post(`/boards/${boardId}/work-programme`, {
    requestedAtMeetingId: held,
    items: PACK().map((i) => ({ ...i, ownerIds: [pcc] })),
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  expect(res.body.saved).toBe(14)
  items = (await api.get(`/boards/${boardId}/work-programme`)).body.items
}, 60_000)

afterAll(async () => {
  await stream.stop()
  await api.close()
})

/** A change to an action at the version the client last saw. */
const patchAction = (id: string, body: object, version: number) =>
  api.patch(`/actions/${id}`, body, { headers: { 'if-match': `"${version}"` } })

describe('the work programme', () => {
  it('holds the pack’s shape: reports at named meetings, standing items, items to be timetabled, briefing notes', () => {
    expect(items).toHaveLength(14)
    const rv = byTitle('Repeat Victimisation')
    expect(rv).toMatchObject({
      kind: 'report',
      detail: 'The Panel requests that the PCC bring a report on Repeat Victimisation',
      dueMeeting: { id: m1 },
      toBeTimetabled: false,
      lastReportedAt: '2020-01-22',
      ownerIds: [pcc],
      requestedAtMeetingId: held,
    })
    expect(byTitle('Complaints')).toMatchObject({ kind: 'standing', dueMeeting: null, toBeTimetabled: false })
    expect(byTitle('Rural crime')).toMatchObject({ kind: 'report', dueMeeting: null, toBeTimetabled: true })
    expect(byTitle('Drones')).toMatchObject({ kind: 'briefing', toBeTimetabled: true })
    expect(items.filter((i) => i.kind === 'standing')).toHaveLength(4)
  })

  it('sends the Commissioner one email listing all fourteen items', async () => {
    await expect
      .poll(
        async () =>
          (await api.deps.store.outbox.get(intentKey({ kind: 'assignment', meetingId: held, ownerId: pcc })))
            ?.actions.length,
        {
          timeout: 20_000,
        },
      )
      .toBe(14)
    await stream.drain(inFuture(QUIET_PERIOD_MS + 60_000))
    const emails = await sentEmails(pccMail)
    expect(emails).toHaveLength(1)
    const text = emails[0]?.body.text ?? ''
    expect(emails[0]?.subject).toContain('14 work programme items')
    expect(text).toContain('Complaints')
    expect(text).toMatch(/Complaints\n\s+Taken at every meeting/)
    expect(text).toMatch(/Rural crime – Report on rural crime\n\s+To be timetabled/)
    expect(text).toMatch(/Drones – Briefing note on the use of drones\n\s+Requested/)
    expect(text).toContain('gave you these 14 work programme items')
    for (const i of PACK()) expect(text).toContain(i.title)
  })

  it('exports the forward plan in the seed’s columns: Word (landscape, header row repeated), CSV and HTML', async () => {
    const bytes = new Uint8Array(
      await (
        await fetch(`${api.url}/boards/${boardId}/work-programme/export?format=docx`, {
          headers: { authorization: `Bearer ${api.tokens.secretariat}` },
        })
      ).arrayBuffer(),
    )
    const word = await readWord(bytes)
    expect(word.messages).toEqual([])
    expect(word.tables.length).toBeGreaterThanOrEqual(6)
    for (const [i, table] of word.tables.entries()) {
      expect(table[0]).toEqual([...FORWARD_PLAN_COLUMNS])
      expect(word.headerRows[i]).toBe(1)
    }
    const rvRow = word.tables.flat().find((r) => r[1] === 'Repeat Victimisation')
    expect(rvRow?.[2]).toBe('The Panel requests that the PCC bring a report on Repeat Victimisation')
    expect(rvRow?.[3]).toBe('22 January 2020')
    expect(word.text).toContain('Standing items')
    expect(word.text).toContain('Items to be timetabled')
    expect(word.text).toContain('Briefing notes')
    expect(readZip(bytes).get('word/document.xml')).toMatch(/w:orient="landscape"/)
    // The open version shows the exempt item only by its wording.
    expect(word.text).not.toContain('SECRET')
    expect(word.text).toContain('Exempt FOIA under Section S.31 (Law Enforcement)')

    const csv = await api.get(`/boards/${boardId}/work-programme/export?format=csv`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const records = parseCsv(String(csv.body).replace(/^\uFEFF/, ''))
    expect(records[0]).toEqual(['Section', ...FORWARD_PLAN_COLUMNS])
    expect(records.filter((r) => r[0] === 'Standing items').map((r) => r[1])).toEqual(
      Array(4).fill('Every meeting'),
    )
    expect(records.find((r) => r[2] === 'Rural crime')?.[1]).toBe('To be timetabled')
    expect(records.find((r) => r[2] === 'Drones')?.slice(0, 2)).toEqual(['Briefing notes', 'Requested'])

    const html = await api.get(`/boards/${boardId}/work-programme/export?format=html&version=full`)
    expect(html.status).toBe(200)
    const heads = [...String(html.body).matchAll(/<th scope="col">([^<]*)<\/th>/g)]
      .slice(0, 5)
      .map((m) => m[1])
    expect(heads).toEqual([
      'Date of next report/update',
      'Item',
      'Report detail',
      'Date of last report',
      'Lead',
    ])
    expect(String(html.body)).toContain('SECRET-DETAIL')
    expect(String(html.body)).toContain('size: A4 landscape')
  })

  it('taking a report moves its date of last report to the meeting and, re-timetabled, its next date', async () => {
    const rv = byTitle('Repeat Victimisation')
    const res = await api.post(`/boards/${boardId}/work-programme/${rv.id}/record`, {
      meetingId: m1,
      outcome: 'taken',
      nextMeetingId: m3,
      note: 'Report received; a further update in three months',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const list = (await api.get(`/boards/${boardId}/work-programme`)).body.items as Item[]
    const after = list.find((i) => i.id === rv.id)
    const m1Date = (await api.get(`/meetings/${m1}`)).body.startsAt.slice(0, 10)
    expect(after).toMatchObject({ lastReportedAt: m1Date, lastReportMeetingId: m1, dueMeeting: { id: m3 } })
    // The history is the truth the stored date is kept in step with.
    const history = await api.deps.store.actions.listHistory(rv.id)
    expect(history.map((h) => h.kind)).toEqual(['created', 'taken'])
    expect(lastReportOf(history)).toEqual({ meetingId: m1, on: m1Date })

    // Taken without a next meeting, it closes.
    const plan = byTitle('Police and Crime Plan monitoring')
    const closed = await api.post(`/boards/${boardId}/work-programme/${plan.id}/record`, {
      meetingId: m1,
      outcome: 'taken',
    })
    expect(closed.body).toMatchObject({ status: 'discharged', lastReport: { meetingId: m1 } })
    expect(
      ((await api.get(`/boards/${boardId}/work-programme`)).body.items as Item[]).some(
        (i) => i.id === plan.id,
      ),
    ).toBe(false)
  })

  it('defers an item to a later meeting and brings one forward to an earlier one', async () => {
    const deferred = await api.post(
      `/boards/${boardId}/work-programme/${byTitle('Annual Report').id}/record`,
      {
        meetingId: m1,
        outcome: 'deferred',
        nextMeetingId: m3,
      },
    )
    expect(deferred.body).toMatchObject({ dueMeetingId: m3, lastReport: null, status: 'open' })
    const forward = await api.post(
      `/boards/${boardId}/work-programme/${byTitle('Estates strategy').id}/record`,
      {
        meetingId: held,
        outcome: 'brought-forward',
        nextMeetingId: m1,
      },
    )
    expect(forward.body).toMatchObject({ dueMeetingId: m1 })
    const history = await api.deps.store.actions.listHistory(byTitle('Estates strategy').id)
    expect(history.at(-1)).toMatchObject({ kind: 'brought-forward', meetingId: held })
  })

  it('a standing item taken keeps its place at every meeting; rollover carries reports but never standing items', async () => {
    const complaints = byTitle('Complaints')
    const taken = await api.post(`/boards/${boardId}/work-programme/${complaints.id}/record`, {
      meetingId: held,
      outcome: 'taken',
    })
    expect(taken.body).toMatchObject({
      status: 'open',
      dueMeetingId: null,
      carryCount: 0,
      lastReport: { meetingId: held },
    })
    // A report due at the held meeting, requested at the one before.
    const due = await api.post(`/boards/${boardId}/work-programme`, {
      title: 'Stop and search',
      ownerIds: [pcc],
      requestedAtMeetingId: older,
      dueMeetingId: held,
      notifyOwners: false,
    })
    expect(due.status, JSON.stringify(due.body)).toBe(201)
    const before = new Map(
      ((await api.get(`/boards/${boardId}/work-programme`)).body.items as (Item & { version: number })[]).map(
        (i) => [i.id, i],
      ),
    )
    expect(
      (
        await api.post(`/meetings/${held}/minutes-approval`, {
          approvedOn: at(0).slice(0, 10),
          notifyOwners: false,
        })
      ).status,
    ).toBe(202)
    await expect
      .poll(async () => (await api.deps.store.actions.get(due.body.id))?.carryCount, { timeout: 20_000 })
      .toBe(1)
    const carried = await api.deps.store.actions.get(due.body.id)
    expect(carried).toMatchObject({ dueMeetingId: m1, status: 'open' })
    for (const title of ['Complaints', 'Report of Working Groups', 'Rural crime', 'Drones']) {
      const now = await api.deps.store.actions.get(byTitle(title).id)
      expect(now?.carryCount, title).toBe(0)
      expect(now?.version, title).toBe(before.get(byTitle(title).id)?.version)
    }
  })

  it('lists the standing items on every meeting’s page, without a carry count; a member sees the plan without exempt text', async () => {
    const { get, signIn } = pagesClient(() => api.url)
    const sec = await signIn('secretariat')
    for (const m of [m1, m2, m3]) {
      const page = await (await get(`/ui/meetings/${m}`, sec)).text()
      const standing =
        /<div class="govuk-inset-text" id="standing-items">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? ''
      for (const title of [
        'Complaints',
        'Report of Working Groups',
        'Work Programme',
        'Report of the Commissioner',
      ])
        expect(standing, m).toContain(title)
      expect(standing).not.toMatch(/carried/i)
    }
    const member = await signIn('member')
    const plan = await get(`/ui/boards/${boardId}/work-programme`, member)
    expect(plan.status).toBe(200)
    const html = await plan.text()
    expect(html).toContain('Repeat Victimisation')
    expect(html).toContain('Exempt FOIA under Section S.31 (Law Enforcement)')
    expect(html).not.toContain('SECRET')
    expect(html).not.toContain('Record what happened')
    const file = await get(`/ui/boards/${boardId}/work-programme/export?format=csv&version=open`, member)
    expect(file.status).toBe(200)
    expect(await file.text()).not.toContain('SECRET')
    expect(
      (await get(`/ui/boards/${boardId}/work-programme/export?format=csv&version=full`, member)).status,
    ).toBe(403)
  })

  it('reminds the Commissioner before a meeting of the work-programme items due there', async () => {
    const m1Start = Date.parse((await api.get(`/meetings/${m1}`)).body.startsAt)
    const when = new Date(m1Start - 6.5 * DAY)
    const sentBefore = (await sentEmails(pccMail)).length
    const run = await sendReminders(stream.deps, when)
    expect(run.emails).toBeGreaterThanOrEqual(1)
    // Sent as of now (the stream may send it first): a drain in the future would see the
    // stream's claim as expired and send it again, which no real clock does.
    await stream.drain()
    await expect
      .poll(async () => (await sentEmails(pccMail)).length, { timeout: 15_000 })
      .toBe(sentBefore + 1)
    const reminders = (await sentEmails(pccMail)).slice(sentBefore)
    expect(reminders.map((e) => e.subject)).toEqual([expect.stringContaining('due – please update')])
    const text = reminders[0]?.body.text ?? ''
    // Due at m1: the briefing note, the report brought forward and the one carried there.
    for (const title of ['Cyber crime', 'Estates strategy', 'Stop and search']) expect(text).toContain(title)
    // Re-timetabled for m3, deferred to m3: not due at m1.
    expect(text).not.toContain('Repeat Victimisation')
    expect(text).not.toContain('Annual Report')
  })

  it('edits an item’s title and detail, its description following them; an action has neither', async () => {
    const item = byTitle('Cyber crime')
    const version = (await api.get(`/actions/${item.id}`)).body.version
    const edit = await patchAction(
      item.id,
      { title: 'Cyber crime and fraud', detail: 'Including romance fraud' },
      version,
    )
    expect(edit.status, JSON.stringify(edit.body)).toBe(200)
    expect(edit.body).toMatchObject({
      title: 'Cyber crime and fraud',
      detail: 'Including romance fraud',
      description: 'Cyber crime and fraud – Including romance fraud',
    })
    const history = await api.deps.store.actions.listHistory(item.id)
    expect(Object.keys(history.at(-1)?.changes ?? {}).sort()).toEqual(['description', 'detail', 'title'])
    const listed = (await api.get(`/boards/${boardId}/work-programme`)).body.items as Item[]
    expect(listed.find((i) => i.id === item.id)).toMatchObject({ title: 'Cyber crime and fraud' })

    // Its description follows its title and detail, so it is not set on its own.
    const direct = await patchAction(item.id, { description: 'Something else' }, edit.body.version)
    expect(direct.status).toBe(400)
    expect(direct.body.issues).toEqual([expect.objectContaining({ path: 'description' })])
    const action = await raise(api, held, {
      itemNumber: 3,
      description: 'An ordinary action',
      ownerIds: [pcc],
    })
    const refused = await patchAction(action.id, { title: 'A title' }, action.version)
    expect(refused.status).toBe(400)
    expect(refused.body.issues).toEqual([expect.objectContaining({ path: 'title' })])
  })

  it('refuses bad input with a 400 naming the field, never a 5xx', async () => {
    const post = (body: unknown) => api.post(`/boards/${boardId}/work-programme`, body)
    const base = { title: 'Hate crime', ownerIds: [pcc], requestedAtMeetingId: held }
    const neither = await post(base)
    expect(neither.status).toBe(400)
    expect(JSON.stringify(neither.body)).toContain('dueMeetingId')
    const both = await post({ ...base, dueMeetingId: m1, toBeTimetabled: true })
    expect(both.status).toBe(400)
    const otherBoard = await post({ ...base, dueMeetingId: otherMeeting })
    expect(otherBoard.status).toBe(400)
    expect(otherBoard.body.issues).toEqual([expect.objectContaining({ path: 'dueMeetingId' })])
    const noRequest = await post({ title: 'Hate crime', ownerIds: [pcc], toBeTimetabled: true })
    expect(noRequest.status).toBe(400)
    expect(noRequest.body.issues).toEqual([expect.objectContaining({ path: 'requestedAtMeetingId' })])
    const standingDue = await post({ ...base, kind: 'standing', dueMeetingId: m1 })
    expect(standingDue.status).toBe(400)
    const lastAfter = await post({
      ...base,
      requestedAtMeetingId: held,
      toBeTimetabled: true,
      lastReportedOn: '2099-01-01',
    })
    expect(lastAfter.status).toBe(400)
    expect(lastAfter.body.issues).toEqual([expect.objectContaining({ path: 'lastReportedOn' })])
    const rows = await post({
      requestedAtMeetingId: held,
      items: [{ ...base }, { ...base, toBeTimetabled: true }],
    })
    expect(rows.status).toBe(200)
    expect(rows.body.results[0]).toMatchObject({ ok: false, status: 400, field: 'dueMeetingId' })
    expect(rows.body.results[1]).toMatchObject({ ok: true })
    expect(
      (await api.post(`/boards/01JC2ZQ8M6X4W3V2T1S0R9P8N7/work-programme`, { ...base, toBeTimetabled: true }))
        .status,
    ).toBe(404)

    const record = (id: string, body: unknown) =>
      api.post(`/boards/${boardId}/work-programme/${id}/record`, body)
    const report = byTitle('Precept proposal')
    const noNext = await record(report.id, { meetingId: m1, outcome: 'deferred' })
    expect(noNext.status).toBe(400)
    expect(noNext.body.issues).toEqual([expect.objectContaining({ path: 'nextMeetingId' })])
    const backwards = await record(report.id, {
      meetingId: m1,
      outcome: 'brought-forward',
      nextMeetingId: m3,
    })
    expect(backwards.status).toBe(400)
    const elsewhere = await record(report.id, { meetingId: otherMeeting, outcome: 'taken' })
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body.issues).toEqual([expect.objectContaining({ path: 'meetingId' })])
    const standing = await record(byTitle('Work Programme').id, {
      meetingId: m1,
      outcome: 'deferred',
      nextMeetingId: m2,
    })
    expect(standing.status).toBe(400)
    expect(standing.body.issues).toEqual([expect.objectContaining({ path: 'outcome' })])
    expect((await record('01JC2ZQ8M6X4W3V2T1S0R9P8N7', { meetingId: m1, outcome: 'taken' })).status).toBe(404)
    // Nor can an edit give a standing item a due meeting.
    const standingItem = byTitle('Report of Working Groups')
    const edit = await patchAction(
      standingItem.id,
      { dueMeetingId: m2 },
      (await api.get(`/actions/${standingItem.id}`)).body.version,
    )
    expect(edit.status).toBe(400)
    expect(edit.body.issues).toEqual([expect.objectContaining({ path: 'dueMeetingId' })])
    expect((await record(report.id, { meetingId: m1, outcome: 'ignored' })).status).toBe(400)
    const closed = await record(byTitle('Police and Crime Plan monitoring').id, {
      meetingId: m2,
      outcome: 'taken',
    })
    expect(closed.status).toBe(409)
    // A member may read, not write; and not the full export.
    const member = await api.token('member')
    expect((await api.get(`/boards/${boardId}/work-programme`, { token: member })).status).toBe(200)
    expect((await api.post(`/boards/${boardId}/work-programme`, base, { token: member })).status).toBe(403)
    expect(
      (await api.get(`/boards/${boardId}/work-programme/export?format=csv&version=full`, { token: member }))
        .status,
    ).toBe(403)
    expect((await api.get(`/boards/${boardId}/work-programme/export?format=pdf`)).status).toBe(400)
  })
})
