import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { CreateActionInput, OutcomeInput, PatchActionInput, PostUpdateInput } from '#shared/domain/action.ts'
import { Board, CreateBoardInput, PatchBoardInput } from '#shared/domain/board.ts'
import { Instant } from '#shared/domain/common.ts'
import {
  CreateMeetingInput,
  Meeting,
  MinutesApprovalInput,
  PatchMeetingInput,
} from '#shared/domain/meeting.ts'
import { CreatePersonInput, PatchPersonInput } from '#shared/domain/person.ts'
import { aBoard, aMeeting, id } from './factories.ts'

const OWNER = id(3)

/** The issues of a failed parse as path + code, or [] when it succeeded. */
function issuesOf(schema: z.ZodType, input: unknown): { path: PropertyKey[]; code: string }[] {
  const result = schema.safeParse(input)
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path, code: i.code }))
}

const validAction = {
  itemNumber: 3,
  description: 'Written response to be provided by the Force',
  ownerIds: [OWNER],
}
const validBoard = {
  name: 'Performance Accountability Meeting',
  shortName: 'PAM',
  secretariatEmails: ['secretariat@opcc.example.gov.uk'],
}
const validPerson = { name: 'Deputy Chief Constable', initials: 'DT', kind: 'person' }

describe('CreateActionInput', () => {
  it('accepts a minimal action as given', () => {
    // Act
    const result = CreateActionInput.safeParse(validAction)

    // Assess
    expect(result).toEqual({ success: true, data: validAction })
  })

  it.each([
    { key: 'status', value: 'discharged' },
    { key: 'carryCount', value: 0 },
    { key: 'version', value: 7 },
    { key: 'boardId', value: id(2) },
    { key: 'discharge', value: null },
  ])('refuses the server-owned field $key (no mass assignment)', ({ key, value }) => {
    // Prepare
    const input = { ...validAction, [key]: value }

    // Act
    const result = CreateActionInput.safeParse(input)

    // Assess
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: [key], path: [] }),
    ])
  })

  it.each([
    { name: 'item number above 99', patch: { itemNumber: 100 }, path: ['itemNumber'] },
    { name: 'fractional item number', patch: { itemNumber: 2.5 }, path: ['itemNumber'] },
    { name: 'no owners', patch: { ownerIds: [] }, path: ['ownerIds'] },
    { name: 'a repeated owner', patch: { ownerIds: [OWNER, OWNER] }, path: ['ownerIds'] },
    { name: 'an owner id that is not a ULID', patch: { ownerIds: ['DT'] }, path: ['ownerIds', 0] },
    { name: 'a blank description', patch: { description: '   ' }, path: ['description'] },
    { name: 'a bell in the description', patch: { description: 'Ring\u0007' }, path: ['description'] },
    { name: 'an impossible due date', patch: { dueDate: '2026-02-30' }, path: ['dueDate'] },
  ])('rejects $name at $path', ({ patch, path }) => {
    // Act
    const issues = issuesOf(CreateActionInput, { ...validAction, ...patch })

    // Assess
    expect(issues.map((i) => i.path)).toEqual([path])
  })

  it('keeps line breaks in the description, which is prose', () => {
    // Act
    const result = CreateActionInput.parse({ ...validAction, description: 'Line one\r\nLine two\n' })

    // Assess
    expect(result.description).toBe('Line one\r\nLine two')
  })
})

