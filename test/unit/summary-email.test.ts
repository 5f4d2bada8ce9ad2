import { describe, expect, it } from 'vitest'
import { overdueItems, overdueReportOf } from '#shared/domain/overdue.ts'
import type { BouncedAddress } from '#shared/domain/summary.ts'
import { escapeHtml } from '#shared/mail/html.ts'
import { type OverdueSummaryEmailInput, overdueSummaryEmail } from '#shared/mail/templates.ts'
import { aBoard, aMeeting, anAction, aPerson, id } from './factories.ts'

const NASTY = '<b>x</b> & "q"'
const NASTY_ESCAPED = '&#60;b&#62;x&#60;/b&#62; &#38; &#34;q&#34;'
const EXEMPTION = {
  section: 'S.31 (Law Enforcement)',
  publicWording: 'Exempt FOIA under Section S.31 (Law Enforcement)',
}

const board = aBoard({ overdueCarryThreshold: 2 })
/** The summary 3 days before PAM on 23 June 2026 (10:00 BST). */
const meeting = aMeeting({ title: 'PAM 23 June 2026', startsAt: '2026-06-23T09:00:00.000Z' })
const NOW = new Date('2026-06-20T07:00:00Z')
const DT = aPerson({ id: id(10), name: 'Dana Taylor', initials: 'DT', email: 'dt@force.example' })
const SR = aPerson({ id: id(11), name: 'Sam Reed', initials: 'SR', email: 'sr@opcc.example' })

const pastDue = anAction({
  id: id(20),
  ref: '03.24/03/2026',
  raisedAt: '2026-03-24T10:00:00.000Z',
  dueMeetingId: id(90),
  dueMeetingStartsAt: '2026-04-28T09:00:00.000Z',
  description: 'Written response on 101 call answering',
  ownerIds: [DT.id],
})
const carriedTwice = anAction({
  id: id(21),
  ref: '05.28/04/2026',
  raisedAt: '2026-04-28T09:00:00.000Z',
  dueMeetingId: meeting.id,
  dueMeetingStartsAt: meeting.startsAt,
  carryCount: 2,
  description: 'Stop and search scrutiny panel findings',
  ownerIds: [SR.id],
})

function input(overrides: Partial<OverdueSummaryEmailInput> = {}, open = [pastDue, carriedTwice]) {
  const report = overdueReportOf(
    board,
    overdueItems(board, open, NOW),
    new Map([DT, SR].map((p) => [p.id, p])),
    NOW,
  )
  return {
    board,
    meeting,
    report,
    dueCount: 3,
    bounced: [],
    reaches: 'chair' as const,
    chair: { name: 'Pat Chair' },
    ...overrides,
  }
}

const bounce: BouncedAddress = {
  email: 'sr@opcc.example',
  reason: 'bounce',
  detail: 'Permanent/General',
  at: '2026-06-01T10:00:00.000Z',
  messageId: null,
  belongsTo: 'Sam Reed (SR)',
}

