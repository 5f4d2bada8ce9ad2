import { describe, expect, it } from 'vitest'
import type { Action } from '#shared/domain/action.ts'
import {
  type ActionLog,
  type ActionLogRow,
  type ActionLogVersion,
  buildActionLog,
  dueLabel,
  fileSafe,
  noteLabel,
} from '#shared/domain/action-log.ts'
import type { Person } from '#shared/domain/person.ts'
import { CSV_HEADER, neutralise, renderCsv, toCsv } from '#shared/export/csv.ts'
import { renderDocx } from '#shared/export/docx.ts'
import { renderHtml } from '#shared/export/html.ts'
import { aBoard, aMeeting, anAction, aPerson, id, SECRETARIAT } from './factories.ts'
import { parseCsv, readWord, readZip } from './file-readers.ts'

// The PAM of 27 April 2021 (seed minutes): actions arising from 30/03/2021, actions raised on the day.
const board = aBoard({ name: 'Performance Accountability Meeting', shortName: 'PAM' })
const previous = aMeeting({ id: id(200), startsAt: '2021-03-30T09:00:00.000Z', title: 'PAM 30 March 2021' })
const meeting = aMeeting({
  id: id(201),
  startsAt: '2021-04-27T09:00:00.000Z',
  title: 'PAM 27 April 2021',
  location: 'Gold Room, Police HQ',
})
const NOW = new Date('2021-04-20T12:00:00Z')

const DT = aPerson({ id: id(10), initials: 'DT', name: 'Debbie Tedds' })
const ASI = aPerson({ id: id(11), initials: 'A&SI', name: 'Analysis and Service Improvement', kind: 'team' })
const NT = aPerson({ id: id(12), initials: 'NT', name: 'Neil Tipton' })
const people = new Map<string, Person>([DT, ASI, NT].map((p) => [p.id, p]))

/** Every string here that says SECRET must never reach an open version. */
const SECRET = /SECRET|S\.43|Commercial Interests/
const at = (d: string) => `${d}T10:00:00.000Z`
const update = (text: string, day: string) => ({ at: at(day), by: SECRETARIAT, text, proposeComplete: false })

const arisingFrom = (n: number, extra: Partial<Action>): Action =>
  anAction({
    id: id(300 + n),
    ref: `0${n}.30/03/2021`,
    itemNumber: n,
    raisedAtMeetingId: previous.id,
    raisedAt: previous.startsAt,
    dueMeetingId: meeting.id,
    dueMeetingStartsAt: meeting.startsAt,
    ...extra,
  })
const raisedHere = (n: number, extra: Partial<Action>): Action =>
  anAction({
    id: id(400 + n),
    ref: `0${n}.27/04/2021`,
    itemNumber: n,
    raisedAtMeetingId: meeting.id,
    raisedAt: meeting.startsAt,
    dueMeetingId: id(202),
    dueMeetingStartsAt: '2021-05-25T09:00:00.000Z',
    ...extra,
  })

const arising = [
  arisingFrom(3, {
    description:
      'Update PCC on how many of the 20 PCs who were successful in the recent examinations board are from BAME communities',
    ownerIds: [DT.id],
    updates: [update('No BAME candidates in the last examinations.', '2021-04-12')],
  }),
  arisingFrom(2, {
    description: 'Interim update to be provided at May PAM on ICT and Transitional Services.',
    ownerIds: [NT.id, ASI.id],
    carryCount: 1,
    proposedOutcome: {
      meetingId: meeting.id,
      outcome: 'discharged',
      note: 'Monthly updates will be provided at meetings going forward',
      by: SECRETARIAT,
      at: at('2021-04-27'),
    },
  }),
  arisingFrom(4, {
    description: 'SECRET-ARISING tactical options for the Covid-19 enforcement operation',
    ownerIds: [DT.id],
    carryCount: 2,
    dueDate: '2021-04-23',
    exempt: {
      section: 'S.31 (Law Enforcement)',
      publicWording: 'Exempt FOIA under Section S.31 (Law Enforcement)',
    },
    updates: [update('SECRET-UPDATE deployment numbers agreed', '2021-04-01')],
    proposedOutcome: {
      meetingId: meeting.id,
      outcome: 'carried-forward',
      note: 'SECRET-OUTCOME awaiting the regional review',
      by: SECRETARIAT,
      at: at('2021-04-27'),
    },
  }),
]
const raised = [
  raisedHere(2, {
    description: 'A&SI to provide victim satisfaction data for last five years',
    ownerIds: [ASI.id],
  }),
  raisedHere(3, {
    description: 'Report on DA repeat victims to be shared with OPCC once ratified.',
    ownerIds: [ASI.id],
    dueDate: '2021-05-14',
  }),
  raisedHere(4, {
    description: 'SECRET-RAISED regional procurement of the new custody contract',
    ownerIds: [DT.id],
    exempt: { section: 'S.43 (Commercial Interests)', publicWording: 'Exempt from publication' },
  }),
  raisedHere(5, {
    description: '=HYPERLINK("http://evil.example","Click") then, "quoted" text\non two lines',
    ownerIds: [NT.id],
  }),
]

