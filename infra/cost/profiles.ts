/**
 * What a month of use looks like, for `npm run cost`. The four or five numbers a force or
 * council knows (meetings, actions, emails, users) come from issue #18; everything else is
 * an assumption, stated here once with its reason, from which the usage of each service is
 * derived (infra/cost/estimate.ts).
 */
export type Profile = {
  name: string
  /** Boards (panels, committees) with meetings this month. */
  boards: number
  meetings: number
  /** Actions open or changed this month. */
  actions: number
  emails: number
  /** Users who sign in this month (Cognito's monthly active users). */
  users: number
}

export const PROFILES: Profile[] = [
  // Issue #18's "typical force": a PCC's panels, about four boards.
  { name: 'typical force', boards: 4, meetings: 12, actions: 300, emails: 2_000, users: 30 },
  // Issue #18's "large": one meeting a month on each of its 50 boards.
  { name: 'large', boards: 50, meetings: 50, actions: 20_000, emails: 100_000, users: 500 },
]

/** Each assumption, with why; the estimate cites them by name. */
export const ASSUMPTIONS = {
  requestsPerUser: {
    value: 150,
    why: 'pages and API calls a signed-in user makes in a month (the secretariat far more, members a few)',
  },
  requestsPerMeeting: {
    value: 200,
    why: 'a meeting’s own pages: Actions Arising on the day, the minutes import and its review, the action log',
  },
  requestsPerEmail: {
    value: 0.5,
    why: 'a quarter of the emails’ owners open their signed link and post an update (two requests)',
  },
  changesPerAction: {
    value: 4,
    why: 'writes to an action in a month: an update, a status, a rollover, a discharge',
  },
  itemsPerChange: { value: 2, why: 'the action and its history entry' },
  writesPerEmail: {
    value: 4,
    why: 'an outbox email is written queued, claimed, sent and settled by its Send event',
  },
  readUnitsPerRequest: {
    value: 8,
    why: 'a page’s queries and gets, eventually consistent, items under 4 KB',
  },
  readUnitsPerBoardSweep: {
    value: 2,
    why: 'each hourly reminder and summary run reads a board’s meetings and open actions',
  },
  feedbackPerEmail: { value: 1.02, why: 'one Send event per email, and 2 % bounces or complaints' },
  attachmentKbPerEmail: { value: 60, why: 'the calendar entry and, for chairs, the summary' },
  actionKbStored: { value: 4, why: 'an action with its history, kept for good' },
  yearsKept: {
    value: 6,
    why: 'six years of actions in the table (the retention note, docs/records.md), each month’s actions counted as new (an upper bound: an action open for months is counted in each)',
  },
  emailKbStored: { value: 3, why: 'an outbox email until its TTL (90 days)' },
  emailMonthsStored: { value: 3, why: 'the outbox TTL' },
  /** Average billed duration, cold starts included. */
  msPerRequest: {
    value: 150,
    why: 'an HTTP function’s page or API call (measured 40–120 ms warm; cold starts added)',
  },
  msPerSweepRun: { value: 80, why: 'an outbox sweep that finds nothing due (one query)' },
  msPerEmail: { value: 60, why: 'rendering, signing and sending one email' },
  msPerHourlyRun: {
    value: 300,
    why: 'an hourly reminder or summary run, cold (nearly every run starts cold)',
  },
  msPerStreamRecord: {
    value: 150,
    why: 'on-table-change per record (batches are usually one record at these rates)',
  },
  msPerFeedbackEvent: { value: 60, why: 'one SES event: a put or an update' },
  logBytesPerInvocation: {
    value: 800,
    why: 'Lambda’s START/END/REPORT lines in JSON and one INFO line; every invocation is also traced',
  },
  logBytesPerEmail: { value: 600, why: 'the sender’s lines and its metrics (EMF) for each email' },
  logBytesPerRequest: { value: 300, why: 'API Gateway’s access log line' },
  emailHoursPerMeeting: {
    value: 8,
    why: 'hours in which email goes out around a meeting (reminders 7 and 1 days before, the summary, the rollover)',
  },
  emailsAroundEachMeeting: { value: 100, why: 'emails that go in those hours; the rest are spread out' },
  emailsPerEmailHour: { value: 50, why: 'emails beyond the meetings’ own hours spread at about 50 an hour' },
  metricsPerEmailHour: {
    value: 4,
    why: 'custom metrics written in an hour email goes (EmailsSent from both senders, EmailsQueued from both sweeps); only non-zero counts are written',
  },
  coldStartsPerSecretReader: {
    value: 200,
    why: 'cold starts a month of each function that reads the link secret (api, on-table-change, send-emails)',
  },
} as const satisfies Record<string, { value: number; why: string }>