describe('single-line fields reject CR/LF', () => {
  const injected = 'Chief Constable\r\nBcc: attacker@example.org'

  it.each([
    {
      field: 'board name',
      schema: CreateBoardInput,
      input: { ...validBoard, name: injected },
      path: ['name'],
    },
    {
      field: 'board short name',
      schema: CreateBoardInput,
      input: { ...validBoard, shortName: 'PAM\nX' },
      path: ['shortName'],
    },
    {
      field: 'person name',
      schema: CreatePersonInput,
      input: { ...validPerson, name: injected },
      path: ['name'],
    },
    {
      field: 'initials',
      schema: CreatePersonInput,
      input: { ...validPerson, initials: 'D\r\nT' },
      path: ['initials'],
    },
    {
      field: 'action ref',
      schema: CreateActionInput,
      input: { ...validAction, ref: '03.23/06/2020\nBcc: x' },
      path: ['ref'],
    },
    {
      field: 'meeting title',
      schema: CreateMeetingInput,
      input: { startsAt: '2026-06-23T09:00:00Z', title: 'PAM\rBcc: x' },
      path: ['title'],
    },
    {
      field: 'exemption wording',
      schema: CreateActionInput,
      input: { ...validAction, exempt: { section: 'S.31', publicWording: 'Exempt\nBcc: x' } },
      path: ['exempt', 'publicWording'],
    },
  ])('$field', ({ schema, input, path }) => {
    // Act
    const issues = issuesOf(schema, input)

    // Assess
    expect(issues.map((i) => i.path)).toEqual([path])
  })

  it('trims a trailing line break away rather than storing it', () => {
    // Act
    const board = CreateBoardInput.parse({ ...validBoard, name: 'Governance & Performance Board\r\n' })

    // Assess
    expect(board.name).toBe('Governance & Performance Board')
  })
})

describe('text fields refuse what XML cannot carry, naming the field', () => {
  // Each free-text field of every input schema, as the API and the web forms take it.
  const fields = [
    {
      field: 'action description',
      schema: CreateActionInput,
      input: (t: string) => ({ ...validAction, description: t }),
      path: ['description'],
    },
    {
      field: 'action ref',
      schema: CreateActionInput,
      input: (t: string) => ({ ...validAction, ref: t }),
      path: ['ref'],
    },
    {
      field: 'exemption section',
      schema: CreateActionInput,
      input: (t: string) => ({ ...validAction, exempt: { section: t } }),
      path: ['exempt', 'section'],
    },
    {
      field: 'exemption wording',
      schema: PatchActionInput,
      input: (t: string) => ({ exempt: { section: 'S.31', publicWording: t } }),
      path: ['exempt', 'publicWording'],
    },
    { field: 'update', schema: PostUpdateInput, input: (t: string) => ({ text: t }), path: ['text'] },
    {
      field: 'outcome note',
      schema: OutcomeInput,
      input: (t: string) => ({ actionId: id(5), outcome: 'discharged', note: t }),
      path: ['note'],
    },
    {
      field: 'minutes amendments',
      schema: MinutesApprovalInput,
      input: (t: string) => ({ approvedOn: '2026-03-24', amendments: t }),
      path: ['amendments'],
    },
    {
      field: 'meeting title',
      schema: PatchMeetingInput,
      input: (t: string) => ({ title: t }),
      path: ['title'],
    },
    {
      field: 'meeting location',
      schema: CreateMeetingInput,
      input: (t: string) => ({ startsAt: '2026-06-23T09:00:00Z', location: t }),
      path: ['location'],
    },
    { field: 'board name', schema: PatchBoardInput, input: (t: string) => ({ name: t }), path: ['name'] },
    {
      field: 'board short name',
      schema: CreateBoardInput,
      input: (t: string) => ({ ...validBoard, shortName: t }),
      path: ['shortName'],
    },
    {
      field: 'person name',
      schema: CreatePersonInput,
      input: (t: string) => ({ ...validPerson, name: t }),
      path: ['name'],
    },
    { field: 'person role', schema: PatchPersonInput, input: (t: string) => ({ role: t }), path: ['role'] },
    // These two have allow-lists of their own, narrower than the shared rule.
    {
      field: 'initials',
      schema: CreatePersonInput,
      input: (t: string) => ({ ...validPerson, initials: `D${t}` }),
      path: ['initials'],
    },
    {
      field: 'email',
      schema: PatchPersonInput,
      input: (t: string) => ({ email: `d${t}@force.example` }),
      path: ['email'],
    },
  ]

  it.each(fields)('$field: U+FFFE, U+FFFF and lone surrogates are refused', ({ schema, input, path }) => {
    for (const bad of ['\uFFFE', '\uFFFF', '\uD800', '\uDC00']) {
      // Act
      const issues = issuesOf(schema, input(`A${bad}B`))

      // Assess
      expect(
        issues.map((i) => i.path),
        JSON.stringify(bad),
      ).toEqual([path])
    }
  })

  it.each(fields.slice(0, -2))('$field: astral characters are text and kept', ({ schema, input }) => {
    // Act
    const result = schema.safeParse(input('🎉 𝄞 \uD834\uDD1E �'))

    // Assess
    expect(result.error).toBeUndefined()
  })

  it.each([
    ['U+FFFE', '\uFFFE'],
    ['U+FFFF', '\uFFFF'],
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', 'a\uDFFFb'],
    ['a surrogate pair the wrong way round', '\uDD1E\uD834'],
    ['another noncharacter (U+FDD0)', '\uFDD0'],
    ['a noncharacter of an astral plane (U+10FFFF)', '\u{10FFFF}'],
  ])('says what is wrong with %s', (_, bad) => {
    // Act
    const result = PostUpdateInput.safeParse({ text: `Update ${bad} end` })

    // Assess
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'must not contain characters that are not text (U+FFFE, U+FFFF, an unpaired surrogate)',
    ])
  })

  it('keeps the tabs and line breaks prose allows', () => {
    // Act
    const update = PostUpdateInput.parse({ text: 'Figures:\t12\r\nNext:\t14 & <15>' })

    // Assess
    expect(update.text).toBe('Figures:\t12\r\nNext:\t14 & <15>')
  })
})