const logOf = (version: ActionLogVersion, settled = new Map<string, 'discharged' | 'carried-forward'>()) =>
  buildActionLog({ meeting, board, arising, raised, settled, people, version, now: NOW })

describe('buildActionLog', () => {
  it('lays out the open version: Actions Arising oldest first, then the actions raised, exempt items redacted', () => {
    const log = logOf('open')
    expect(log).toMatchObject({
      version: 'open',
      title: 'PAM 27 April 2021 – action log (open version)',
      fileBaseName: 'PAM-2021-04-27-action-log-open',
      producedOn: '2021-04-20',
      meeting: { title: 'PAM 27 April 2021', date: '2021-04-27', dateLabel: '27 April 2021' },
    })
    const [a, r] = log.sections
    expect(a.title).toBe('Actions Arising')
    expect(a.rows).toEqual([
      {
        ref: '02.30/03/2021',
        text: 'Interim update to be provided at May PAM on ICT and Transitional Services.',
        owners: [
          { initials: 'NT', name: 'Neil Tipton' },
          { initials: 'A&SI', name: 'Analysis and Service Improvement' },
        ],
        raisedOn: '2021-03-30',
        dueMeetingOn: '2021-04-27',
        dueDate: null,
        dueWording: null,
        status: 'discharge-proposed',
        note: {
          kind: 'outcome',
          text: 'Monthly updates will be provided at meetings going forward',
          on: '2021-04-27',
        },
        carryCount: 1,
        exempt: null,
      },
      {
        ref: '03.30/03/2021',
        text: 'Update PCC on how many of the 20 PCs who were successful in the recent examinations board are from BAME communities',
        owners: [{ initials: 'DT', name: 'Debbie Tedds' }],
        raisedOn: '2021-03-30',
        dueMeetingOn: '2021-04-27',
        dueDate: null,
        dueWording: null,
        status: 'open',
        note: { kind: 'update', text: 'No BAME candidates in the last examinations.', on: '2021-04-12' },
        carryCount: 0,
        exempt: null,
      },
      {
        ref: '04.30/03/2021',
        text: 'Exempt FOIA under Section S.31 (Law Enforcement)',
        owners: [{ initials: 'DT', name: 'Debbie Tedds' }],
        raisedOn: '2021-03-30',
        dueMeetingOn: '2021-04-27',
        dueDate: '2021-04-23',
        dueWording: null,
        status: 'carry-proposed',
        note: { kind: 'exempt', text: 'Exempt FOIA under Section S.31 (Law Enforcement)', on: null },
        carryCount: 2,
        exempt: { section: null },
      },
    ])
    expect(r.title).toBe('Actions raised at this meeting')
    expect(r.rows.map((x) => [x.ref, x.text, x.status, x.note])).toEqual([
      ['02.27/04/2021', 'A&SI to provide victim satisfaction data for last five years', 'open', null],
      ['03.27/04/2021', 'Report on DA repeat victims to be shared with OPCC once ratified.', 'open', null],
      [
        '04.27/04/2021',
        'Exempt from publication',
        'open',
        { kind: 'exempt', text: 'Exempt from publication', on: null },
      ],
      ['05.27/04/2021', raised[3]?.description, 'open', null],
    ])
    // Nothing exempt anywhere in the open log, not even the section a custom wording leaves out.
    expect(JSON.stringify(log)).not.toMatch(SECRET)
  })

  it('shows exempt items in full, marked with their section, in the full version', () => {
    const log = logOf('full')
    expect(log.fileBaseName).toBe('PAM-2021-04-27-action-log-full')
    const exempt = log.sections[0].rows[2]
    expect(exempt).toMatchObject({
      text: 'SECRET-ARISING tactical options for the Covid-19 enforcement operation',
      note: { kind: 'outcome', text: 'SECRET-OUTCOME awaiting the regional review', on: '2021-04-27' },
      exempt: { section: 'S.31 (Law Enforcement)' },
    })
    expect(log.sections[1].rows[2]).toMatchObject({
      text: 'SECRET-RAISED regional procurement of the new custody contract',
      exempt: { section: 'S.43 (Commercial Interests)' },
    })
  })

  it('reports what the approved minutes settled, with the discharge note', () => {
    const discharged = {
      ...(arising[1] as Action),
      status: 'discharged' as const,
      proposedOutcome: null,
      discharge: {
        meetingId: meeting.id,
        note: 'Monthly updates will be provided at meetings going forward',
        on: '2021-05-25',
      },
    }
    const carried = {
      ...(arising[0] as Action),
      carryCount: 1,
      dueMeetingStartsAt: '2021-05-25T09:00:00.000Z',
    }
    const log = buildActionLog({
      meeting,
      board,
      arising: [discharged, carried],
      raised: [],
      settled: new Map([
        [discharged.id, 'discharged'],
        [carried.id, 'carried-forward'],
      ]),
      people,
      version: 'open',
      now: NOW,
    })
    expect(log.sections[0].rows.map((r) => [r.ref, r.status, r.note?.kind, r.carryCount])).toEqual([
      ['02.30/03/2021', 'discharged', 'discharge', 1],
      ['03.30/03/2021', 'carried-forward', 'update', 1],
    ])
    expect(log.sections[1].rows).toEqual([])
  })

  it('says when a work-programme item due at no one meeting is due: every meeting, or to be timetabled', () => {
    const standing = raisedHere(7, {
      kind: 'standing',
      title: 'Complaints',
      dueMeetingId: null,
      dueMeetingStartsAt: null,
    })
    const later = raisedHere(8, { kind: 'report', dueMeetingId: null, dueMeetingStartsAt: null })
    const report = raisedHere(9, { kind: 'report' })
    const briefing = raisedHere(6, { kind: 'briefing', dueMeetingId: null, dueMeetingStartsAt: null })
    const log = buildActionLog({
      meeting,
      board,
      arising: [],
      raised: [standing, later, report, briefing],
      settled: new Map(),
      people,
      version: 'open',
      now: NOW,
    })
    expect(log.sections[1].rows.map(dueLabel)).toEqual([
      'Every meeting',
      'To be timetabled',
      'Meeting 25/05/2021',
      'Requested',
    ])
    const csv = parseCsv(new TextDecoder().decode(renderCsv(log)).slice(1))
    expect(csv.slice(1).map((r) => r[CSV_HEADER.indexOf('Due meeting')])).toEqual([
      'Every meeting',
      'To be timetabled',
      '2021-05-25',
      'Requested',
    ])
  })

  it('names files from the board’s short name with nothing a header could trip on', () => {
    expect(fileSafe('PAM')).toBe('PAM')
    expect(fileSafe('P&C Panel')).toBe('P-C-Panel')
    expect(fileSafe('"a";\r\nb')).toBe('a-b')
    expect(fileSafe('Réunion')).toBe('Reunion')
    expect(fileSafe('££')).toBe('board')
  })
})

