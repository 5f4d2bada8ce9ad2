import type { FunctionId, Inventory } from './inventory.ts'
import { PRICES, type PriceName } from './prices.ts'
import { ASSUMPTIONS as A, type Profile } from './profiles.ts'

/** One priced quantity: what it is, how much, and the sum that gives it. */
export type Line = {
  service: string
  item: string
  quantity: number
  price: PriceName
  /** The usage's arithmetic, in words and numbers. */
  arithmetic: string
  /** At list price. */
  usd: number
  /** After the price's always-free allowance, if it has one. */
  usdAfterFree: number
}

export type Estimate = { profile: Profile; lines: Line[]; usd: number; usdAfterFree: number }

const v = <K extends keyof typeof A>(k: K) => A[k].value
const n = (x: number) => (Number.isInteger(x) ? x : Number(x.toPrecision(3))).toLocaleString('en-GB')

function line(service: string, item: string, quantity: number, price: PriceName, arithmetic: string): Line {
  const p = PRICES[price]
  const free = 'alwaysFree' in p ? p.alwaysFree : 0
  return {
    service,
    item,
    quantity,
    price,
    arithmetic,
    usd: (quantity / p.per) * p.usd,
    usdAfterFree: (Math.max(0, quantity - free) / p.per) * p.usd,
  }
}

