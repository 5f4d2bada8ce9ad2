import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, meeting, newBoard, newPerson, raise, startApi } from './harness.ts'
import { fieldOf, pagesClient } from './pages.ts'

/**
 * The meeting page's many-row forms over HTTP against DynamoDB Local: several actions raised
 * in one form, Actions Arising decided in one form (a refused row named by its reference,
 * the others saved, what was typed kept), and attendance from the board's members and guests.
 */
let api: Api
const { get, post, formKey, signIn } = pagesClient(() => api.url)

beforeAll(async () => {
  api = await startApi()
})

afterAll(async () => {
  await api?.close()
})

const member = (boardId: string, personId: string) =>
  api.call('PUT', `/boards/${boardId}/members/${personId}`).then((r) => expect(r.status).toBe(204))

/** A board with its members DT, SR and the team OPCC, and two meetings: one past, one to come. */
async function fixture(shortName: string) {
  const board = await newBoard(api, { shortName, name: `${shortName} board` })
  const dt = await newPerson(api, `D${shortName}`, { name: 'Debbie Tedds', initials: 'DT' })
  const sr = await newPerson(api, `S${shortName}`, { name: 'Steve Russell', initials: 'SR' })
  const opcc = (
    await api.post('/people', {
      name: 'Office of the PCC',
      initials: 'OPCC',
      kind: 'team',
      memberIds: [sr.id],
    })
  ).body
  for (const p of [dt.id, sr.id, opcc.id]) await member(board.id, p)
  const past = await meeting(api, board.id, '2020-06-23T09:00:00Z')
  const next = await meeting(api, board.id, '2030-07-21T09:00:00Z')
  return { board, dt, sr, opcc, past, next }
}

const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')

/** The error summary's lines and their links. */
const summary = (html: string) =>
  [...html.matchAll(/<li><a href="#([\w-]+)">([^<]*)<\/a><\/li>/g)].map((m) => [m[1], decode(m[2] ?? '')])

