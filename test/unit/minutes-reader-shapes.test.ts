import { describe, expect, it } from 'vitest'
import type {
  ActionRead,
  ApprovalRead,
  AttendanceRead,
  MinutesRead,
  NextMeetingRead,
  OutcomeRead,
} from '#shared/domain/minutes-read.ts'
import { readMinutes } from '#shared/domain/minutes-reader/index.ts'

/** Synthetic minutes: rows given as arrays become tab-separated lines. */
function minutes(...rows: (string | string[])[]): string {
  return rows.map((r) => (Array.isArray(r) ? r.join('\t') : r)).join('\n')
}
const of =
  <K extends MinutesRead['kind']>(kind: K) =>
  (reads: MinutesRead[]) =>
    reads.filter((r): r is Extract<MinutesRead, { kind: K }> => r.kind === kind)
const actions = of('action') as (r: MinutesRead[]) => ActionRead[]
const outcomes = of('outcome') as (r: MinutesRead[]) => OutcomeRead[]
const attendance = of('attendance') as (r: MinutesRead[]) => AttendanceRead[]
const approvals = of('approval') as (r: MinutesRead[]) => ApprovalRead[]
const nextMeetings = of('next-meeting') as (r: MinutesRead[]) => NextMeetingRead[]

const MAY = { meetingDate: '2023-05-16' }

describe('references', () => {
  it.each([
    ['02.16/05/2023', 2],
    ['02.16/05/23', 2],
    ['07 16/05/23', 7],
    ['11.16.05.2023', 11],
  ])('%s in an actions table is action of item %i', (ref, item) => {
    // Act
    const reads = readMinutes(
      minutes('Summary of Actions', [ref, 'JB to circulate the estates report', 'JB']),
      MAY,
    )

    // Assess
    expect(actions(reads)).toMatchObject([{ ref, itemNumber: item, owners: 'JB', confidence: 'explicit' }])
  })

  it('a reference to an earlier meeting in Actions Arising is an outcome, not an action', () => {
    // Act
    const reads = readMinutes(
      minutes('Actions Arising', [
        '04.18/04/2023',
        'JB to circulate the estates report – Discharged - circulated 2 May',
      ]),
      MAY,
    )

    // Assess
    expect(actions(reads)).toEqual([])
    expect(outcomes(reads)).toMatchObject([
      { ref: '04.18/04/2023', outcome: 'discharged', note: 'circulated 2 May', owners: 'JB' },
    ])
  })

  it('an OCR-mangled reference is neither an action nor an outcome', () => {
    // Act
    const reads = readMinutes(
      minutes(['00.07/6 //205', 'Actions Arising'], ['04.07/04/0004', 'Deep Dive Topic']),
      MAY,
    )

    // Assess
    expect(actions(reads)).toEqual([])
    expect(outcomes(reads)).toEqual([])
  })
})

