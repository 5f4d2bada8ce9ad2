import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CreateActionInput } from '#shared/domain/action.ts'
import { CreateBoardInput } from '#shared/domain/board.ts'
import { CreatePersonInput } from '#shared/domain/person.ts'
import type { Principal } from '#shared/domain/principal.ts'
import { raiseAction } from '#shared/usecases/actions.ts'
import { createBoard } from '#shared/usecases/boards.ts'
import { createPerson } from '#shared/usecases/people.ts'
import { type Api, meeting, startApi } from './harness.ts'
import { pagesClient } from './pages.ts'

/**
 * The web pages' long lists come a page (50) at a time, with "Next page" and "First page"
 * links carrying each list's cursor; a damaged page link is a 400 page, never a 500.
 */
let api: Api
const { get, post, signIn } = pagesClient(() => api.url)
const SEC: Principal = { subject: 'web-paging-test', role: 'secretariat', personId: null }

let boardId = ''
let meetingId = ''
let dueAt = ''
let person00 = ''

/** Runs `make` for 0…n-1, a few at a time (DynamoDB Local is slower with many writes at once). */
async function times<T>(n: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < n; i += 5)
    out.push(...(await Promise.all(Array.from({ length: Math.min(5, n - i) }, (_, j) => make(i + j)))))
  return out
}

const decode = (s: string) =>
  s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&')
const linkTo = (html: string, label: string) =>
  new RegExp(
    `<a class="govuk-link govuk-pagination__link" href="([^"]+)"[^>]*>(?:(?!</a>)[\\s\\S])*?${label}<span class="govuk-visually-hidden">`,
  ).exec(html)?.[1]
const nextOf = (html: string) => {
  const href = linkTo(html, 'Next page')
  return href === undefined ? undefined : decode(href)
}
const firstOf = (html: string) => {
  const href = linkTo(html, 'First page')
  return href === undefined ? undefined : decode(href)
}

beforeAll(async () => {
  api = await startApi()
  const boards = await times(55, (i) =>
    createBoard(
      api.deps,
      SEC,
      CreateBoardInput.parse({
        name: `Board ${String(i).padStart(2, '0')}`,
        shortName: `B${i}`,
        secretariatEmails: ['s@x.example'],
      }),
    ),
  )
  boardId = boards[0]?.id ?? ''
  const people = await times(55, (i) =>
    createPerson(
      api.deps,
      SEC,
      CreatePersonInput.parse({
        name: `Person ${i}`,
        initials: `P${String(i).padStart(2, '0')}`,
        kind: 'person',
        email: `p${i}@force.example`,
      }),
    ),
  )
  person00 = people.find((p) => p.initials === 'P00')?.id ?? ''
  // Last by initials, so on the second page, naming a member from the first.
  await createPerson(
    api.deps,
    SEC,
    CreatePersonInput.parse({ name: 'Zeta team', initials: 'ZZ', kind: 'team', memberIds: [person00] }),
  )
  meetingId = await meeting(api, boardId, '2026-03-10T10:00:00Z')
  dueAt = await meeting(api, boardId, '2099-04-07T09:00:00Z')
  await times(55, (i) =>
    raiseAction(
      api.deps,
      SEC,
      meetingId,
      CreateActionInput.parse({ itemNumber: i + 1, description: `Action ${i + 1}`, ownerIds: [person00] }),
    ),
  )
})

afterAll(async () => {
  await api?.close()
})