describe('Instant', () => {
  it.each([
    { input: '2026-03-24T10:00:00+01:00', expected: '2026-03-24T09:00:00.000Z' },
    { input: '2026-03-24T10:00:00Z', expected: '2026-03-24T10:00:00.000Z' },
    { input: '2026-01-20T23:30:00-05:00', expected: '2026-01-21T04:30:00.000Z' },
  ])('stores $input as $expected', ({ input, expected }) => {
    // Act
    const instant = Instant.parse(input)

    // Assess
    expect(instant).toBe(expected)
  })

  it.each(['2026-03-24T10:00:00', '2026-03-24', '24/03/2026 10:00', ''])('rejects "%s"', (input) => {
    // Act
    const result = Instant.safeParse(input)

    // Assess
    expect(result.success).toBe(false)
  })

  it('normalises a meeting start given with an offset', () => {
    // Act
    const meeting = CreateMeetingInput.parse({ startsAt: '2026-03-24T10:00:00+01:00' })

    // Assess
    expect(meeting).toEqual({ startsAt: '2026-03-24T09:00:00.000Z' })
  })
})

describe('CreateBoardInput', () => {
  it('applies the board defaults', () => {
    // Act
    const board = CreateBoardInput.parse(validBoard)

    // Assess
    expect(board).toEqual({
      ...validBoard,
      timeZone: 'Europe/London',
      reminderDaysBefore: [7, 2],
      summaryDaysBefore: 3,
      overdueCarryThreshold: 2,
      meetingLengthMinutes: 120,
    })
  })

  it('does not share the default reminder days between parses', () => {
    // Prepare
    const first = CreateBoardInput.parse(validBoard)
    first.reminderDaysBefore.push(1)

    // Act
    const second = CreateBoardInput.parse(validBoard)

    // Assess
    expect(second.reminderDaysBefore).toEqual([7, 2])
  })

  it('keeps given values over the defaults', () => {
    // Act
    const board = CreateBoardInput.parse({
      ...validBoard,
      timeZone: 'Australia/Sydney',
      reminderDaysBefore: [14],
      summaryDaysBefore: 0,
      overdueCarryThreshold: 3,
      meetingLengthMinutes: 90,
    })

    // Assess
    expect(board).toMatchObject({
      timeZone: 'Australia/Sydney',
      reminderDaysBefore: [14],
      summaryDaysBefore: 0,
      overdueCarryThreshold: 3,
      meetingLengthMinutes: 90,
    })
  })

  it.each([
    { name: 'an invalid time zone', patch: { timeZone: 'Mars/Olympus' }, path: ['timeZone'] },
    { name: 'an offset instead of a zone', patch: { timeZone: '+01:00' }, path: ['timeZone'] },
    {
      name: 'repeated reminder days',
      patch: { reminderDaysBefore: [7, 2, 7] },
      path: ['reminderDaysBefore'],
    },
    { name: 'a negative reminder day', patch: { reminderDaysBefore: [-1] }, path: ['reminderDaysBefore', 0] },
    { name: 'a zero carry threshold', patch: { overdueCarryThreshold: 0 }, path: ['overdueCarryThreshold'] },
    {
      name: 'a meeting under 15 minutes',
      patch: { meetingLengthMinutes: 10 },
      path: ['meetingLengthMinutes'],
    },
    { name: 'a meeting over 12 hours', patch: { meetingLengthMinutes: 721 }, path: ['meetingLengthMinutes'] },
    { name: 'part of a minute', patch: { meetingLengthMinutes: 90.5 }, path: ['meetingLengthMinutes'] },
    { name: 'a length as text', patch: { meetingLengthMinutes: '90' }, path: ['meetingLengthMinutes'] },
    { name: 'no secretariat email', patch: { secretariatEmails: [] }, path: ['secretariatEmails'] },
    {
      name: 'a bad secretariat email',
      patch: { secretariatEmails: ['nobody'] },
      path: ['secretariatEmails', 0],
    },
    { name: 'an unknown key', patch: { id: id(9) }, path: [] },
  ])('rejects $name at $path', ({ patch, path }) => {
    // Act
    const issues = issuesOf(CreateBoardInput, { ...validBoard, ...patch })

    // Assess
    expect(issues.map((i) => i.path)).toEqual([path])
  })

  it('says what a time zone must be', () => {
    // Act
    const result = CreateBoardInput.safeParse({ ...validBoard, timeZone: 'Mars/Olympus' })

    // Assess
    expect(result.error?.issues[0]?.message).toBe('must be an IANA time zone such as Europe/London')
  })
})

