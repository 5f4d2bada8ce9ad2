import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readWord } from '#test/unit/file-readers.ts'
import { type Api, meeting, seedBoard, startApi } from './harness.ts'
import { fieldOf, pagesClient } from './pages.ts'

/**
 * Text at the edge of what the files can carry, over HTTP on DynamoDB Local: what XML 1.0
 * cannot hold (U+FFFE, U+FFFF, unpaired surrogates) is refused on the way in with the field
 * named, and what it can (tabs, line breaks, emoji, markup characters) comes out of the Word
 * action log as typed.
 */
let api: Api
let boardId: string
let people: Awaited<ReturnType<typeof seedBoard>>['people']
let m1: string
let m2: string
const { get, post, signIn } = pagesClient(() => api.url)

beforeAll(async () => {
  api = await startApi({ now: () => new Date('2021-04-01T12:00:00Z') })
  ;({ boardId, people } = await seedBoard(api))
  m1 = await meeting(api, boardId, '2021-03-30T10:00:00+01:00')
  m2 = await meeting(api, boardId, '2021-04-27T10:00:00+01:00')
  await meeting(api, boardId, '2099-05-25T10:00:00+01:00')
})
afterAll(async () => {
  await api.close()
})

/** A JSON body sent as written, so `\ud800` reaches the API as the escape JSON.parse makes a lone surrogate of. */
const rawPost = (path: string, json: string) =>
  api.call('POST', path, { raw: json, headers: { 'content-type': 'application/json' } })

describe('text XML cannot carry', () => {
  it('is refused in an action’s description with a 400 naming the field, and nothing is stored', async () => {
    const nonchar = await api.post(`/meetings/${m1}/actions`, {
      itemNumber: 1,
      description: 'Review the \uFFFE figures',
      ownerIds: [people.dt],
    })
    expect(nonchar.status).toBe(400)
    expect(nonchar.headers.get('content-type')).toBe('application/problem+json')
    expect(nonchar.body.issues).toEqual([
      {
        path: 'description',
        message: 'must not contain characters that are not text (U+FFFE, U+FFFF, an unpaired surrogate)',
      },
    ])

    const json = `{"itemNumber": 1, "description": "Review the \\ud800 figures", "ownerIds": ["${people.dt}"]}`
    expect(JSON.parse(json).description).toBe('Review the \uD800 figures')
    const surrogate = await rawPost(`/meetings/${m1}/actions`, json)
    expect(surrogate.status).toBe(400)
    expect(surrogate.body.issues.map((i: { path: string }) => i.path)).toEqual(['description'])

    expect((await api.get(`/meetings/${m1}/actions`)).body).toEqual({ items: [], next: null })
  })

  it('is refused in every other text a client sends: updates, notes, exemptions, names, settings', async () => {
    const action = await api.post(`/meetings/${m1}/actions`, {
      itemNumber: 2,
      description: 'Report the response times',
      ownerIds: [people.dt],
    })
    expect(action.status).toBe(201)
    const refused = [
      await rawPost(`/actions/${action.body.id}/updates`, '{"text": "Done \\udc00"}'),
      await api.post(`/meetings/${m2}/outcomes`, {
        actionId: action.body.id,
        outcome: 'discharged',
        note: 'Done \uFFFF',
      }),
      await api.post(`/meetings/${m1}/actions`, {
        itemNumber: 3,
        description: 'Exempt item',
        ownerIds: [people.dt],
        exempt: { section: 'S.31', publicWording: 'Exempt \uFFFE' },
      }),
      await api.patch(`/people/${people.dt}`, { name: 'Person \uFFFF DT' }),
      await api.patch(`/boards/${boardId}`, { name: 'Board \uFFFE' }),
      await rawPost(
        `/meetings/${m1}/minutes-approval`,
        '{"approvedOn": "2021-04-27", "amendments": "\\ud83d"}',
      ),
    ]
    expect(refused.map((r) => [r.status, r.body.issues?.[0]?.path])).toEqual([
      [400, 'text'],
      [400, 'note'],
      [400, 'exempt.publicWording'],
      [400, 'name'],
      [400, 'name'],
      [400, 'amendments'],
    ])
    expect((await api.get(`/actions/${action.body.id}`)).body.updates).toEqual([])
  })

  it('is refused by the web pages’ forms, with the field marked', async () => {
    const sec = await signIn('secretariat')
    const action = (
      await api.post(`/meetings/${m1}/actions`, { itemNumber: 4, description: 'Typo', ownerIds: [people.dt] })
    ).body
    const page = await (await get(`/ui/actions/${action.id}`, sec)).text()
    const res = await post(
      `/ui/actions/${action.id}`,
      {
        version: String(action.version),
        dueWas: action.dueMeetingId,
        description: 'Fixed \uFFFF',
        owners: 'DT',
        dueMeetingId: action.dueMeetingId,
        dueDate: '',
        formKey: fieldOf(page, 'formKey'),
      },
      { cookie: sec },
    )
    expect(res.status).toBe(400)
    const refusal = await res.text()
    expect(refusal).toContain('href="#edit-description"')
    expect(refusal).toContain('Must not contain characters that are not text')
    expect((await api.get(`/actions/${action.id}`)).body.description).toBe('Typo')
  })
})

describe('text XML can carry', () => {
  it('comes out of the Word action log as typed: tabs, line breaks, emoji, markup characters', async () => {
    const description = 'Figures:\t12 & <13> "quoted"\nsecond line 🎉 𝄞 £ – é'
    const update = 'Line one\n\tindented <b>not bold</b> & done 👍'
    const action = await api.post(`/meetings/${m2}/actions`, {
      itemNumber: 5,
      description,
      ownerIds: [people.team],
    })
    expect(action.status, JSON.stringify(action.body)).toBe(201)
    expect((await api.post(`/actions/${action.body.id}/updates`, { text: update })).status).toBe(201)

    const res = await fetch(`${api.url}/meetings/${m2}/action-log?format=docx`, {
      headers: { authorization: `Bearer ${api.tokens.secretariat}` },
    })
    expect(res.status).toBe(200)
    const word = await readWord(new Uint8Array(await res.arrayBuffer()))
    expect(word.messages).toEqual([])
    const [, raised] = word.tables
    expect(raised?.slice(1)).toEqual([
      [
        '05.27/04/2021',
        description,
        'A&SI\nA and SI',
        'Meeting 25/05/2099',
        'Open',
        `Update (01/04/2021) – ${update}`,
        '0',
      ],
    ])
  })
})
