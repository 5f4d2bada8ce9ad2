import * as z from 'zod'
import { OUTBOX_TAG, tagToKey } from '../domain/outbox.ts'

/**
 * SES's email sending events (bounces, complaints, sends) as the configuration set publishes
 * them to EventBridge: the event record is the envelope's `detail`. The record is the one SES
 * publishes to every destination (`eventType`); identity notifications (`notificationType`)
 * carry the same `bounce` / `complaint` objects, so both are read. Other types (deliveries,
 * opens) are read and ignored. Unknown fields are allowed: SES adds fields over time.
 */
const Recipient = z.looseObject({ emailAddress: z.string().min(1) })

const Bounce = z.looseObject({
  bounceType: z.string(),
  bounceSubType: z.string().optional(),
  bouncedRecipients: z.array(Recipient).min(1),
  timestamp: z.string().optional(),
})

const Complaint = z.looseObject({
  complainedRecipients: z.array(Recipient).min(1),
  complaintFeedbackType: z.string().optional(),
  timestamp: z.string().optional(),
})

const Mail = z.looseObject({
  messageId: z.string().optional(),
  timestamp: z.string().optional(),
  /** Configuration-set events carry the message's tags, each as a list of values. */
  tags: z.record(z.string(), z.array(z.string())).optional(),
})

export const SesNotification = z
  .looseObject({
    notificationType: z.string().optional(),
    eventType: z.string().optional(),
    bounce: Bounce.optional(),
    complaint: Complaint.optional(),
    mail: Mail.optional(),
  })
  .refine((n) => n.notificationType ?? n.eventType, 'neither notificationType nor eventType is set')
  .refine((n) => typeOf(n) !== 'bounce' || n.bounce, {
    message: 'a bounce without its details',
    path: ['bounce'],
  })
  .refine((n) => typeOf(n) !== 'complaint' || n.complaint, {
    message: 'a complaint without its details',
    path: ['complaint'],
  })
export type SesNotification = z.infer<typeof SesNotification>

/**
 * The EventBridge `detail-type` SES gives each event type, by the configuration set's name for
 * it (SES developer guide, "Monitoring SES events using Amazon EventBridge"): the stack's rule
 * matches on it and the local SES front puts it on the events it hands over.
 */
export const SES_DETAIL_TYPES = {
  send: 'Email Sent',
  bounce: 'Email Bounced',
  complaint: 'Email Complaint Received',
  delivery: 'Email Delivered',
} as const

/**
 * The EventBridge envelope SES's events arrive in (SES developer guide, "Monitoring SES events
 * using Amazon EventBridge"): `detail-type` names the event ("Email Bounced"), `detail` is the
 * event record.
 */
export const SesEventBridgeEvent = z.looseObject({
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.literal('aws.ses'),
  time: z.string().optional(),
  detail: z.unknown(),
})
export type SesEventBridgeEvent = z.infer<typeof SesEventBridgeEvent>

/** What a notification asks of us: suppress these addresses, or nothing. */
export type Feedback = {
  /** `sent`: SES's Send event, which settles the outbox email named by `outboxKey`. */
  kind: 'bounce' | 'complaint' | 'transient-bounce' | 'sent' | 'other'
  addresses: string[]
  detail: string | null
  at: string | null
  messageId: string | null
  outboxKey?: string | null
}

/**
 * Only a permanent bounce or a complaint suppresses an address. A transient bounce (full
 * mailbox, out-of-office, greylisting) may succeed next time, so it is only logged, as
 * SES's own account-level suppression list also does.
 */
export function feedbackOf(n: SesNotification): Feedback {
  const type = typeOf(n)
  const messageId = n.mail?.messageId ?? null
  if (type === 'bounce' && n.bounce) {
    const permanent = n.bounce.bounceType === 'Permanent'
    return {
      kind: permanent ? 'bounce' : 'transient-bounce',
      addresses: n.bounce.bouncedRecipients.map((r) => r.emailAddress),
      detail: [n.bounce.bounceType, n.bounce.bounceSubType].filter(Boolean).join('/'),
      at: n.bounce.timestamp ?? n.mail?.timestamp ?? null,
      messageId,
    }
  }
  if (type === 'complaint' && n.complaint) {
    return {
      kind: 'complaint',
      addresses: n.complaint.complainedRecipients.map((r) => r.emailAddress),
      detail: n.complaint.complaintFeedbackType ?? 'complaint',
      at: n.complaint.timestamp ?? n.mail?.timestamp ?? null,
      messageId,
    }
  }
  if (type === 'send') {
    const tag = n.mail?.tags?.[OUTBOX_TAG]?.[0]
    const outboxKey = tag ? tagToKey(tag) : null
    if (outboxKey)
      return {
        kind: 'sent',
        addresses: [],
        detail: null,
        at: n.mail?.timestamp ?? null,
        messageId,
        outboxKey,
      }
  }
  return { kind: 'other', addresses: [], detail: type || null, at: null, messageId }
}

function typeOf(n: { notificationType?: string | undefined; eventType?: string | undefined }): string {
  return (n.notificationType ?? n.eventType ?? '').toLowerCase()
}
