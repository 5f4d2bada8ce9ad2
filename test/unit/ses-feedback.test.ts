import { describe, expect, it } from 'vitest'
import { feedbackOf, SesEventBridgeEvent, SesNotification } from '#shared/events/ses-feedback.ts'
import { sesEventFixture } from '#test/fixtures/ses-events/index.ts'

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

  it('reads SES’s events in the EventBridge envelope the configuration set’s destination delivers', () => {
    const read = (e: unknown) => {
      const envelope = SesEventBridgeEvent.parse(e)
      return { detailType: envelope['detail-type'], ...feedbackOf(SesNotification.parse(envelope.detail)) }
    }
    expect(read(sesEventFixture('bounced', { address: 'dt@force.example' }))).toEqual({
      detailType: 'Email Bounced',
      kind: 'bounce',
      addresses: ['dt@force.example'],
      detail: 'Permanent/General',
      at: '2026-03-10T12:00:01.012Z',
      messageId: '0102018e2a1b3a11-aa11bb22-cc33-4d44-8e55-ff6677889900-000000',
    })
    expect(read(sesEventFixture('complained'))).toMatchObject({
      detailType: 'Email Complaint Received',
      kind: 'complaint',
      addresses: ['recipient@example.com'],
      detail: 'abuse',
    })
    // The Send event settles the outbox email its tag names (base64url of the key).
    const tag = Buffer.from('EMAIL#rem#01JQ', 'utf8').toString('base64url')
    expect(read(sesEventFixture('sent', { outboxTag: tag }))).toMatchObject({
      detailType: 'Email Sent',
      kind: 'sent',
      outboxKey: 'EMAIL#rem#01JQ',
    })
  })

  it('refuses what is not an SES event from EventBridge: an SNS message, another source, no id', () => {
    const bounced = sesEventFixture('bounced')
    expect(SesEventBridgeEvent.safeParse(bounced).success).toBe(true)
    expect(SesEventBridgeEvent.safeParse({ Records: [{ Sns: { Message: '{}' } }] }).success).toBe(false)
    expect(SesEventBridgeEvent.safeParse({ ...bounced, source: 'aws.s3' }).success).toBe(false)
    expect(SesEventBridgeEvent.safeParse({ ...bounced, id: '' }).success).toBe(false)
  })
})
