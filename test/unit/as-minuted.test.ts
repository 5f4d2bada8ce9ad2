import { describe, expect, it } from 'vitest'
import { ActionUpdate, HistoryEntry, PostUpdateInput } from '#shared/domain/action.ts'
import { approvalLabel, buildActionLog, minutesApprovalView } from '#shared/domain/action-log.ts'
import { answersFor, givenOnProblem } from '#shared/domain/action-rules.ts'
import { Meeting, MinutesApprovalInput } from '#shared/domain/meeting.ts'
import { signatoryIssues } from '#shared/domain/meeting-rules.ts'
import { renderDocx } from '#shared/export/docx.ts'
import { reminderEmail } from '#shared/mail/templates.ts'
import { aBoard, aMeeting, anAction, aPerson, id, SECRETARIAT } from './factories.ts'
import { readWord } from './file-readers.ts'

/** Minutes approval as minuted and updates as given (issue 17): the pure rules and the stored shapes. */
const LONDON = 'Europe/London'
const clerk = aPerson({ id: id(20), initials: 'SC', name: 'Sam Clerk' })
const people = new Map([[clerk.id, clerk]])
const approval = {
  approvedOn: '2023-01-03',
  amendments: null,
  recordedBy: { ...SECRETARIAT, personId: clerk.id },
  recordedAt: '2023-01-03T12:00:00.000Z',
  notifyOwners: true,
}

describe('stored records from before issue 17', () => {
  it('read an approval without signatories as none, a meeting as in no series, an update as typed by its giver', () => {
    const meeting = Meeting.parse({ ...aMeeting(), status: 'minutes-approved', minutesApproval: approval })
    expect(meeting.minutesApproval?.signatories).toEqual([])
    expect(meeting.seriesId).toBeNull()
    const update = ActionUpdate.parse({
      at: '2020-06-23T10:00:00Z',
      by: SECRETARIAT,
      text: 'x',
      proposeComplete: false,
    })
    expect(update.onBehalfOf ?? null).toBeNull()
    expect(update.givenOn ?? null).toBeNull()
  })
})

describe('approvalLabel', () => {
  it('says who signed, when, and who recorded it, as the seeds minute it', () => {
    const view = minutesApprovalView(
      {
        minutesApproval: {
          ...approval,
          signatories: [
            { personId: null, name: 'P. Secombe', signedOn: '2023-01-03' },
            { personId: null, name: 'D. Tedds', signedOn: '2023-01-03' },
          ],
        },
      },
      people,
    )
    expect(view && approvalLabel(view)).toBe(
      'Minutes approved on 3 January 2023, signed by P. Secombe (3 January 2023) and D. Tedds (3 January 2023); recorded by Sam Clerk.',
    )
  })

  it('names three signatories with commas, none at all without "signed by", and an unknown recorder by role', () => {
    const three = ['A', 'B', 'C'].map((name) => ({ personId: null, name, signedOn: '2023-01-04' }))
    const withThree = minutesApprovalView({ minutesApproval: { ...approval, signatories: three } }, new Map())
    expect(withThree && approvalLabel(withThree)).toBe(
      'Minutes approved on 3 January 2023, signed by A (4 January 2023), B (4 January 2023) and C (4 January 2023); recorded by the secretariat.',
    )
    const none = minutesApprovalView({ minutesApproval: { ...approval, signatories: [] } }, people)
    expect(none && approvalLabel(none)).toBe('Minutes approved on 3 January 2023; recorded by Sam Clerk.')
    expect(minutesApprovalView({ minutesApproval: null }, people)).toBeNull()
  })

  it('is in the Word file of the log', async () => {
    const meeting = aMeeting({
      status: 'minutes-approved',
      minutesApproval: {
        ...approval,
        signatories: [{ personId: null, name: 'D. Tedds', signedOn: '2023-01-03' }],
      },
    })
    const log = buildActionLog({
      meeting,
      board: aBoard(),
      arising: [],
      raised: [],
      settled: new Map(),
      people,
      version: 'open',
      now: new Date('2023-01-04T10:00:00Z'),
    })
    const word = await readWord(await renderDocx(log))
    expect(word.text).toContain(
      'Minutes approved on 3 January 2023, signed by D. Tedds (3 January 2023); recorded by Sam Clerk.',
    )
  })
})