describe('the meeting page raises several actions in one form', () => {
  it('raises the good rows, ignores empty ones, and shows a refused row again with its reason', async () => {
    const sec = await signIn('secretariat')
    const f = await fixture('RSM')
    const path = `/ui/meetings/${f.past}`
    const page = await (await get(path, sec)).text()
    expect(fieldOf(page, 'rows', `${path}/actions`)).toBe('1,2,3,4,5')
    const rows = {
      rows: '1,2,3,4,5',
      'itemNumber.1': '1',
      'description.1': 'NT to add SOH links to OPCC website',
      'owners.1': 'DT / OPCC',
      'dueMeetingId.1': f.next,
      'itemNumber.2': '3',
      'description.2': 'Performance Scrutiny Report – written response to be provided by the Force to OPCC',
      'owners.2': 'dt',
      'ref.2': 'Action 1 02.21/12/21',
      'itemNumber.3': '4',
      'description.3': 'Covid-19 update',
      'owners.3': 'XY and SR',
      'exemptSection.3': 'S.31 (Law Enforcement)',
      'itemNumber.4': '4',
      'itemTitle.4': 'Covid-19 Update',
      'description.4': 'Recovery plan to the next meeting',
      'owners.4': 'SR',
      'exemptSection.4': 'S.31 (Law Enforcement)',
      'dueDate.4': '2030-07-01',
      'dueMeetingId.5': f.next,
      formKey: fieldOf(page, 'formKey', `${path}/actions`),
    }
    const res = await post(`${path}/actions`, rows, { cookie: sec })
    expect(res.status).toBe(400)
    const html = await res.text()
    // The refused row, named by its row and field, linked to that field and drawn again as typed.
    expect(summary(html)).toEqual([
      ['raise-owners-3', 'Action 3, Owners: No one on this board has the initials "XY"'],
    ])
    expect(html).toContain('id="raise-owners-3-error"')
    expect(html).toContain('value="XY and SR"')
    expect(fieldOf(html, 'rows', `${path}/actions`)).toBe('3')
    // The rows raised are listed, and not in the form again.
    expect(html).toContain('These 3 actions were raised')
    expect(html).not.toContain('name="description.1"')

    const raised = (await api.get(`/meetings/${f.past}/actions`)).body.items
    expect(raised.map((a: { ref: string }) => a.ref)).toEqual([
      '01.23/06/2020',
      'Action 1 02.21/12/21',
      '04.23/06/2020',
    ])
    expect(raised[0]).toMatchObject({ ownerIds: [f.dt.id, f.opcc.id], dueMeetingId: f.next })
    expect(raised[2]).toMatchObject({
      itemTitle: 'Covid-19 Update',
      dueDate: '2030-07-01',
      exempt: {
        section: 'S.31 (Law Enforcement)',
        publicWording: 'Exempt FOIA under Section S.31 (Law Enforcement)',
      },
    })
    // The first form's key is spent: sent again (the back button), it raises nothing twice.
    expect((await post(`${path}/actions`, rows, { cookie: sec })).status).toBe(409)

    // The refused row corrected and sent from the redrawn form: only it is raised.
    const fixed = await post(
      `${path}/actions`,
      {
        rows: '3',
        'itemNumber.3': '4',
        'description.3': 'Covid-19 update',
        'owners.3': 'OPCC and SR',
        'exemptSection.3': 'S.31 (Law Enforcement)',
        'publicWording.3': 'Covid-19 Update Exempt FOIA under Section S.31 (Law Enforcement)',
        formKey: fieldOf(html, 'formKey', `${path}/actions`),
      },
      { cookie: sec },
    )
    expect(fixed.status).toBe(303)
    expect(fixed.headers.get('location')).toBe(`${path}?done=raised#raised`)
    const after = (await api.get(`/meetings/${f.past}/actions`)).body.items
    expect(after).toHaveLength(4)
    expect(after.find((a: { ref: string }) => a.ref === '04.23/06/2020 (2)')).toMatchObject({
      ownerIds: [f.opcc.id, f.sr.id],
      exempt: { publicWording: 'Covid-19 Update Exempt FOIA under Section S.31 (Law Enforcement)' },
    })
  })

  it('adds more rows keeping what was typed, saving nothing; a form of empty rows says so', async () => {
    const sec = await signIn('secretariat')
    const f = await fixture('MOR')
    const path = `/ui/meetings/${f.past}`
    const more = await post(
      `${path}/actions/rows`,
      { rows: '1,2,3,4,5', 'description.2': 'Kept <as typed>', 'owners.2': 'DT' },
      { cookie: sec },
    )
    expect(more.status).toBe(200)
    const html = await more.text()
    expect(fieldOf(html, 'rows', `${path}/actions`)).toBe('1,2,3,4,5,6,7,8,9,10')
    expect(html).toContain('Kept &lt;as typed&gt;</textarea>')
    expect(html).not.toContain('There is a problem')
    expect((await api.get(`/meetings/${f.past}/actions`)).body.items).toEqual([])

    const empty = await post(
      `${path}/actions`,
      { rows: '1,2', 'dueMeetingId.1': f.next, formKey: await formKey(path, sec, `${path}/actions`) },
      { cookie: sec },
    )
    expect(empty.status).toBe(400)
    expect(summary(await empty.text())).toEqual([
      ['raise-description-1', 'Action 1, What is to be done: Enter at least one action'],
    ])
  })
})

