import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Action } from '#shared/domain/action.ts'
import { type Draft, MINUTES_MAX_BYTES } from '#shared/domain/minutes-import.ts'
import { enqueueRolloverEmails } from '#shared/usecases/notify.ts'
import { applyRollover } from '#shared/usecases/rollover.ts'
import { ole2File, seedToDocx, truncatedDocx, zipBombDocx } from '#test/fixtures/minutes/build.ts'
import { encryptedPdf, pagesPdf } from '#test/fixtures/minutes/pdf-by-hand.ts'
import { seedText } from '#test/fixtures/minutes/seeds.ts'
import { type Api, meeting, newBoard, newPerson, raise, startApi } from './harness.ts'
import { pagesClient } from './pages.ts'

let api: Api
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

/** The people the 23 June 2020 minutes name, by the initials they use, as a board's members. */
const SEED_PEOPLE: [string, string, 'person' | 'team'][] = [
  ['PCC', 'Philip Seccombe', 'person'],
  ['CC', 'Martin Jelley', 'person'],
  ['RM', 'Richard Moore', 'person'],
  ['DT', 'Debbie Tedds', 'person'],
  ['SR', 'Steve Russell', 'person'],
  ['KP', 'Kim Perkin', 'person'],
  ['NS', 'Nicola Starr', 'person'],
  ['DH', 'Dawn Hartland', 'person'],
  ['NH', 'Neil Hewison', 'person'],
  ['DP', 'David Patterson', 'person'],
  ['ZG', 'Zeynab Gamielien', 'person'],
  ['NB', 'Nargis Begum', 'person'],
  ['KQ', 'Kate Quilley', 'person'],
  ['NT', 'Neil Tipton', 'person'],
  ['OPCC', 'Office of the PCC', 'team'],
  ['A&SI', 'Analysis and Service Improvement', 'team'],
]

/** A PAM with the seed's people as members, its 23 June 2020 meeting and the next one. */
async function seedPam() {
  const board = await newBoard(api)
  const people = new Map<string, string>()
  for (const [initials, name, kind] of SEED_PEOPLE) {
    const p = await newPerson(api, initials, { name, kind })
    people.set(initials, p.id)
    expect((await api.call('PUT', `/boards/${board.id}/members/${p.id}`)).status).toBe(204)
  }
  const june = await meeting(api, board.id, '2020-06-23T09:00:00Z')
  const july = await meeting(api, board.id, '2020-07-21T09:00:00Z')
  return { boardId: board.id, people, june, july }
}

const importText = (meetingId: string, text: string) =>
  api.post(`/meetings/${meetingId}/minutes-imports`, { text })
const drafts = async (importId: string): Promise<Draft[]> =>
  (await api.get(`/minutes-imports/${importId}`)).body.drafts
const actionsAt = async (meetingId: string): Promise<Action[]> =>
  (await api.get(`/meetings/${meetingId}/actions?limit=100`)).body.items
const ownerInitials = (a: Action, people: Map<string, string>) =>
  a.ownerIds.map((id) => [...people].find(([, pid]) => pid === id)?.[0])