describe('PATCH bodies must change something', () => {
  it.each([
    { name: 'action', schema: PatchActionInput },
    { name: 'board', schema: PatchBoardInput },
    { name: 'meeting', schema: PatchMeetingInput },
  ])('an empty $name patch is rejected', ({ schema }) => {
    // Act
    const result = schema.safeParse({})

    // Assess
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.message)).toEqual(['at least one field must be given'])
  })

  it('an action patch may clear the due date and the exemption', () => {
    // Act
    const result = PatchActionInput.safeParse({ dueDate: null, exempt: null })

    // Assess
    expect(result).toEqual({ success: true, data: { dueDate: null, exempt: null } })
  })

  it.each([
    { key: 'status', value: 'discharged' },
    { key: 'carryCount', value: 0 },
    { key: 'version', value: 2 },
  ])('an action patch refuses $key', ({ key, value }) => {
    // Act
    const issues = issuesOf(PatchActionInput, { description: 'Revised', [key]: value })

    // Assess
    expect(issues).toEqual([{ path: [], code: 'unrecognized_keys' }])
  })

  it('a meeting patch cannot set minutes-approved', () => {
    // Act
    const issues = issuesOf(PatchMeetingInput, { status: 'minutes-approved' })

    // Assess
    expect(issues).toEqual([{ path: ['status'], code: 'invalid_value' }])
  })

  it('a meeting patch refuses calendarSequence, which only the server moves', () => {
    // Act
    const issues = issuesOf(PatchMeetingInput, { location: 'HQ', calendarSequence: 0 })

    // Assess
    expect(issues).toEqual([{ path: [], code: 'unrecognized_keys' }])
  })
})

describe('items stored before a field existed', () => {
  it('read a meeting without calendarSequence as revision 0', () => {
    // Prepare
    const { calendarSequence: _, ...stored } = aMeeting({ calendarSequence: 4 })

    // Act
    const meeting = Meeting.parse(stored)

    // Assess
    expect(meeting.calendarSequence).toBe(0)
  })

  it('read a board without meetingLengthMinutes as two hours', () => {
    // Prepare
    const { meetingLengthMinutes: _, ...stored } = aBoard({ meetingLengthMinutes: 45 })

    // Act
    const board = Board.parse(stored)

    // Assess
    expect(board.meetingLengthMinutes).toBe(120)
  })
})

describe('PostUpdateInput', () => {
  it('defaults proposeComplete to false', () => {
    // Act
    const update = PostUpdateInput.parse({ text: 'Meeting scheduled for 7 February' })

    // Assess
    expect(update).toEqual({ text: 'Meeting scheduled for 7 February', proposeComplete: false })
  })
})
