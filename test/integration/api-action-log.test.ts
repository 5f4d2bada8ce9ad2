import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marshall } from '@aws-sdk/util-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchActionLog } from '#infra/local/export.ts'
import type { Meeting } from '#shared/domain/meeting.ts'
import { CSV_HEADER } from '#shared/export/csv.ts'
import { parseCsv, readWord, readZip } from '#test/unit/file-readers.ts'
import { type Api, meeting, raise, seedBoard, startApi, withStream } from './harness.ts'

/**
 * The action log for the meeting pack over HTTP, as the secretariat, the chair and a member
 * download it: every row of every format read back, and nothing exempt in any open version.
 */
let api: Api
let stream: Awaited<ReturnType<typeof withStream>>
let people: Awaited<ReturnType<typeof seedBoard>>['people']
let m1: string
let m2: string

/** Every exempt text and the section a custom wording leaves out: none may reach an open version. */
const SECRET = /SECRET|S\.43|Commercial Interests/
// "Now" is just after the PAM of 27 April 2021, whose minutes can then be approved.
const NOW = new Date('2021-05-01T11:00:00Z')
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

beforeAll(async () => {
  api = await startApi({ now: () => NOW })
  stream = await withStream(api)
  ;({ people } = await seedBoard(api))
  const boardId = (await api.get('/boards')).body.items[0].id as string
  m1 = await meeting(api, boardId, '2021-03-30T10:00:00+01:00')
  m2 = await meeting(api, boardId, '2021-04-27T10:00:00+01:00')
  await meeting(api, boardId, '2099-05-25T10:00:00+01:00')

  const raiseAt = async (meetingId: string, body: Record<string, unknown>) =>
    (await raise(api, meetingId, body)).id
  const a1 = await raiseAt(m1, {
    itemNumber: 2,
    description: 'Interim update to be provided at May PAM on ICT and Transitional Services.',
    ownerIds: [people.dt, people.team],
  })
  const a2 = await raiseAt(m1, {
    itemNumber: 3,
    description: 'Update PCC on how many of the 20 PCs are from BAME communities',
    ownerIds: [people.dt],
  })
  await api.post(`/actions/${a2}/updates`, { text: 'No BAME candidates in the last examinations.' })
  const a3 = await raiseAt(m1, {
    itemNumber: 4,
    description: 'SECRET-ARISING tactical options for the enforcement operation',
    ownerIds: [people.sr],
    exempt: { section: 'S.31 (Law Enforcement)' },
  })
  await api.post(`/actions/${a3}/updates`, { text: 'SECRET-UPDATE deployment numbers agreed' })
  await api.post(`/meetings/${m2}/outcomes`, {
    actionId: a1,
    outcome: 'discharged',
    note: 'Monthly updates will be provided at meetings going forward',
  })
  await api.post(`/meetings/${m2}/outcomes`, {
    actionId: a3,
    outcome: 'carried-forward',
    note: 'SECRET-OUTCOME awaiting the regional review',
  })
  await raiseAt(m2, {
    itemNumber: 2,
    description: 'A&SI to provide victim satisfaction data for last five years',
    ownerIds: [people.team],
    dueDate: '2099-05-01',
  })
  await raiseAt(m2, {
    itemNumber: 4,
    description: 'SECRET-RAISED regional procurement of the custody contract',
    ownerIds: [people.dt],
    exempt: { section: 'S.43 (Commercial Interests)', publicWording: 'Exempt from publication' },
  })
  await raiseAt(m2, {
    itemNumber: 5,
    description: '@SUM(1+1) with "quotes", commas\nand a second line',
    ownerIds: [people.afs],
  })
})
afterAll(async () => {
  await stream.stop()
  await api.close()
})