describe('the meeting page decides its Actions Arising in one form', () => {
  it('saves every good row, names a refused one by its reference, and keeps what was typed', async () => {
    const sec = await signIn('secretariat')
    const f = await fixture('DEC')
    const held = await meeting(api, f.board.id, '2020-07-21T09:00:00Z')
    const due = { dueMeetingId: held }
    const a1 = await raise(api, f.past, { itemNumber: 1, description: 'SOH links', owners: 'DT', ...due })
    const a2 = await raise(api, f.past, {
      itemNumber: 2,
      description: 'CJS presentation',
      owners: 'SR',
      ...due,
    })
    const a3 = await raise(api, f.past, {
      itemNumber: 3,
      description: 'Written response',
      owners: 'DT',
      ...due,
    })
    const a4 = await raise(api, f.past, { itemNumber: 4, description: 'Deep dives', owners: 'SR', ...due })
    await api.post(`/actions/${a1.id}/updates`, { text: 'Links are live', proposeComplete: true })
    const path = `/ui/meetings/${held}`
    const page = await (await get(path, sec)).text()
    // The owner's proposal shows on its row, with their update.
    expect(page).toMatch(
      /Owner proposes complete<\/strong> <span class="app-break-words">Links are live<\/span>/,
    )
    expect([...page.matchAll(/name="version\.(\w{26})"/g)].map((m) => m[1])).toEqual([
      a1.id,
      a2.id,
      a3.id,
      a4.id,
    ])

    const res = await post(
      `${path}/outcomes`,
      {
        [`version.${a1.id}`]: '2',
        [`outcome.${a1.id}`]: 'discharged',
        [`note.${a1.id}`]: 'Links added',
        [`version.${a2.id}`]: '1',
        [`outcome.${a2.id}`]: 'discharged',
        [`note.${a2.id}`]: '  ',
        [`version.${a3.id}`]: '1',
        [`outcome.${a3.id}`]: 'carried-forward',
        [`note.${a3.id}`]: 'Response awaited',
        [`version.${a4.id}`]: '1',
        [`outcome.${a4.id}`]: '',
        [`note.${a4.id}`]: '',
      },
      { cookie: sec },
    )
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(summary(html)).toEqual([[`decide-note-${a2.id}`, `${a2.ref}: Enter a discharge note`]])
    expect(html).toContain(`id="decide-note-${a2.id}-error"`)
    // The refused row keeps its choice; the saved rows show as decided.
    expect(html).toMatch(
      new RegExp(
        `id="decide-outcome-${a2.id}" name="outcome.${a2.id}" type="radio" value="discharged" checked=""`,
      ),
    )
    expect(html.match(/To discharge/g)).toHaveLength(1)
    expect(html.match(/To carry forward/g)).toHaveLength(1)
    const proposed = async (id: string) => (await api.get(`/actions/${id}`)).body
    expect((await proposed(a1.id)).proposedOutcome).toMatchObject({
      outcome: 'discharged',
      note: 'Links added',
    })
    expect((await proposed(a2.id)).proposedOutcome).toBeNull()
    expect((await proposed(a3.id)).proposedOutcome).toMatchObject({ outcome: 'carried-forward' })

    // Sent again from the redrawn page with the note, and the rest carried forward: rows already
    // decided as shown are not written again.
    const again = await post(
      `${path}/outcomes`,
      {
        [`version.${a1.id}`]: '3',
        [`outcome.${a1.id}`]: 'discharged',
        [`note.${a1.id}`]: 'Links added',
        [`version.${a2.id}`]: '1',
        [`outcome.${a2.id}`]: 'discharged',
        [`note.${a2.id}`]: 'Presentation sent to the OPCC',
        carryForwardRest: 'yes',
      },
      { cookie: sec },
    )
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe(`${path}?done=decisions#arising`)
    expect((await proposed(a1.id)).version).toBe(3)
    expect((await proposed(a2.id)).proposedOutcome).toMatchObject({ outcome: 'discharged' })
    expect((await proposed(a4.id)).proposedOutcome).toMatchObject({ outcome: 'carried-forward' })
    expect(await (await get(`${path}?done=decisions`, sec)).text()).toContain('The decisions were saved')
  })

  it('fails a row someone else changed meanwhile, showing their version', async () => {
    const sec = await signIn('secretariat')
    const f = await fixture('STL')
    const held = await meeting(api, f.board.id, '2020-07-21T09:00:00Z')
    const a = await raise(api, f.past, { itemNumber: 1, description: 'x', owners: 'DT', dueMeetingId: held })
    await api.post(`/meetings/${held}/outcomes`, {
      actionId: a.id,
      outcome: 'carried-forward',
      note: 'Theirs',
    })
    const res = await post(
      `/ui/meetings/${held}/outcomes`,
      { [`version.${a.id}`]: '1', [`outcome.${a.id}`]: 'discharged', [`note.${a.id}`]: 'Mine' },
      { cookie: sec },
    )
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(summary(html)[0]?.[1]).toMatch(/^\S+: Someone else changed this action/)
    expect(html).toContain('>Theirs</textarea>')
    expect(html).not.toContain('>Mine</textarea>')
  })
})