describe('long lists on the web pages', () => {
  it('show the boards 50 at a time, with Next page and First page links, each board once', async () => {
    const sec = await signIn('secretariat')
    const seen: string[] = []
    let path: string | undefined = '/ui/boards'
    const pages: string[] = []
    while (path) {
      const res = await get(path, sec)
      expect(res.status).toBe(200)
      const html = await res.text()
      pages.push(html)
      seen.push(
        ...[...html.matchAll(/<li><a class="govuk-link" href="\/ui\/boards\/(\w{26})">/g)].map(
          (m) => m[1] ?? '',
        ),
      )
      path = nextOf(html)
    }
    expect(pages).toHaveLength(2)
    expect(firstOf(pages[0] ?? '')).toBeUndefined()
    expect(firstOf(pages[1] ?? '')).toBe('/ui/boards')
    expect(seen).toHaveLength(55)
    expect(new Set(seen).size).toBe(55)
  })

  it('page a meeting’s actions on their own, and Actions Arising on theirs', async () => {
    const sec = await signIn('secretariat')
    const first = await (await get(`/ui/meetings/${meetingId}`, sec)).text()
    const rows = (html: string) =>
      [...html.matchAll(/<td class="govuk-table__cell"><a class="govuk-link" href="\/ui\/actions\/\w{26}">/g)]
        .length
    expect(rows(first)).toBe(50)
    const next = nextOf(first) ?? ''
    expect(next).toMatch(new RegExp(`^/ui/meetings/${meetingId}\\?raised=[\\w-]+#raised$`))
    const second = await (await get(next, sec)).text()
    expect(rows(second)).toBe(5)
    expect(nextOf(second)).toBeUndefined()
    expect(firstOf(second)).toBe(`/ui/meetings/${meetingId}#raised`)

    // At the meeting they are due at, Actions Arising pages: one form a page.
    const arising = (html: string) => [...html.matchAll(/name="version\.\w{26}"/g)].length
    const due = await (await get(`/ui/meetings/${dueAt}`, sec)).text()
    expect(arising(due)).toBe(50)
    const dueNext = nextOf(due) ?? ''
    expect(dueNext).toMatch(new RegExp(`^/ui/meetings/${dueAt}\\?arising=[\\w-]+#arising$`))
    const dueSecond = await (await get(dueNext, sec)).text()
    expect(arising(dueSecond)).toBe(5)
    // Each page is its own form, sent back to the same page of the list.
    expect(due).toContain(`<form method="post" action="/ui/meetings/${dueAt}/outcomes" novalidate="">`)
    // A refused form's page, drawn again, still pages the meeting's own address.
    const row = /name="version\.(\w{26})" value="(\d+)"/.exec(due)
    const refused = await post(
      `/ui/meetings/${dueAt}/outcomes`,
      { [`version.${row?.[1]}`]: row?.[2] ?? '', [`outcome.${row?.[1]}`]: 'discharged' },
      { cookie: sec },
    )
    expect(refused.status).toBe(400)
    expect(nextOf(await refused.text())).toMatch(
      new RegExp(`^/ui/meetings/${dueAt}\\?arising=[\\w-]+#arising$`),
    )
    const cursor = new URL(dueNext, api.url).searchParams.get('arising') ?? ''
    expect(decode(dueSecond)).toContain(
      `<form method="post" action="/ui/meetings/${dueAt}/outcomes?${new URLSearchParams({ arising: cursor })}"`,
    )
  })

  it('name the members of a team on a later page of the directory', async () => {
    const sec = await signIn('secretariat')
    const first = await (await get('/ui/people', sec)).text()
    expect(first).not.toContain('Zeta team')
    const second = await (await get(nextOf(first) ?? '', sec)).text()
    expect(second).toMatch(
      // Name, capacity, organisation, mailbox, then the members by initials.
      /Zeta team<\/a> \(team\)<\/td>(<td class="govuk-table__cell">—<\/td>){3}<td class="govuk-table__cell">P00<\/td>/,
    )
  })

  it('answer a damaged, truncated or another list’s page link with a 400 page', async () => {
    const sec = await signIn('secretariat')
    const boardsNext = nextOf(await (await get('/ui/boards', sec)).text()) ?? ''
    const cursor = new URL(boardsNext, api.url).searchParams.get('cursor') ?? ''
    const action = (await api.get(`/meetings/${meetingId}/actions?limit=1`)).body.items[0].id as string
    const bad = [
      '/ui/boards?cursor=junk',
      '/ui/boards?cursor=%E2%9C%93',
      `/ui/boards?cursor=${cursor.slice(0, -3)}`,
      `/ui/people?people=${cursor}`,
      `/ui/people?suppressed=${cursor}`,
      `/ui/boards/${boardId}?upcoming=${cursor}`,
      `/ui/boards/${boardId}?past=${cursor}`,
      `/ui/meetings/${meetingId}?raised=${cursor}`,
      `/ui/meetings/${meetingId}?arising=${cursor}`,
      `/ui/actions/${action}?history=${cursor}`,
      `/ui/mine?cursor=${cursor}`,
    ]
    for (const path of bad) {
      const res = await get(path, path.startsWith('/ui/mine') ? await signIn('member', person00) : sec)
      expect(res.status, path).toBe(400)
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(await res.text()).toContain('This page link does not work')
    }
  })
})
