import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newBoard, newPerson, startApi } from './harness.ts'
import { fieldOf, pagesClient } from './pages.ts'

/**
 * The web pages' guards, over HTTP against DynamoDB Local (the browser test drives the
 * pages themselves): sign-in, the session cookie, role checks and cross-site posts.
 */
let api: Awaited<ReturnType<typeof startApi>>

const { get, post, formKey, signIn } = pagesClient(() => api.url)

/** A board made through the API, named by its short name. */
const aBoard = (shortName: string) =>
  newBoard(api, {
    name: `${shortName} board`,
    shortName,
    secretariatEmails: [`${shortName.toLowerCase()}@x.example`],
  })

beforeAll(async () => {
  api = await startApi()
})

afterAll(async () => {
  await api?.close()
})

describe('the web pages', () => {
  it('send a visitor without a session to sign in, and a signed-in one to their role’s page', async () => {
    // The bare address leads to the pages.
    const root = await get('/')
    expect(root.status).toBe(302)
    expect(root.headers.get('location')).toBe('/ui')
    const anon = await get('/ui/boards')
    expect(anon.status).toBe(303)
    expect(anon.headers.get('location')).toBe('/ui/sign-in')
    expect((await get('/ui', await signIn('secretariat'))).headers.get('location')).toBe('/ui/boards')
    expect((await get('/ui', await signIn('chair'))).headers.get('location')).toBe('/ui/chair')
    expect((await get('/ui', await signIn('member'))).headers.get('location')).toBe('/ui/mine')
    // A post after the session ended is not saved, and shows back what was typed.
    const late = await post('/ui/actions/01JC2ZQ8M6X4W3V2T1S0R9P8N7/updates', {
      text: 'Two paragraphs\nof <work>',
    })
    expect(late.status).toBe(401)
    const latePage = await late.text()
    expect(latePage).toContain('Please sign in again')
    expect(latePage).toContain('readonly="">Two paragraphs\nof &lt;work&gt;</textarea>')
    // A forged or mangled cookie is no session.
    expect((await get('/ui/boards', 'ui_session=eyJhbGciOiJub25lIn0.e30.')).status).toBe(303)
    expect((await get('/ui/boards', 'ui_session=%E0%A4%A')).status).toBe(303)
  })

  it('refuse what a role may not do with a page that says so', async () => {
    const member = await signIn('member')
    const res = await get('/ui/chair', member)
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('You cannot do this')
    const board = await post(
      '/ui/boards',
      // A well-formed, unused form key: the refusal is the role's, not the key's.
      { name: 'X', shortName: 'X', secretariatEmails: 'a@b.example', formKey: 'k'.repeat(24) },
      { cookie: member },
    )
    expect(board.status).toBe(403)
  })

  it('refuse a post from another site, and keep what was typed when a form is refused', async () => {
    const sec = await signIn('secretariat')
    const cross = await post(
      '/ui/boards',
      { name: 'Evil', shortName: 'EV', secretariatEmails: 'a@b.example' },
      { cookie: sec, 'sec-fetch-site': 'cross-site' },
    )
    expect(cross.status).toBe(403)
    expect((await api.get('/boards')).body.items).toEqual([])

    const refused = await post(
      '/ui/boards',
      {
        name: 'Police and Crime Panel',
        shortName: '',
        secretariatEmails: '',
        formKey: await formKey('/ui/boards', sec),
      },
      { cookie: sec },
    )
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expect(html).toContain('There is a problem')
    expect(html).toContain('href="#board-shortName"')
    expect(html).toContain('value="Police and Crime Panel"')

    const fields = {
      name: 'Police and Crime Panel',
      shortName: 'PCP',
      secretariatEmails: 'panel@opcc.example',
      formKey: await formKey('/ui/boards', sec),
    }
    const ok = await post('/ui/boards', fields, { cookie: sec, 'sec-fetch-site': 'same-origin' })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toMatch(/^\/ui\/boards\/\w{26}$/)
    // The same form again (a double click, the back button): refused, nothing added twice.
    const again = await post('/ui/boards', fields, { cookie: sec })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('This form was already sent')
    expect((await api.get('/boards')).body.items).toHaveLength(1)
    // A form without its key is refused the same way.
    expect((await post('/ui/boards', { ...fields, formKey: '' }, { cookie: sec })).status).toBe(409)
  })

  it('answer an unknown or malformed page with a 404 page', async () => {
    const sec = await signIn('secretariat')
    for (const path of [
      '/ui/meetings/not-an-id',
      '/ui/actions/01JC2ZQ8M6X4W3V2T1S0R9P8N7',
      '/ui/no/such/page',
    ]) {
      const res = await get(path, sec)
      expect(res.status, path).toBe(404)
      expect(await res.text()).toContain('Page not found')
    }
  })

  it('refuse a change made from a stale page, and show the page as it now is', async () => {
    const sec = await signIn('secretariat')
    const board = await aBoard('PNL')
    const m = (await api.post(`/boards/${board.id}/meetings`, { startsAt: '2030-03-05T10:00:00Z' })).body
    const page = await (await get(`/ui/meetings/${m.id}`, sec)).text()
    const field = (name: string) => fieldOf(page, name, `/ui/meetings/${m.id}`)
    expect(field('version')).toBe('1')
    // Someone else moves the meeting meanwhile.
    await api.patch(`/meetings/${m.id}`, { location: 'Room 2' }, { headers: { 'if-match': '"1"' } })
    const res = await post(
      `/ui/meetings/${m.id}`,
      {
        version: '1',
        date: '2030-03-05',
        time: '11:00',
        location: 'Room 1',
        status: 'scheduled',
        formKey: field('formKey'),
      },
      { cookie: sec },
    )
    expect(res.status).toBe(409)
    const html = await res.text()
    expect(html).toContain('There is a problem')
    expect(html).toContain('href="#change-date"')
    expect(html).toContain('name="version" value="2"')
    expect(html).toContain('Someone else changed this while you were editing')
    // The form shows their version, not what was typed: saving again cannot undo their change.
    expect(html).toContain('value="Room 2"')
    expect(html).not.toContain('value="Room 1"')
    expect((await api.get(`/meetings/${m.id}`)).body.startsAt).toBe('2030-03-05T10:00:00.000Z')
  })

  it('let the secretariat correct a person’s mailbox and withdraw an owner’s links', async () => {
    const sec = await signIn('secretariat')
    const person = await newPerson(api, 'DT2', { name: 'Dana Turner', email: 'old@force.example' })
    const page = await (await get(`/ui/people/${person.id}`, sec)).text()
    const key = fieldOf(page, 'formKey')
    expect(page).toContain('name="version" value="1"')
    const res = await post(
      `/ui/people/${person.id}`,
      {
        version: '1',
        name: 'Dana Turner',
        initials: 'DT2',
        email: 'new@force.example',
        role: '',
        deputy: '',
        formKey: key,
      },
      { cookie: sec },
    )
    expect(res.status).toBe(303)
    expect((await api.get(`/people/${person.id}`)).body.email).toBe('new@force.example')
    // Members may not open it.
    expect((await get(`/ui/people/${person.id}`, await signIn('member'))).status).toBe(403)

    const board = await aBoard('BRD')
    const m = (await api.post(`/boards/${board.id}/meetings`, { startsAt: '2030-04-01T10:00:00Z' })).body
    const revoke = await post(
      `/ui/meetings/${m.id}/owner-links/revoke`,
      { ownerId: person.id },
      { cookie: sec },
    )
    expect(revoke.status).toBe(303)
    expect(await api.deps.store.links.revokedAt(m.id, person.id)).not.toBeNull()
  })

  it('keep an action due at a held meeting there when only its wording is corrected', async () => {
    const sec = await signIn('secretariat')
    const board = await aBoard('HLD')
    const dt = await newPerson(api, 'OWH', { name: 'Owner', email: 'o@x.example' })
    const raisedAt = (await api.post(`/boards/${board.id}/meetings`, { startsAt: '2026-01-06T10:00:00Z' }))
      .body
    const held = (await api.post(`/boards/${board.id}/meetings`, { startsAt: '2026-02-03T10:00:00Z' })).body
    await api.post(`/boards/${board.id}/meetings`, { startsAt: '2030-03-03T10:00:00Z' })
    const action = (
      await api.post(`/meetings/${raisedAt.id}/actions`, {
        itemNumber: 2,
        description: 'Teh typo',
        ownerIds: [dt.id],
        dueMeetingId: held.id,
      })
    ).body
    await api.patch(`/meetings/${held.id}`, { status: 'held' })
    const page = await (await get(`/ui/actions/${action.id}`, sec)).text()
    const selected =
      /<select class="govuk-select" id="edit-dueMeetingId"[\s\S]*?<option value="([^"]+)" selected="">/.exec(
        page,
      )?.[1]
    expect(selected).toBe(held.id)
    const res = await post(
      `/ui/actions/${action.id}`,
      {
        version: String(action.version),
        dueWas: held.id,
        description: 'The typo fixed',
        owners: 'OWH',
        dueMeetingId: held.id,
        dueDate: '',
        formKey: fieldOf(page, 'formKey'),
      },
      { cookie: sec },
    )
    expect(res.status).toBe(303)
    const after = (await api.get(`/actions/${action.id}`)).body
    expect(after.description).toBe('The typo fixed')
    expect(after.dueMeetingId).toBe(held.id)
  })

  it('give a rescheduled meeting the title of its new date, and serve the action log download only as allowed', async () => {
    const sec = await signIn('secretariat')
    const board = await aBoard('MOV')
    const m = (await api.post(`/boards/${board.id}/meetings`, { startsAt: '2030-05-07T09:00:00Z' })).body
    expect(m.title).toBe('MOV 7 May 2030')
    const key = await formKey(`/ui/meetings/${m.id}`, sec, `/ui/meetings/${m.id}`)
    const res = await post(
      `/ui/meetings/${m.id}`,
      { version: '1', date: '2030-05-14', time: '10:00', location: '', status: 'scheduled', formKey: key },
      { cookie: sec },
    )
    expect(res.status).toBe(303)
    const moved = (await api.get(`/meetings/${m.id}`)).body
    expect(moved.startsAt).toBe('2030-05-14T09:00:00.000Z')
    expect(moved.title).toBe('MOV 14 May 2030')

    const path = `/ui/meetings/${m.id}/action-log?format=csv&version=full`
    expect((await get(path)).status).toBe(303)
    const member = await get(path, await signIn('member'))
    expect(member.status).toBe(403)
    expect(await member.text()).toContain('You cannot have this version')
    const ok = await get(path, sec)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toContain('text/csv')
  })

  it('let the secretariat change a board’s chair, reminder days and meeting length, and say which field is wrong', async () => {
    const sec = await signIn('secretariat')
    const chair = await newPerson(api, 'CPB', { name: 'Chair Person', email: 'c@x.example' })
    const board = await aBoard('SET')
    const keyOf = () => formKey(`/ui/boards/${board.id}`, sec, `/ui/boards/${board.id}`)
    const fields = {
      version: String(board.version),
      name: 'SET board',
      shortName: 'SET',
      secretariatEmails: 's@x.example',
      chairId: chair.id,
      reminderDaysBefore: 'seven',
      summaryDaysBefore: '3',
      overdueCarryThreshold: '2',
      meetingLengthMinutes: '90',
    }
    const bad = await post(
      `/ui/boards/${board.id}`,
      { ...fields, meetingLengthMinutes: 'two hours', formKey: await keyOf() },
      { cookie: sec },
    )
    expect(bad.status).toBe(400)
    const page = await bad.text()
    expect(page).toContain('href="#board-settings-reminderDaysBefore"')
    expect(page).toContain('href="#board-settings-meetingLengthMinutes"')
    const ok = await post(
      `/ui/boards/${board.id}`,
      { ...fields, reminderDaysBefore: '10, 3', formKey: await keyOf() },
      { cookie: sec },
    )
    expect(ok.status).toBe(303)
    const after = (await api.get(`/boards/${board.id}`)).body
    expect(after).toMatchObject({
      chairId: chair.id,
      reminderDaysBefore: [10, 3],
      summaryDaysBefore: 3,
      meetingLengthMinutes: 90,
    })
  })

  it('raise an action from the meeting page by its owners’ initials, due at the meeting chosen', async () => {
    const sec = await signIn('secretariat')
    const board = await aBoard('RSE')
    await newPerson(api, 'RO', { name: 'Rae Owen', email: 'ro@x.example' })
    const at = (await api.post(`/boards/${board.id}/meetings`, { startsAt: '2026-01-06T10:00:00Z' })).body
    const next = (await api.post(`/boards/${board.id}/meetings`, { startsAt: '2030-02-03T10:00:00Z' })).body
    const path = `/ui/meetings/${at.id}`
    const res = await post(
      `${path}/actions`,
      {
        rows: '1',
        'itemNumber.1': '4',
        'description.1': 'Report the response times to the next meeting',
        'owners.1': 'RO',
        'dueMeetingId.1': next.id,
        formKey: await formKey(path, sec, `${path}/actions`),
      },
      { cookie: sec },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${path}?done=raised#raised`)
    const raised = (await api.get(`/meetings/${at.id}/actions`)).body.items
    expect(raised).toEqual([
      expect.objectContaining({
        ref: '04.06/01/2026',
        description: 'Report the response times to the next meeting',
        dueMeetingId: next.id,
      }),
    ])
  })
})