describe('actions table', () => {
  it('keeps owners as written, including ones that name no one', () => {
    // Act
    const reads = readMinutes(
      minutes(
        'Actions',
        ['01.16/05/2023', 'Publish the revised scheme of delegation', 'OPCC / Legal'],
        ['02.16/05/2023', 'Future deep-dive subjects', 'For Review'],
      ),
      MAY,
    )

    // Assess
    expect(actions(reads).map((a) => a.owners)).toEqual(['OPCC / Legal', 'For Review'])
  })

  it('reads a headed table with owner and due columns', () => {
    // Act
    const reads = readMinutes(
      minutes(
        ['Ref', 'Action', 'Owner', 'Due'],
        ['03.16/05/2023', 'Provide the budget variance analysis', 'CFO', '30 June'],
      ),
      MAY,
    )

    // Assess
    expect(actions(reads)).toMatchObject([{ owners: 'CFO', dueHint: '30 June', dueDate: '2023-06-30' }])
  })

  it('an action in the minutes Action column that the table repeats is read once, with the table ref', () => {
    // Act
    const reads = readMinutes(
      minutes(
        'Minutes',
        ['Number', 'Item', 'Action'],
        [
          '03.16/05/2023',
          '<p>Estates Review</p><p>The review was presented.</p>',
          '<p>JB to circulate the estates report to members.</p>',
        ],
        'Actions',
        ['01.16/05/2023', 'JB to circulate estates report', 'JB'],
      ),
      MAY,
    )

    // Assess
    const found = actions(reads)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ ref: '01.16/05/2023', owners: 'JB' })
    expect(found[0]?.excerpt).toContain('to members')
    expect(found[0]?.excerpt).toContain('01.16/05/2023')
  })

  it('an Action column entry with no table row is an explicit action of its item', () => {
    // Act
    const reads = readMinutes(
      minutes(
        ['Number', 'Item', 'Action'],
        ['05.16/05/2023', 'Fleet Strategy', ''],
        ['', 'Members discussed electric vehicles.', 'KP to bring the charging plan to the next meeting.'],
      ),
      MAY,
    )

    // Assess
    expect(actions(reads)).toMatchObject([
      { ref: null, itemNumber: 5, itemTitle: 'Fleet Strategy', owners: 'KP', dueHint: 'to the next meeting' },
    ])
  })

  it('an exempt item marks its actions with the reason', () => {
    // Act
    const reads = readMinutes(
      minutes(
        ['Reference', 'Item', 'Action'],
        [
          '06.16/05/2023',
          'Regional Collaboration Exempt FOIA under Section S.43 (Commercial Interests)',
          'DCC to report back on the contract.',
        ],
      ),
      MAY,
    )

    // Assess
    expect(actions(reads)).toMatchObject([
      { exemptReason: 'Exempt FOIA under Section S.43 (Commercial Interests)' },
    ])
  })
})

describe('Action: lines', () => {
  it.each([
    'Action: SR to provide the per 1,000 population figures by 6 June',
    'ACTION: SR to provide the per 1,000 population figures by 6 June',
  ])('%s', (line) => {
    // Act
    const reads = readMinutes(minutes('3. Performance Report', 'Figures were discussed.', line), MAY)

    // Assess
    expect(actions(reads)).toMatchObject([
      { confidence: 'explicit', owners: 'SR', dueHint: 'by 6 June', dueDate: '2023-06-06', line: 3 },
    ])
  })

  it('a due date named without a year is the next one after the meeting', () => {
    // Act
    const reads = readMinutes('Action: OPCC to publish the annual report by 15 January', MAY)

    // Assess
    expect(actions(reads)[0]).toMatchObject({ dueDate: '2024-01-15' })
  })
})

describe('outcomes of earlier actions', () => {
  it.each([
    [
      ['01.18/04/2023', 'Arrange a briefing for members. Update – briefing booked for 1 June'],
      null,
      'briefing booked for 1 June',
    ],
    [
      ['01.18/04/2023', 'Arrange a briefing for members. Update – ongoing, carried forward'],
      'carried-forward',
      'ongoing, carried forward',
    ],
    [
      ['01.18/04/2023', 'Arrange a briefing for members. Update – booked', 'Discharged'],
      'discharged',
      'booked',
    ],
    [['Action 2 01.18/04/23', 'Arrange a briefing for members', 'Carried forward'], 'carried-forward', null],
  ])('%j', (row, outcome, note) => {
    // Act
    const reads = readMinutes(minutes('Matters Arising', row), MAY)

    // Assess
    expect(outcomes(reads)).toMatchObject([
      { outcome, note, description: expect.stringMatching(/^Arrange a briefing/) },
    ])
  })
})