describe('noteLabel', () => {
  const row = (note: ActionLogRow['note']): ActionLogRow => ({
    ...(logOf('open').sections[0].rows[0] as ActionLogRow),
    note,
  })
  it.each([
    [
      { kind: 'update', text: 'Meeting scheduled for 7 February 2022', on: '2022-01-20' },
      'Update (20/01/2022) – Meeting scheduled for 7 February 2022',
    ],
    [
      { kind: 'update', text: 'Update – meeting scheduled', on: '2022-01-20' },
      'Update (20/01/2022) – meeting scheduled',
    ],
    [{ kind: 'update', text: 'Updated figures attached', on: null }, 'Update – Updated figures attached'],
    [
      { kind: 'discharge', text: 'Discharged - monthly updates going forward', on: '2021-04-27' },
      'Discharged (27/04/2021) – monthly updates going forward',
    ],
    [
      { kind: 'outcome', text: 'Update – analyst capacity to be confirmed', on: '2021-04-27' },
      'Update – analyst capacity to be confirmed',
    ],
    [
      { kind: 'exempt', text: 'Exempt FOIA under Section S.31 (Law Enforcement)', on: null },
      'Exempt FOIA under Section S.31 (Law Enforcement)',
    ],
    [null, ''],
  ] as const)('%j → %j', (note, label) => {
    expect(noteLabel(row(note))).toBe(label)
  })
})

