import {
  type CfnElement,
  CfnOutput,
  Duration,
  Lazy,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib'
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions'
import * as cognito from 'aws-cdk-lib/aws-cognito'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as events from 'aws-cdk-lib/aws-events'
import * as eventTargets from 'aws-cdk-lib/aws-events-targets'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import * as logs from 'aws-cdk-lib/aws-logs'
import * as scheduler from 'aws-cdk-lib/aws-scheduler'
import * as targets from 'aws-cdk-lib/aws-scheduler-targets'
import type * as ses from 'aws-cdk-lib/aws-ses'
import * as sns from 'aws-cdk-lib/aws-sns'
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { OWNER_PAGE_PATH } from '#functions/api/owner-routes.ts'
import { publicRoutes } from '#functions/api/routes.ts'
import { ACTION_LOG_PAGE_PATH, actionLogSpec } from '#functions/http/action-log-spec.ts'
import { MINUTES_IMPORT_PAGE_PATH, minutesImportSpec } from '#functions/http/minutes-import-spec.ts'
import { uiRoutes } from '#functions/http/ui-routes.ts'
import {
  WORK_PROGRAMME_EXPORT_PAGE_PATH,
  workProgrammeExportSpec,
} from '#functions/http/work-programme-spec.ts'
import { SWEEP_EVERY_MINUTES } from '#shared/domain/outbox.ts'
import { SES_DETAIL_TYPES } from '#shared/events/ses-feedback.ts'
import { TABLE_CHANGE_FILTERS, TABLE_CHANGE_MAPPING } from '#shared/events/table-change.ts'
import { METRICS_NAMESPACE } from '#shared/metrics.ts'
import { type DynamoAction, ENTRIES, HouseFunction } from './constructs/house-function.ts'
import { DEFAULT_EVENT_BUS, type LinkSecretParameter, SES_FEEDBACK_EVENTS } from './stateful-stack.ts'

export interface StatelessStackProps extends StackProps {
  readonly stage: string
  readonly table: dynamodb.ITableV2
  readonly configurationSet: ses.IConfigurationSet
  readonly linkSecret: LinkSecretParameter
  /** The verified sender, e.g. actions@opcc.example.gov.uk. */
  readonly mailFrom: string
  /** Alarms are emailed here. */
  readonly opsEmail: string
  readonly maxSendRate: number
  /**
   * Where owners' links point, e.g. https://actions.opcc.example.gov.uk when a custom domain
   * is mapped to the HTTP API. Defaults to the API's own endpoint.
   */
  readonly publicBaseUrl?: string | undefined
  /** The hosted UI's domain prefix (unique in the region): https://<prefix>.auth.<region>.amazoncognito.com */
  readonly authDomainPrefix?: string | undefined
}

/** Why each route API Gateway serves without the JWT authorizer may be public (cdk-nag APIG4). */
const WHY_PUBLIC: Record<string, string> = {
  '/health': 'a health check, for monitoring; it reveals nothing',
  '/health/ready': 'a readiness check, for monitoring: it says only whether the table answers',
  '/openapi.json': 'the public description of the API',
  [OWNER_PAGE_PATH]:
    'the owners’ pages: the HMAC-signed link is the credential, checked by the function (issue #4)',
  '/': 'the bare address: it only redirects to the web pages',
  '/ui': 'the web pages’ start: it only redirects to sign-in or to the signed-in user’s home page',
  '/ui/{proxy+}':
    'the web pages (issue #6): a browser sends no bearer token, so the function checks the Cognito ID token in the HttpOnly session cookie (issuer, audience, signature) before any page',
  '/published/{proxy+}':
    'the published action log (issue #17): approved meetings’ open logs, which a PCC must publish, for anyone without sign-in; read-only, exempt items redacted',
}

/**
 * The functions that send email (on-table-change and the outbox sweep, send-emails; the
 * reminders and summaries only put emails in the outbox). Each paces itself, so the account's
 * send rate is shared between them: even when both send at once, together they stay within it.
 */
const MAIL_SENDERS = 2

/**
 * The Powertools service names of the two senders (their handler.ts files), which Powertools
 * Metrics makes the `service` dimension of every metric they write.
 */
export const SENDER_SERVICES = {
  sendEmails: 'action-tracker-send-emails',
  onTableChange: 'action-tracker-on-table-change',
} as const

/**
 * What each function's code issues against the table, and nothing more:
 * test/integration/permissions.test.ts runs each function's paths with a client that records
 * the IAM action of every request and requires exactly this set.
 */
export const TABLE_ACTIONS = {
  api: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'],
  web: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'],
  onTableChange: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'],
  sendReminders: ['Query', 'PutItem'],
  sendOverdueSummaries: ['Query', 'PutItem'],
  sendEmails: ['GetItem', 'BatchGetItem', 'Query', 'UpdateItem'],
  onEmailFeedback: ['PutItem', 'UpdateItem'],
  actionLog: ['GetItem', 'BatchGetItem', 'Query'],
  // Reads the meeting's board and log to match drafts; writes the import, its drafts and the form's key.
  minutesImport: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'DeleteItem'],
} as const satisfies Record<string, readonly DynamoAction[]>

