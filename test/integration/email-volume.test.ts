import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { intentKey, QUIET_PERIOD_MS } from '#shared/domain/outbox.ts'
import {
  type Api,
  mailDomain,
  meeting,
  newBoard,
  newPerson,
  sentEmails,
  startApi,
  withStream,
} from './harness.ts'
import { pagesClient } from './pages.ts'

let api: Api
let stream: Awaited<ReturnType<typeof withStream>>
beforeAll(async () => {
  api = await startApi()
  stream = await withStream(api, { poll: true })
})
afterAll(async () => {
  await stream.stop()
  await api.close()
})

async function board() {
  const domain = mailDomain()
  const owner = async (initials: string) =>
    (await newPerson(api, initials, { email: `${initials.toLowerCase()}@${domain}` })).id
  const pcc = await owner(`PC${domain.slice(1, 5).toUpperCase()}`)
  const cfo = await owner(`CF${domain.slice(1, 5).toUpperCase()}`)
  const b = await newBoard(api, {
    name: 'Police and Crime Panel',
    shortName: 'PCP',
    secretariatEmails: [`sec@${domain}`],
  })
  return {
    boardId: b.id,
    pcc,
    cfo,
    mail: (id: string) => `${id === pcc ? 'pc' : 'cf'}${domain.slice(1, 5)}@${domain}`,
  }
}

const inFuture = (ms: number) => new Date(Date.now() + ms)
const gathered = (meetingId: string, ownerId: string) => intentKey({ kind: 'assignment', meetingId, ownerId })

describe('assignment emails', () => {
  it('sends one email for twelve actions given to one owner at a sitting, naming co-owners, the due meeting and the link', async () => {
    const b = await board()
    const now = Date.now()
    const held = await meeting(api, b.boardId, new Date(now - 2 * 86_400_000).toISOString())
    // The meeting the actions fall due at, named in the email.
    await meeting(api, b.boardId, new Date(now + 30 * 86_400_000).toISOString())
    for (let i = 1; i <= 12; i++) {
      const res = await api.post(`/meetings/${held}/actions`, {
        itemNumber: i,
        description: `Work programme item ${i}`,
        ownerIds: i === 1 ? [b.pcc, b.cfo] : [b.pcc],
      })
      expect(res.status).toBe(201)
    }
    await expect
      .poll(async () => (await api.deps.store.outbox.get(gathered(held, b.pcc)))?.actions.length, {
        timeout: 15_000,
      })
      .toBe(12)
    // Within the quiet period nothing goes.
    await stream.drain(inFuture(QUIET_PERIOD_MS - 60_000))
    expect(await sentEmails(b.mail(b.pcc))).toHaveLength(0)
    await stream.drain(inFuture(QUIET_PERIOD_MS + 60_000))
    const toPcc = await sentEmails(b.mail(b.pcc))
    expect(toPcc).toHaveLength(1)
    const [email] = toPcc
    expect(email?.subject).toContain('12 actions')
    expect(email?.body.text).toContain('shared with Person CF')
    expect(email?.body.text).toMatch(/Due at PCP \d+ \w+ \d{4}/)
    expect(email?.body.text).toContain('/respond/')
    expect((email as unknown as { replyTo: string[] }).replyTo).toEqual([expect.stringMatching(/^sec@/)])
    // The co-owner hears once too, of their one action.
    expect(await sentEmails(b.mail(b.cfo))).toHaveLength(1)
    // A later assignment at the same sitting goes in a second email, not a repeat of the first.
    await api.post(`/meetings/${held}/actions`, {
      itemNumber: 13,
      description: 'Late addition',
      ownerIds: [b.pcc],
    })
    await expect
      .poll(
        async () =>
          (
            await api.deps.store.outbox.get(
              intentKey({ kind: 'assignment', meetingId: held, ownerId: b.pcc }, 2),
            )
          )?.actions.length,
        { timeout: 15_000 },
      )
      .toBe(1)
    await stream.drain(inFuture(QUIET_PERIOD_MS + 60_000))
    const again = await sentEmails(b.mail(b.pcc))
    expect(again.map((e) => e.subject)).toEqual([
      expect.stringContaining('12 actions'),
      expect.stringContaining('1 action '),
    ])
  })

  it('emails nobody for actions entered from last year’s minutes, until the secretariat asks', async () => {
    const b = await board()
    const lastYear = await meeting(api, b.boardId, new Date(Date.now() - 300 * 86_400_000).toISOString())
    const created = []
    for (let i = 1; i <= 3; i++)
      created.push(
        (
          await api.post(`/meetings/${lastYear}/actions`, {
            itemNumber: i,
            description: `Old ${i}`,
            ownerIds: [b.pcc],
          })
        ).body,
      )
    expect(created.every((a) => a.notifyOwners === false)).toBe(true)
    // Wait until the stream has seen them: it handles records in order, so once a later action
    // (at a current sitting) has been gathered, the old ones were handled before it. Then sweep
    // far past any quiet period.
    const current = await meeting(api, b.boardId, new Date(Date.now() - 86_400_000).toISOString())
    await api.post(`/meetings/${current}/actions`, {
      itemNumber: 1,
      description: 'Sentinel',
      ownerIds: [b.cfo],
    })
    await expect
      .poll(async () => (await api.deps.store.outbox.get(gathered(current, b.cfo)))?.actions.length, {
        timeout: 15_000,
      })
      .toBe(1)
    await stream.drain(inFuture(2 * 3_600_000))
    expect(await api.deps.store.outbox.get(gathered(lastYear, b.pcc))).toBeNull()
    expect(await sentEmails(b.mail(b.pcc))).toHaveLength(0)

    // Asked for, they go at once, in one email; asking again sends nothing more.
    const asked = await api.post(`/meetings/${lastYear}/assignment-emails`, {})
    expect(asked.status).toBe(202)
    expect(asked.body).toEqual({ owners: 1 })
    await expect.poll(async () => (await sentEmails(b.mail(b.pcc))).length, { timeout: 15_000 }).toBe(1)
    expect((await api.post(`/meetings/${lastYear}/assignment-emails`, {})).body).toEqual({ owners: 0 })
    await stream.drain(inFuture(2 * 3_600_000))
    expect(await sentEmails(b.mail(b.pcc))).toHaveLength(1)
    // An explicit choice wins over the default, either way.
    const told = await api.post(`/meetings/${lastYear}/actions`, {
      itemNumber: 9,
      description: 'Told',
      ownerIds: [b.cfo],
      notifyOwners: true,
    })
    expect(told.body.notifyOwners).toBe(true)
    expect(
      (await api.post(`/meetings/${lastYear}/assignment-emails`, {}, { token: api.tokens.chair })).status,
    ).toBe(403)
  })
})