type Download = { status: number; headers: Headers; bytes: Uint8Array; text: string }
async function download(query: string, token: string | undefined = api.tokens.secretariat, meetingId = m2) {
  const res = await fetch(`${api.url}/meetings/${meetingId}/action-log${query}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
  } satisfies Download
}

/** Everything a download tells anyone: its body and every header (file name included). */
const everything = (d: Download) => `${[...d.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${d.text}`

// The rows as the minutes will show them, before the approval (owners: see harness.seedBoard).
const ARISING = [
  [
    '02.30/03/2021',
    'Interim update to be provided at May PAM on ICT and Transitional Services.',
    'DT / A&SI',
    'Person DT; A and SI',
    '2021-03-30',
    '2021-04-27',
    '',
    'Discharge proposed',
    'Monthly updates will be provided at meetings going forward',
    '0',
    '',
  ],
  [
    '03.30/03/2021',
    'Update PCC on how many of the 20 PCs are from BAME communities',
    'DT',
    'Person DT',
    '2021-03-30',
    '2021-04-27',
    '',
    'Open',
    'Update (01/05/2021) – No BAME candidates in the last examinations.',
    '0',
    '',
  ],
  [
    '04.30/03/2021',
    'Exempt FOIA under Section S.31 (Law Enforcement)',
    'SR',
    'Person SR',
    '2021-03-30',
    '2021-04-27',
    '',
    'Carry forward proposed',
    'Exempt FOIA under Section S.31 (Law Enforcement)',
    '0',
    'Exempt',
  ],
].map((r) => ['Actions Arising', ...r])
const RAISED = [
  [
    '02.27/04/2021',
    'A&SI to provide victim satisfaction data for last five years',
    'A&SI',
    'A and SI',
    '2021-04-27',
    '2099-05-25',
    '2099-05-01',
    'Open',
    '',
    '0',
    '',
  ],
  [
    '04.27/04/2021',
    'Exempt from publication',
    'DT',
    'Person DT',
    '2021-04-27',
    '2099-05-25',
    '',
    'Open',
    'Exempt from publication',
    '0',
    'Exempt',
  ],
  [
    '05.27/04/2021',
    `'@SUM(1+1) with "quotes", commas\nand a second line`,
    'AFS',
    'Person AFS',
    '2021-04-27',
    '2099-05-25',
    '',
    'Open',
    '',
    '0',
    '',
  ],
].map((r) => ['Actions raised at this meeting', ...r])

describe('GET /meetings/{meetingId}/action-log', () => {
  it('CSV, open: UTF-8 with BOM, an attachment named from board, date and version, every row as recorded', async () => {
    const d = await download('?format=csv')
    expect(d.status).toBe(200)
    expect(d.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present')
    expect(d.headers.get('content-disposition')).toBe(
      'attachment; filename="PAM-2021-04-27-action-log-open.csv"',
    )
    expect([...d.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(parseCsv(d.text.slice(1))).toEqual([[...CSV_HEADER], ...ARISING, ...RAISED])
    expect(everything(d)).not.toMatch(SECRET)
  })

  it('Word, open (the default format and version): both tables row by row, properties, nothing exempt in any part', async () => {
    const d = await download('')
    expect(d.status).toBe(200)
    expect(d.headers.get('content-type')).toBe(DOCX)
    expect(d.headers.get('content-disposition')).toBe(
      'attachment; filename="PAM-2021-04-27-action-log-open.docx"',
    )
    const word = await readWord(d.bytes)
    expect(word.messages).toEqual([])
    expect(word.headerRows).toEqual([1, 1])
    const [arising, raised] = word.tables
    // Word shows: reference, action, owners (initials over names), due, status, note, times carried.
    const asWord = (csv: string[]) => {
      const [, ref, text, , , , dueMeeting, dueDate, status, note, carried] = csv
      const owners = (csv[3] ?? '')
        .split(' / ')
        .map((initials, i) => `${initials}\n${(csv[4] ?? '').split('; ')[i]}`)
        .join('\n')
      const due = `Meeting ${ukDate(dueMeeting ?? '')}${dueDate ? `, by ${ukDate(dueDate)}` : ''}`
      return [ref, (text ?? '').replace(/^'/, ''), owners, due, status, note, carried]
    }
    expect(arising?.slice(1)).toEqual(ARISING.map(asWord))
    expect(raised?.slice(1)).toEqual(RAISED.map(asWord))
    expect(word.text).not.toMatch(SECRET)
    // Properties and header are parts mammoth does not read: every part is checked as it is.
    const zip = readZip(d.bytes)
    expect(zip.get('docProps/core.xml')).toContain(
      '<dc:title>PAM 27 April 2021 – action log (open version)</dc:title>',
    )
    for (const [name, part] of zip) expect(part, name).not.toMatch(SECRET)
    expect(everything({ ...d, text: '' })).not.toMatch(SECRET)
  })

  it('HTML, open: an inline page with no script allowed, every row in its table', async () => {
    const d = await download('?format=html&version=open')
    expect(d.status).toBe(200)
    expect(d.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(d.headers.get('content-disposition')).toBe(
      'inline; filename="PAM-2021-04-27-action-log-open.html"',
    )
    expect(d.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(d.text).toContain('<title>PAM 27 April 2021 – action log (open version)</title>')
    const rowHeads = [...d.text.matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1])
    expect(rowHeads).toEqual([...ARISING, ...RAISED].map((r) => r[1]))
    expect(d.text).toContain('Exempt FOIA under Section S.31 (Law Enforcement)')
    expect(everything(d)).not.toMatch(SECRET)
  })

  it('gives the chair the full version, exempt items in full and marked', async () => {
    const d = await download('?format=csv&version=full', api.tokens.chair)
    expect(d.status).toBe(200)
    expect(d.headers.get('content-disposition')).toBe(
      'attachment; filename="PAM-2021-04-27-action-log-full.csv"',
    )
    const rows = parseCsv(d.text.slice(1))
    expect(rows[3]).toEqual([
      'Actions Arising',
      '04.30/03/2021',
      'SECRET-ARISING tactical options for the enforcement operation',
      'SR',
      'Person SR',
      '2021-03-30',
      '2021-04-27',
      '',
      'Carry forward proposed',
      'SECRET-OUTCOME awaiting the regional review',
      '0',
      'Exempt – S.31 (Law Enforcement) – not for publication',
    ])
    expect(rows[5]?.[11]).toBe('Exempt – S.43 (Commercial Interests) – not for publication')
    const fullWord = (await download('?format=docx&version=full')).bytes
    expect((await readWord(fullWord)).tables[1]?.[2]?.slice(0, 2)).toEqual([
      '04.27/04/2021',
      'Exempt – S.43 (Commercial Interests) – not for publication\nSECRET-RAISED regional procurement of the custody contract',
    ])
    expect(readZip(fullWord).get('word/header1.xml')).toContain('NOT FOR PUBLICATION')
  })

  it('gives a member the open version only, even of an exempt action they own', async () => {
    const member = await api.token('member', people.dt)
    const full = await download('?format=html&version=full', member)
    expect(full.status).toBe(403)
    expect(full.headers.get('content-type')).toBe('application/problem+json')
    expect(JSON.parse(full.text)).toMatchObject({
      status: 403,
      detail: expect.stringContaining('version=open'),
    })
    const open = await download('?format=html', member)
    expect(open.status).toBe(200)
    expect(everything(open)).not.toMatch(SECRET)
  })

  it('refuses an unknown format or version (400) and an unknown meeting (404)', async () => {
    const pdf = await download('?format=pdf')
    expect(pdf.status).toBe(400)
    expect(JSON.parse(pdf.text).issues[0].path).toBe('format')
    expect((await download('?version=secret')).status).toBe(400)
    expect((await download('?format=csv&extra=1')).status).toBe(400)
    expect((await download('?format=csv', undefined, '01JC2ZQ8M6X4W3V2T1S0R9P8N7')).status).toBe(404)
  })

  it('is documented in the OpenAPI description with its three media types', async () => {
    const doc = (await api.get('/openapi.json', { token: null })).body
    const op = doc.paths['/meetings/{meetingId}/action-log'].get
    expect(Object.keys(op.responses[200].content)).toEqual([DOCX, 'text/csv', 'text/html'])
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(['meetingId', 'format', 'version'])
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404']))
  })

  it('after the minutes are approved, shows what they settled: discharged with its note, carried forward', async () => {
    const before = (await api.get(`/meetings/${m2}`)).body as Meeting
    const approved = await api.post(`/meetings/${m2}/minutes-approval`, { approvedOn: '2021-05-01' })
    expect(approved.status).toBe(202)
    // The table's stream record of the approval, handed to on-table-change as Lambda would.
    const result = await stream.handler({
      Records: [
        {
          eventName: 'MODIFY',
          dynamodb: {
            SequenceNumber: '000000000000000000001',
            OldImage: marshall({ ...before, type: 'Meeting' }, { removeUndefinedValues: true }),
            NewImage: marshall({ ...approved.body, type: 'Meeting' }, { removeUndefinedValues: true }),
          },
        },
      ],
    })
    expect(result.batchItemFailures).toEqual([])

    const rows = parseCsv((await download('?format=csv')).text.slice(1))
    // Reference, status, last update or note, times carried: the same in the CSV and the Word file.
    const settled = [
      [
        '02.30/03/2021',
        'Discharged',
        'Discharged (01/05/2021) – Monthly updates will be provided at meetings going forward',
        '0',
      ],
      [
        '03.30/03/2021',
        'Carried forward',
        'Update (01/05/2021) – No BAME candidates in the last examinations.',
        '1',
      ],
      ['04.30/03/2021', 'Carried forward', 'Exempt FOIA under Section S.31 (Law Enforcement)', '1'],
    ]
    expect(rows.slice(1, 4).map((r) => [r[1], r[8], r[9], r[10]])).toEqual(settled)
    // The approval as minuted follows the actions, a record of its own.
    expect(rows.slice(4, -1)).toEqual(RAISED)
    expect(rows.at(-1)).toEqual([
      'Minutes approval',
      '',
      'Minutes approved on 1 May 2021; recorded by the secretariat.',
      ...Array(9).fill(''),
    ])
    const open = await download('?format=docx')
    for (const [name, part] of readZip(open.bytes)) expect(part, name).not.toMatch(SECRET)
    const word = await readWord(open.bytes)
    expect(word.tables[0]?.slice(1).map((r) => [r[0], r[4], r[5], r[6]])).toEqual(settled)
  })
})

describe('npm run export (infra/local/export.ts)', () => {
  it('fetches the file the API gives, named as the API names it', async () => {
    const got = await fetchActionLog({
      apiUrl: api.url,
      token: api.tokens.secretariat,
      meetingId: m1,
      format: 'csv',
      version: 'full',
    })
    if (!got.ok) throw new Error(got.message)
    expect(got.fileName).toBe('PAM-2021-03-30-action-log-full.csv')
    expect(parseCsv(new TextDecoder().decode(got.bytes))[0]).toEqual([...CSV_HEADER])
  })

  it('says plainly when the meeting is unknown, the role is refused or the stack is not answering', async () => {
    const base = { apiUrl: api.url, token: api.tokens.secretariat, format: 'docx', version: 'open' } as const
    expect(await fetchActionLog({ ...base, meetingId: '01JC2ZQ8M6X4W3V2T1S0R9P8N7' })).toEqual({
      ok: false,
      message: 'No meeting 01JC2ZQ8M6X4W3V2T1S0R9P8N7 on the running local stack.',
    })
    const member = await api.token('member', people.dt)
    const refused = await fetchActionLog({ ...base, token: member, meetingId: m2, version: 'full' })
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^The API refused the export \(403\)/),
    })
    const down = await fetchActionLog({ ...base, apiUrl: 'http://127.0.0.1:9', meetingId: m2 })
    expect(down).toMatchObject({ ok: false, message: expect.stringContaining('is not answering') })
  })

  it('as a command: checks its arguments and finds no stack where none was started', () => {
    // Run from an empty directory: no .local/stack.json there, as when nothing was started.
    const dir = mkdtempSync(join(tmpdir(), 'export-cli-'))
    const ROOT = process.cwd()
    try {
      const run = (...args: string[]) =>
        spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'infra/local/export.ts'), ...args], {
          cwd: dir,
          encoding: 'utf8',
        })
      const bad = run('--meeting', m2, '--format', 'pdf')
      expect(bad.status).toBe(2)
      expect(bad.stderr).toContain('--format must be docx, csv or html, not "pdf"')
      const missing = run('--format', 'csv')
      expect(missing.status).toBe(2)
      expect(missing.stderr).toContain('--meeting is required')
      const noStack = run('--meeting', m2)
      expect(noStack.status).toBe(1)
      expect(noStack.stderr).toContain('No running local stack found')
      expect(() => readFileSync(join(dir, 'PAM-2021-04-27-action-log-open.docx'))).toThrow()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

function ukDate(iso: string): string {
  const [y, m, d] = iso.split('-')
  return `${d}/${m}/${y}`
}