/** CloudWatch's limit on the metrics one alarm's metric math may read. */
export const MAX_ALARM_METRICS = 10

/** SES reviews an account at a 5 % bounce rate; we want to hear long before. */
export const BOUNCE_RATE_ALARM = 0.02

/**
 * Everything that holds no data: the functions, the HTTP API with its Cognito user pool,
 * the stream trigger, the schedules, the queues that keep what failed, and the alarms.
 * It can be destroyed and deployed again without losing anything.
 */
export class StatelessStack extends Stack {
  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, { description: `Meeting action tracker (${props.stage}): functions and API`, ...props })
    const { table, stage } = props

    const alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: `Action tracker ${stage} alarms`,
      enforceSSL: true,
    })
    alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.opsEmail))
    Validations.of(alarmTopic).acknowledge({
      id: 'Serverless::Serverless-SNSRedrivePolicy',
      reason:
        'an email subscription for alarms: a failed alarm email has nowhere better to go, and the alarm state stays visible in CloudWatch',
    })
    const alarm = (a: cloudwatch.Alarm) => a.addAlarmAction(new cwActions.SnsAction(alarmTopic))
    // Three alarms in all, not one per function and queue: each alarm metric costs $0.10 a
    // month, and one email naming "a function failed" or "something waits in a failure queue"
    // sends the operator to the same place (the log groups, the queues) as eleven would.
    // The alarms are made at the end, once every function and queue exists.
    const failureQueues: { name: string; queue: sqs.Queue; whatToDo: string }[] = []
    const deadLetters = (name: string, whatToDo = 'read it, fix the cause, redrive it') => {
      const queue = new sqs.Queue(this, name, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      })
      for (const id of ['AwsSolutions::AwsSolutions-SQS3', 'Serverless::Serverless-SQSRedrivePolicy']) {
        Validations.of(queue).acknowledge({
          id,
          reason: `${name} is itself the dead-letter/on-failure destination; its messages wait for a person, alarmed on arrival (FailedForGood)`,
        })
      }
      failureQueues.push({ name, queue, whatToDo })
      return queue
    }
    const watchedFunctions: { name: string; fn: HouseFunction }[] = []
    const watched = (fn: HouseFunction, name: string) => {
      watchedFunctions.push({ name, fn })
      return fn
    }
    /** A function API Gateway invokes synchronously: the caller gets any error, so no DLQ. */
    const servesHttp = (fn: HouseFunction) =>
      Validations.of(fn).acknowledge({
        id: 'Serverless::Serverless-LambdaDLQ',
        reason: 'invoked synchronously by API Gateway: the caller gets the error; there is no event to keep',
      })
    const mail = {
      from: props.mailFrom,
      configurationSetName: props.configurationSet.configurationSetName,
      maxPerSecond: props.maxSendRate / MAIL_SENDERS,
    }

    // ---- the HTTP API, behind Cognito ----------------------------------------------------
    const userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // The person a user acts as; set by the secretariat's admin, never by the user.
      customAttributes: { personId: new cognito.StringAttribute({ minLen: 26, maxLen: 26, mutable: true }) },
      // Essentials, not Plus: its 10,000 free monthly active users cover any force or council,
      // where Plus's threat protection costs $0.02 for every one of them
      // (docs/decisions/0012-no-fixed-monthly-costs.md says what is given up).
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG8',
      reason:
        'Essentials, not Plus: threat protection costs $0.02 a month per user with no free tier, where Essentials is free to 10,000; the pool admits only users the secretariat creates, with a 12-character policy and optional MFA (decision 0012)',
    })
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG2',
      reason:
        'MFA is optional (issue #5): owners and members sign in rarely; each organisation can make it required in Cognito',
    })
    for (const group of ['secretariat', 'chair', 'member']) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: userPool.userPoolId,
        groupName: group,
      })
    }
    // The web pages sign in through Cognito's hosted UI (authorization code with PKCE) and
    // come back to the web function's callback, under the HTTP API's address (known once it exists).
    const hostedUi = userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.authDomainPrefix ?? `action-tracker-${stage}` },
    })
    let baseUrl = ''
    const pageUrl = (path: string) => Lazy.string({ produce: () => `${baseUrl}${path}` })
    const client = userPool.addClient('WebClient', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [pageUrl('/ui/auth/callback')],
        logoutUrls: [pageUrl('/ui/signed-out')],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      // A secretariat session lasts a working day (a meeting's Actions Arising can take hours);
      // the page cookie lives exactly as long as the ID token it holds.
      idTokenValidity: Duration.hours(8),
      // Users may not write their own personId (it decides whose actions they act on).
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    })

    const api = watched(
      new HouseFunction(this, 'Api', {
        entry: ENTRIES.api,
        description: 'The JSON API and the owners’ signed-link pages',
      }),
      'Api',
    )
      .bindTable(table, TABLE_ACTIONS.api)
      .bindLinkSecret(props.linkSecret)
    servesHttp(api)

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    const httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: `Meeting action tracker (${stage})`,
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', api),
      defaultAuthorizer: new HttpJwtAuthorizer('Cognito', userPool.userPoolProviderUrl, {
        jwtAudience: [client.userPoolClientId],
      }),
    })
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            // The route, not the path: a signed link's token must not land in the logs.
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    })
    // Public: health, the API description, and the owners' pages (the link is the credential);
    // and the web pages, which their own function serves (below).
    const open = new HttpLambdaIntegration('OpenIntegration', api)
    const webPaths = new Set(uiRoutes.map((r) => r.path))
    let webIntegration: HttpLambdaIntegration | undefined
    const publicRoute = (path: string, methods: apigw.HttpMethod[], why: string) => {
      const integration = webPaths.has(path) ? webIntegration : open
      if (!integration) throw new Error('the web function is made before the public routes')
      for (const route of httpApi.addRoutes({
        path,
        methods,
        integration,
        authorizer: new apigw.HttpNoneAuthorizer(),
      })) {
        Validations.of(route).acknowledge({ id: 'AwsSolutions::AwsSolutions-APIG4', reason: why })
      }
    }
    const publicBaseUrl = props.publicBaseUrl ?? httpApi.apiEndpoint
    baseUrl = publicBaseUrl

    // The web pages and their downloads check the session cookie against the pool themselves
    // (they are public routes to API Gateway, as a browser's navigation carries no bearer token).
    const webSignIn = {
      COGNITO_ISSUER: userPool.userPoolProviderUrl,
      COGNITO_CLIENT_ID: client.userPoolClientId,
      COGNITO_DOMAIN: hostedUi.baseUrl(),
      PUBLIC_BASE_URL: publicBaseUrl,
    }

    // ---- the web pages: their own function, so the API carries no templates or sessions ----
    const web = watched(
      new HouseFunction(this, 'Web', {
        entry: ENTRIES.web,
        description: 'The web pages for the secretariat, chairs and members',
        environment: webSignIn,
      }),
      'Web',
    ).bindTable(table, TABLE_ACTIONS.web)
    servesHttp(web)
    webIntegration = new HttpLambdaIntegration('WebIntegration', web)

    // The same list the local gateway serves without a token; each must say why it may.
    const methodsByPath = new Map<string, apigw.HttpMethod[]>()
    for (const r of publicRoutes) {
      const method = apigw.HttpMethod[r.method.toUpperCase() as keyof typeof apigw.HttpMethod]
      methodsByPath.set(r.path, [...(methodsByPath.get(r.path) ?? []), method])
    }
    for (const [path, methods] of methodsByPath) {
      const why = WHY_PUBLIC[path]
      if (!why) throw new Error(`the public route ${path} needs a reason in WHY_PUBLIC`)
      publicRoute(path, methods, why)
    }

    /**
     * A function of its own for heavy file work (29 s, 1024 MB: API Gateway waits at most
     * 30 s), serving one API route behind the Cognito authorizer and one web page path, more
     * specific than /ui/{proxy+} so API Gateway sends it here, whose session cookie the
     * function checks itself.
     */
    const fileFunction = (
      id: 'ActionLog' | 'MinutesImport',
      o: {
        entry: string
        description: string
        tableActions: readonly DynamoAction[]
        method: apigw.HttpMethod
        /** Each API route it serves with the path of its web pages' counterpart. */
        paths: readonly { api: string; page: string }[]
        page: string
      },
    ) => {
      const fn = watched(
        new HouseFunction(this, id, {
          entry: o.entry,
          description: o.description,
          timeout: Duration.seconds(29),
          memorySize: 1024,
          environment: webSignIn,
        }),
        id,
      ).bindTable(table, o.tableActions)
      servesHttp(fn)
      const integration = new HttpLambdaIntegration(`${id}Integration`, fn)
      const pageRoutes = o.paths.flatMap((p) => {
        httpApi.addRoutes({ path: p.api, methods: [o.method], integration })
        return httpApi.addRoutes({
          path: p.page,
          methods: [o.method],
          integration,
          authorizer: new apigw.HttpNoneAuthorizer(),
        })
      })
      for (const route of pageRoutes) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason: `${o.page}: the function checks the Cognito ID token in the session cookie first`,
        })
      }
      return fn
    }
    // Rendering the action log as Word, and reading minutes with the Word and PDF libraries,
    // stay out of the API's function.
    fileFunction('ActionLog', {
      entry: ENTRIES.actionLog,
      description: 'The meeting pack action log and the work programme as Word, CSV or HTML',
      tableActions: TABLE_ACTIONS.actionLog,
      method: apigw.HttpMethod.GET,
      paths: [
        { api: actionLogSpec.path, page: ACTION_LOG_PAGE_PATH },
        { api: workProgrammeExportSpec.path, page: WORK_PROGRAMME_EXPORT_PAGE_PATH },
      ],
      page: 'the web pages’ download',
    })
    fileFunction('MinutesImport', {
      entry: ENTRIES.minutesImport,
      description: 'Reads uploaded minutes (Word, PDF, text) into drafts for review',
      tableActions: TABLE_ACTIONS.minutesImport,
      method: apigw.HttpMethod.POST,
      paths: [{ api: minutesImportSpec.path, page: MINUTES_IMPORT_PAGE_PATH }],
      page: 'the meeting page’s upload form',
    })

    // ---- the stream: minutes approval, new meetings, assignments --------------------------
    // Its messages only point at the records (shard and sequence numbers), which the stream
    // keeps for 24 hours: replayed by hand (docs/deploying.md, "Replaying failed stream records").
    const streamFailures = deadLetters(
      'StreamFailures',
      'fix the cause, then replay the stream records it points at within 24 hours (docs/deploying.md, Replaying failed stream records)',
    )
    // It also sends an outbox email the moment it is queued (if due), so it renders and signs links.
    const onTableChange = watched(
      new HouseFunction(this, 'OnTableChange', {
        entry: ENTRIES.onTableChange,
        description: 'Rollover on minutes approval, waiting actions, outbox emails as they are queued',
        timeout: Duration.minutes(5),
        environment: { PUBLIC_BASE_URL: publicBaseUrl },
      }),
      'OnTableChange',
    )
      .bindTable(table, TABLE_ACTIONS.onTableChange)
      .bindMail(mail)
      .bindLinkSecret(props.linkSecret)
    Validations.of(onTableChange).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason:
        'a stream consumer: failed records go to the event source mapping’s on-failure queue (StreamFailures)',
    })
    onTableChange.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: TABLE_CHANGE_MAPPING.batchSize,
        bisectBatchOnError: TABLE_CHANGE_MAPPING.bisectOnError,
        // Enough to ride out a DynamoDB outage, bounded by the stream's own retention (its comment says why).
        retryAttempts: TABLE_CHANGE_MAPPING.maxRetries,
        maxRecordAge: Duration.seconds(TABLE_CHANGE_MAPPING.maxRecordAgeSeconds),
        reportBatchItemFailures: TABLE_CHANGE_MAPPING.reportBatchItemFailures,
        onFailure: new SqsDlq(streamFailures),
        // The same patterns the local poller evaluates.
        filters: TABLE_CHANGE_FILTERS.map((f) => ({ pattern: JSON.stringify(f) })),
      }),
    )

    // ---- the schedules: the hourly sweeps, and the outbox sweep -----------------------------
    const scheduleFailures = deadLetters('ScheduleFailures')
    /** Runs `fn` on `every`, with the scheduled time as the event's `time` (the instant acted for). */
    const scheduled = (
      id: string,
      fn: HouseFunction,
      every: { schedule: scheduler.ScheduleExpression; description: string; maxEventAge: Duration },
    ) => {
      const schedule = new scheduler.Schedule(this, id, {
        description: every.description,
        schedule: every.schedule,
        target: new targets.LambdaInvoke(fn, {
          input: scheduler.ScheduleTargetInput.fromObject({ time: scheduler.ContextAttribute.scheduledTime }),
          retryAttempts: 3,
          // Not past the next run, which does the same work.
          maxEventAge: every.maxEventAge,
          deadLetterQueue: scheduleFailures,
        }),
      })
      // The target role CDK makes may invoke the function and its versions (ARN and ARN:*).
      for (const child of schedule.node.scope?.node.children ?? []) {
        if (child.node.id.startsWith('SchedulerRoleForTarget')) {
          Validations.of(child).acknowledge({
            id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
            reason:
              'lambda:InvokeFunction on this one function and its versions, as EventBridge Scheduler targets need',
          })
        }
      }
      return schedule
    }
    // The reminders and summaries only decide what to send: they put emails in the outbox
    // (the sweep and on-table-change send them), so they neither send mail nor sign links.
    const hourly = (name: string, entry: 'sendReminders' | 'sendOverdueSummaries', description: string) => {
      const fn = watched(
        new HouseFunction(this, name, {
          entry: ENTRIES[entry],
          description,
          timeout: Duration.minutes(5),
          failureQueue: scheduleFailures,
        }),
        name,
      ).bindTable(table, TABLE_ACTIONS[entry])
      scheduled(`${name}Hourly`, fn, {
        description: `${name}, at the top of every hour (the event's time is the instant acted for)`,
        schedule: scheduler.ScheduleExpression.cron({ minute: '0' }),
        maxEventAge: Duration.minutes(50),
      })
    }
    hourly('SendReminders', 'sendReminders', 'Owner reminders before each meeting, into the outbox')
    hourly(
      'SendOverdueSummaries',
      'sendOverdueSummaries',
      'The chair’s overdue summary before each meeting, into the outbox',
    )

    // The outbox sweep: every email whose time has come (gathered assignments past their quiet
    // period, retries after back-off, emails whose sender died holding them). Its handler
    // stops after 4 minutes, inside the 5-minute timeout.
    const sendEmails = watched(
      new HouseFunction(this, 'SendEmails', {
        entry: ENTRIES.sendEmails,
        description: 'The email outbox sweep: sends every email whose time has come',
        timeout: Duration.minutes(5),
        failureQueue: scheduleFailures,
        environment: { PUBLIC_BASE_URL: publicBaseUrl },
      }),
      'SendEmails',
    )
      .bindTable(table, TABLE_ACTIONS.sendEmails)
      .bindMail(mail)
      .bindLinkSecret(props.linkSecret)
    scheduled('SendEmailsSweep', sendEmails, {
      description: `SendEmails, every ${SWEEP_EVERY_MINUTES} minutes (the event's time is the instant acted for)`,
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(SWEEP_EVERY_MINUTES)),
      maxEventAge: Duration.minutes(SWEEP_EVERY_MINUTES - 1),
    })
    // ---- SES's events: bounces, complaints, and Send (which settles an outbox email) ----------
    const feedbackFailures = deadLetters('EmailFeedbackFailures')
    const feedback = watched(
      new HouseFunction(this, 'OnEmailFeedback', {
        entry: ENTRIES.onEmailFeedback,
        description: 'Suppresses bounced and complaining addresses; records outbox emails SES accepted',
        failureQueue: feedbackFailures,
      }),
      'OnEmailFeedback',
    ).bindTable(table, TABLE_ACTIONS.onEmailFeedback)
    // SES publishes to the default bus; this rule takes this stage's configuration set's events
    // (SES tags every message with its set's name), so stages sharing an account stay apart.
    new events.Rule(this, 'EmailFeedback', {
      description:
        'SES sends, bounces and complaints of this stage’s configuration set, to on-email-feedback',
      eventBus: events.EventBus.fromEventBusName(this, 'DefaultBus', DEFAULT_EVENT_BUS),
      eventPattern: {
        source: ['aws.ses'],
        detailType: SES_FEEDBACK_EVENTS.map((e) => SES_DETAIL_TYPES[e]),
        detail: {
          mail: { tags: { 'ses:configuration-set': [props.configurationSet.configurationSetName] } },
        },
      },
      targets: [
        // An invocation EventBridge cannot make (throttled for 24 hours, say) lands in the same
        // queue as one the function failed (its on-failure destination), for a person to redrive.
        new eventTargets.LambdaFunction(feedback, {
          deadLetterQueue: feedbackFailures,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    })

    // ---- the alarms: three, to the operations email --------------------------------------
    const expression = (prefix: string, metrics: cloudwatch.IMetric[]) => {
      if (metrics.length > MAX_ALARM_METRICS)
        throw new Error(
          `an alarm's metric math may read at most ${MAX_ALARM_METRICS} metrics, not ${metrics.length} (${prefix}): split it`,
        )
      const ids = metrics.map((_, i) => `${prefix}${i}`)
      // A metric with no data in the period (a function not invoked) counts as 0, not a gap.
      return {
        expression: ids.map((id) => `FILL(${id}, 0)`).join(' + '),
        usingMetrics: Object.fromEntries(ids.map((id, i) => [id, metrics[i] as cloudwatch.IMetric])),
        period: Duration.minutes(5),
      }
    }
    const anyOf = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }
    alarm(
      new cloudwatch.MathExpression({
        ...expression(
          'e',
          watchedFunctions.map(({ fn }) => fn.metricErrors({ period: Duration.minutes(5) })),
        ),
        label: 'FunctionErrors',
      }).createAlarm(this, 'FunctionErrors', {
        alarmDescription: `A function failed (the sum of Errors over ${watchedFunctions.map((f) => f.name).join(', ')}). CloudWatch's Lambda metrics show which; its log group has the error.`,
        ...anyOf,
      }),
    )
    // An email given up on (SES refused it for good, or retries ran out) reaches nobody, like a
    // message in a failure queue: both failed for good and wait for a person.
    const givenUp = (service: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'EmailsGivenUp',
        dimensionsMap: { service },
        statistic: 'Sum',
        period: Duration.minutes(SWEEP_EVERY_MINUTES),
      })
    alarm(
      new cloudwatch.MathExpression({
        ...expression('f', [
          ...failureQueues.map(({ queue }) =>
            queue.metricApproximateNumberOfMessagesVisible({
              period: Duration.minutes(5),
              statistic: 'Maximum',
            }),
          ),
          ...Object.values(SENDER_SERVICES).map(givenUp),
        ]),
        label: 'FailedForGood',
      }).createAlarm(this, 'FailedForGood', {
        alarmDescription: `Something failed for good and waits for a person. ${failureQueues.map((q) => `A message in ${q.name}: ${q.whatToDo}.`).join(' ')} Or an email the outbox gave up on (EmailsGivenUp): SES refused it for good, or it could not be sent for 24 hours; its outbox item (state failed) keeps the reason and the sender's log names its key ("email given up").`,
        ...anyOf,
      }),
    )
    alarm(
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }).createAlarm(this, 'BounceRate', {
        alarmDescription: `SES bounce rate at or over ${BOUNCE_RATE_ALARM * 100} % (SES reviews the account at 5 %). Check the suppressed addresses and the directory.`,
        threshold: BOUNCE_RATE_ALARM,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    )

    new CfnOutput(this, 'ApiUrl', { value: publicBaseUrl, description: 'The API and the owners’ pages' })
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId })
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId })
  }
}