describe('CSV', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 1926 415000', "'+44 1926 415000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['03.23/06/2020', '03.23/06/2020'],
    ['Discharged – notes', 'Discharged – notes'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('neutralises a cell starting with a formula character: %j → %j', (input, expected) => {
    expect(neutralise(input)).toBe(expected)
  })

  it('quotes by RFC 4180 and keeps CRLF for the ends of records only', () => {
    // One record's fields, without the BOM and the CRLF that ends it.
    const fields = (...values: string[]) => toCsv([values]).slice(1, -2)
    expect(toCsv([['a'], ['b']])).toBe('\uFEFFa\r\nb\r\n')
    expect(fields('plain')).toBe('plain')
    expect(fields('a, b')).toBe('"a, b"')
    expect(fields('say "hi"')).toBe('"say ""hi"""')
    expect(fields('two\r\nlines\rhere')).toBe('"two\nlines\nhere"')
    expect(fields('-1,"x"')).toBe(`"'-1,""x"""`)
    expect(fields('', 'x', '')).toBe(',x,')
    // Each field is neutralised, not only a record's first.
    expect(fields('a=b', '@SUM(A1)', '+1')).toBe(`a=b,'@SUM(A1),'+1`)
  })

  it('writes UTF-8 with a BOM, one header row and one record per action, every cell as shown', () => {
    const bytes = renderCsv(logOf('open'))
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text.startsWith('\uFEFF')).toBe(true)
    const records = parseCsv(text.slice(1))
    expect(records[0]).toEqual([...CSV_HEADER])
    expect(records.slice(1)).toEqual([
      [
        'Actions Arising',
        '02.30/03/2021',
        'Interim update to be provided at May PAM on ICT and Transitional Services.',
        'NT / A&SI',
        'Neil Tipton; Analysis and Service Improvement',
        '2021-03-30',
        '2021-04-27',
        '',
        'Discharge proposed',
        'Monthly updates will be provided at meetings going forward',
        '1',
        '',
      ],
      [
        'Actions Arising',
        '03.30/03/2021',
        'Update PCC on how many of the 20 PCs who were successful in the recent examinations board are from BAME communities',
        'DT',
        'Debbie Tedds',
        '2021-03-30',
        '2021-04-27',
        '',
        'Open',
        'Update (12/04/2021) – No BAME candidates in the last examinations.',
        '0',
        '',
      ],
      [
        'Actions Arising',
        '04.30/03/2021',
        'Exempt FOIA under Section S.31 (Law Enforcement)',
        'DT',
        'Debbie Tedds',
        '2021-03-30',
        '2021-04-27',
        '2021-04-23',
        'Carry forward proposed',
        'Exempt FOIA under Section S.31 (Law Enforcement)',
        '2',
        'Exempt',
      ],
      [
        'Actions raised at this meeting',
        '02.27/04/2021',
        'A&SI to provide victim satisfaction data for last five years',
        'A&SI',
        'Analysis and Service Improvement',
        '2021-04-27',
        '2021-05-25',
        '',
        'Open',
        '',
        '0',
        '',
      ],
      [
        'Actions raised at this meeting',
        '03.27/04/2021',
        'Report on DA repeat victims to be shared with OPCC once ratified.',
        'A&SI',
        'Analysis and Service Improvement',
        '2021-04-27',
        '2021-05-25',
        '2021-05-14',
        'Open',
        '',
        '0',
        '',
      ],
      [
        'Actions raised at this meeting',
        '04.27/04/2021',
        'Exempt from publication',
        'DT',
        'Debbie Tedds',
        '2021-04-27',
        '2021-05-25',
        '',
        'Open',
        'Exempt from publication',
        '0',
        'Exempt',
      ],
      [
        'Actions raised at this meeting',
        '05.27/04/2021',
        `'=HYPERLINK("http://evil.example","Click") then, "quoted" text\non two lines`,
        'NT',
        'Neil Tipton',
        '2021-04-27',
        '2021-05-25',
        '',
        'Open',
        '',
        '0',
        '',
      ],
    ])
    expect(text).not.toMatch(SECRET)
  })

  it('marks exempt items with their section in the full version', () => {
    const text = new TextDecoder().decode(renderCsv(logOf('full')))
    const records = parseCsv(text)
    expect(records[3]?.[2]).toBe('SECRET-ARISING tactical options for the Covid-19 enforcement operation')
    expect(records[3]?.[11]).toBe('Exempt – S.31 (Law Enforcement) – not for publication')
  })
})

