/**
 * AWS list prices for London (eu-west-2), in US dollars, the one place `npm run cost` reads
 * them from. Transcribed by hand from the pages named in `source` on the date in `PRICES_AS_OF`
 * (this repository has no pricing API access); AWS changes them, so check them against the
 * AWS Pricing Calculator before relying on a figure.
 *
 * `alwaysFree` is an allowance of AWS's always-free tier (per account, every month, with no
 * end date), never a 12-month introductory one: SES's and API Gateway's first-year allowances
 * are left out. An account that already uses an allowance for something else pays for this
 * stack's share of it at list price, which `npm run cost` also shows.
 */
export const PRICES_AS_OF = '2026-12-01'
export const PRICES_REGION = 'eu-west-2'

export type Price = {
  /** Dollars per `per` units. */
  usd: number
  per: number
  unit: string
  source: string
  /** Units a month free in every account, for good (AWS's always-free tier). */
  alwaysFree?: number
}

const LAMBDA = 'https://aws.amazon.com/lambda/pricing/'
const APIGW = 'https://aws.amazon.com/api-gateway/pricing/'
const DYNAMODB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/'
const SES = 'https://aws.amazon.com/ses/pricing/'
const EVENTBRIDGE = 'https://aws.amazon.com/eventbridge/pricing/'
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/'
const XRAY = 'https://aws.amazon.com/xray/pricing/'
const COGNITO = 'https://aws.amazon.com/cognito/pricing/'
const SSM = 'https://aws.amazon.com/systems-manager/pricing/'
const KMS = 'https://aws.amazon.com/kms/pricing/'
const SECRETS = 'https://aws.amazon.com/secrets-manager/pricing/'
const SQS = 'https://aws.amazon.com/sqs/pricing/'

export const PRICES = {
  lambdaRequests: { usd: 0.2, per: 1e6, unit: 'requests', source: LAMBDA, alwaysFree: 1e6 },
  lambdaArmGbSeconds: {
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-seconds (Arm)',
    source: LAMBDA,
    alwaysFree: 400_000,
  },
  httpApiRequests: { usd: 1.11, per: 1e6, unit: 'HTTP API requests', source: APIGW },
  dynamoWrites: { usd: 0.72, per: 1e6, unit: 'write request units (on-demand)', source: DYNAMODB },
  dynamoReads: { usd: 0.14, per: 1e6, unit: 'read request units (on-demand)', source: DYNAMODB },
  dynamoStorage: { usd: 0.29, per: 1, unit: 'GB-months stored', source: DYNAMODB, alwaysFree: 25 },
  dynamoPitr: { usd: 0.23, per: 1, unit: 'GB-months of continuous backup (PITR)', source: DYNAMODB },
  sesEmails: { usd: 0.1, per: 1000, unit: 'emails sent', source: SES },
  sesAttachments: { usd: 0.12, per: 1, unit: 'GB of attachments', source: SES },
  eventBridgeEvents: { usd: 1.0, per: 1e6, unit: 'events', source: EVENTBRIDGE },
  schedulerInvocations: { usd: 1.0, per: 1e6, unit: 'scheduled invocations', source: EVENTBRIDGE },
  alarmMetrics: {
    usd: 0.1,
    per: 1,
    unit: 'alarm metric-months (standard resolution)',
    source: CLOUDWATCH,
    alwaysFree: 10,
  },
  customMetrics: {
    usd: 0.3,
    per: 1,
    unit: 'custom metric-months (prorated by the hour)',
    source: CLOUDWATCH,
    alwaysFree: 10,
  },
  logIngestion: { usd: 0.6, per: 1, unit: 'GB of logs ingested', source: CLOUDWATCH, alwaysFree: 5 },
  logStorage: { usd: 0.0315, per: 1, unit: 'GB-months of logs stored', source: CLOUDWATCH, alwaysFree: 5 },
  xrayTraces: { usd: 5.0, per: 1e6, unit: 'traces recorded', source: XRAY, alwaysFree: 100_000 },
  // Lite and Essentials: the first 10,000 monthly active users are free; Plus has no free tier.
  cognitoEssentialsMau: { usd: 0.015, per: 1, unit: 'MAU (Essentials)', source: COGNITO, alwaysFree: 10_000 },
  cognitoLiteMau: { usd: 0.0055, per: 1, unit: 'MAU (Lite)', source: COGNITO, alwaysFree: 10_000 },
  cognitoPlusMau: { usd: 0.02, per: 1, unit: 'MAU (Plus)', source: COGNITO },
  // Standard parameters and their standard-throughput API calls carry no charge at all.
  ssmStandardParameters: { usd: 0, per: 1, unit: 'standard parameters', source: SSM },
  ssmStandardApiCalls: { usd: 0, per: 10_000, unit: 'GetParameter calls (standard throughput)', source: SSM },
  kmsRequests: { usd: 0.03, per: 10_000, unit: 'KMS requests', source: KMS, alwaysFree: 20_000 },
  kmsCustomerKeys: { usd: 1.0, per: 1, unit: 'customer-managed keys', source: KMS },
  secrets: { usd: 0.4, per: 1, unit: 'secrets', source: SECRETS },
  sqsRequests: { usd: 0.4, per: 1e6, unit: 'SQS requests', source: SQS, alwaysFree: 1e6 },
} as const satisfies Record<string, Price>

export type PriceName = keyof typeof PRICES