describe('a meeting’s minutes read into drafts', () => {
  it('reads the 23 June 2020 minutes into drafts and writes nothing to the log', async () => {
    const pam = await seedPam()
    const res = await importText(pam.june, seedText('pam-minutes-2020-06-23'))
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201)
    expect(res.body).toMatchObject({ meetingId: pam.june, boardId: pam.boardId, status: 'ready' })
    expect(res.body.source).toMatchObject({ format: 'text', name: null })
    expect(res.body.referencesDated).toBeNull()
    // The same minutes on the next meeting's page: their references say they are not its own.
    const elsewhere = await importText(pam.july, seedText('pam-minutes-2020-06-23'))
    expect(elsewhere.body.referencesDated).toBe('2020-06-23')
    const actions = res.body.drafts.filter((d: Draft) => d.read.kind === 'action')
    expect(actions.map((d: Draft) => d.read.kind === 'action' && [d.read.ref, d.read.owners])).toEqual([
      ['01.23/06/2020', 'NT / OPCC'],
      ['02.23/06/2020', 'DH'],
      ['03.23/06/2020', 'DT'],
      ['04.23/06/2020', 'For Review'],
    ])
    // Owners resolve among the board's members; "For Review" names no one.
    expect(actions[0].ownerIds).toEqual([pam.people.get('NT'), pam.people.get('OPCC')])
    expect(actions.map((d: Draft) => d.match)).toEqual(['new', 'new', 'new', 'new'])
    expect(res.body.unknownInitials).toEqual(['For Review'])
    // Every draft keeps the words it came from.
    for (const d of res.body.drafts as Draft[]) expect(d.read.excerpt.length).toBeGreaterThan(0)
    expect(actions[0].read.excerpt).toContain('NT to add SOH links to OPCC website')
    // Attendance: who was there, how, and apologies.
    const attendance = res.body.drafts.filter((d: Draft) => d.read.kind === 'attendance')
    expect(attendance).toHaveLength(13)
    expect(attendance.every((d: Draft) => d.match === 'matches')).toBe(true)
    expect(await actionsAt(pam.june)).toEqual([])
    const listed = await api.get(`/meetings/${pam.june}/minutes-imports`)
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([res.body.id])
  })

  it('gives the same action log accepted as entered by hand', async () => {
    const byHand = await seedPam()
    const rows = [
      {
        ref: '01.23/06/2020',
        itemNumber: 1,
        description: 'NT to add SOH links to OPCC website',
        owners: 'NT / OPCC',
      },
      {
        ref: '02.23/06/2020',
        itemNumber: 2,
        description: 'DH to provide Presentation for next CJS Recovery forum',
        owners: 'DH',
      },
      {
        ref: '03.23/06/2020',
        itemNumber: 3,
        itemTitle: 'Performance Scrutiny Report',
        description: 'Performance Scrutiny Report – Written response to be provided by the Force to OPCC',
        owners: 'DT',
      },
      {
        ref: '04.23/06/2020',
        itemNumber: 4,
        description:
          'Proposed future PAM deep-dive subjects for 2020/21 July – Learning & Development August – COVID Secure Arrangements September – Black Lives Matter',
        owners: 'OPCC',
      },
    ]
    const typed = await api.post(`/meetings/${byHand.june}/actions`, { actions: rows })
    expect(typed.status, JSON.stringify(typed.body)).toBe(201)

    const imported = await seedPam()
    const imp = (await importText(imported.june, seedText('pam-minutes-2020-06-23'))).body
    const actionDrafts = imp.drafts.filter((d: Draft) => d.read.kind === 'action')
    const accepted = await api.post(`/minutes-imports/${imp.id}/accept`, {
      accept: actionDrafts.map((d: Draft) =>
        d.read.kind === 'action' && d.read.owners === 'For Review'
          ? { id: d.id, edits: { owners: 'OPCC' } }
          : { id: d.id },
      ),
    })
    expect(accepted.status).toBe(200)
    expect(accepted.body, JSON.stringify(accepted.body)).toMatchObject({ saved: 4, failed: 0 })

    const comparable = (a: Action, people: Map<string, string>, july: string) => ({
      ref: a.ref,
      itemNumber: a.itemNumber,
      itemTitle: a.itemTitle,
      description: a.description,
      owners: ownerInitials(a, people),
      dueNextMeeting: a.dueMeetingId === july,
      dueDate: a.dueDate,
      status: a.status,
      exempt: a.exempt,
      // Minutes of 2020 email nobody unless the secretariat asks.
      notifyOwners: a.notifyOwners,
    })
    const want = (await actionsAt(byHand.june)).map((a) => comparable(a, byHand.people, byHand.july))
    const got = (await actionsAt(imported.june)).map((a) => comparable(a, imported.people, imported.july))
    expect(got).toEqual(want)
    expect(want.every((a) => a.notifyOwners === false && a.dueNextMeeting)).toBe(true)

    // The two action logs, as the meeting pack has them, are the same file but for the board's ids.
    const csv = async (meetingId: string) =>
      (
        await fetch(`${api.url}/meetings/${meetingId}/action-log?format=csv&version=full`, {
          headers: { authorization: `Bearer ${api.tokens.secretariat}` },
        }).then((r) => r.text())
      ).replace(/[0-9A-HJKMNP-TV-Z]{26}/g, 'ID')
    expect(await csv(imported.june)).toBe(await csv(byHand.june))
  })

  it('creates nothing twice when the same minutes are imported and accepted again', async () => {
    const pam = await seedPam()
    const text = seedText('pam-minutes-2020-06-23')
    const acceptAll = async (importId: string) => {
      const ds = await drafts(importId)
      return api.post(`/minutes-imports/${importId}/accept`, {
        accept: ds
          .filter((d) => d.read.kind === 'action')
          .map((d) =>
            d.read.kind === 'action' && d.read.owners === 'For Review'
              ? { id: d.id, edits: { owners: 'OPCC' } }
              : { id: d.id },
          ),
      })
    }
    const first = (await importText(pam.june, text)).body
    expect((await acceptAll(first.id)).body).toMatchObject({ saved: 4, failed: 0 })
    const before = await actionsAt(pam.june)
    expect(before).toHaveLength(4)

    const second = (await importText(pam.june, text)).body
    const again = second.drafts.filter((d: Draft) => d.read.kind === 'action')
    // Each is found in the log by its reference, with the same words.
    expect(again.map((d: Draft) => d.match)).toEqual(['matches', 'matches', 'matches', 'matches'])
    expect(again.map((d: Draft) => d.matchedActionId)).toEqual(before.map((a) => a.id))
    const res = await acceptAll(second.id)
    expect(res.body).toMatchObject({ saved: 4, failed: 0 })
    expect(res.body.results.map((r: { actionId: string }) => r.actionId)).toEqual(before.map((a) => a.id))
    expect(await actionsAt(pam.june)).toEqual(before)
    // Accepting a draft a second time is refused on its own row.
    const twice = await api.post(`/minutes-imports/${second.id}/accept`, { accept: [{ id: again[0].id }] })
    expect(twice.body.results[0]).toMatchObject({ ok: false, status: 409 })
  })

  it('refuses each draft on its own: an owner no one is, a draft not in the import', async () => {
    const pam = await seedPam()
    const imp = (await importText(pam.june, seedText('pam-minutes-2020-06-23'))).body
    const forReview = imp.drafts.find(
      (d: Draft) => d.read.kind === 'action' && d.read.owners === 'For Review',
    )
    const first = imp.drafts.find((d: Draft) => d.read.kind === 'action' && d.read.ref === '01.23/06/2020')
    const res = await api.post(`/minutes-imports/${imp.id}/accept`, {
      accept: [{ id: forReview.id }, { id: 'd999' }, { id: first.id }],
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ saved: 1, failed: 2 })
    const [review, missing, ok] = res.body.results
    expect(review).toMatchObject({ draftId: forReview.id, ok: false, status: 400, field: 'owners' })
    expect(review.detail).toMatch(/^04\.23\/06\/2020: /)
    expect(missing).toMatchObject({ draftId: 'd999', ok: false, status: 404 })
    expect(ok).toMatchObject({ draftId: first.id, ok: true, decision: 'accepted' })
    expect((await actionsAt(pam.june)).map((a) => a.ref)).toEqual(['01.23/06/2020'])
    // The refused draft is still there to correct.
    const after = await drafts(imp.id)
    expect(after.find((d) => d.id === forReview.id)?.decision).toBe('pending')
    const rejected = await api.post(`/minutes-imports/${imp.id}/accept`, { reject: [forReview.id] })
    expect(rejected.body.results[0]).toMatchObject({ ok: true, decision: 'rejected' })
  })

  it('records attendance as the minutes give it, and makes Actions Arising outcomes the meeting’s proposed decisions', async () => {
    const pam = await seedPam()
    const imp = (await importText(pam.june, seedText('pam-minutes-2020-06-23'))).body
    const attendance = imp.drafts.filter((d: Draft) => d.read.kind === 'attendance')
    const res = await api.post(`/minutes-imports/${imp.id}/accept`, {
      accept: attendance.map((d: Draft) => ({ id: d.id })),
    })
    expect(res.body).toMatchObject({ saved: 13, failed: 0 })
    const june = (await api.get(`/meetings/${pam.june}`)).body
    const of = (initials: string) =>
      june.attendance.find((a: { personId: string }) => a.personId === pam.people.get(initials))
    expect(of('PCC')).toMatchObject({ status: 'present', mode: 'in-person', role: 'chair' })
    expect(of('SR')).toMatchObject({ status: 'present', mode: 'online' })
    expect(of('NB')).toMatchObject({ status: 'present', role: 'minute-taker' })
    expect(of('KQ')).toMatchObject({ status: 'apologies' })

    // The April 2021 minutes decide two actions of March 2021.
    const march = await meeting(api, pam.boardId, '2021-03-30T09:00:00Z')
    const april = await meeting(api, pam.boardId, '2021-04-27T09:00:00Z')
    const ict = await raise(api, march, {
      ref: '02.30/03/2021',
      itemNumber: 2,
      description: 'Interim update to be provided at May PAM on ICT and Transitional Services.',
      owners: 'DT',
      dueMeetingId: april,
    })
    const april2021 = (await importText(april, seedText('pam-minutes-2021-04-27'))).body
    const outcomes = april2021.drafts.filter((d: Draft) => d.read.kind === 'outcome')
    expect(outcomes.map((d: Draft) => [d.read.kind === 'outcome' && d.read.ref, d.match])).toEqual([
      ['02.30/03/2021', 'matches'],
      ['03.30/03/2021', 'not-found'],
    ])
    const decided = await api.post(`/minutes-imports/${april2021.id}/accept`, {
      accept: outcomes.map((d: Draft) => ({ id: d.id })),
    })
    expect(decided.body).toMatchObject({ saved: 1, failed: 1 })
    expect(decided.body.results.find((r: { ok: boolean }) => !r.ok)).toMatchObject({ status: 404 })
    expect((await api.get(`/actions/${ict.id}`)).body.proposedOutcome).toMatchObject({
      meetingId: april,
      outcome: 'discharged',
      note: 'Monthly updates will be provided at meetings going forward',
    })
  })

  it('records outcomes before approving the minutes they feed, and approves old minutes without emailing owners', async () => {
    const pam = await seedPam()
    const march = await meeting(api, pam.boardId, '2021-03-30T09:00:00Z')
    const april = await meeting(api, pam.boardId, '2021-04-27T09:00:00Z')
    await meeting(api, pam.boardId, '2021-05-25T09:00:00Z')
    const ict = await raise(api, march, {
      ref: '02.30/03/2021',
      itemNumber: 2,
      description: 'Interim update to be provided at May PAM on ICT and Transitional Services.',
      owners: 'DT',
      dueMeetingId: april,
    })
    const imp = (await importText(april, seedText('pam-minutes-2021-04-27'))).body
    // Everything but attendance, the approvals listed first: they are still saved last.
    const chosen = imp.drafts.filter((d: Draft) => d.read.kind !== 'attendance')
    const kinds = chosen.map((d: Draft) => d.read.kind)
    expect(kinds).toContain('approval')
    expect(kinds).toContain('outcome')
    const ordered = [
      ...chosen.filter((d: Draft) => d.read.kind === 'approval'),
      ...chosen.filter((d: Draft) => d.read.kind !== 'approval'),
    ]
    const res = await api.post(`/minutes-imports/${imp.id}/accept`, {
      accept: ordered.map((d: Draft) => ({ id: d.id })),
    })
    expect(res.status).toBe(200)
    // In the order asked; only 03.30/03/2021, whose action was never entered, is refused.
    expect(res.body.results.map((r: { draftId: string }) => r.draftId)).toEqual(
      ordered.map((d: Draft) => d.id),
    )
    expect(res.body.results.filter((r: { ok: boolean }) => !r.ok)).toEqual([
      expect.objectContaining({ status: 404, detail: expect.stringMatching(/^03\.30\/03\/2021: /) }),
    ])
    expect((await api.get(`/actions/${ict.id}`)).body.proposedOutcome).toMatchObject({
      meetingId: april,
      outcome: 'discharged',
    })
    const approved = (await api.get(`/meetings/${april}`)).body
    expect(approved.status).toBe('minutes-approved')
    expect(approved.minutesApproval).toMatchObject({ approvedOn: '2021-05-25', notifyOwners: false })
    // The name printed under the signature ("Print Name: Philip Seccombe, Police and Crime
    // Commissioner") is the PCC's in the directory; signed the day approved.
    expect(approved.minutesApproval.signatories).toEqual([
      { personId: pam.people.get('PCC'), name: 'Philip Seccombe', signedOn: '2021-05-25' },
    ])
    // The rollover the stream would run: the action discharged, and no owner told.
    await applyRollover(api.deps, april)
    expect((await api.get(`/actions/${ict.id}`)).body.status).toBe('discharged')
    expect(await enqueueRolloverEmails(api.deps, april)).toBe(0)
  })

  it('writes a draft once when it is accepted twice at the same moment', async () => {
    const pam = await seedPam()
    const text =
      'ACTION: DT to circulate the revised budget\nDate of next meeting: 15 September 2020 at 10:00'
    const imp = (await importText(pam.june, text)).body
    const ids = imp.drafts.map((d: Draft) => ({ id: d.id }))
    expect(imp.drafts.map((d: Draft) => d.read.kind).sort()).toEqual(['action', 'next-meeting'])
    const answers = await Promise.all(
      [1, 2, 3].map(() => api.post(`/minutes-imports/${imp.id}/accept`, { accept: ids })),
    )
    const results = answers.flatMap((a) => a.body.results)
    expect(results.filter((r: { ok: boolean }) => r.ok)).toHaveLength(2)
    expect(results.filter((r: { ok: boolean; status?: number }) => !r.ok && r.status === 409)).toHaveLength(4)
    expect(await actionsAt(pam.june)).toHaveLength(1)
    const meetings = (await api.get(`/boards/${pam.boardId}/meetings?limit=100`)).body.items
    expect(meetings.filter((m: { startsAt: string }) => m.startsAt.startsWith('2020-09-15'))).toHaveLength(1)
  })

  it('gives back a claim a crashed accept left behind, and accepting again writes the action once', async () => {
    const pam = await seedPam()
    const imp = (await importText(pam.june, 'ACTION: DT to circulate the revised budget')).body
    const [d] = await api.deps.store.imports.drafts(imp.id)
    if (!d) throw new Error('no draft')
    // A request claimed it three minutes ago, raised the action, and died before settling.
    const longAgo = new Date(Date.now() - 3 * 60_000).toISOString()
    await api.deps.store.imports.saveDraft(d, {
      ...d,
      decision: 'accepted',
      decidedAt: longAgo,
      claimed: true,
      version: d.version + 1,
    })
    await raise(api, pam.june, {
      itemNumber: 1,
      description: 'DT to circulate the revised budget',
      owners: 'DT',
    })
    const [stuck] = await drafts(imp.id)
    expect(stuck).toMatchObject({ decision: 'pending', match: 'matches' })
    const res = await api.post(`/minutes-imports/${imp.id}/accept`, { accept: [{ id: d.id }] })
    expect(res.body.results).toMatchObject([{ ok: true, decision: 'accepted' }])
    expect(await actionsAt(pam.june)).toHaveLength(1)
    // A claim inside its lease is another request at work: it is left alone.
    const fresh = (await importText(pam.june, 'ACTION: NT to brief the panel')).body
    const [f] = await api.deps.store.imports.drafts(fresh.id)
    if (!f) throw new Error('no draft')
    const claim = { ...f, decision: 'accepted' as const, decidedAt: new Date().toISOString(), claimed: true }
    await api.deps.store.imports.saveDraft(f, { ...claim, version: f.version + 1 })
    const again = await api.post(`/minutes-imports/${fresh.id}/accept`, { accept: [{ id: f.id }] })
    expect(again.body.results).toMatchObject([{ ok: false, status: 409 }])
  })

  it('refuses one attendance row alone, and takes no date from the minutes that a field would refuse', async () => {
    const pam = await seedPam()
    const imp = (await importText(pam.june, seedText('pam-minutes-2020-06-23'))).body
    const attendance = imp.drafts.filter((d: Draft) => d.read.kind === 'attendance')
    const [first, ...rest] = attendance
    const res = await api.post(`/minutes-imports/${imp.id}/accept`, {
      accept: [
        { id: first.id, edits: { personId: '01JC2ZQ8M6X4W3V2T1S0R9P8N7' } },
        ...rest.map((d: Draft) => ({ id: d.id })),
      ],
    })
    expect(res.body).toMatchObject({ saved: rest.length, failed: 1 })
    expect(res.body.results[0]).toMatchObject({
      draftId: first.id,
      ok: false,
      status: 400,
      field: 'personId',
    })

    const odd = 'ACTION: DT to report on the estate by 6 June 2150\nDate of next meeting: 31 December 2199'
    const oddImp = (await importText(pam.june, odd)).body
    const oddRes = await api.post(`/minutes-imports/${oddImp.id}/accept`, {
      accept: oddImp.drafts.map((d: Draft) => ({ id: d.id })),
    })
    const byKind = (kind: string) =>
      oddRes.body.results.find(
        (r: { draftId: string }) => oddImp.drafts.find((d: Draft) => d.id === r.draftId)?.read.kind === kind,
      )
    // The action is raised without the impossible date.
    expect(byKind('action')).toMatchObject({ ok: true })
    const raised = (await api.get(`/actions/${byKind('action').actionId}`)).body
    expect(raised.dueDate).toBeNull()
    // A meeting in 2199 is refused by name.
    expect(byKind('next-meeting')).toMatchObject({ ok: false, status: 400, field: 'startsAt' })
  })

  it('answers 404 for an import or meeting that does not exist, and 403 to a chair', async () => {
    const pam = await seedPam()
    expect((await api.get('/minutes-imports/01JC2ZQ8M6X4W3V2T1S0R9P8N7')).status).toBe(404)
    expect((await importText('01JC2ZQ8M6X4W3V2T1S0R9P8N7', 'Actions')).status).toBe(404)
    const chair = await api.post(
      `/meetings/${pam.june}/minutes-imports`,
      { text: 'x' },
      { token: api.tokens.chair },
    )
    expect(chair.status).toBe(403)
    const empty = await importText(pam.june, 'Nothing to see here.')
    expect(empty.status).toBe(400)
    expect(empty.body.issues[0].path).toBe('text')
    expect((await api.post(`/meetings/${pam.june}/minutes-imports`, { text: '' })).status).toBe(400)
    expect((await api.post(`/meetings/${pam.june}/minutes-imports`, { file: 'x' })).status).toBe(400)
  })
})