describe('overdueSummaryEmail', () => {
  it('lists each owner’s overdue actions with due, age and times carried, and the due count', () => {
    // Act
    const email = overdueSummaryEmail(input())

    // Assess
    expect(email.subject).toBe('PAM 23 June 2026: overdue summary – 2 actions overdue')
    expect(email.text).toContain('Dear Pat Chair,')
    expect(email.text).toContain('3 actions are due at the meeting on 23 June 2026.')
    expect(email.text).toContain(
      [
        'Dana Taylor (DT)',
        '- 03.24/03/2026: Written response on 101 call answering',
        '  due at the meeting of 28 April 2026 (past due); 87 days old; not carried forward',
        '',
        'Sam Reed (SR)',
        '- 05.28/04/2026: Stop and search scrutiny panel findings',
        '  due at the meeting of 23 June 2026; 52 days old; carried forward 2 times',
      ].join('\n'),
    )
    expect(email.text).not.toContain('Nothing is overdue')
    expect(email.html).toMatch(
      /<td[^>]*>03\.24\/03\/2026<\/td>\s*<td[^>]*>Written response on 101 call answering<\/td>\s*<td[^>]*><strong>at the meeting of 28 April 2026 \(past due\)<\/strong><\/td>\s*<td[^>]*>87<\/td>\s*<td[^>]*>0<\/td>/,
    )
    expect(email.html).toMatch(/<td[^>]*>52<\/td>\s*<td[^>]*><strong>2<\/strong><\/td>/)
    expect(email.html.indexOf('Dana Taylor (DT)')).toBeLessThan(email.html.indexOf('Sam Reed (SR)'))
  })

  it('says its own due date when an action has one, and counts a single due action in the singular', () => {
    const dated = anAction({ ...pastDue, id: id(22), dueDate: '2026-06-01' })
    const email = overdueSummaryEmail(input({ dueCount: 1 }, [dated]))
    expect(email.text).toContain('due by 1 June 2026 (past due)')
    expect(email.text).toContain('1 action is due at the meeting on 23 June 2026.')
    expect(email.subject).toBe('PAM 23 June 2026: overdue summary – 1 action overdue')
  })

  it('escapes what users wrote and marks exempt actions not for publication', () => {
    // Prepare
    const exempt = anAction({ ...carriedTwice, description: NASTY, exempt: EXEMPTION })
    const nastyOwner = { ...SR, name: NASTY }
    const report = overdueReportOf(
      board,
      overdueItems(board, [exempt], NOW),
      new Map([[SR.id, nastyOwner]]),
      NOW,
    )

    // Act
    const email = overdueSummaryEmail({ ...input(), report, chair: { name: NASTY } })

    // Assess
    const mark = 'NOT FOR PUBLICATION – Exempt FOIA under Section S.31 (Law Enforcement)'
    expect(email.html).not.toContain('<b>x</b>')
    expect(email.html).toContain(`<strong>${mark}</strong><br>${NASTY_ESCAPED}`)
    expect(email.html).toContain(`<h3 style="font-size: 17px">${NASTY_ESCAPED} (SR)</h3>`)
    expect(email.html).toContain(`<p>Dear ${NASTY_ESCAPED},</p>`)
    expect(email.text).toContain(`- 05.28/04/2026 [${mark}]: ${NASTY}`)
  })

  it('says plainly when nothing is overdue, and still gives the due count and the bounces', () => {
    // Act
    const email = overdueSummaryEmail(input({ dueCount: 0, bounced: [bounce] }, []))

    // Assess
    expect(email.subject).toBe('PAM 23 June 2026: overdue summary – nothing overdue')
    expect(email.text).toContain('OVERDUE ACTIONS\nNothing is overdue.')
    expect(email.html).toContain('<p><strong>Nothing is overdue.</strong></p>')
    expect(email.html).not.toContain('<table')
    expect(email.text).toContain('No actions are due at the meeting on 23 June 2026.')
    expect(email.text).toContain('BOUNCED OR COMPLAINING ADDRESSES')
  })

  it('lists bounced and complaining addresses with whose they are, what SES said and when', () => {
    // Prepare
    const complaint: BouncedAddress = {
      ...bounce,
      email: 'dt@force.example',
      reason: 'complaint',
      detail: null,
      at: '2026-05-31T23:30:00.000Z',
      belongsTo: 'Dana Taylor (DT)',
    }

    // Act
    const email = overdueSummaryEmail(input({ bounced: [bounce, complaint] }))

    // Assess: 23:30 UTC on 31 May is 1 June in London.
    expect(email.text).toContain(
      [
        '- sr@opcc.example – Sam Reed (SR): bounced (Permanent/General) on 1 June 2026',
        '- dt@force.example – Dana Taylor (DT): complaint on 1 June 2026',
      ].join('\n'),
    )
    expect(email.html).toContain('<h2 style="font-size: 19px">Bounced or complaining addresses</h2>')
    expect(email.html).toContain(
      '<li>sr@opcc.example – Sam Reed (SR): bounced (Permanent/General) on 1 June 2026</li>',
    )
  })

  it('leaves the bounce section out when no address is suppressed', () => {
    const email = overdueSummaryEmail(input())
    expect(email.text).not.toContain('BOUNCED')
    expect(email.html).not.toContain('Bounced or complaining')
  })

  it.each([
    {
      reaches: 'deputy' as const,
      chair: { name: 'Pat Chair' },
      note: 'This summary is for Pat Chair, chair of the Performance Accountability Meeting. It comes to you as their deputy because their email address cannot be reached.',
    },
    {
      reaches: 'secretariat' as const,
      chair: { name: 'Pat Chair' },
      note: "This summary is for Pat Chair, chair of the Performance Accountability Meeting. It comes to the secretariat because neither the chair's email address nor a deputy's can be reached.",
    },
    {
      reaches: 'secretariat' as const,
      chair: null,
      note: 'The Performance Accountability Meeting has no chair recorded, so this summary comes to the secretariat.',
    },
  ])('says why it reached the $reaches (chair: $chair.name)', ({ reaches, chair, note }) => {
    const email = overdueSummaryEmail(input({ reaches, chair }))
    expect(email.text.startsWith(`${note}\n`)).toBe(true)
    expect(email.text).not.toContain('Dear ')
    expect(email.html).toContain(`<p><strong>${escapeHtml(note)}</strong></p>`)
  })
})
