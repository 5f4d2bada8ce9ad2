import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { ulid } from 'ulid'
import type { ENTRIES } from '#infra/constructs/house-function.ts'
import { ensureTable } from '#infra/local/dynamodb-local.ts'
import { httpApiEvent, tokenTimes } from '#infra/local/http-api-event.ts'
import { REGION } from '#infra/local/loopback-fakes.ts'
import { asEventBridgeEvent, sesEvent } from '#infra/local/ses-front.ts'
import { CreateActionInput, OutcomeInput } from '#shared/domain/action.ts'
import { CreateBoardInput } from '#shared/domain/board.ts'
import { CreateMeetingInput, MinutesApprovalInput, PatchMeetingInput } from '#shared/domain/meeting.ts'
import { intentKey } from '#shared/domain/outbox.ts'
import { CreatePersonInput } from '#shared/domain/person.ts'
import type { Principal } from '#shared/domain/principal.ts'
import { key } from '#shared/store/keys.ts'
import { Store } from '#shared/store/store.ts'
import { proposeOutcome, raiseAction } from '#shared/usecases/actions.ts'
import { createBoard } from '#shared/usecases/boards.ts'
import { approveMinutes, createMeeting, patchMeeting } from '#shared/usecases/meetings.ts'
import { enqueueRolloverEmails } from '#shared/usecases/notify.ts'
import { createPerson } from '#shared/usecases/people.ts'
import { applyRollover } from '#shared/usecases/rollover.ts'

/**
 * What bench/bundles.ts invokes each function with, and the table each invocation needs:
 * one board (PAM, chaired), its owner DT, two meetings and an action due at the second,
 * written by the use cases as the API writes them. The events are the deployed-bundles
 * test's (payload 2.0 HTTP events, schedule ticks, a stream record, an EventBridge SES bounce).
 */
export type Fn = keyof typeof ENTRIES

const SEC: Principal = { subject: 'bench', role: 'secretariat', personId: null }
export const MAIL_DOMAIN = 'bench.example'
const DT_EMAIL = `dt@${MAIL_DOMAIN}`

export type Seeded = Awaited<ReturnType<typeof seed>>

export type SeedOptions = {
  /** Takes the due meeting to minutes approval. */
  approve?: boolean
  /** Then does what on-table-change does with it: the rollover, and DT's email into the outbox. */
  rollover?: boolean
}

/** The world every event refers to, taken further by `opts`. */
export async function seed(doc: DynamoDBDocumentClient, tableName: string, opts: SeedOptions = {}) {
  const deps = { store: new Store(doc, tableName), now: () => new Date(), newId: () => ulid() }
  const person = (name: string, initials: string, email: string) =>
    createPerson(deps, SEC, CreatePersonInput.parse({ name, initials, kind: 'person', email }))
  const dt = await person('Dana Turner', 'DT', DT_EMAIL)
  const chair = await person('Pat Chair', 'PC', `pc@${MAIL_DOMAIN}`)
  const board = await createBoard(
    deps,
    SEC,
    CreateBoardInput.parse({
      name: 'Performance Accountability Meeting',
      shortName: 'PAM',
      secretariatEmails: [`sec@${MAIL_DOMAIN}`],
      chairId: chair.id,
    }),
  )
  const meeting = (startsAt: string) =>
    createMeeting(deps, SEC, board.id, CreateMeetingInput.parse({ startsAt, location: 'HQ' }))
  const raisedAt = await meeting('2026-02-24T10:00:00Z')
  const due = await meeting('2026-03-24T10:00:00Z')
  const action = await raiseAction(
    deps,
    SEC,
    raisedAt.id,
    CreateActionInput.parse({
      itemNumber: 3,
      description: 'Report the response times',
      ownerIds: [dt.id],
      dueMeetingId: due.id,
    }),
  )
  let approval: { oldImage: Record<string, unknown>; newImage: Record<string, unknown> } | null = null
  if (opts.approve) {
    await proposeOutcome(
      deps,
      SEC,
      due.id,
      OutcomeInput.parse({ actionId: action.id, outcome: 'discharged', note: 'Done' }),
    )
    await patchMeeting(deps, SEC, due.id, PatchMeetingInput.parse({ status: 'held' }))
    // The stream record's images are the stored items, read back before and after the write.
    const item = async () =>
      (await doc.send(new GetCommand({ TableName: tableName, Key: key.meeting(due.id) }))).Item ?? {}
    const oldImage = await item()
    await approveMinutes(deps, SEC, due.id, MinutesApprovalInput.parse({ approvedOn: '2026-03-31' }))
    approval = { oldImage, newImage: await item() }
    if (opts.rollover) {
      await applyRollover(deps, due.id)
      await enqueueRolloverEmails(deps, due.id)
    }
  }
  return { board, dt, raisedAt, due, action, approval }
}