describe('HTML', () => {
  it('is a print-ready page with accessible tables, escaped text and no script', () => {
    const page = renderHtml(logOf('open'))
    expect(page).toMatch(/^<!doctype html>\n<html lang="en-GB">/)
    expect(page).toContain('<title>PAM 27 April 2021 – action log (open version)</title>')
    expect(page).toContain('<h1>Performance Accountability Meeting (PAM)</h1>')
    expect(page).toContain('<h2 id="section-arising">Actions Arising</h2>')
    expect(page).toContain('<h2 id="section-raised">Actions raised at this meeting</h2>')
    expect(page).toContain('size: A4 portrait')
    expect(page).toContain('thead { display: table-header-group; }')
    // The print CSS as written: a <style> element does not decode entities.
    expect(page).toContain('@bottom-right { content: "Page " counter(page) " of " counter(pages);')
    expect(page).toContain('@bottom-left { content: "PAM 27 April 2021 – action log (open version)";')
    expect(page.match(/<th scope="col">/g)).toHaveLength(14)
    expect(page.match(/<th scope="row">/g)).toHaveLength(7)
    expect(page).not.toMatch(/<script|javascript:|\son\w+=/i)
    // User text is escaped, never markup.
    expect(page).toContain('=HYPERLINK(&#34;http://evil.example&#34;,&#34;Click&#34;)')
    expect(page).toContain('<strong>A&#38;SI</strong>')
    expect(page).not.toMatch(SECRET)
  })

  it('escapes the board’s short name in the CSS page footer', () => {
    const page = renderHtml(
      buildActionLog({
        meeting,
        board: aBoard({ shortName: '"}</style>' }),
        arising: [],
        raised: [],
        settled: new Map(),
        people,
        version: 'open',
        now: NOW,
      }),
    )
    expect(page.match(/<\/style>/g)).toHaveLength(1)
    expect(page).toContain('<p class="none">No actions.</p>')
  })
})

