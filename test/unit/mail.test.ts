import { describe, expect, it } from 'vitest'
import type { Action } from '#shared/domain/action.ts'
import { escapeHtml, Html, html } from '#shared/mail/html.ts'
import {
  assignmentEmail,
  awaitingMeetingEmail,
  longDate,
  meetingWhen,
  reminderEmail,
  rolloverEmail,
} from '#shared/mail/templates.ts'
import { aBoard, aMeeting, anAction, aPerson, id, SECRETARIAT } from './factories.ts'

const NASTY = '<b>x</b> & "q"'
const NASTY_ESCAPED = '&#60;b&#62;x&#60;/b&#62; &#38; &#34;q&#34;'
const EXEMPTION = {
  section: 'S.31 (Law Enforcement)',
  publicWording: 'Exempt FOIA under Section S.31 (Law Enforcement)',
}

const board = aBoard()
const owner = aPerson()
/** Minutes of the 23 June 2020 meeting approved on 21 July 2020. */
const approvedMeeting = aMeeting({
  title: 'PAM 23 June 2020',
  startsAt: '2020-06-23T09:00:00.000Z',
  status: 'minutes-approved',
  minutesApproval: {
    approvedOn: '2020-07-21',
    signatories: [],
    amendments: null,
    recordedBy: SECRETARIAT,
    recordedAt: '2020-07-21T10:00:00.000Z',
    notifyOwners: true,
  },
})
const nextMeeting = aMeeting({
  id: id(101),
  title: 'PAM 21 July 2020',
  startsAt: '2020-07-21T09:00:00.000Z',
  location: 'Council Chamber',
})

function discharged(overrides: Partial<Action> = {}): Action {
  return anAction({
    id: id(501),
    ref: '01.23/06/2020',
    description: 'Circulate the victim satisfaction survey',
    status: 'discharged',
    discharge: { meetingId: approvedMeeting.id, note: 'Survey circulated on 1 July', on: '2020-07-21' },
    ...overrides,
  })
}

function carried(overrides: Partial<Action> = {}): Action {
  return anAction({
    id: id(502),
    ref: '02.23/06/2020',
    description: 'Report on 101 call answering times',
    carryCount: 1,
    dueMeetingId: nextMeeting.id,
    ...overrides,
  })
}

describe('escapeHtml', () => {
  it('escapes the five characters that are special in HTML', () => {
    // Act
    const escaped = escapeHtml(`<a href="x" title='y'>&</a>`)

    // Assess
    expect(escaped).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;')
  })

  it('leaves ordinary text alone', () => {
    // Act
    const escaped = escapeHtml('Action 1 02.21/12/21 – PCC’s office')

    // Assess
    expect(escaped).toBe('Action 1 02.21/12/21 – PCC’s office')
  })
})

describe('html', () => {
  it('escapes interpolated strings', () => {
    // Prepare
    const text = `<script>alert("x")</script> & 'y'`

    // Act
    const out = html`<p>${text}</p>`

    // Assess
    expect(out.value).toBe('<p>&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;y&#39;</p>')
  })

  it('does not escape nested html values a second time', () => {
    // Prepare
    const inner = html`<strong>${'A & B'}</strong>`

    // Act
    const out = html`<p>${inner}</p>`

    // Assess
    expect(out.value).toBe('<p><strong>A &#38; B</strong></p>')
  })

  it('renders arrays item by item, escaping strings and keeping html', () => {
    // Prepare
    const items = [html`<li>${'<one>'}</li>`, '<two>', [html`<li>three</li>`]]

    // Act
    const out = html`<ul>${items}</ul>`

    // Assess
    expect(out.value).toBe('<ul><li>&#60;one&#62;</li>&#60;two&#62;<li>three</li></ul>')
  })

  it('renders nothing for null, undefined and false, but renders 0', () => {
    // Act
    const out = html`[${null}|${undefined}|${false}|${0}|${true}]`

    // Assess
    expect(out.value).toBe('[|||0|true]')
  })

  it('returns an Html whose string form is its value', () => {
    // Act
    const out = html`<p>${'a<b'}</p>`

    // Assess
    expect(out).toBeInstanceOf(Html)
    expect(String(out)).toBe('<p>a&#60;b</p>')
  })
})

