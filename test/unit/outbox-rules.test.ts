import { describe, expect, it } from 'vitest'
import {
  announcesByDefault,
  GIVE_UP_AFTER_MS,
  gatheredDueAt,
  givesUp,
  keyToTag,
  MAX_GATHER_MS,
  QUIET_PERIOD_MS,
  retryDelayMs,
  tagToKey,
} from '#shared/domain/outbox.ts'

describe('outbox rules', () => {
  it('backs off 1, 2, 4 … minutes, at most an hour apart, and gives up after a day', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 2, 4, 8, 60, 60, 60])
    const created = { createdAt: '2026-03-17T08:00:00.000Z' }
    expect(givesUp(created, new Date(Date.parse(created.createdAt) + GIVE_UP_AFTER_MS - 1))).toBe(false)
    expect(givesUp(created, new Date(Date.parse(created.createdAt) + GIVE_UP_AFTER_MS))).toBe(true)
  })

  it('sends gathered assignments after the quiet period, but never later than the cap after the first', () => {
    const first = new Date('2026-03-17T10:00:00Z')
    expect(gatheredDueAt(first, first).getTime() - first.getTime()).toBe(QUIET_PERIOD_MS)
    const late = new Date(first.getTime() + MAX_GATHER_MS - 1000)
    expect(gatheredDueAt(first, late).getTime() - first.getTime()).toBe(MAX_GATHER_MS)
  })

  it('announces a sitting’s actions by default only while its minutes are open and it is recent', () => {
    const now = new Date('2026-03-17T10:00:00Z')
    expect(announcesByDefault({ startsAt: '2026-03-10T10:00:00Z', status: 'held' }, now)).toBe(true)
    expect(announcesByDefault({ startsAt: '2026-03-10T10:00:00Z', status: 'minutes-approved' }, now)).toBe(
      false,
    )
    expect(announcesByDefault({ startsAt: '2025-03-10T10:00:00Z', status: 'held' }, now)).toBe(false)
    expect(announcesByDefault({ startsAt: '2026-04-10T10:00:00Z', status: 'scheduled' }, now)).toBe(true)
  })

  it('carries the key in a message tag that only it decodes to', () => {
    const key = 'reminder#01J0000000000000000000000A#01J0000000000000000000000B#7'
    const tag = keyToTag(key)
    expect(tag).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(tagToKey(tag)).toBe(key)
    expect(tagToKey(`${tag}=`)).toBeNull()
    expect(tagToKey('not a tag!')).toBeNull()
  })
})