describe('the attendance form', () => {
  it('lists the board’s members and the meeting’s guests, and adds a guest', async () => {
    const sec = await signIn('secretariat')
    const f = await fixture('ATT')
    const outsider = await newPerson(api, 'KQ', { name: 'Kate Quilley' })
    const path = `/ui/meetings/${f.next}`
    const page = await (await get(path, sec)).text()
    const rows = (html: string) => [...html.matchAll(/name="attendance\.(\w{26})"/g)].map((m) => m[1])
    expect(rows(page).sort()).toEqual([f.dt.id, f.sr.id].sort())
    expect(page).toContain(`<option value="${outsider.id}">Kate Quilley (KQ)</option>`)

    // Not invited yet: refused at their row, named by the person.
    const early = await post(
      `${path}/attendance`,
      { [`attendance.${outsider.id}`]: 'present' },
      { cookie: sec },
    )
    expect(early.status).toBe(400)
    expect(summary(await early.text())[0]).toEqual([
      `attendance-attendance-${outsider.id}`,
      expect.stringMatching(/^Attendance of Kate Quilley \(KQ\): /),
    ])
    const none = await post(`${path}/guests`, { version: '1', guestId: '' }, { cookie: sec })
    expect(none.status).toBe(400)
    expect(summary(await none.text())).toEqual([['guest-guestId', 'Guest: Choose the person to add']])
    const added = await post(`${path}/guests`, { version: '1', guestId: outsider.id }, { cookie: sec })
    expect(added.status).toBe(303)
    expect((await api.get(`/meetings/${f.next}`)).body.guestIds).toEqual([outsider.id])
    const after = await (await get(path, sec)).text()
    expect(rows(after)).toContain(outsider.id)
    expect(after).toContain('Kate Quilley (KQ) (guest)')

    // As the minutes record it: online, joined late, minute taker; apologies with a representative.
    const saved = await post(
      `${path}/attendance`,
      {
        [`attendance.${outsider.id}`]: 'present',
        [`mode.${outsider.id}`]: 'online',
        [`timing.${outsider.id}`]: 'joined-late',
        [`role.${outsider.id}`]: 'minute-taker',
        [`attendance.${f.dt.id}`]: 'apologies',
        [`representedBy.${f.dt.id}`]: outsider.id,
      },
      { cookie: sec },
    )
    expect(saved.status).toBe(303)
    expect((await api.get(`/meetings/${f.next}`)).body.attendance).toEqual([
      {
        personId: outsider.id,
        status: 'present',
        mode: 'online',
        timing: 'joined-late',
        role: 'minute-taker',
        representedBy: null,
        substitute: false,
      },
      {
        personId: f.dt.id,
        status: 'apologies',
        mode: null,
        timing: null,
        role: null,
        representedBy: outsider.id,
        substitute: false,
      },
    ])
    const shown = await (await get(path, sec)).text()
    expect(shown).toMatch(
      new RegExp(`name="representedBy\\.${f.dt.id}"[^>]*>[\\s\\S]*?<option value="${outsider.id}" selected`),
    )

    // Only someone who sent apologies is represented: refused at that row's field.
    const wrong = await post(
      `${path}/attendance`,
      { [`attendance.${f.sr.id}`]: 'present', [`representedBy.${f.sr.id}`]: outsider.id },
      { cookie: sec },
    )
    expect(wrong.status).toBe(400)
    expect(summary(await wrong.text())[0]).toEqual([
      `attendance-representedBy-${f.sr.id}`,
      'Who represented Steve Russell (SR): Only someone who sent apologies is represented',
    ])
  })
})
