/**
 * What the synthesised templates hold that costs money, counted from the templates
 * themselves: functions with their memory, schedules and how often they run, alarms and the
 * metrics each reads (CloudWatch bills every metric an alarm reads), log groups, the table's
 * backups, the user pool's plan, and any KMS key or secret.
 */
// biome-ignore lint/suspicious/noExplicitAny: properties are read as CloudFormation gives them; each use says what it expects
type Resource = { Type: string; Properties?: Record<string, any> }
export type TemplateJson = { Resources?: Record<string, Resource> }

/** The functions by their construct ids (the start of their logical ids). */
export const FUNCTION_IDS = [
  'Api',
  'Web',
  'ActionLog',
  'MinutesImport',
  'OnTableChange',
  'SendReminders',
  'SendOverdueSummaries',
  'SendEmails',
  'OnEmailFeedback',
] as const
export type FunctionId = (typeof FUNCTION_IDS)[number]

export type Inventory = {
  /** Resource type → how many, across the stacks. */
  types: Record<string, number>
  memoryMb: Record<FunctionId, number>
  /** Functions the estimate does not know: their usage is not priced, so the tool refuses them. */
  unknownFunctions: string[]
  /** Runs a month of each schedule, by the function it invokes. */
  scheduleRuns: { target: FunctionId; runsPerMonth: number; expression: string }[]
  /** The metrics each alarm reads. */
  alarmMetrics: { id: string; metrics: number }[]
  logGroups: { id: string; retentionDays: number }[]
  pitr: boolean
  /** The table's global secondary indexes: a write to an item in one costs a write there too. */
  indexes: number
  /** Functions with active X-Ray tracing (each invocation a trace, at these rates). */
  traced: FunctionId[]
  userPoolTier: string | null
  kmsKeys: number
  secrets: number
}

/** A 30-day month, for the schedules. */
const MINUTES_A_MONTH = 30 * 24 * 60

/** How many times a month an EventBridge Scheduler expression fires (the forms this app uses). */
export function runsPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression)
  if (rate) return MINUTES_A_MONTH / (Number(rate[1]) * (rate[2]?.startsWith('hour') ? 60 : 1))
  // cron(M * * * ? *): once an hour.
  if (/^cron\(\d+ \* \* \* \? \*\)$/.test(expression)) return MINUTES_A_MONTH / 60
  throw new Error(`npm run cost cannot read the schedule ${expression}: teach runsPerMonth it`)
}

export function inventoryOf(templates: TemplateJson[]): Inventory {
  const resources = templates.flatMap((t) => Object.entries(t.Resources ?? {}))
  const of = (type: string) => resources.filter(([, r]) => r.Type === type)
  const types: Record<string, number> = {}
  for (const [, r] of resources) types[r.Type] = (types[r.Type] ?? 0) + 1
  const fnOf = (logicalId: string) =>
    // Longest first, so no id is taken for another that starts like it.
    [...FUNCTION_IDS].sort((a, b) => b.length - a.length).find((id) => logicalId.startsWith(id))

  const memoryMb = {} as Record<FunctionId, number>
  const unknownFunctions: string[] = []
  const traced: FunctionId[] = []
  for (const [logicalId, r] of of('AWS::Lambda::Function')) {
    const fn = fnOf(logicalId)
    if (!fn) {
      unknownFunctions.push(logicalId)
      continue
    }
    memoryMb[fn] = r.Properties?.MemorySize ?? 128
    if (r.Properties?.TracingConfig?.Mode === 'Active') traced.push(fn)
  }
  const scheduleRuns = of('AWS::Scheduler::Schedule').map(([id, r]) => {
    const arn = JSON.stringify(r.Properties?.Target?.Arn)
    const target = fnOf(/"([A-Za-z0-9]+)"/.exec(arn)?.[1] ?? '')
    if (!target) throw new Error(`schedule ${id} invokes a function npm run cost does not know`)
    const expression = String(r.Properties?.ScheduleExpression)
    return { target, runsPerMonth: runsPerMonth(expression), expression }
  })
  const alarmMetrics = of('AWS::CloudWatch::Alarm').map(([id, r]) => {
    const metrics: { MetricStat?: unknown }[] | undefined = r.Properties?.Metrics
    return { id, metrics: metrics ? metrics.filter((m) => m.MetricStat).length : 1 }
  })
  const logGroups = of('AWS::Logs::LogGroup').map(([id, r]) => ({
    id,
    // A group without retention keeps its logs for ever: price ten years of them.
    retentionDays: r.Properties?.RetentionInDays ?? 3650,
  }))
  const tables = of('AWS::DynamoDB::GlobalTable')
  const pitr = tables.some(([, r]) =>
    (r.Properties?.Replicas ?? []).some(
      (rep: { PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled?: boolean } }) =>
        rep.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled,
    ),
  )
  const pool = of('AWS::Cognito::UserPool')[0]?.[1]
  return {
    types,
    memoryMb,
    unknownFunctions,
    scheduleRuns,
    alarmMetrics,
    logGroups,
    pitr,
    indexes: Math.max(0, ...tables.map(([, r]) => (r.Properties?.GlobalSecondaryIndexes ?? []).length)),
    traced,
    userPoolTier: pool ? (pool.Properties?.UserPoolTier ?? 'ESSENTIALS') : null,
    kmsKeys: of('AWS::KMS::Key').length,
    secrets: of('AWS::SecretsManager::Secret').length,
  }
}
