import { describe, expect, it } from 'vitest'
import { indexPage } from '#functions/web/published/pages.tsx'
import { buildActionLog } from '#shared/domain/action-log.ts'
import {
  asNotPublished,
  EMAIL_REMOVED,
  isPublished,
  NOT_PUBLISHED_WORDING,
  PublicationInput,
  parseMeetingSlug,
  publishedLog,
  slugsOf,
  withoutEmails,
} from '#shared/domain/publication.ts'
import { aBoard, aMeeting, anAction, BOARD_ID, id, SECRETARIAT } from './factories.ts'

describe('what is published', () => {
  it('an approved meeting unless withheld; a meeting stored before the field reads as published once approved', () => {
    const approved = aMeeting({ status: 'minutes-approved' })
    expect(approved.publication).toBeNull()
    expect(isPublished(approved)).toBe(true)
    expect(isPublished(aMeeting({ status: 'held' }))).toBe(false)
    const withheld = {
      withheld: true,
      reason: 'legal advice',
      by: SECRETARIAT,
      at: '2021-06-01T10:00:00Z',
      earlier: [],
    }
    expect(isPublished({ ...approved, publication: withheld })).toBe(false)
    expect(isPublished({ ...approved, publication: { ...withheld, withheld: false } })).toBe(true)
  })

  it('withholding needs a reason; publishing again does not', () => {
    const refused = PublicationInput.safeParse({ withheld: true })
    expect(refused.success).toBe(false)
    expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['reason'])
    expect(PublicationInput.safeParse({ withheld: true, reason: '  ' }).success).toBe(false)
    expect(PublicationInput.parse({ withheld: false })).toEqual({ withheld: false })
    expect(PublicationInput.safeParse({ withheld: 'yes' }).success).toBe(false)
    expect(PublicationInput.safeParse({ withheld: false, by: 'me' }).success).toBe(false)
  })
})

describe('addresses by date', () => {
  it('reads a date, and a second or later meeting that day; refuses anything else', () => {
    expect(parseMeetingSlug('2020-06-23')).toEqual({ date: '2020-06-23', ordinal: 1 })
    expect(parseMeetingSlug('2020-06-23-2')).toEqual({ date: '2020-06-23', ordinal: 2 })
    expect(parseMeetingSlug('2020-06-23-12')).toEqual({ date: '2020-06-23', ordinal: 12 })
    for (const bad of [
      '2020-06-23-1',
      '2020-06-23-0',
      '2020-02-30',
      '2020-6-23',
      '23-06-2020',
      'june',
      '',
      '2020-06-23-2x',
    ])
      expect(parseMeetingSlug(bad), bad).toBeNull()
  })

  it('numbers a day’s meetings by start time, whatever order they come in', () => {
    const at = (n: number, startsAt: string) => ({
      meeting: { id: id(n), startsAt },
      date: startsAt.slice(0, 10),
    })
    const slugs = slugsOf([
      at(3, '2020-06-23T13:00:00.000Z'),
      at(1, '2020-06-23T09:00:00.000Z'),
      at(2, '2020-05-26T09:00:00.000Z'),
    ])
    expect(Object.fromEntries(slugs)).toEqual({
      [id(1)]: '2020-06-23',
      [id(3)]: '2020-06-23-2',
      [id(2)]: '2020-05-26',
    })
  })
})

describe('the published log', () => {
  const board = aBoard()
  const meeting = aMeeting({ status: 'minutes-approved' })
  const log = (version: 'open' | 'full', actions = [anAction()]) =>
    buildActionLog({
      meeting,
      board,
      arising: [],
      raised: actions,
      settled: new Map(),
      people: new Map(),
      version,
      now: new Date('2026-07-01T10:00:00Z'),
    })

  it('takes email addresses out of what a reader sees', () => {
    expect(withoutEmails('ask jo.bloggs@force.example.gov.uk, or HR')).toBe(`ask ${EMAIL_REMOVED}, or HR`)
    expect(withoutEmails('no address here')).toBe('no address here')
    const published = publishedLog(
      log('open', [anAction({ description: 'Write to a.b@c.example', updates: [] })]),
    )
    expect(JSON.stringify(published)).not.toContain('@')
  })

  it('is only ever the open version', () => {
    expect(() => publishedLog(log('full'))).toThrow(/open version/)
  })

  it('shows an action from an unpublished meeting only by its reference, like an exempt one', () => {
    const a = anAction({ description: 'raised at a withheld meeting' })
    const row = log('open', [asNotPublished(a)]).sections[1].rows[0]
    expect(row?.text).toBe(NOT_PUBLISHED_WORDING)
    expect(row?.ref).toBe(a.ref)
    expect(JSON.stringify(row)).not.toContain('withheld meeting')
  })
})

describe('the index page', () => {
  const view = (workProgrammeHref: string | null) =>
    indexPage({
      board: aBoard(),
      meetings: [],
      hasWorkProgramme: workProgrammeHref !== null,
      earlier: null,
      indexPath: `/published/boards/${BOARD_ID}`,
      workProgrammeHref,
      earlierHref: null,
      firstHref: null,
    })

  it('links the work programme only when the board has one published', () => {
    const href = `/published/boards/${BOARD_ID}/work-programme`
    expect(view(href)).toContain(`href="${href}"`)
    expect(view(null)).not.toContain('Work programme')
    expect(view(null)).toContain('No meetings have been published yet.')
  })
})