describe('Word', () => {
  async function parts(log: ActionLog) {
    return readZip(await renderDocx(log))
  }
  const HEADER = [
    'Reference',
    'Action',
    'Owner',
    'Due',
    'Status',
    'Last update or discharge note',
    'Times carried forward',
  ]

  it('has the heading block and the two action tables, header row repeated, every cell as shown', async () => {
    const word = await readWord(await renderDocx(logOf('open')))
    expect(word.messages).toEqual([])
    expect(word.text.split('\n').slice(0, 7)).toEqual([
      'Performance Accountability Meeting (PAM)',
      'Action log for the meeting pack',
      'Meeting: PAM 27 April 2021',
      'Date: 27 April 2021',
      'Location: Gold Room, Police HQ',
      'Produced: 20/04/2021',
      'Actions Arising',
    ])
    expect(word.text).toContain('\nActions raised at this meeting\n')
    expect(word.text).toMatch(
      /Items exempt from publication under the Freedom of Information Act 2000 show their exemption in place of the action and its notes\. Outcomes recorded at a meeting are final when its minutes are approved\.$/,
    )
    // The first row of each table is its header, which Word repeats on every page.
    expect(word.headerRows).toEqual([1, 1])
    expect(word.tables).toEqual([
      [
        HEADER,
        [
          '02.30/03/2021',
          'Interim update to be provided at May PAM on ICT and Transitional Services.',
          'NT\nNeil Tipton\nA&SI\nAnalysis and Service Improvement',
          'Meeting 27/04/2021',
          'Discharge proposed',
          'Monthly updates will be provided at meetings going forward',
          '1',
        ],
        [
          '03.30/03/2021',
          'Update PCC on how many of the 20 PCs who were successful in the recent examinations board are from BAME communities',
          'DT\nDebbie Tedds',
          'Meeting 27/04/2021',
          'Open',
          'Update (12/04/2021) – No BAME candidates in the last examinations.',
          '0',
        ],
        [
          '04.30/03/2021',
          'Exempt FOIA under Section S.31 (Law Enforcement)',
          'DT\nDebbie Tedds',
          'Meeting 27/04/2021, by 23/04/2021',
          'Carry forward proposed',
          'Exempt FOIA under Section S.31 (Law Enforcement)',
          '2',
        ],
      ],
      [
        HEADER,
        [
          '02.27/04/2021',
          'A&SI to provide victim satisfaction data for last five years',
          'A&SI\nAnalysis and Service Improvement',
          'Meeting 25/05/2021',
          'Open',
          '',
          '0',
        ],
        [
          '03.27/04/2021',
          'Report on DA repeat victims to be shared with OPCC once ratified.',
          'A&SI\nAnalysis and Service Improvement',
          'Meeting 25/05/2021, by 14/05/2021',
          'Open',
          '',
          '0',
        ],
        [
          '04.27/04/2021',
          'Exempt from publication',
          'DT\nDebbie Tedds',
          'Meeting 25/05/2021',
          'Open',
          'Exempt from publication',
          '0',
        ],
        [
          '05.27/04/2021',
          '=HYPERLINK("http://evil.example","Click") then, "quoted" text\non two lines',
          'NT\nNeil Tipton',
          'Meeting 25/05/2021',
          'Open',
          '',
          '0',
        ],
      ],
    ])
    // mammoth reads no headers or footers: the marking is checked in the part itself.
    const header = (await parts(logOf('open'))).get('word/header1.xml') ?? ''
    expect(header).toContain('<w:t xml:space="preserve">OPEN VERSION</w:t>')
  })

  it('opens even when stored text holds what XML cannot carry (saved before input refused it)', async () => {
    const log = logOf('open')
    const first = log.sections[0]?.rows[0] as ActionLogRow
    const [arising, raised] = log.sections
    const stored = {
      ...log,
      sections: [
        { ...arising, rows: [{ ...first, text: 'Before\uFFFE, half \uD800 a pair, \u0007bell, 𝄞 kept' }] },
        raised,
      ],
    } as typeof log
    const word = await readWord(await renderDocx(stored))
    expect(word.messages).toEqual([])
    expect(word.tables[0]?.[1]?.[1]).toContain('Before, half  a pair, bell, 𝄞 kept')
  })

  it('marks and shades the exempt rows of the full version', async () => {
    const bytes = await renderDocx(logOf('full'))
    const word = await readWord(bytes)
    expect(word.tables[0]?.[3]?.slice(0, 2)).toEqual([
      '04.30/03/2021',
      'Exempt – S.31 (Law Enforcement) – not for publication\nSECRET-ARISING tactical options for the Covid-19 enforcement operation',
    ])
    expect(word.tables[0]?.[3]?.[5]).toBe('SECRET-OUTCOME awaiting the regional review')
    expect(word.tables[1]?.[3]?.slice(0, 2)).toEqual([
      '04.27/04/2021',
      'Exempt – S.43 (Commercial Interests) – not for publication\nSECRET-RAISED regional procurement of the new custody contract',
    ])
    expect(word.text).toContain(
      'Exempt items are shown in full and marked. Use the open version for publication.',
    )
    const zip = readZip(bytes)
    // Shading is layout, which mammoth does not read: two exempt rows of seven cells each.
    expect(zip.get('word/document.xml')?.match(/<w:shd w:fill="FDF3E7"/g)).toHaveLength(14)
    expect(zip.get('word/header1.xml')).toContain(
      'FULL VERSION – CONTAINS EXEMPT INFORMATION – NOT FOR PUBLICATION',
    )
  })

  it('sets the document properties from the board, date and version only', async () => {
    const zip = await parts(logOf('open'))
    const core = zip.get('docProps/core.xml') ?? ''
    expect(core).toContain('<dc:title>PAM 27 April 2021 – action log (open version)</dc:title>')
    expect(core).toContain('<dc:subject>Action log (open version)</dc:subject>')
    expect(core).toContain('<dc:creator>Meeting action tracker</dc:creator>')
    expect(core).toContain(
      '<dc:description>Open version: exempt items show their exemption wording.</dc:description>',
    )
  })

  it('writes a whole package, A4 with its margins and a page-numbered footer, text kept as typed', async () => {
    // Characters near the edge of what XML holds, and markup: all reach the reader as typed.
    const edgy = raisedHere(6, {
      description: 'Check <w:p> & "quotes" ]]> </w:t>\tafter a tab\n🎉 𝄞 £ – é',
      ownerIds: [NT.id],
      updates: [update('Line one\n\tindented & <b>not bold</b>', '2021-04-26')],
    })
    const bytes = await renderDocx(
      buildActionLog({
        meeting,
        board,
        arising,
        raised: [...raised, edgy],
        settled: new Map(),
        people,
        version: 'open',
        now: NOW,
      }),
    )
    const word = await readWord(bytes)
    expect(word.messages).toEqual([])
    expect(word.tables[1]?.at(-1)?.slice(0, 2)).toEqual([
      '06.27/04/2021',
      'Check <w:p> & "quotes" ]]> </w:t>\tafter a tab\n🎉 𝄞 £ – é',
    ])
    expect(word.tables[1]?.at(-1)?.[5]).toBe('Update (26/04/2021) – Line one\n\tindented & <b>not bold</b>')

    const zip = readZip(bytes)
    // Every part the package relates or overrides is in it.
    const types = zip.get('[Content_Types].xml') ?? ''
    for (const [, part] of types.matchAll(/PartName="\/([^"]+)"/g))
      expect(zip.has(part ?? ''), part).toBe(true)
    for (const [, target] of (zip.get('_rels/.rels') ?? '').matchAll(/Target="([^"]+)"/g))
      expect(zip.has(target ?? ''), target).toBe(true)
    for (const [, target] of (zip.get('word/_rels/document.xml.rels') ?? '').matchAll(/Target="([^"]+)"/g))
      expect(zip.has(`word/${target}`), target).toBe(true)
    // Opened as a current document, not in Word 2007's compatibility mode.
    expect(zip.get('word/settings.xml')).toMatch(
      /<w:compatSetting w:val="15" w:name="compatibilityMode" w:uri="http:\/\/schemas.microsoft.com\/office\/word"\/>/,
    )
    const xml = zip.get('word/document.xml') ?? ''
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>')
    expect(xml).toContain(
      '<w:pgMar w:top="1000" w:right="850" w:bottom="1000" w:left="850" w:header="500" w:footer="500" w:gutter="0"/>',
    )
    // The tab is Word's tab element, not a tab character inside the text.
    expect(xml).toContain('&lt;/w:t&gt;</w:t><w:tab/><w:t xml:space="preserve">after a tab</w:t>')
    const footer = zip.get('word/footer1.xml') ?? ''
    expect(footer).toContain('PAM 27 April 2021 – action log (open version)</w:t>')
    expect(footer).toContain('<w:tab/><w:t xml:space="preserve">Page </w:t>')
    expect(footer.match(/<w:instrText xml:space="preserve">(PAGE|NUMPAGES)<\/w:instrText>/g)).toEqual([
      '<w:instrText xml:space="preserve">PAGE</w:instrText>',
      '<w:instrText xml:space="preserve">NUMPAGES</w:instrText>',
    ])
  })

  it('leaks nothing exempt into any part of the open version, and has it all in the full one', async () => {
    const open = await renderDocx(logOf('open'))
    // Every part, properties and header included, not only the text a reader shows.
    const zip = readZip(open)
    expect(zip.size).toBeGreaterThan(5)
    for (const [name, text] of zip) expect(text, name).not.toMatch(SECRET)
    expect((await readWord(open)).text).not.toMatch(SECRET)
    const full = (await readWord(await renderDocx(logOf('full')))).text
    for (const s of ['SECRET-ARISING', 'SECRET-OUTCOME', 'SECRET-RAISED', 'S.43 (Commercial Interests)'])
      expect(full).toContain(s)
  })
})
