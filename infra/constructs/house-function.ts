import { fileURLToPath } from 'node:url'
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations'
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as logs from 'aws-cdk-lib/aws-logs'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { TABLE } from '#shared/store/table.ts'

/** The DynamoDB actions our code issues (a transaction needs the action of each of its items). */
export type DynamoAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'ConditionCheckItem'
  | 'BatchWriteItem'

/** The newest Node.js runtime this CDK release offers (DEVELOPERS.md: Lambdas target it). */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X

export interface HouseFunctionProps {
  /** Path from the repository root, e.g. `functions/api/handler.ts`. */
  readonly entry: string
  readonly description: string
  readonly timeout?: Duration
  readonly memorySize?: number
  readonly logRetention?: logs.RetentionDays
  readonly environment?: Record<string, string>
  /**
   * For functions invoked asynchronously (schedules, SNS): where an event goes, with the
   * error, after Lambda's own retries, so a failure is kept rather than dropped.
   */
  readonly failureQueue?: sqs.IQueue
}

/**
 * How every function is bundled (also what `bench/bundles` measures): one minified ESM file
 * with a source map, for the runtime's Node version.
 */
export const BUNDLING: BundlingOptions & { target: string; externalModules: string[]; mainFields: string[] } =
  {
    format: OutputFormat.ESM,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    target: 'node24',
    mainFields: ['module', 'main'],
    // Nothing external, not even the AWS SDK the runtime carries: each function bundles the
    // SDK clients it uses (tree-shaken), so what runs is exactly what the lockfile pinned and
    // what the deployed-bundles test ran.
    externalModules: [],
    // Some bundled CommonJS dependencies call require(); ESM has none of its own.
    banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
  }

/** The functions' entry points, from the repository root. */
export const ENTRIES = {
  api: 'functions/api/handler.ts',
  web: 'functions/web/handler.ts',
  onTableChange: 'functions/on-table-change/handler.ts',
  sendReminders: 'functions/send-reminders/handler.ts',
  sendOverdueSummaries: 'functions/send-overdue-summaries/handler.ts',
  sendEmails: 'functions/send-emails/handler.ts',
  onEmailFeedback: 'functions/on-email-feedback/handler.ts',
  actionLog: 'functions/action-log/handler.ts',
  minutesImport: 'functions/minutes-import/handler.ts',
} as const

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Every function of the house: the newest Node runtime on ARM64, a minified ESM bundle with
 * source maps, its own log group with a retention, JSON logs, and a timeout and memory
 * that suit a short request. The `bind…` helpers grant exactly the actions a function's
 * code issues on exactly the resources it uses, and set the environment that names them,
 * so permissions and configuration cannot drift apart.
 */
export class HouseFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    // Our own role instead of AWSLambdaBasicExecutionRole, which may write to any log group:
    // this one writes only to the function's own.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${id} function`,
    })
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    )
    super(scope, id, {
      role,
      entry: `${ROOT}${props.entry}`,
      projectRoot: ROOT,
      depsLockFilePath: `${ROOT}package-lock.json`,
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      ...(props.failureQueue
        ? { onFailure: new destinations.SqsDestination(props.failureQueue), retryAttempts: 2 }
        : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: BUNDLING,
    })
    if (props.failureQueue) {
      Validations.of(this).acknowledge({
        id: 'Serverless::Serverless-LambdaDLQ',
        reason:
          'async failures go to an on-failure destination (the successor of a DLQ; it keeps the error as well)',
      })
    }
    // X-Ray's write actions take no resource (AWS documents them as "*" only).
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions',
    })
    // The log group ARN CDK renders ends in ":*" (its log streams).
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(scope).getLogicalId(logGroup.node.defaultChild as CfnElement)}.Arn>]`,
      reason: "the function's own log group and its streams, nothing else",
    })
  }

  /** Read and write the table (and query its indexes) with exactly these actions. */
  bindTable(table: dynamodb.ITableV2, actions: readonly DynamoAction[]): this {
    const resources = [table.tableArn]
    // Named indexes rather than index/*: the table has exactly these.
    if (actions.includes('Query')) {
      for (const index of Object.values(TABLE.indexes))
        resources.push(`${table.tableArn}/index/${index.name}`)
    }
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`).sort(), resources }),
    )
    this.addEnvironment('TABLE_NAME', table.tableName)
    return this
  }

  /** Send email from `from` through SES with the configuration set that reports bounces. */
  bindMail(opts: { from: string; configurationSetName: string; maxPerSecond: number }): this {
    const stack = Stack.of(this)
    const domain = opts.from.split('@')[1] ?? opts.from
    const arn = (resource: string, resourceName: string) =>
      stack.formatArn({ service: 'ses', resource, resourceName })
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [arn('identity', domain), arn('configuration-set', opts.configurationSetName)],
      }),
    )
    this.addEnvironment('MAIL_FROM', opts.from)
    this.addEnvironment('SES_CONFIGURATION_SET', opts.configurationSetName)
    this.addEnvironment('MAIL_MAX_PER_SECOND', String(opts.maxPerSecond))
    return this
  }

  /**
   * Read the owners' link-signing secret (a SecureString parameter) at cold start. GetParameter
   * alone: the AWS-managed key's own policy lets SSM decrypt for the account's principals, so
   * no KMS grant is needed.
   */
  bindLinkSecret(secret: { parameterName: string; parameterArn: string }): this {
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [secret.parameterArn] }),
    )
    this.addEnvironment('LINK_SECRET_PARAMETER', secret.parameterName)
    return this
  }
}