describe('meetingWhen', () => {
  it('shows the board-local time in summer (BST)', () => {
    // Act
    const when = meetingWhen({ startsAt: '2026-06-23T08:30:00Z' }, { timeZone: 'Europe/London' })

    // Assess
    expect(when).toMatch(/^Tuesday,? 23 June 2026,? (at )?09:30$/)
  })

  it('shows the board-local time in winter (GMT)', () => {
    // Act
    const when = meetingWhen({ startsAt: '2026-11-24T09:30:00Z' }, { timeZone: 'Europe/London' })

    // Assess
    expect(when).toMatch(/^Tuesday,? 24 November 2026,? (at )?09:30$/)
  })

  it('follows the clocks going forward between two meetings at the same UTC time', () => {
    // Act: clocks go forward on 29 March 2026.
    const before = meetingWhen({ startsAt: '2026-03-28T09:30:00Z' }, { timeZone: 'Europe/London' })
    const after = meetingWhen({ startsAt: '2026-03-30T09:30:00Z' }, { timeZone: 'Europe/London' })

    // Assess
    expect(before).toMatch(/28 March 2026.*09:30$/)
    expect(after).toMatch(/30 March 2026.*10:30$/)
  })

  it('shows the local date when it differs from the UTC date', () => {
    // Act: 23:30Z on 22 June is 00:30 BST on the 23rd.
    const when = meetingWhen({ startsAt: '2026-06-22T23:30:00Z' }, { timeZone: 'Europe/London' })

    // Assess
    expect(when).toMatch(/^Tuesday,? 23 June 2026,? (at )?00:30$/)
  })
})

describe('longDate', () => {
  it.each([
    { iso: '2026-11-22', expected: '22 November 2026' },
    { iso: '2026-01-01', expected: '1 January 2026' },
    { iso: '2028-02-29', expected: '29 February 2028' },
    { iso: '2026-12-31', expected: '31 December 2026' },
  ])('writes $iso as $expected', ({ iso, expected }) => {
    // Act
    const text = longDate(iso)

    // Assess
    expect(text).toBe(expected)
  })
})