describe('attendance', () => {
  it('reads a table with Person / Teams columns and look-alike marks', () => {
    // Act
    const reads = readMinutes(
      minutes(
        'Attendance',
        ['No', 'Name', 'Ref', 'Capacity', 'Person', 'Teams'],
        ['1', 'Amira Khan', 'AK', 'Chair of the Panel', 'Х', ''],
        ['2', 'Tom Ellis', 'ТЕ', 'Chief Executive', '', 'х'],
        ['3', 'Rosa Patel', 'RP', 'Treasurer x', '', ''],
      ),
      MAY,
    )

    // Assess
    expect(attendance(reads)).toMatchObject([
      { name: 'Amira Khan', initials: 'AK', status: 'present', mode: 'in-person', role: 'chair' },
      { name: 'Tom Ellis', initials: 'TE', mode: 'online', role: null },
      { name: 'Rosa Patel', capacity: 'Treasurer', mode: 'in-person' },
    ])
  })

  it('a lone "Dial In" column leaves the unmarked in the room', () => {
    // Act
    const reads = readMinutes(
      minutes(
        'Attendees',
        ['Name', 'Capacity', 'Dial In'],
        ['Amira Khan', 'Chair', ''],
        ['Tom Ellis', 'Clerk', 'x'],
      ),
      MAY,
    )

    // Assess
    expect(attendance(reads).map((a) => a.mode)).toEqual(['in-person', 'online'])
  })

  it('reads apologies with representatives, "Nil" being none', () => {
    // Act
    const reads = readMinutes(
      minutes(
        'Apologies',
        ['Name', 'Capacity', 'Representative'],
        ['Omar Reid', 'Deputy Chief Constable', 'Nil'],
        ['Jo Baker', 'ACC Local Policing', 'Sam Fox'],
      ),
      MAY,
    )

    // Assess
    expect(attendance(reads)).toMatchObject([
      { name: 'Omar Reid', status: 'apologies', representative: null },
      { name: 'Jo Baker', status: 'apologies', representative: 'Sam Fox' },
    ])
  })

  it('a "Representative" column holding a capacity is read as the capacity', () => {
    // Act
    const reads = readMinutes(
      minutes('Apologies', ['Name', 'Ref', 'Representative'], ['Jo Baker', 'JB', 'Head of Communications']),
      MAY,
    )

    // Assess
    expect(attendance(reads)).toMatchObject([{ representative: null, capacity: 'Head of Communications' }])
  })

  it('reads inline lists, Chair and Minute Taker lines, and who left early', () => {
    // Act
    const reads = readMinutes(
      minutes(
        'Present: Amira Khan (Chair), Tom Ellis (Chief Executive), Rosa Patel',
        'Apologies: Omar Reid',
        ['Minute Taker:', 'Lee Chan'],
        'Rosa Patel left the meeting after item 4.',
      ),
      MAY,
    )

    // Assess
    expect(attendance(reads)).toMatchObject([
      { name: 'Amira Khan', role: 'chair', status: 'present' },
      { name: 'Tom Ellis', capacity: 'Chief Executive' },
      { name: 'Rosa Patel', timing: 'left-early' },
      { name: 'Omar Reid', status: 'apologies' },
      { name: 'Lee Chan', role: 'minute-taker' },
    ])
  })
})

describe('approval of minutes', () => {
  it('names the earlier meeting and the amendment', () => {
    // Act
    const reads = readMinutes(
      minutes(
        [
          '01.16/05/2023',
          '<p>Minutes of 18/04/2023</p><p>Item 3 to be replaced with: the panel noted the report.</p>',
        ],
        [
          '',
          'Subject to the above amendment the minutes of the previous meeting dated 18 th April 2023 were agreed.',
        ],
      ),
      MAY,
    )

    // Assess
    expect(approvals(reads)).toMatchObject([
      {
        meetingDate: '2023-04-18',
        approvedOn: '2023-05-16',
        amendments: expect.stringContaining('the panel noted the report'),
      },
    ])
  })

  it.each([
    ['The minutes of the meeting held on 18.04.2023 were approved as a true record.', '2023-04-18'],
    ['The Board approved the minutes of the meeting held on Tuesday 18th April 2023.', '2023-04-18'],
    ['The minutes of the last meeting dated 18/04/202 were agreed.', null],
  ])('%s', (line, meetingDate) => {
    expect(approvals(readMinutes(line, MAY))).toMatchObject([
      { meetingDate, approvedOn: '2023-05-16', amendments: null },
    ])
  })

  it('reads the formal approval block of this record', () => {
    // Act
    const reads = readMinutes(
      minutes(
        'Formal Approval of Meeting Record',
        ['Signature:', ''],
        ['Print Name:', 'Amira Khan, Chair'],
        ['Date:', '13 June 2023'],
      ),
      MAY,
    )

    // Assess
    expect(approvals(reads)).toMatchObject([
      { meetingDate: null, approvedOn: '2023-06-13', signatory: 'Amira Khan, Chair' },
    ])
  })

  it('an unsigned approval block is no approval', () => {
    expect(
      approvals(
        readMinutes(minutes('Formal Approval of Meeting Record', 'Signature:', 'Print Name:', 'Date:'), MAY),
      ),
    ).toEqual([])
  })
})