describe('bad files', () => {
  /** The file posted as the meeting page's upload and the API both take it: multipart field `file`. */
  const upload = async (meetingId: string, bytes: Uint8Array, name: string) => {
    const form = new FormData()
    form.set('file', new Blob([bytes]), name)
    const res = await fetch(`${api.url}/meetings/${meetingId}/minutes-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.secretariat}` },
      body: form,
    })
    return { status: res.status, body: (await res.json()) as any }
  }

  it('answers each with its 4xx naming the problem, and leaves no import or action behind', async () => {
    const pam = await seedPam()
    const cases: [string, Uint8Array, string, number, RegExp][] = [
      ['corrupt.docx', await truncatedDocx(), 'a Word file cut short', 400, /damaged or incomplete/],
      ['bomb.docx', zipBombDocx(60), 'a zip bomb', 413, /unpacks to/],
      [
        'liar.docx',
        zipBombDocx(60, 1000),
        'a zip bomb that understates its size',
        413,
        /unpacks to more than/,
      ],
      [
        'locked.docx',
        ole2File('encrypted-docx'),
        'a password-protected Word file',
        400,
        /password-protected/,
      ],
      ['old.doc', ole2File('doc'), 'a Word 97 file', 415, /\.doc/],
      ['locked.pdf', encryptedPdf('secret'), 'a password-protected PDF', 400, /password-protected/],
      ['long.pdf', pagesPdf(1000), 'a 1,000-page PDF', 413, /1000 pages/],
      ['big.txt', new Uint8Array(MINUTES_MAX_BYTES + 1).fill(0x61), 'a file over 4 MB', 413, /larger than/],
      ['empty.txt', new Uint8Array(0), 'an empty file', 400, /empty/],
      [
        'photo.png',
        Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
        'a picture',
        415,
        /\.docx/,
      ],
    ]
    for (const [name, bytes, what, status, detail] of cases) {
      const res = await upload(pam.june, bytes, name)
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status)
      expect(`${res.body.detail} ${JSON.stringify(res.body.issues ?? [])}`, what).toMatch(detail)
      if (status === 400) expect(res.body.issues[0].path, what).toBe('file')
    }
    expect((await api.get(`/meetings/${pam.june}/minutes-imports`)).body.items).toEqual([])
    expect(await actionsAt(pam.june)).toEqual([])
  })

  it('reads a Word file and a PDF sent the same way', async () => {
    const pam = await seedPam()
    const docx = await upload(pam.june, await seedToDocx(seedText('pam-minutes-2020-06-23')), 'minutes.docx')
    expect(docx.status, JSON.stringify(docx.body).slice(0, 300)).toBe(201)
    expect(docx.body.source).toMatchObject({ format: 'docx', name: 'minutes.docx', pages: null })
    const refs = (b: { drafts: Draft[] }) =>
      b.drafts.flatMap((d) => (d.read.kind === 'action' ? [d.read.ref] : []))
    expect(refs(docx.body)).toEqual(['01.23/06/2020', '02.23/06/2020', '03.23/06/2020', '04.23/06/2020'])
    const pdf = await upload(pam.june, pagesPdf(3, 'ACTION: DT to circulate the report'), 'minutes.pdf')
    expect(pdf.status, JSON.stringify(pdf.body).slice(0, 300)).toBe(201)
    expect(pdf.body.source).toMatchObject({ format: 'pdf', pages: 3 })
  })
})