describe('rolloverEmail', () => {
  it.each([
    { d: 1, c: 1, subject: 'PAM 23 June 2020: 1 action discharged, 1 carried forward' },
    { d: 2, c: 3, subject: 'PAM 23 June 2020: 2 actions discharged, 3 carried forward' },
    { d: 1, c: 0, subject: 'PAM 23 June 2020: 1 action discharged' },
    { d: 0, c: 2, subject: 'PAM 23 June 2020: 2 carried forward' },
  ])('summarises $d discharged and $c carried in the subject', ({ d, c, subject }) => {
    // Prepare
    const input = {
      board,
      meeting: approvedMeeting,
      next: nextMeeting,
      owner,
      discharged: Array.from({ length: d }, (_, n) => discharged({ id: id(510 + n) })),
      carried: Array.from({ length: c }, (_, n) => carried({ id: id(520 + n) })),
    }

    // Act
    const email = rolloverEmail(input)

    // Assess
    expect(email.subject).toBe(subject)
  })

  it('names the approval date, the next meeting and each action in html and text', () => {
    // Prepare
    const input = {
      board,
      meeting: approvedMeeting,
      next: nextMeeting,
      owner,
      discharged: [discharged()],
      carried: [carried()],
    }

    // Act
    const email = rolloverEmail(input)

    // Assess
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Dear Dana Taylor,')
      expect(body).toContain('were approved on 21 July 2020')
      expect(body).toContain('01.23/06/2020')
      expect(body).toContain('Survey circulated on 1 July')
      expect(body).toContain('02.23/06/2020')
      expect(body).toContain('Carried forward 1 time')
      expect(body).toContain(`PAM 21 July 2020 (${meetingWhen(nextMeeting, board)}, Council Chamber)`)
    }
    expect(email.html).toContain('Carried forward to PAM 21 July 2020')
    expect(email.text).toContain('CARRIED FORWARD to PAM 21 July 2020')
    expect(email.text).toContain('DISCHARGED')
  })

  it('escapes action text in html and keeps it raw in text', () => {
    // Prepare
    const input = {
      board,
      meeting: approvedMeeting,
      next: nextMeeting,
      owner: aPerson({ name: "Pat O'Brien" }),
      discharged: [],
      carried: [carried({ description: NASTY })],
    }

    // Act
    const email = rolloverEmail(input)

    // Assess
    expect(email.html).toContain(NASTY_ESCAPED)
    expect(email.html).not.toContain('<b>x</b>')
    expect(email.html).toContain('Dear Pat O&#39;Brien,')
    expect(email.text).toContain(`02.23/06/2020: ${NASTY}`)
    expect(email.text).toContain("Dear Pat O'Brien,")
  })

  it('escapes the latest update quoted in the carried-forward status', () => {
    // Prepare
    const update = { at: '2020-07-01T10:00:00.000Z', by: SECRETARIAT, text: NASTY, proposeComplete: false }
    const first = { ...update, text: 'First update' }
    const input = {
      board,
      meeting: approvedMeeting,
      next: nextMeeting,
      owner,
      discharged: [],
      carried: [carried({ updates: [first, update], carryCount: 2 })],
    }

    // Act
    const email = rolloverEmail(input)

    // Assess
    expect(email.html).toContain(`Carried forward 2 times – latest update: ${NASTY_ESCAPED}`)
    expect(email.text).toContain(`Carried forward 2 times – latest update: ${NASTY}`)
    expect(email.text).not.toContain('First update')
  })

  it('marks an exempt action as not for publication in html and text', () => {
    // Prepare
    const input = {
      board,
      meeting: approvedMeeting,
      next: nextMeeting,
      owner,
      discharged: [discharged()],
      carried: [carried({ exempt: EXEMPTION })],
    }

    // Act
    const email = rolloverEmail(input)

    // Assess
    const mark = 'NOT FOR PUBLICATION – Exempt FOIA under Section S.31 (Law Enforcement)'
    expect(email.html).toContain(`<strong>${mark}</strong>`)
    expect(email.text).toContain(`- 02.23/06/2020 [${mark}]: Report on 101 call answering times`)
    expect(email.text).toContain('- 01.23/06/2020: Circulate the victim satisfaction survey')
    expect(email.html.match(/NOT FOR PUBLICATION/g)).toHaveLength(1)
  })

  it('escapes the public wording of an exemption in html', () => {
    // Prepare
    const exempt = { section: 'S.40', publicWording: 'Exempt <S.40> & "personal"' }
    const input = {
      board,
      meeting: approvedMeeting,
      next: nextMeeting,
      owner,
      discharged: [],
      carried: [carried({ exempt })],
    }

    // Act
    const email = rolloverEmail(input)

    // Assess
    expect(email.html).toContain('NOT FOR PUBLICATION – Exempt &#60;S.40&#62; &#38; &#34;personal&#34;')
    expect(email.text).toContain('[NOT FOR PUBLICATION – Exempt <S.40> & "personal"]')
  })

  it('points to the next meeting once it is scheduled when there is none', () => {
    // Prepare
    const input = { board, meeting: approvedMeeting, next: null, owner, discharged: [], carried: [carried()] }

    // Act
    const email = rolloverEmail(input)

    // Assess
    expect(email.html).toContain('Carried forward to the next meeting, once it is scheduled')
    expect(email.text).toContain('CARRIED FORWARD to the next meeting, once it is scheduled')
  })

  it('leaves out a section with no actions', () => {
    // Prepare
    const input = {
      board,
      meeting: approvedMeeting,
      next: null,
      owner,
      discharged: [discharged()],
      carried: [],
    }

    // Act
    const email = rolloverEmail(input)

    // Assess
    expect(email.html).not.toContain('Carried forward')
    expect(email.text).not.toContain('CARRIED FORWARD')
    expect(email.html).toContain('Discharged')
  })
})

describe('awaitingMeetingEmail', () => {
  it.each([
    { n: 1, subject: 'PAM: 1 action waiting for the next meeting to be scheduled' },
    { n: 2, subject: 'PAM: 2 actions waiting for the next meeting to be scheduled' },
  ])('counts $n waiting actions in the subject', ({ n, subject }) => {
    // Prepare
    const waiting = Array.from({ length: n }, (_, k) => carried({ id: id(530 + k), dueMeetingId: null }))

    // Act
    const email = awaitingMeetingEmail({ board, meeting: approvedMeeting, waiting })

    // Assess
    expect(email.subject).toBe(subject)
  })

  it('lists each waiting action, escaped in html and raw in text', () => {
    // Prepare
    const waiting = [
      carried({ dueMeetingId: null, description: NASTY }),
      carried({ id: id(503), ref: '04.23/06/2020', dueMeetingId: null, exempt: EXEMPTION }),
    ]

    // Act
    const email = awaitingMeetingEmail({ board, meeting: approvedMeeting, waiting })

    // Assess
    expect(email.html).toContain(NASTY_ESCAPED)
    expect(email.html).not.toContain('<b>x</b>')
    expect(email.text).toContain(`- 02.23/06/2020: ${NASTY}`)
    expect(email.text).toContain('- 04.23/06/2020 [NOT FOR PUBLICATION – Exempt FOIA under Section S.31')
    expect(email.html).toContain('<strong>NOT FOR PUBLICATION – Exempt FOIA under Section S.31')
    expect(email.text).toContain('The minutes of PAM 23 June 2020 were approved')
  })
})

