import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { SES_DETAIL_TYPES } from '#shared/events/ses-feedback.ts'
import { closeServer, listen } from './processes.ts'
import { forward } from './recording-proxy.ts'

/** SES's Send event for one accepted message, as a configuration set publishes it. */
export type SendEvent = {
  eventType: 'Send'
  mail: { messageId: string; timestamp: string; destination: string[]; tags: Record<string, string[]> }
}

/** Faults to play, for the fault suite and bench: SES answering 429 to a share of sends, or down. */
export type SesFaults = { throttleRatio?: number; down?: boolean }

export type SesFront = {
  endpoint: string
  setFaults: (faults: SesFaults) => void
  /** Sends SES accepted (answered 200) and sends refused by a played fault. */
  counts: { accepted: number; throttled: number; refused: number }
  stop: () => Promise<void>
}

const SEND_PATH = '/v2/email/outbound-emails'

/**
 * What the local stack puts in front of the SES emulator, to play the parts of SES the
 * emulator lacks: the configuration set's Send event for every accepted message (with its
 * tags, so the outbox learns a message was accepted even if its sender died before saying
 * so), published before the answer goes back, as SES's event is durable once it has accepted;
 * and, for the fault suite, throttling and outages. Loopback only.
 */
export async function startSesFront(opts: {
  target: string
  onSend: (event: SendEvent) => Promise<void>
  random?: () => number
}): Promise<SesFront> {
  const to = new URL(opts.target)
  const random = opts.random ?? Math.random
  let faults: SesFaults = {}
  const counts = { accepted: 0, throttled: 0, refused: 0 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const isSend = req.method === 'POST' && req.url === SEND_PATH
      if (isSend && faults.down) {
        counts.refused++
        res.writeHead(503, { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailable' })
        res.end(JSON.stringify({ message: 'Service Unavailable (played by the local SES front)' }))
        return
      }
      if (isSend && faults.throttleRatio && random() < faults.throttleRatio) {
        counts.throttled++
        res.writeHead(429, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'TooManyRequestsException',
        })
        res.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }))
        return
      }
      const upstream = forward(to, req, res, 'SES front', (answer) => {
        const out: Buffer[] = []
        answer.on('data', (c: Buffer) => out.push(c))
        answer.on('end', async () => {
          const answerBody = Buffer.concat(out)
          if (isSend && answer.statusCode === 200) {
            counts.accepted++
            await publishSend(body, answerBody, opts.onSend)
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          res.end(answerBody)
        })
      })
      upstream.end(body)
    })
  })
  return {
    endpoint: await listen(server),
    setFaults: (f) => {
      faults = f
    },
    counts,
    stop: () => closeServer(server),
  }
}

/**
 * Builds and hands over the Send event. The first try is made before the answer goes back;
 * if it fails (DynamoDB is down) it is retried in the background for about four minutes, as
 * SNS retries a delivery, rather than holding up the answer past the sender's timeout.
 */
async function publishSend(request: Buffer, answer: Buffer, onSend: (e: SendEvent) => Promise<void>) {
  let sent: { EmailTags?: { Name: string; Value: string }[]; Destination?: { ToAddresses?: string[] } }
  let messageId: string
  try {
    sent = JSON.parse(request.toString('utf8'))
    messageId = String(JSON.parse(answer.toString('utf8')).MessageId)
  } catch {
    return
  }
  const tags: Record<string, string[]> = {}
  for (const t of sent.EmailTags ?? []) tags[t.Name] = [...(tags[t.Name] ?? []), t.Value]
  const event: SendEvent = {
    eventType: 'Send',
    mail: {
      messageId,
      timestamp: new Date().toISOString(),
      destination: sent.Destination?.ToAddresses ?? [],
      tags,
    },
  }
  try {
    await onSend(event)
  } catch {
    void (async () => {
      for (let attempt = 1; attempt <= 8; attempt++) {
        await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)))
        try {
          await onSend(event)
          return
        } catch (e) {
          if (attempt === 8)
            console.error(`SES front: Send event not recorded: ${e instanceof Error ? e.message : String(e)}`)
        }
      }
    })()
  }
}

/**
 * An SES event record as the configuration set's EventBridge destination hands it to the
 * rule's target (what on-email-feedback receives in AWS): the record is the `detail`.
 */
export function asEventBridgeEvent(record: object) {
  const configurationSet = 'action-tracker-local'
  const { eventType, notificationType } = record as { eventType?: string; notificationType?: string }
  const type = eventType ?? notificationType ?? 'Unknown'
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': (SES_DETAIL_TYPES as Record<string, string>)[type.toLowerCase()] ?? `Email ${type}`,
    source: 'aws.ses',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'eu-west-2',
    resources: [`arn:aws:ses:eu-west-2:123456789012:configuration-set/${configurationSet}`],
    detail: record,
  }
}

/** The event record SES publishes for a permanent bounce or a complaint (as in SES's documented examples). */
export function sesEvent(address: string, type: 'Bounce' | 'Complaint', at = new Date().toISOString()) {
  const recipient = [{ emailAddress: address }]
  const mail = {
    timestamp: at,
    source: 'actions@action-tracker.local',
    sendingAccountId: '123456789012',
    messageId: `local-${Date.parse(at)}`,
    destination: [address],
    tags: { 'ses:configuration-set': ['action-tracker-local'] },
  }
  return type === 'Complaint'
    ? {
        eventType: 'Complaint',
        complaint: { complainedRecipients: recipient, timestamp: at, complaintFeedbackType: 'abuse' },
        mail,
      }
    : {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [{ ...recipient[0], action: 'failed', status: '5.1.1' }],
          timestamp: at,
        },
        mail,
      }
}