describe('next meeting', () => {
  it.each([
    ['Date of next meeting: Tuesday 20th June 2023 at 10:00', '2023-06-20', '10:00'],
    ['Date of next meeting: 20/06/2023, 2.30pm', '2023-06-20', '14:30'],
    ['Next meeting: 20 June', '2023-06-20', null],
  ])('%s', (line, date, time) => {
    expect(nextMeetings(readMinutes(line, MAY))).toMatchObject([{ date, time }])
  })

  it('the date may be on the line after the heading', () => {
    expect(
      nextMeetings(readMinutes(minutes('Date of Next Meeting', '', '20 June 2023, 10am'), MAY)),
    ).toMatchObject([{ date: '2023-06-20', time: '10:00' }])
  })

  it('"for the next meeting" inside an action is not a next-meeting read', () => {
    expect(nextMeetings(readMinutes('Action: KP to bring the plan for the next meeting', MAY))).toEqual([])
  })
})

describe('prose commitments', () => {
  const people = minutes(
    'Attendees',
    ['Name', 'Ref'],
    ['Ben Shaw', 'BS'],
    ['Dee Hart', 'DH'],
    ['Kay Patel', 'KP'],
    '',
  )

  it.each([
    ['BS advised he would find out and report back.', 'BS'],
    ['DH to provide the recovery plan at the July meeting.', 'DH'],
    ['KP agreed to circulate the survey results.', 'KP'],
    ['It was agreed that the Chief Constable would provide a written response.', 'the Chief Constable'],
    ['The PCC will write to the Home Office.', 'The PCC'],
  ])('%s → suggested, owner %s', (sentence, owners) => {
    // Act
    const reads = readMinutes(`${people}\n${sentence}`, MAY)

    // Assess
    expect(actions(reads)).toMatchObject([{ confidence: 'suggested', owners }])
  })

  it('reads the due hint of a suggestion', () => {
    const reads = readMinutes(`${people}\nDH to provide the recovery plan at the July meeting.`, MAY)
    expect(actions(reads)[0]).toMatchObject({ dueHint: 'at the July meeting', dueDate: null })
  })

  it.each([
    'Performance will be compared against both current year and data from two years ago.',
    'Force will continue to communicate with officers.',
    'BS will continue to monitor the figures.',
    'TC advised that some items will come from existing budgets.',
    'A list to be generated for each officer.',
    'CC noted the new process will pick up repeat perpetrators.',
    'Report to be shared with OPCC once ratified.',
    'OPCC are invited to join meetings.',
  ])('not a commitment: %s', (sentence) => {
    expect(actions(readMinutes(`${people}\n${sentence}`, MAY))).toEqual([])
  })

  it('a suggestion that repeats an explicit action is not read twice', () => {
    const reads = readMinutes(
      `${people}\nDH to provide the recovery plan.\nActions\n01.16/05/2023\tDH to provide recovery plan\tDH`,
      MAY,
    )
    expect(actions(reads)).toMatchObject([{ confidence: 'explicit', ref: '01.16/05/2023' }])
  })
})