describe('asking for the emails now', () => {
  it('sends a gathered email still in its quiet period at once, and tells an old action’s new owner only if asked', async () => {
    const b = await board()
    const held = await meeting(api, b.boardId, new Date(Date.now() - 86_400_000).toISOString())
    await api.post(`/meetings/${held}/actions`, { itemNumber: 1, description: 'First', ownerIds: [b.pcc] })
    await expect
      .poll(async () => (await api.deps.store.outbox.get(gathered(held, b.pcc)))?.actions.length, {
        timeout: 15_000,
      })
      .toBe(1)
    // Nothing new to gather, but the email waiting out its quiet period goes now.
    expect((await api.post(`/meetings/${held}/assignment-emails`, {})).body).toEqual({ owners: 1 })
    await expect.poll(async () => (await sentEmails(b.mail(b.pcc))).length, { timeout: 15_000 }).toBe(1)

    // Re-owning an action from last year's minutes follows the back-fill rule.
    const old = await meeting(api, b.boardId, new Date(Date.now() - 300 * 86_400_000).toISOString())
    const a = (
      await api.post(`/meetings/${old}/actions`, { itemNumber: 2, description: 'Old', ownerIds: [b.pcc] })
    ).body
    const moved = await api.patch(
      `/actions/${a.id}`,
      { ownerIds: [b.cfo] },
      { headers: { 'if-match': '"1"' } },
    )
    expect(moved.body.notifyOwners).toBe(false)
    const asked = await api.patch(
      `/actions/${a.id}`,
      { ownerIds: [b.cfo, b.pcc], notifyOwners: true },
      { headers: { 'if-match': '"2"' } },
    )
    expect(asked.body.notifyOwners).toBe(true)
  })

  it('lets the secretariat send them from the meeting page, and only the secretariat', async () => {
    const { get, post, signIn } = pagesClient(() => api.url)
    const b = await board()
    const old = await meeting(api, b.boardId, new Date(Date.now() - 200 * 86_400_000).toISOString())
    await api.post(`/meetings/${old}/actions`, {
      itemNumber: 1,
      description: 'Back-filled',
      ownerIds: [b.pcc],
    })
    const secretariat = await signIn('secretariat')
    const page = await (await get(`/ui/meetings/${old}`, secretariat)).text()
    expect(page).toContain(`action="/ui/meetings/${old}/assignment-emails"`)
    const sent = await post(`/ui/meetings/${old}/assignment-emails`, {}, { cookie: secretariat })
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe(`/ui/meetings/${old}?done=emailed#raised`)
    await expect.poll(async () => (await sentEmails(b.mail(b.pcc))).length, { timeout: 15_000 }).toBe(1)
    const again = await post(`/ui/meetings/${old}/assignment-emails`, {}, { cookie: secretariat })
    expect(again.headers.get('location')).toBe(`/ui/meetings/${old}?done=nothing-to-email#raised`)
    const chair = await signIn('chair')
    expect(
      (await get(`/ui/meetings/${old}`, chair).then((r) => r.text())).includes('/assignment-emails'),
    ).toBe(false)
    expect((await post(`/ui/meetings/${old}/assignment-emails`, {}, { cookie: chair })).status).toBe(403)
  })
})

describe('concurrent raises', () => {
  it('gives thirty actions raised at once on one agenda item thirty references, and no 409', async () => {
    const b = await board()
    const m = await meeting(api, b.boardId, new Date(Date.now() - 86_400_000).toISOString())
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api.post(`/meetings/${m}/actions`, {
          itemNumber: 4,
          description: `Raised together ${i}`,
          ownerIds: [b.pcc],
          notifyOwners: false,
        }),
      ),
    )
    // No 409 on a reference the server made. On a machine loaded enough for the database
    // client's timeouts to run out, some raises answer 503 (try again), which is not what
    // this is about; every action stored has a reference of its own either way.
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([])
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0)
    const stored = (await api.get(`/meetings/${m}/actions?limit=100`)).body.items as { ref: string }[]
    expect(stored.length).toBeGreaterThanOrEqual(statuses.filter((s) => s === 201).length)
    expect(new Set(stored.map((a) => a.ref)).size).toBe(stored.length)
    expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.ref)).size).toBe(
      statuses.filter((s) => s === 201).length,
    )
  }, 60_000)
})
