import { describe, expect, it } from 'vitest'
import { feedbackOf, SesNotification } from '#shared/events/ses-feedback.ts'

const parse = (n: unknown) => feedbackOf(SesNotification.parse(n))

describe('SES feedback', () => {
  it('suppresses on a permanent bounce, in either notification shape', () => {
    for (const typeField of ['notificationType', 'eventType']) {
      expect(
        parse({
          [typeField]: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'NoEmail',
            bouncedRecipients: [{ emailAddress: 'a@x.example' }, { emailAddress: 'b@x.example' }],
            timestamp: '2026-03-10T12:00:00.000Z',
          },
          mail: { messageId: 'm1' },
        }),
      ).toEqual({
        kind: 'bounce',
        addresses: ['a@x.example', 'b@x.example'],
        detail: 'Permanent/NoEmail',
        at: '2026-03-10T12:00:00.000Z',
        messageId: 'm1',
      })
    }
  })

  it('only notes a transient bounce, and ignores deliveries', () => {
    expect(
      parse({
        notificationType: 'Bounce',
        bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'a@x.example' }] },
      }).kind,
    ).toBe('transient-bounce')
    expect(parse({ notificationType: 'Delivery', delivery: {} }).kind).toBe('other')
  })

  it('suppresses on a complaint', () => {
    expect(
      parse({
        eventType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'c@x.example' }] },
      }),
    ).toMatchObject({ kind: 'complaint', addresses: ['c@x.example'], detail: 'complaint' })
  })

  it('refuses notifications without their details', () => {
    expect(SesNotification.safeParse({ notificationType: 'Bounce' }).success).toBe(false)
    expect(SesNotification.safeParse({ eventType: 'Complaint' }).success).toBe(false)
    expect(SesNotification.safeParse({}).success).toBe(false)
  })
})