/** What API Gateway sends the HTTP functions for a GET (with the JWT authorizer's claims, if any). */
const http = (
  method: string,
  path: string,
  opts: { claims?: Record<string, string>; cookie?: string; json?: unknown },
) =>
  httpApiEvent({
    method,
    path,
    headers: {
      host: 'actions.opcc.example',
      'user-agent': 'bench',
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    claims: opts.claims,
    ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
  })

/** API Gateway's rendering of a secretariat's Cognito claims (list claims as "[a b]"). */
const SECRETARIAT_CLAIMS = { sub: 'bench-sec', 'cognito:groups': '[secretariat]', ...tokenTimes() }

/** Groups of environment variables a function is deployed with. */
export type Setting = 'mail' | 'linkSecret' | 'webSignIn' | 'publicBaseUrl'

export type Case = {
  /** The function's cold-start work: what its event asks for, in words. */
  does: string
  /** A table seeded afresh before each invocation: the invocation changes what a rerun would do. */
  fresh: boolean
  /** For `fresh` cases, the seed's extra steps. */
  approve?: boolean
  rollover?: boolean
  sends: boolean
  /** The settings its deployment gives it (HouseFunction's bind… helpers and the stack's environment). */
  settings: Setting[]
  memoryMb: number
  event: (s: Seeded, ctx: { sessionCookie: string }) => unknown
  /** Throws unless the handler's answer shows it did the work (so a broken run is not timed). */
  check: (out: Answer) => void
}

/** The parts of the handlers' answers the checks read. */
type Answer = {
  statusCode?: number
  body?: string
  isBase64Encoded?: boolean
  emails?: number
  sent?: number
  suppressed?: number
  batchItemFailures?: unknown[]
} | null

const expectThat = (ok: boolean, what: string, out: unknown) => {
  if (!ok) throw new Error(`${what}; the handler answered ${JSON.stringify(out)?.slice(0, 500)}`)
}
const status200 = (out: Answer) => expectThat(out?.statusCode === 200, 'expected HTTP 200', out)

export const CASES: Record<Fn, Case> = {
  api: {
    does: 'GET /actions/{id} (a secretariat, claims from the JWT authorizer)',
    fresh: false,
    sends: false,
    settings: ['linkSecret'],
    memoryMb: 512,
    event: (s) => http('GET', `/actions/${s.action.id}`, { claims: SECRETARIAT_CLAIMS }),
    check: status200,
  },
  web: {
    does: 'GET /ui/boards, signed in (Cognito ID token in the cookie, JWKS fetched from loopback)',
    fresh: false,
    sends: false,
    settings: ['webSignIn'],
    memoryMb: 512,
    event: (_s, ctx) => http('GET', '/ui/boards', { cookie: ctx.sessionCookie }),
    check: (out) => {
      status200(out)
      expectThat(String(out?.body).includes('Performance Accountability Meeting'), 'expected the board', out)
    },
  },
  actionLog: {
    does: 'GET /meetings/{id}/action-log?format=docx (the Word file)',
    fresh: false,
    sends: false,
    settings: ['webSignIn'],
    memoryMb: 1024,
    event: (s) =>
      http('GET', `/meetings/${s.raisedAt.id}/action-log?format=docx`, { claims: SECRETARIAT_CLAIMS }),
    check: (out) => {
      status200(out)
      expectThat(out?.isBase64Encoded === true, 'expected a base64 body', out)
    },
  },
  minutesImport: {
    does: 'POST /meetings/{id}/minutes-imports with pasted minutes (an actions table of two rows)',
    fresh: true,
    sends: false,
    settings: ['webSignIn'],
    memoryMb: 1024,
    event: (s) =>
      http('POST', `/meetings/${s.raisedAt.id}/minutes-imports`, {
        claims: SECRETARIAT_CLAIMS,
        json: {
          text: 'Actions\n01.24/02/2026\tDT to circulate the report\tDT\n02.24/02/2026\tSR to share the data\tSR\n',
        },
      }),
    check: (out) => expectThat(out?.statusCode === 201, 'expected HTTP 201', out),
  },
  sendReminders: {
    does: "the 17 March 08:00 tick: DT's 7-day reminder into the outbox (one email queued)",
    fresh: true,
    sends: false,
    settings: [],
    memoryMb: 512,
    event: () => ({ time: '2026-03-17T08:00:00Z' }),
    check: (out) => expectThat(out?.emails === 1, 'expected one email queued', out),
  },
  sendOverdueSummaries: {
    does: "the 21 March 08:00 tick: the chair's summary for 24 March into the outbox (one email queued)",
    fresh: true,
    sends: false,
    settings: [],
    memoryMb: 512,
    event: () => ({ time: '2026-03-21T08:00:00Z' }),
    check: (out) => expectThat(out?.emails === 1, 'expected one email queued', out),
  },
  sendEmails: {
    does: "the outbox sweep: DT's rollover email, queued by the rollover, rendered and sent (one email)",
    fresh: true,
    approve: true,
    rollover: true,
    sends: true,
    settings: ['mail', 'linkSecret', 'publicBaseUrl'],
    memoryMb: 512,
    // Now: the email was queued at the wall clock's time, just before.
    event: () => ({ time: new Date().toISOString() }),
    check: (out) => expectThat(out?.sent === 1, 'expected one email sent', out),
  },
  onTableChange: {
    does: "a stream batch: minutes approved, so the rollover discharges DT's action and queues DT's email; then that email's INSERT, so it is sent (one email)",
    fresh: true,
    approve: true,
    sends: true,
    settings: ['mail', 'linkSecret', 'publicBaseUrl'],
    memoryMb: 512,
    event: (s) => ({
      Records: [
        {
          eventID: '1',
          eventName: 'MODIFY',
          eventSource: 'aws:dynamodb',
          awsRegion: REGION,
          dynamodb: {
            SequenceNumber: '1',
            StreamViewType: 'NEW_AND_OLD_IMAGES',
            OldImage: marshall(s.approval?.oldImage ?? {}, { removeUndefinedValues: true }),
            NewImage: marshall(s.approval?.newImage ?? {}, { removeUndefinedValues: true }),
          },
        },
        {
          eventID: '2',
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          awsRegion: REGION,
          dynamodb: {
            SequenceNumber: '2',
            StreamViewType: 'NEW_AND_OLD_IMAGES',
            // The queued email as the first record's rollover writes it (the fields the handler reads).
            NewImage: marshall(rolloverEmailImage(s)),
          },
        },
      ],
    }),
    check: (out) =>
      expectThat(
        Array.isArray(out?.batchItemFailures) && out.batchItemFailures.length === 0,
        'no failures',
        out,
      ),
  },
  onEmailFeedback: {
    does: 'an EventBridge SES event: a permanent bounce, so one address is suppressed',
    fresh: false,
    sends: false,
    settings: [],
    memoryMb: 512,
    event: () => asEventBridgeEvent(sesEvent(`bounced@${MAIL_DOMAIN}`, 'Bounce')),
    check: (out) => expectThat(out?.suppressed === 1, 'expected one address suppressed', out),
  },
}

/** DT's rollover email in the outbox, queued (due now), as a stream image shows the item. */
function rolloverEmailImage(s: Seeded) {
  const k = intentKey({ kind: 'rollover', meetingId: s.due.id, ownerId: s.dt.id })
  return { ...key.email(k), type: 'Email', key: k, state: 'queued', dueAt: new Date().toISOString() }
}

/** The reference's event: read the seeded board, and (the mail reference) send one email to DT. */
export const referenceEvent = (s: Seeded) => ({ key: key.board(s.board.id), to: DT_EMAIL })

/**
 * A table of its own for a function whose invocation changes what a rerun would do: emptied
 * and seeded again before each invocation. The same table each time, not a new one, so that
 * DynamoDB Local answers it as warm as the others.
 */
export async function reseededTable(endpoint: string, doc: DynamoDBDocumentClient, tableName: string) {
  await ensureTable(endpoint, tableName)
  return async (opts: SeedOptions = {}): Promise<Seeded> => {
    // The bench's own bookkeeping, not the product's: a Scan is the plain way to empty a table.
    const items: Record<string, unknown>[] = []
    let from: Record<string, unknown> | undefined
    do {
      const page = await doc.send(
        new ScanCommand({ TableName: tableName, ProjectionExpression: 'PK, SK', ExclusiveStartKey: from }),
      )
      items.push(...(page.Items ?? []))
      from = page.LastEvaluatedKey
    } while (from)
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }))
      while (pending.length > 0) {
        const res = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }))
        pending = (res.UnprocessedItems?.[tableName] ?? []) as typeof pending
      }
    }
    return seed(doc, tableName, opts)
  }
}