describe('assignmentEmail', () => {
  const due = aMeeting({ title: 'PAM June 2026', startsAt: '2026-06-23T08:30:00.000Z' })
  const sitting = aMeeting({ title: 'PAM 26 May 2026', startsAt: '2026-05-26T08:30:00.000Z' })
  const input = (over: Partial<Parameters<typeof assignmentEmail>[0]> = {}) => ({
    board,
    meeting: sitting,
    owner,
    items: [{ action: anAction(), due, coOwners: [] }],
    respondUrl: 'https://actions.example/respond/token',
    ...over,
  })

  it('counts the actions, names the board, owner initials and sitting in the subject', () => {
    expect(assignmentEmail(input()).subject).toBe('PAM: 1 action for DT from PAM 26 May 2026')
    const two = input({
      items: [
        { action: anAction(), due, coOwners: [] },
        { action: anAction({ ref: 'X' }), due, coOwners: [] },
      ],
    })
    expect(assignmentEmail(two).subject).toBe('PAM: 2 actions for DT from PAM 26 May 2026')
  })

  it('escapes action text and owner name in html and keeps them raw in text', () => {
    const email = assignmentEmail(
      input({
        owner: aPerson({ name: 'A&SI <team>', initials: 'A&SI', kind: 'team' }),
        items: [{ action: anAction({ description: NASTY }), due, coOwners: [] }],
      }),
    )
    expect(email.html).toContain(NASTY_ESCAPED)
    expect(email.html).not.toContain('<b>x</b>')
    expect(email.html).toContain('Dear A&#38;SI &#60;team&#62;,')
    expect(email.text).toContain(`03.26/05/2026: ${NASTY}`)
    expect(email.text).toContain('Dear A&SI <team>,')
  })

  it('gives each due meeting in board-local time, the completion date, the co-owners and the link', () => {
    const email = assignmentEmail(
      input({
        items: [{ action: anAction({ dueDate: '2026-11-22' }), due, coOwners: [{ name: 'Bea Smith' }] }],
      }),
    )
    expect(email.text).toMatch(/Due at PAM June 2026 \(Tuesday,? 23 June 2026,? (at )?09:30\)/)
    expect(email.text).toContain('complete by 22 November 2026')
    expect(email.text).toContain('shared with Bea Smith')
    expect(email.text).toContain('https://actions.example/respond/token')
    expect(email.html).toContain('href="https://actions.example/respond/token"')
  })

  it('points to the next meeting once it is scheduled when none is due, and promises the link later', () => {
    const email = assignmentEmail(
      input({
        items: [
          { action: anAction({ dueMeetingId: null, dueMeetingStartsAt: null }), due: null, coOwners: [] },
        ],
        respondUrl: null,
      }),
    )
    expect(email.text).toContain('Due at the next meeting, once it is scheduled')
    expect(email.text).toContain('You will get a link to post updates before the meeting')
    expect(email.text).not.toContain('complete by')
  })

  it('marks an exempt action as not for publication in html and text', () => {
    const email = assignmentEmail(
      input({ items: [{ action: anAction({ exempt: EXEMPTION }), due, coOwners: [] }] }),
    )
    const mark = 'NOT FOR PUBLICATION – Exempt FOIA under Section S.31 (Law Enforcement)'
    expect(email.html).toContain(`<strong>${mark}</strong><br>`)
    expect(email.text).toContain(`- 03.26/05/2026 [${mark}]: `)
  })
})

describe('reminderEmail', () => {
  it('says when an action carried from an earlier meeting was due, and marks the others due here', () => {
    // Prepare
    const meeting = aMeeting({
      id: id(50),
      startsAt: '2026-11-28T09:30:00.000Z',
      title: 'PAM 28 November 2026',
    })
    const dueHere = anAction({
      id: id(51),
      dueMeetingId: meeting.id,
      dueMeetingStartsAt: meeting.startsAt,
      description: 'Due here',
    })
    const overdue = anAction({
      id: id(52),
      dueMeetingId: id(49),
      dueMeetingStartsAt: '2026-10-31T09:30:00.000Z',
      description: 'Due before',
    })

    // Act
    const email = reminderEmail({
      board,
      meeting,
      owner,
      actions: [dueHere, overdue],
      offsetDays: 7,
      respondUrl: 'https://actions.example/respond/v1.abc.def',
    })

    // Assess
    expect(email.text).toMatch(/Due here\n {2}Raised [^;]+; due at this meeting;/)
    expect(email.text).toMatch(/Due before\n {2}Raised [^;]+; was due at the meeting of 31 October 2026;/)
  })
})