describe('text as extractors give it', () => {
  it('HTML fragments and bullets in cells are stripped from descriptions', () => {
    const reads = readMinutes(
      minutes('Actions', [
        '01.16/05/2023',
        '<p>Publish the <i>revised</i> scheme</p> <ul> • of delegation</ul>',
        'OPCC',
      ]),
      MAY,
    )
    expect(actions(reads)[0]?.description).toBe('Publish the revised scheme of delegation')
  })

  it('excerpts keep the source line as it was, tabs included', () => {
    const row = '01.16/05/2023\tPublish the <i>revised</i> scheme\tOPCC'
    const reads = readMinutes(`Actions\n${row}`, MAY)
    expect(actions(reads)[0]).toMatchObject({ excerpt: row, line: 2 })
  })

  it('every line prefixed with an empty cell reads like the unprefixed text', () => {
    const text = minutes('Actions', ['01.16/05/2023', 'Publish the revised scheme', 'OPCC'])
    const prefixed = text
      .split('\n')
      .map((l) => `\t${l}`)
      .join('\n')
    const strip = (r: MinutesRead[]) => r.map(({ excerpt: _, ...rest }) => rest)
    expect(strip(readMinutes(prefixed, MAY))).toEqual(strip(readMinutes(text, MAY)))
  })
})

describe('panel minutes in prose with an action log', () => {
  const text = minutes(
    'Present: Cllr Jane Hill (Chair), Cllr Peter Marsh, Mr Raj Singh (Independent Member)',
    'Apologies were received from Cllr Tom Bell and Cllr Sue Ward.',
    '1. Minutes of the previous meeting',
    'The minutes of the meeting held on 12 January 2023 were agreed as a correct record.',
    '2. Police and Crime Plan update',
    'ACTION: OPCC to circulate the rural crime breakdown to members by 31 March.',
    'Cllr Marsh left the meeting at 3.15pm.',
    'Date of next meeting: Thursday 8 June 2023 at 2.00pm',
    'Action Log',
    ['Ref', 'Action', 'Owner', 'Due', 'Status'],
    ['03.12/01/2023', 'PCC to share the estates strategy', 'PCC', 'March', 'Complete'],
    ['05.12/01/2023', 'Report on 101 call handling', 'OPCC', 'June 2023', 'Open'],
    ['02.09/03/2023', 'Circulate rural crime breakdown', 'OPCC', '31 March', ''],
  )
  const reads = readMinutes(text, { meetingDate: '2023-03-09' })

  it('reads the action once, with the log ref, the numbered item and the ACTION line in its excerpt', () => {
    expect(actions(reads)).toMatchObject([
      {
        ref: '02.09/03/2023',
        itemNumber: 2,
        itemTitle: 'Police and Crime Plan update',
        owners: 'OPCC',
        dueDate: '2023-03-31',
      },
    ])
    expect(actions(reads)[0]?.excerpt).toContain('ACTION: OPCC to circulate')
  })

  it('reads earlier rows of the log as outcomes by their status', () => {
    expect(outcomes(reads)).toMatchObject([
      { ref: '03.12/01/2023', outcome: 'discharged', owners: 'PCC' },
      { ref: '05.12/01/2023', outcome: 'carried-forward', owners: 'OPCC' },
    ])
  })

  it('reads attendance, the approval and the next meeting', () => {
    expect(attendance(reads).map((a) => [a.name, a.status, a.timing])).toEqual([
      ['Cllr Jane Hill', 'present', null],
      ['Cllr Peter Marsh', 'present', 'left-early'],
      ['Mr Raj Singh', 'present', null],
      ['Cllr Tom Bell', 'apologies', null],
      ['Cllr Sue Ward', 'apologies', null],
    ])
    expect(approvals(reads)).toMatchObject([{ meetingDate: '2023-01-12', approvedOn: '2023-03-09' }])
    expect(nextMeetings(reads)).toMatchObject([{ date: '2023-06-08', time: '14:00' }])
  })
})
