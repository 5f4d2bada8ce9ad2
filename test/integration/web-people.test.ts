import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newBoard, newPerson, startApi } from './harness.ts'
import { fieldOf, pagesClient } from './pages.ts'

/**
 * The people pages over HTTP against DynamoDB Local: the add and the edit form have the
 * same fields and save every one; members and a deputy typed by initials or aliases; the
 * directory without retired entries unless asked; retiring after its question; and a
 * member's actions under their boards.
 */
let api: Awaited<ReturnType<typeof startApi>>

const { get, post, signIn } = pagesClient(() => api.url)

beforeAll(async () => {
  api = await startApi()
})

afterAll(async () => {
  await api?.close()
})

/** The names of the fields a page's form posts to `action` sends (hidden ones aside). */
function fieldNames(html: string, action: string): string[] {
  const form = new RegExp(`<form method="post" action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1]
  if (!form) throw new Error(`no form posting to ${action}`)
  const names = [...form.matchAll(/<(input|textarea|select)\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => !/type="hidden"/.test(tag))
    .map((tag) => /name="([^"]+)"/.exec(tag)?.[1] ?? '')
  return [...new Set(names)].sort()
}

const keyOf = (html: string, action: string) => fieldOf(html, 'formKey', action)

describe('the people pages', () => {
  it('add an entry with every field, and edit it with the same form', async () => {
    const sec = await signIn('secretariat')
    const deputy = await newPerson(api, 'WPD', { name: 'Wendy Deputy' })
    const list = await (await get('/ui/people', sec)).text()
    const res = await post(
      '/ui/people',
      {
        kind: 'person',
        name: 'Cllr Derek Poole',
        initials: 'WDP',
        aliases: 'PS, vc',
        role: 'Panel Chair',
        organisation: 'Council',
        email: 'derek.poole@council.example',
        members: '',
        deputy: 'wpd',
        formKey: keyOf(list, '/ui/people'),
      },
      { cookie: sec },
    )
    expect(res.status).toBe(303)
    const location = res.headers.get('location') ?? ''
    expect(location).toMatch(/^\/ui\/people\/\w{26}\?done=person$/)
    const id = location.split('/').at(-1)?.split('?')[0] ?? ''
    expect((await api.get(`/people/${id}`)).body).toMatchObject({
      kind: 'person',
      name: 'Cllr Derek Poole',
      initials: 'WDP',
      aliases: ['PS', 'vc'],
      role: 'Panel Chair',
      organisation: 'Council',
      email: 'derek.poole@council.example',
      memberIds: [],
      deputyId: deputy.id,
      version: 1,
    })

    // Everything on the add form is on the edit form, filled in as saved.
    const page = await (await get(`/ui/people/${id}`, sec)).text()
    const fields = [
      'aliases',
      'deputy',
      'email',
      'initials',
      'kind',
      'members',
      'name',
      'organisation',
      'role',
    ]
    expect(fieldNames(list, '/ui/people')).toEqual(fields)
    expect(fieldNames(page, `/ui/people/${id}`)).toEqual(fields)
    expect(page).toContain('name="aliases" value="PS, vc"')
    expect(page).toContain('name="deputy" value="WPD"')
    expect(page).toContain('name="organisation" value="Council"')
    expect(page).toMatch(/id="person-edit-kind" name="kind" type="radio" value="person" checked/)

    // Sent back as drawn, nothing changes (no new version); a change saves only what differs.
    const edit = (fields: Record<string, string>, html: string) =>
      post(
        `/ui/people/${id}`,
        {
          version: fieldOf(html, 'version'),
          kind: 'person',
          name: 'Cllr Derek Poole',
          initials: 'WDP',
          aliases: 'PS, vc',
          role: 'Panel Chair',
          organisation: 'Council',
          email: 'derek.poole@council.example',
          members: '',
          deputy: 'WPD',
          formKey: keyOf(html, `/ui/people/${id}`),
          ...fields,
        },
        { cookie: sec },
      )
    const same = await edit({}, page)
    expect(same.headers.get('location')).toBe(`/ui/people/${id}?done=unchanged`)
    expect((await api.get(`/people/${id}`)).body.version).toBe(1)
    // The form's key was used by that send: a second change is made from the page drawn again.
    expect((await edit({ role: 'Vice-Chair' }, page)).status).toBe(409)
    const again = await (await get(`/ui/people/${id}`, sec)).text()
    const changed = await edit({ aliases: 'VC', organisation: '', role: 'Vice-Chair', deputy: '' }, again)
    expect(changed.headers.get('location')).toBe(`/ui/people/${id}?done=person-changed`)
    expect((await api.get(`/people/${id}`)).body).toMatchObject({
      aliases: ['VC'],
      organisation: null,
      role: 'Vice-Chair',
      deputyId: null,
      version: 2,
    })
    const after = await (await get(`/ui/people/${id}?done=person-changed`, sec)).text()
    expect(after).toContain('The entry was changed')
    expect(after).toContain('Vice-Chair')
  })

  it('say which field is wrong and keep what was typed', async () => {
    const sec = await signIn('secretariat')
    // Initials repeat across boards now: a name two entries answer to cannot pick one.
    await newPerson(api, 'WDUP', { name: 'David Patterson' })
    await newPerson(api, 'WDUP', { name: 'Derek Poole' })
    const list = await (await get('/ui/people', sec)).text()
    const typed = {
      kind: 'person',
      name: 'New Person',
      initials: 'WNP',
      aliases: 'WNP',
      role: 'Analyst',
      organisation: 'Police',
      email: 'new.person@force.example',
      members: '',
      deputy: 'WDUP',
    }
    const ambiguous = await post(
      '/ui/people',
      { ...typed, formKey: keyOf(list, '/ui/people') },
      { cookie: sec },
    )
    expect(ambiguous.status).toBe(400)
    const html = await ambiguous.text()
    expect(html).toContain('<a href="#person-deputy">Deputy: More than one person or team answers to WDUP')
    expect(html).toContain('id="person-deputy-error"')
    expect(html).toContain('name="organisation" value="Police"')

    // The use case's own rule, on the aliases field (its issue path is `aliases.0`).
    const again = keyOf(html, '/ui/people')
    const alias = await post('/ui/people', { ...typed, deputy: '', formKey: again }, { cookie: sec })
    expect(alias.status).toBe(400)
    expect(await alias.text()).toContain(
      '<a href="#person-aliases">Aliases: An alias must differ from the initials',
    )

    // A team's members by initials or alias.
    const sr = await newPerson(api, 'WSR', { name: 'Sol Rahman', aliases: ['HEAD'] })
    const team = await post(
      '/ui/people',
      {
        ...typed,
        kind: 'team',
        name: 'Analysts',
        initials: 'WAN',
        aliases: '',
        email: '',
        members: 'head',
        deputy: '',
        formKey: keyOf(await (await get('/ui/people', sec)).text(), '/ui/people'),
      },
      { cookie: sec },
    )
    expect(team.status).toBe(303)
    const teamId = team.headers.get('location')?.split('/').at(-1)?.split('?')[0]
    expect((await api.get(`/people/${teamId}`)).body).toMatchObject({ kind: 'team', memberIds: [sr.id] })
  })

  it('list the boards of an entry, retire it after asking, and leave it out of the directory', async () => {
    const sec = await signIn('secretariat')
    const person = await newPerson(api, 'WRT', {
      name: 'Robin Retiring',
      organisation: 'OPCC',
      role: 'Analyst',
    })
    const board = await newBoard(api, { name: 'Retiring board', shortName: 'WRB' })
    expect((await api.call('PUT', `/boards/${board.id}/members/${person.id}`)).status).toBe(204)

    const page = await (await get(`/ui/people/${person.id}`, sec)).text()
    expect(page).toContain(`<a class="govuk-link" href="/ui/boards/${board.id}">Retiring board</a>`)
    expect(page).toContain(`href="/ui/people/${person.id}/retire"`)
    const listed = await (await get('/ui/people', sec)).text()
    expect(listed).toContain('Robin Retiring')
    expect(listed).toContain('>OPCC<')

    const question = await get(`/ui/people/${person.id}/retire`, sec)
    expect(question.status).toBe(200)
    const html = await question.text()
    expect(html).toContain('Are you sure you want to retire Robin Retiring (WRT)?')
    expect(html).toContain('stops being a member of Retiring board')
    // Without the form's one-time key nothing is done.
    expect((await post(`/ui/people/${person.id}/retire`, { version: '1' }, { cookie: sec })).status).toBe(409)
    expect((await api.get(`/people/${person.id}`)).body.retiredAt).toBeNull()

    const retire = await post(
      `/ui/people/${person.id}/retire`,
      { version: fieldOf(html, 'version'), formKey: keyOf(html, `/ui/people/${person.id}/retire`) },
      { cookie: sec },
    )
    expect(retire.status).toBe(303)
    expect(retire.headers.get('location')).toBe(`/ui/people/${person.id}?done=retired`)
    expect((await api.get(`/people/${person.id}`)).body.retiredAt).not.toBeNull()
    expect((await api.get(`/boards/${board.id}/members`)).body.items).toEqual([])

    // Its page says so and offers nothing to change; the question is not asked again.
    const retired = await (await get(`/ui/people/${person.id}?done=retired`, sec)).text()
    expect(retired).toContain('The entry was retired')
    expect(retired).toContain('Retired on')
    expect(retired).not.toContain(`action="/ui/people/${person.id}"`)
    expect(retired).not.toContain('/retire"')
    expect((await get(`/ui/people/${person.id}/retire`, sec)).headers.get('location')).toBe(
      `/ui/people/${person.id}`,
    )
    // A change sent from a page drawn before the retiring is refused, and says why.
    const stale = await post(
      `/ui/people/${person.id}`,
      {
        version: '1',
        name: 'Robin Renamed',
        formKey: keyOf(page, `/ui/people/${person.id}`),
      },
      { cookie: sec },
    )
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('is retired, so the entry can no longer be changed')
    expect((await api.get(`/people/${person.id}`)).body.name).toBe('Robin Retiring')

    // The directory leaves it out unless asked, and says how to ask.
    const without = await (await get('/ui/people', sec)).text()
    expect(without).not.toContain('Robin Retiring')
    expect(without).toContain('href="/ui/people?include=retired">Show retired people and teams')
    const withRetired = await (await get('/ui/people?include=retired', sec)).text()
    expect(withRetired).toMatch(
      /Robin Retiring<\/a> <strong class="govuk-tag govuk-tag--grey">Retired<\/strong>/,
    )
    expect(withRetired).toContain('href="/ui/people">Hide retired people and teams')
  })

  it("show a member's open actions under a heading per board, saying why each is theirs", async () => {
    const member = await newPerson(api, 'WMB', { name: 'Morgan Member' })
    const boss = await newPerson(api, 'WBS', { name: 'Blake Boss', deputyId: member.id })
    const team = await newPerson(api, 'WTM', {
      name: 'Member team',
      kind: 'team',
      email: null,
      memberIds: [member.id],
    })
    const raiseOn = async (shortName: string, items: { description: string; ownerIds: string[] }[]) => {
      const board = await newBoard(api, { name: `${shortName} board`, shortName })
      const m = (await api.post(`/boards/${board.id}/meetings`, { startsAt: '2026-01-06T10:00:00Z' })).body
      await api.post(`/boards/${board.id}/meetings`, { startsAt: '2099-01-06T10:00:00Z' })
      for (const [i, item] of items.entries())
        expect((await api.post(`/meetings/${m.id}/actions`, { itemNumber: i + 1, ...item })).status).toBe(201)
      return board
    }
    const a = await raiseOn('WMA', [
      { description: 'Own action on A', ownerIds: [member.id] },
      { description: 'Team action on A', ownerIds: [team.id] },
    ])
    const b = await raiseOn('WMBB', [{ description: 'Boss action on B', ownerIds: [boss.id] }])

    const html = await (await get('/ui/mine', await signIn('member', member.id))).text()
    const section = (board: { id: string }) => {
      const start = html.indexOf(`id="board-${board.id}"`)
      const end = html.indexOf('<h2', start + 1)
      return html.slice(start, end < 0 ? undefined : end)
    }
    expect(html).toContain('WMA board (WMA)</h2>')
    expect(html).toContain('WMBB board (WMBB)</h2>')
    expect(section(a)).toContain('Own action on A')
    expect(section(a)).toContain('You are an owner')
    expect(section(a)).toContain('Team action on A')
    expect(section(a)).toContain('Your team, Member team (WTM), is an owner')
    expect(section(a)).not.toContain('Boss action on B')
    expect(section(b)).toContain('Boss action on B')
    expect(section(b)).toContain('You deputise for Blake Boss (WBS)')
  })
})