describe('signatoryIssues', () => {
  const meeting = { startsAt: '2022-12-31T23:30:00.000Z' } // 31 December in London, 23:30 GMT
  it('takes a signing day from the meeting’s day to today, board-local', () => {
    const now = new Date('2023-01-05T12:00:00Z')
    expect(signatoryIssues(meeting, ['2022-12-31', '2023-01-05'], now, LONDON)).toEqual([])
    expect(signatoryIssues(meeting, ['2022-12-30', '2023-01-06'], now, LONDON)).toEqual([
      { path: 'signatories.0.signedOn', message: 'must not be before the meeting took place' },
      { path: 'signatories.1.signedOn', message: 'must not be in the future' },
    ])
  })

  it('is given as a person or a name, not both and not neither', () => {
    const paths = (signatories: unknown) =>
      MinutesApprovalInput.safeParse({ approvedOn: '2023-01-03', signatories }).error?.issues.map((i) =>
        i.path.join('.'),
      )
    expect(paths([{ name: 'P. Secombe', signedOn: '2023-01-03' }])).toBeUndefined()
    expect(paths([{ signedOn: '2023-01-03' }])).toEqual(['signatories.0.personId'])
    expect(paths([{ name: 'x', personId: id(1), signedOn: '2023-01-03' }])).toEqual([
      'signatories.0.personId',
    ])
    expect(paths([{ name: 'x' }])).toEqual(['signatories.0.signedOn'])
    expect(paths(Array(11).fill({ name: 'x', signedOn: '2023-01-03' }))).toEqual(['signatories'])
  })
})

describe('updates as given', () => {
  const action = { raisedAt: '2020-05-26T09:00:00.000Z' }
  // Given at the meeting of 23 June, typed on 1 July.
  const givenAtMeeting = {
    at: '2020-07-01T09:00:00.000Z',
    by: SECRETARIAT,
    text: 'Pilot started.',
    proposeComplete: false,
    givenOn: '2020-06-23',
  }
  const now = new Date('2020-07-01T09:00:00Z')

  it('dates an update from the day the action was raised to today, board-local', () => {
    expect(givenOnProblem('2020-05-26', action, now, LONDON)).toBeNull()
    expect(givenOnProblem('2020-07-01', action, now, LONDON)).toBeNull()
    expect(givenOnProblem('2020-05-25', action, now, LONDON)).toBe(
      'must not be before the action was raised (2020-05-26)',
    )
    expect(givenOnProblem('2020-07-02', action, now, LONDON)).toBe('must not be in the future')
  })

  it('takes it from an owner, a member of an owning team, or a deputy, and no one else', () => {
    const a = { ownerIds: [id(1), id(2)] }
    const none = { teamIds: [], deputisesFor: [] }
    expect(answersFor(a, id(1), none)).toBe(true)
    expect(answersFor(a, id(9), { teamIds: [id(2)], deputisesFor: [] })).toBe(true)
    expect(answersFor(a, id(9), { teamIds: [], deputisesFor: [id(1)] })).toBe(true)
    expect(answersFor(a, id(9), none)).toBe(false)
  })

  it('dates the log’s last update by the day it was given', () => {
    const meeting = aMeeting({ startsAt: '2020-06-23T09:00:00.000Z' })
    const given = anAction({
      raisedAt: '2020-05-26T09:00:00.000Z',
      dueMeetingId: meeting.id,
      dueMeetingStartsAt: meeting.startsAt,
      updates: [{ ...givenAtMeeting, onBehalfOf: id(1) }],
    })
    const log = buildActionLog({
      meeting,
      board: aBoard(),
      arising: [given],
      raised: [],
      settled: new Map(),
      people: new Map(),
      version: 'full',
      now,
    })
    expect(log.sections[0].rows[0]?.note).toEqual({
      kind: 'update',
      text: 'Pilot started.',
      on: '2020-06-23',
    })
  })

  it('dates the last update in the owner’s reminder by the day it was given', () => {
    const meeting = aMeeting({ startsAt: '2020-07-21T09:00:00.000Z' })
    const email = reminderEmail({
      board: aBoard(),
      meeting,
      owner: aPerson(),
      actions: [
        anAction({
          dueMeetingId: meeting.id,
          dueMeetingStartsAt: meeting.startsAt,
          updates: [givenAtMeeting],
        }),
      ],
      offsetDays: 7,
      respondUrl: 'https://actions.example/respond/v1.abc.def',
    })
    expect(email.text).toContain('last update 23 June 2020: Pilot started.')
  })

  it('keeps whom it came from in the history entry; a plain update has neither field', () => {
    expect(PostUpdateInput.parse({ text: 'x' })).toEqual({ text: 'x', proposeComplete: false })
    const h = HistoryEntry.parse({
      actionId: id(1),
      version: 2,
      at: '2020-07-01T09:00:00.000Z',
      by: SECRETARIAT,
      kind: 'update-posted',
      meetingId: null,
      changes: null,
      note: 'x',
      onBehalfOf: id(2),
      givenOn: '2020-06-23',
    })
    expect(h).toMatchObject({ onBehalfOf: id(2), givenOn: '2020-06-23' })
  })
})