describe('the meeting page’s upload form', () => {
  const pages = pagesClient(() => api.url)
  const send = (
    meetingId: string,
    cookie: string,
    fields: Record<string, string | Blob>,
    site = 'same-origin',
  ) => {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.set(k, v as string)
    return fetch(`${api.url}/ui/meetings/${meetingId}/minutes-imports`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'sec-fetch-site': site },
      body: form,
    })
  }

  it('goes on to the review; a refused file says why, saves nothing and can be sent again; a replay is refused', async () => {
    const pam = await seedPam()
    const cookie = await pages.signIn('secretariat')
    const path = `/ui/meetings/${pam.june}`
    const action = `${path}/minutes-imports`
    const key = await pages.formKey(path, cookie, action)

    const bad = await send(pam.june, cookie, {
      formKey: key,
      file: new Blob([await truncatedDocx()]),
      text: '',
    })
    expect(bad.status).toBe(400)
    const page = await bad.text()
    expect(page).toContain('These minutes could not be imported')
    expect(page).toContain('The Word document is damaged or incomplete')
    expect(page).toContain('Nothing was saved.')
    expect(page).toContain(`href="${path}#import"`)

    // The same form again (its key given back), now with pasted text: on to the review page.
    const pasted = await send(pam.june, cookie, { formKey: key, text: seedText('pam-minutes-2020-06-23') })
    expect(pasted.status).toBe(303)
    const review = pasted.headers.get('location') ?? ''
    expect(review).toMatch(/^\/ui\/minutes-imports\/[0-9A-Z]{26}\?done=imported$/)
    const shown = await (await pages.get(review, cookie)).text()
    expect(shown).toContain('Review the minutes of')
    expect(shown).toContain('pasted text')
    // Sent a third time (the back button): read once only.
    const replay = await send(pam.june, cookie, { formKey: key, text: seedText('pam-minutes-2020-06-23') })
    expect(replay.status).toBe(409)
    expect((await api.get(`/meetings/${pam.june}/minutes-imports`)).body.items).toHaveLength(1)

    // From another site, or without a session: nothing read.
    const fresh = await pages.formKey(path, cookie, action)
    expect((await send(pam.june, cookie, { formKey: fresh, text: 'x' }, 'cross-site')).status).toBe(403)
    expect((await send(pam.june, '', { formKey: fresh, text: 'x' })).status).toBe(303)
    expect((await api.get(`/meetings/${pam.june}/minutes-imports`)).body.items).toHaveLength(1)
  })
})