/** A month of the profile's use, priced, from the template's inventory. */
export function estimate(inv: Inventory, p: Profile): Estimate {
  if (inv.unknownFunctions.length)
    throw new Error(
      `npm run cost does not know the functions ${inv.unknownFunctions.join(', ')}: give them a usage`,
    )
  const mem = (fn: FunctionId) => (inv.memoryMb[fn] ?? 0) / 1024
  const runs = (fn: FunctionId) =>
    inv.scheduleRuns.filter((s) => s.target === fn).reduce((sum, s) => sum + s.runsPerMonth, 0)

  // ---- invocations, by what causes them --------------------------------------------------
  const pageRequests = p.users * v('requestsPerUser') + p.meetings * v('requestsPerMeeting')
  const linkRequests = p.emails * v('requestsPerEmail')
  const httpRequests = pageRequests + linkRequests
  const sweeps = runs('SendEmails')
  const hourly = runs('SendReminders') + runs('SendOverdueSummaries')
  const streamRecords = p.actions * v('changesPerAction') + p.emails
  const sesEvents = p.emails * v('feedbackPerEmail')
  const invocations: [FunctionId, number, number][] = [
    // [function, invocations, ms each]
    ['Web', pageRequests, v('msPerRequest')],
    ['Api', linkRequests, v('msPerRequest')],
    ['SendEmails', sweeps, v('msPerSweepRun')],
    ['SendEmails', p.emails, v('msPerEmail')],
    ['SendReminders', runs('SendReminders'), v('msPerHourlyRun')],
    ['SendOverdueSummaries', runs('SendOverdueSummaries'), v('msPerHourlyRun')],
    ['OnTableChange', streamRecords, v('msPerStreamRecord')],
    ['OnEmailFeedback', sesEvents, v('msPerFeedbackEvent')],
  ]
  // The per-email sending time rides on sweep runs already counted, so it adds no invocation.
  const requests = httpRequests + sweeps + hourly + streamRecords + sesEvents
  const gbSeconds = invocations.reduce((sum, [fn, count, ms]) => sum + count * (ms / 1000) * mem(fn), 0)
  const traces = inv.traced.length ? requests : 0

  // ---- DynamoDB -----------------------------------------------------------------------------
  const perWrite = 1 + inv.indexes
  const actionWrites = p.actions * v('changesPerAction') * v('itemsPerChange') * perWrite
  const emailWrites = p.emails * v('writesPerEmail') * perWrite
  const reads =
    httpRequests * v('readUnitsPerRequest') +
    sweeps +
    hourly * p.boards * v('readUnitsPerBoardSweep') +
    streamRecords * 2
  // A month's actions are at most that many new ones: six years held is 12 × 6 months of them.
  const actionsStored = p.actions * 12 * v('yearsKept')
  const storedGb =
    (actionsStored * v('actionKbStored') + p.emails * v('emailMonthsStored') * v('emailKbStored')) / 1e6

  // ---- CloudWatch -------------------------------------------------------------------------
  const logGb =
    (requests * v('logBytesPerInvocation') +
      p.emails * v('logBytesPerEmail') +
      httpRequests * v('logBytesPerRequest')) /
    1e9
  const accessGb = (httpRequests * v('logBytesPerRequest')) / 1e9
  const months = (id: string) => (inv.logGroups.find((g) => g.id.startsWith(id))?.retentionDays ?? 0) / 30
  const functionMonths = Math.max(
    0,
    ...inv.logGroups.filter((g) => !g.id.startsWith('ApiAccessLogs')).map((g) => g.retentionDays / 30),
  )
  const storedLogGb = (logGb - accessGb) * functionMonths + accessGb * months('ApiAccessLogs')
  const alarmMetrics = inv.alarmMetrics.reduce((sum, a) => sum + a.metrics, 0)
  const emailHours = Math.min(
    730,
    p.meetings * v('emailHoursPerMeeting') +
      Math.max(0, p.emails - p.meetings * v('emailsAroundEachMeeting')) / v('emailsPerEmailHour'),
  )
  const metricMonths = (emailHours * v('metricsPerEmailHour') + p.meetings * 2) / 730

  // ---- the rest -------------------------------------------------------------------------
  const secretReads = 3 * v('coldStartsPerSecretReader')
  const tier = inv.userPoolTier ?? 'ESSENTIALS'
  const cognitoPrice: PriceName =
    tier === 'LITE' ? 'cognitoLiteMau' : tier === 'PLUS' ? 'cognitoPlusMau' : 'cognitoEssentialsMau'

  const lines: Line[] = [
    line(
      'Lambda',
      'requests',
      requests,
      'lambdaRequests',
      `${n(httpRequests)} HTTP + ${n(sweeps)} outbox sweeps + ${n(hourly)} hourly runs + ${n(streamRecords)} stream records + ${n(sesEvents)} SES events`,
    ),
    line(
      'Lambda',
      'compute (Arm)',
      gbSeconds,
      'lambdaArmGbSeconds',
      invocations
        .filter(([, count]) => count > 0)
        .map(([fn, count, ms]) => `${fn} ${n(count)} × ${ms} ms × ${mem(fn)} GB`)
        .join(' + '),
    ),
    line(
      'API Gateway',
      'HTTP API requests',
      httpRequests,
      'httpApiRequests',
      `${p.users} users × ${v('requestsPerUser')} + ${p.meetings} meetings × ${v('requestsPerMeeting')} + ${n(p.emails)} emails × ${v('requestsPerEmail')}`,
    ),
    line(
      'DynamoDB',
      'writes',
      actionWrites + emailWrites,
      'dynamoWrites',
      `(${n(p.actions)} actions × ${v('changesPerAction')} changes × ${v('itemsPerChange')} items + ${n(p.emails)} emails × ${v('writesPerEmail')} writes) × (1 + ${inv.indexes} indexes)`,
    ),
    line(
      'DynamoDB',
      'reads',
      reads,
      'dynamoReads',
      `${n(httpRequests)} requests × ${v('readUnitsPerRequest')} + ${n(sweeps)} sweeps + ${n(hourly)} hourly runs × ${p.boards} boards × ${v('readUnitsPerBoardSweep')} + ${n(streamRecords)} stream records × 2`,
    ),
    line(
      'DynamoDB',
      'storage',
      storedGb,
      'dynamoStorage',
      `${n(p.actions)} actions a month × 12 × ${v('yearsKept')} years × ${v('actionKbStored')} KB + ${n(p.emails)} emails × ${v('emailMonthsStored')} months × ${v('emailKbStored')} KB`,
    ),
    ...(inv.pitr
      ? [
          line(
            'DynamoDB',
            'point-in-time recovery',
            storedGb,
            'dynamoPitr',
            'the table’s size, continuously backed up',
          ),
        ]
      : []),
    line('SES', 'emails', p.emails, 'sesEmails', `${n(p.emails)} emails`),
    line(
      'SES',
      'attachments',
      (p.emails * v('attachmentKbPerEmail')) / 1e6,
      'sesAttachments',
      `${n(p.emails)} emails × ${v('attachmentKbPerEmail')} KB`,
    ),
    line(
      'EventBridge',
      'SES events on the default bus',
      sesEvents,
      'eventBridgeEvents',
      `${n(p.emails)} emails × ${v('feedbackPerEmail')} (priced as custom events, in case SES’s are not counted as free AWS service events)`,
    ),
    line(
      'EventBridge Scheduler',
      'scheduled invocations',
      sweeps + hourly,
      'schedulerInvocations',
      inv.scheduleRuns.map((s) => `${s.target} ${s.expression} = ${n(s.runsPerMonth)}`).join(' + '),
    ),
    line(
      'CloudWatch',
      'alarm metrics',
      alarmMetrics,
      'alarmMetrics',
      `${inv.alarmMetrics.length} alarms reading ${inv.alarmMetrics.map((a) => a.metrics).join(' + ')} metrics (each metric an alarm reads is billed)`,
    ),
    line(
      'CloudWatch',
      'custom metrics',
      metricMonths,
      'customMetrics',
      `(${n(emailHours)} hours with email × ${v('metricsPerEmailHour')} metrics + ${p.meetings} meetings × 2 rollover metrics) / 730 hours`,
    ),
    line(
      'CloudWatch',
      'logs ingested',
      logGb,
      'logIngestion',
      `${n(requests)} invocations × ${v('logBytesPerInvocation')} B + ${n(p.emails)} emails × ${v('logBytesPerEmail')} B + ${n(httpRequests)} access lines × ${v('logBytesPerRequest')} B`,
    ),
    line(
      'CloudWatch',
      'logs stored',
      storedLogGb,
      'logStorage',
      `a month’s logs × their retention (${n(functionMonths)} months for functions, ${n(months('ApiAccessLogs'))} for access logs), uncompressed`,
    ),
    line(
      'X-Ray',
      'traces',
      traces,
      'xrayTraces',
      `every invocation of the ${inv.traced.length} traced functions`,
    ),
    line('Cognito', `monthly active users (${tier})`, p.users, cognitoPrice, `${p.users} users`),
    line(
      'Systems Manager',
      'the link secret (a standard SecureString)',
      1,
      'ssmStandardParameters',
      '1 parameter',
    ),
    line(
      'Systems Manager',
      'reading it',
      secretReads,
      'ssmStandardApiCalls',
      `3 functions × ${v('coldStartsPerSecretReader')} cold starts`,
    ),
    line(
      'KMS',
      'decrypting it (aws/ssm, no monthly fee)',
      secretReads,
      'kmsRequests',
      `one Decrypt per GetParameter: ${n(secretReads)}`,
    ),
    ...(inv.kmsKeys
      ? [line('KMS', 'customer-managed keys', inv.kmsKeys, 'kmsCustomerKeys', `${inv.kmsKeys} keys`)]
      : []),
    ...(inv.secrets
      ? [line('Secrets Manager', 'secrets', inv.secrets, 'secrets', `${inv.secrets} secrets`)]
      : []),
  ]
  const sum = (k: 'usd' | 'usdAfterFree') => lines.reduce((s, l) => s + l[k], 0)
  return { profile: p, lines, usd: sum('usd'), usdAfterFree: sum('usdAfterFree') }
}
