import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type App, Stack, Validations } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '#infra/app.ts'
import { ENTRIES, NODE_RUNTIME } from '#infra/constructs/house-function.ts'
import { asEventBridgeEvent, sesEvent } from '#infra/local/ses-front.ts'
import {
  BOUNCE_RATE_ALARM,
  MAX_ALARM_METRICS,
  SENDER_SERVICES,
  TABLE_ACTIONS,
} from '#infra/stateless-stack.ts'
import { SWEEP_EVERY_MINUTES } from '#shared/domain/outbox.ts'
import { TABLE_CHANGE_FILTERS, TABLE_CHANGE_MAPPING } from '#shared/events/table-change.ts'
import { TABLE } from '#shared/store/table.ts'
import { sesEventFixture } from '#test/fixtures/ses-events/index.ts'
import cdkJson from '../../cdk.json' with { type: 'json' }

const context = {
  ...cdkJson.context,
  stage: 'test',
  mailFrom: 'actions@opcc.example.gov.uk',
  opsEmail: 'ops@opcc.example.gov.uk',
}
const FUNCTIONS = {
  api: 'Api',
  web: 'Web',
  onTableChange: 'OnTableChange',
  sendReminders: 'SendReminders',
  sendOverdueSummaries: 'SendOverdueSummaries',
  sendEmails: 'SendEmails',
  onEmailFeedback: 'OnEmailFeedback',
  actionLog: 'ActionLog',
  minutesImport: 'MinutesImport',
} as const satisfies Record<keyof typeof TABLE_ACTIONS, string>

let app: App
let stateless: Template
let stateful: Template
let outdir: string
let nagFailure: unknown = null

function stackOf(id: string): Stack {
  const s = app.node.tryFindChild(id)
  if (!s || !Stack.isStack(s)) throw new Error(`${id} not found`)
  return s
}

/** The logical id of a construct's CloudFormation resource. */
function logicalId(stackId: string, path: string): string {
  const stack = stackOf(stackId)
  const child = stack.node.findChild(path).node.defaultChild
  if (!child) throw new Error(`${path} has no resource`)
  return stack.getLogicalId(child as never)
}

/** The functions that send email (and sign the owners' links in them); the rest only queue them. */
const SENDERS = ['onTableChange', 'sendEmails'] as const satisfies (keyof typeof FUNCTIONS)[]
const MAIL_ENV = ['MAIL_FROM', 'SES_CONFIGURATION_SET', 'MAIL_MAX_PER_SECOND']
const LINK_ENV = ['LINK_SECRET_PARAMETER', 'PUBLIC_BASE_URL']

/** Every statement of every IAM policy in the template, with the role it is attached to. */
function statements(t: Template): { roles: unknown[]; Action: string | string[]; Resource: unknown }[] {
  return Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).map(
      (s) => ({
        ...s,
        roles: p.Properties.Roles,
      }),
    ),
  )
}

/** The statements attached to a function's role. */
const statementsOf = (t: Template, fn: keyof typeof FUNCTIONS) => {
  const role = logicalId('ActionTracker-test-Stateless', `${FUNCTIONS[fn]}Role`)
  return statements(t).filter((s) => JSON.stringify(s.roles).includes(role))
}
/** A function's environment variables. */
const envOf = (t: Template, fn: keyof typeof FUNCTIONS): Record<string, unknown> =>
  t.findResources('AWS::Lambda::Function')[logicalId('ActionTracker-test-Stateless', FUNCTIONS[fn])]
    ?.Properties.Environment.Variables

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'cdk-test-'))
  app = createApp({ context, outdir })
  // cdk-nag's AwsSolutions and Serverless packs run as CDK validation plugins at synth;
  // an unacknowledged finding fails the synth and writes the report we read below.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app))
  try {
    app.synth()
  } catch (e) {
    nagFailure = e
  }
  stateless = Template.fromStack(stackOf('ActionTracker-test-Stateless'))
  stateful = Template.fromStack(stackOf('ActionTracker-test-Stateful'))
})

afterAll(() => rmSync(outdir, { recursive: true, force: true }))

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in either stack, and every acknowledgement gives a reason', () => {
    // CDK writes the plugins' findings here at synth, acknowledged ones apart with their reasons.
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        pluginName: string
        violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[]
        suppressedViolations?: { ruleName: string; reason: string }[]
      }[]
    }
    expect(report.pluginReports.map((p) => p.pluginName).sort()).toEqual(['AwsSolutions', 'Serverless'])
    const open = report.pluginReports.flatMap((p) =>
      p.violations.map(
        (v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`,
      ),
    )
    expect(open).toEqual([])
    expect(nagFailure).toBeNull()
    const acknowledged = report.pluginReports.flatMap((p) => p.suppressedViolations ?? [])
    expect(acknowledged.length).toBeGreaterThan(5)
    for (const a of acknowledged) expect(a.reason.length, a.ruleName).toBeGreaterThan(30)
  })
})

describe('StatefulStack: mail and secrets', () => {
  it('publishes sends, bounces and complaints from the SES configuration set to the default event bus', () => {
    stateful.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayWith(['send', 'bounce', 'complaint']),
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      }),
    })
  })

  it('keeps the link-signing secret in Parameter Store, not Secrets Manager, and makes no KMS key', () => {
    for (const t of [stateful, stateless]) {
      expect(Object.keys(t.findResources('AWS::SecretsManager::Secret'))).toEqual([])
      expect(Object.keys(t.findResources('AWS::KMS::Key'))).toEqual([])
    }
  })

  it('has point-in-time recovery, deletion protection and TTL on the sent-email log', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      Replicas: Match.arrayWith([
        Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ]),
    })
  })
})

describe('StatelessStack: functions', () => {
  it('runs every function on the newest Node runtime, ARM64, JSON logs, with a timeout and memory', () => {
    const fns = stateless.findResources('AWS::Lambda::Function')
    expect(Object.keys(fns)).toHaveLength(Object.keys(FUNCTIONS).length)
    for (const [id, fn] of Object.entries(fns)) {
      expect(fn.Properties.Runtime, id).toBe(NODE_RUNTIME.name)
      expect(fn.Properties.Architectures, id).toEqual(['arm64'])
      expect(fn.Properties.LoggingConfig, id).toMatchObject({
        LogFormat: 'JSON',
        LogGroup: { Ref: expect.any(String) },
      })
      expect(fn.Properties.Timeout, id).toBeLessThanOrEqual(300)
      // 512 MB each; the action log gets more for rendering Word, the minutes import for reading it.
      expect(fn.Properties.MemorySize, id).toBe(/^(ActionLog|MinutesImport)/.test(id) ? 1024 : 512)
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS, id).toBe('--enable-source-maps')
    }
    const groups = Object.values(stateless.findResources('AWS::Logs::LogGroup'))
    expect(groups.every((g) => typeof g.Properties.RetentionInDays === 'number')).toBe(true)
  })

  it('grants each function exactly the DynamoDB actions its code issues, on the table and its named indexes', () => {
    for (const [key, id] of Object.entries(FUNCTIONS) as [keyof typeof FUNCTIONS, string][]) {
      const role = logicalId('ActionTracker-test-Stateless', `${id}Role`)
      const mine = statements(stateless).filter((s) => JSON.stringify(s.roles).includes(role))
      const dynamo = mine.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('dynamodb:'))
      const streamActions = [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
      ]
      expect(dynamo.filter((a) => !streamActions.includes(a)).sort(), id).toEqual(
        TABLE_ACTIONS[key].map((a) => `dynamodb:${a}`).sort(),
      )
      const tableStatement = mine.find((s) => [s.Action].flat().includes(`dynamodb:${TABLE_ACTIONS[key][0]}`))
      const resources = JSON.stringify(tableStatement?.Resource)
      expect(resources).not.toContain('index/*')
      if ((TABLE_ACTIONS[key] as readonly string[]).includes('Query')) {
        for (const index of Object.values(TABLE.indexes)) expect(resources).toContain(`/index/${index.name}`)
      }
    }
  })

  it('grants no wildcard action and no "*" resource where a resource can be named', () => {
    for (const s of [...statements(stateless), ...statements(stateful)]) {
      for (const action of [s.Action].flat()) {
        expect(action).not.toMatch(/:\*$|^\*$/)
        if (s.Resource === '*') expect(action, JSON.stringify(s)).toMatch(/^xray:/)
      }
    }
  })

  it('lets the mail senders send only from the verified identity with the feedback configuration set', () => {
    const sends = statements(stateless).filter((s) => [s.Action].flat().includes('ses:SendEmail'))
    expect(sends).toHaveLength(SENDERS.length)
    for (const s of sends) {
      expect(JSON.stringify(s.Resource)).toContain('identity/opcc.example.gov.uk')
      expect(JSON.stringify(s.Resource)).toContain('configuration-set/')
    }
    for (const fn of SENDERS) {
      const mine = statementsOf(stateless, fn).flatMap((s) => [s.Action].flat())
      expect(mine, fn).toContain('ses:SendEmail')
    }
  })

  it('gives the senders SES, the link secret (GetParameter) and their settings; the reminders and summaries only queue emails, so none of it', () => {
    expect(statementsOf(stateless, 'api').some((s) => [s.Action].flat().includes('ssm:GetParameter'))).toBe(
      true,
    )
    for (const fn of ['web', 'actionLog', 'minutesImport', 'onEmailFeedback'] as const)
      expect(
        statementsOf(stateless, fn).some((s) => [s.Action].flat().includes('ssm:GetParameter')),
        fn,
      ).toBe(false)
    // GetParameter on the one parameter, and nothing else of SSM's.
    const secretArn = (fn: keyof typeof FUNCTIONS) => {
      const ssm = statementsOf(stateless, fn).filter((s) =>
        [s.Action].flat().some((a) => a.startsWith('ssm:')),
      )
      if (ssm.length === 0) return false
      expect(
        ssm.flatMap((s) => [s.Action].flat()),
        fn,
      ).toEqual(['ssm:GetParameter'])
      expect(JSON.stringify(ssm.map((s) => s.Resource)), fn).toContain(
        ':parameter/action-tracker/test/link-secret',
      )
      return true
    }
    for (const fn of SENDERS) {
      expect(secretArn(fn), fn).toBe(true)
      for (const name of [...MAIL_ENV, ...LINK_ENV])
        expect(envOf(stateless, fn)[name], `${fn} ${name}`).toBeDefined()
    }
    for (const fn of ['sendReminders', 'sendOverdueSummaries'] as const) {
      const actions = statementsOf(stateless, fn).flatMap((s) => [s.Action].flat())
      expect(
        actions.filter((a) => a.startsWith('ses:')),
        fn,
      ).toEqual([])
      expect(secretArn(fn), fn).toBe(false)
      for (const name of [...MAIL_ENV, ...LINK_ENV])
        expect(envOf(stateless, fn)[name], `${fn} ${name}`).toBeUndefined()
    }
  })
})

describe('StatelessStack: sending rate', () => {
  it('shares the account’s send rate between the functions that send, so together they stay within it', () => {
    const rates = Object.values(stateless.findResources('AWS::Lambda::Function'))
      .map((f) => f.Properties.Environment?.Variables?.MAIL_MAX_PER_SECOND)
      .filter((r) => r !== undefined)
      .map(Number)
    expect(rates).toHaveLength(SENDERS.length)
    expect(rates.reduce((a, b) => a + b, 0)).toBeCloseTo(10)
  })
})

describe('StatelessStack: HTTP API', () => {
  it('puts the Cognito JWT authorizer on every route except health, the API description, the owners’ pages and the web pages (the minutes upload form among them)', () => {
    const authorizer = Object.keys(stateless.findResources('AWS::ApiGatewayV2::Authorizer'))[0]
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: Match.objectLike({ Audience: Match.anyValue(), Issuer: Match.anyValue() }),
    })
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties)
    const open = routes
      .filter((r) => r.AuthorizationType === 'NONE')
      .map((r) => r.RouteKey)
      .sort()
    expect(open).toEqual([
      'GET /',
      'GET /health',
      'GET /health/ready',
      'GET /openapi.json',
      'GET /published/{proxy+}',
      'GET /respond/{token}',
      'GET /ui',
      'GET /ui/boards/{boardId}/work-programme/export',
      'GET /ui/meetings/{meetingId}/action-log',
      'GET /ui/{proxy+}',
      'HEAD /published/{proxy+}',
      'POST /respond/{token}',
      'POST /ui/meetings/{meetingId}/minutes-imports',
      'POST /ui/{proxy+}',
    ])
    const guarded = routes.filter((r) => r.AuthorizationType !== 'NONE')
    expect(guarded.map((r) => r.RouteKey)).toContain('$default')
    for (const r of guarded)
      expect(r).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizer } })
  })

  const targetOf = (key: string) =>
    Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).find(
      (r) => r.Properties.RouteKey === key,
    )?.Properties.Target
  /** The logical id of the function behind a route's integration. */
  const functionOf = (key: string) => {
    const id = JSON.stringify(targetOf(key)).match(/"([A-Za-z0-9]+Integration[A-Za-z0-9]*)"/)?.[1] ?? ''
    const uri = JSON.stringify(
      stateless.findResources('AWS::ApiGatewayV2::Integration')[id]?.Properties.IntegrationUri,
    )
    return Object.values(FUNCTIONS).find((f) =>
      uri.includes(`"${logicalId('ActionTracker-test-Stateless', f)}"`),
    )
  }

  it('sends the action log and the work programme export, API route and web download, to its own function', () => {
    const actionLog = targetOf('GET /meetings/{meetingId}/action-log')
    expect(actionLog).toBeDefined()
    expect(targetOf('GET /ui/meetings/{meetingId}/action-log')).toEqual(actionLog)
    expect(functionOf('GET /meetings/{meetingId}/action-log')).toBe('ActionLog')
    expect(functionOf('GET /ui/meetings/{meetingId}/action-log')).toBe('ActionLog')
    // The work programme's export is the same function's: it alone bundles the Word library.
    expect(functionOf('GET /boards/{boardId}/work-programme/export')).toBe('ActionLog')
    expect(functionOf('GET /ui/boards/{boardId}/work-programme/export')).toBe('ActionLog')
    expect(functionOf('POST /meetings/{meetingId}/minutes-imports')).toBe('MinutesImport')
    expect(functionOf('POST /ui/meetings/{meetingId}/minutes-imports')).toBe('MinutesImport')
  })

  it('sends the web pages to their own function, and the API and the owners’ pages to the API’s', () => {
    for (const key of [
      'GET /',
      'GET /ui',
      'GET /ui/{proxy+}',
      'POST /ui/{proxy+}',
      'GET /published/{proxy+}',
      'HEAD /published/{proxy+}',
    ])
      expect(functionOf(key), key).toBe('Web')
    for (const key of ['GET /health', 'GET /openapi.json', 'GET /respond/{token}', 'POST /respond/{token}'])
      expect(functionOf(key), key).toBe('Api')
  })

  it('throttles and writes access logs without the link tokens', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      AccessLogSettings: Match.objectLike({
        Format: Match.stringLikeRegexp('routeKey'),
        DestinationArn: Match.anyValue(),
      }),
    })
    const format = Object.values(stateless.findResources('AWS::ApiGatewayV2::Stage'))[0]?.Properties
      .AccessLogSettings.Format
    expect(format).not.toContain('$context.path')
  })

  it('has a user pool with the three groups, a strong password policy and optional MFA; users cannot write personId', () => {
    stateless.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      // Essentials: free for the first 10,000 monthly active users (decision 0012).
      UserPoolTier: 'ESSENTIALS',
    })
    expect(
      Object.values(stateless.findResources('AWS::Cognito::UserPool'))[0]?.Properties.UserPoolAddOns,
    ).toBeUndefined()
    const groups = Object.values(stateless.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    )
    expect(groups.sort()).toEqual(['chair', 'member', 'secretariat'])
    const client = Object.values(stateless.findResources('AWS::Cognito::UserPoolClient'))[0]?.Properties
    expect(client.WriteAttributes).not.toContain('custom:personId')
  })

  it('signs the web pages in through the hosted UI: code flow, no client secret, callback under the API’s address, and tells the web function how to check the cookie', () => {
    const client = Object.values(stateless.findResources('AWS::Cognito::UserPoolClient'))[0]?.Properties
    expect(client).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
    })
    expect(client.AllowedOAuthScopes.sort()).toEqual(['email', 'openid', 'profile'])
    expect(JSON.stringify(client.CallbackURLs)).toContain('/ui/auth/callback')
    expect(JSON.stringify(client.LogoutURLs)).toContain('/ui/signed-out')
    stateless.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'action-tracker-test' })
    const envOf = (description: string) =>
      Object.values(
        stateless.findResources('AWS::Lambda::Function', {
          Properties: { Description: Match.stringLikeRegexp(description) },
        }),
      )[0]?.Properties.Environment.Variables
    const web = envOf('web pages')
    const api = envOf('JSON API')
    for (const name of ['COGNITO_ISSUER', 'COGNITO_CLIENT_ID', 'COGNITO_DOMAIN', 'PUBLIC_BASE_URL']) {
      expect(web[name], name).toBeDefined()
      // The API serves no pages that sign in, so it is not told how.
      expect(api[name], name).toBeUndefined()
    }
  })
})

describe('StatelessStack: stream, schedules, alarms', () => {
  it('triggers on-table-change with the shared filters, batching, bisect, retries through an outage, partial failures and an encrypted failure queue', () => {
    // The filters include the outbox's queued emails, which on-table-change sends at once.
    expect(TABLE_CHANGE_FILTERS.map((f) => f.dynamodb.NewImage.type.S[0])).toContain('Email')
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId('ActionTracker-test-Stateless', 'OnTableChange') },
      BatchSize: TABLE_CHANGE_MAPPING.batchSize,
      BisectBatchOnFunctionError: true,
      // About 75 minutes of attempts at ~15 s each in an outage; never past the stream's 24 h.
      MaximumRetryAttempts: 300,
      MaximumRecordAgeInSeconds: 86_400,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: TABLE_CHANGE_FILTERS.map((f) => ({ Pattern: JSON.stringify(f) })) },
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [logicalId('ActionTracker-test-Stateless', 'StreamFailures'), 'Arn'] },
        },
      },
    })
    stateless.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true })
  })

  it('runs reminders and summaries every hour and the outbox sweep every 5 minutes, with the scheduled time, retries and a dead-letter queue', () => {
    const schedules = Object.values(stateless.findResources('AWS::Scheduler::Schedule')).map(
      (s) => s.Properties,
    )
    /** The function a schedule invokes. */
    const target = (s: { Target: { Arn: unknown } }) =>
      (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]).find(
        (fn) =>
          JSON.stringify(s.Target.Arn) ===
          JSON.stringify({ 'Fn::GetAtt': [logicalId('ActionTracker-test-Stateless', FUNCTIONS[fn]), 'Arn'] }),
      )
    expect(Object.fromEntries(schedules.map((s) => [target(s), s.ScheduleExpression]))).toEqual({
      sendReminders: 'cron(0 * * * ? *)',
      sendOverdueSummaries: 'cron(0 * * * ? *)',
      sendEmails: 'rate(5 minutes)',
    })
    expect(SWEEP_EVERY_MINUTES).toBe(5)
    for (const s of schedules) {
      expect(JSON.parse(s.Target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' })
      expect(s.Target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 3 })
      expect(s.Target.DeadLetterConfig.Arn).toBeDefined()
    }
    // Not kept past the next run, which does the same work.
    const sweep = schedules.find((s) => target(s) === 'sendEmails')
    expect(sweep?.Target.RetryPolicy.MaximumEventAgeInSeconds).toBeLessThan(SWEEP_EVERY_MINUTES * 60)
    // The sweep's handler keeps a 4-minute budget inside this.
    expect(
      stateless.findResources('AWS::Lambda::Function')[
        logicalId('ActionTracker-test-Stateless', 'SendEmails')
      ]?.Properties.Timeout,
    ).toBe(300)
  })

  it('hands this stage’s SES sends, bounces and complaints to on-email-feedback through an EventBridge rule on the default bus, with a dead-letter queue', () => {
    const rules = Object.values(stateless.findResources('AWS::Events::Rule')).map((r) => r.Properties)
    expect(rules).toHaveLength(1)
    const rule = rules[0]
    expect(JSON.stringify(rule.EventBusName)).toContain('default')
    expect(rule.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Sent', 'Email Bounced', 'Email Complaint Received'],
      detail: { mail: { tags: { 'ses:configuration-set': [expect.anything()] } } },
    })
    expect(rule.Targets).toHaveLength(1)
    expect(JSON.stringify(rule.Targets[0].Arn)).toContain(
      logicalId('ActionTracker-test-Stateless', 'OnEmailFeedback'),
    )
    expect(JSON.stringify(rule.Targets[0].DeadLetterConfig.Arn)).toContain(
      logicalId('ActionTracker-test-Stateless', 'EmailFeedbackFailures'),
    )
    expect(rule.Targets[0].RetryPolicy).toMatchObject({ MaximumEventAgeInSeconds: 86_400 })
    expect(
      Object.keys(stateless.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'lambda' } })),
    ).toEqual([])
  })

  it('lets through exactly this stage’s sends, bounces and complaints: its pattern evaluated against SES’s documented events', () => {
    const rule = Object.values(stateless.findResources('AWS::Events::Rule'))[0]?.Properties
    // The set's name is CloudFormation's, known at deploy: the pattern names the stateful
    // stack's set, and stands here for the fixtures' (the name SES put on those messages).
    const [setName] = rule.EventPattern.detail.mail.tags['ses:configuration-set']
    expect(JSON.stringify(setName)).toMatch(/ConfigurationSet/)
    const ours = sesEventFixture('sent').detail.mail.tags['ses:configuration-set'][0]
    const pattern = JSON.parse(
      JSON.stringify(rule.EventPattern).replace(JSON.stringify(setName), JSON.stringify(ours)),
    )
    const delivered = { ...sesEventFixture('sent'), 'detail-type': 'Email Delivered' }
    delivered.detail = { ...delivered.detail, eventType: 'Delivery' }
    const otherStage = sesEventFixture('bounced')
    otherStage.detail.mail.tags['ses:configuration-set'] = ['ActionTracker-staging-MailSet']
    const untagged = sesEventFixture('complained')
    delete (untagged.detail.mail as { tags?: unknown }).tags
    const notSes = { ...sesEventFixture('bounced'), source: 'aws.sns' }
    expect({
      sent: matchesPattern(pattern, sesEventFixture('sent')),
      bounced: matchesPattern(pattern, sesEventFixture('bounced')),
      complained: matchesPattern(pattern, sesEventFixture('complained')),
      delivered: matchesPattern(pattern, delivered),
      otherStage: matchesPattern(pattern, otherStage),
      untagged: matchesPattern(pattern, untagged),
      notSes: matchesPattern(pattern, notSes),
    }).toEqual({
      sent: true,
      bounced: true,
      complained: true,
      delivered: false,
      otherStage: false,
      untagged: false,
      notSes: false,
    })
    // The local SES front (npm run bounce) names its events from the same constant.
    for (const record of [
      sesEvent('x@example.com', 'Bounce'),
      sesEvent('x@example.com', 'Complaint'),
      { eventType: 'Send' },
    ])
      expect(pattern['detail-type']).toContain(asEventBridgeEvent(record)['detail-type'])
    // The matcher itself, on what it claims to cover.
    expect(matchesPattern({ a: [{ prefix: 'Email ' }] }, { a: 'Email Sent' })).toBe(true)
    expect(matchesPattern({ a: [{ prefix: 'Email ' }] }, { a: 'Sent' })).toBe(false)
    expect(matchesPattern({ a: { b: ['x'] } }, { a: { b: ['y', 'x'] } })).toBe(true)
    expect(matchesPattern({ a: { b: ['x'] } }, { a: 'x' })).toBe(false)
    expect(() => matchesPattern({ a: [{ 'anything-but': 'x' }] }, { a: 'y' })).toThrow(/does not know/)
  })

  it('has at most three alarms, all to the operations email: every function’s errors, every failure queue and given-up email, the 2 % bounce rate', () => {
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties)
    expect(alarms.length).toBeLessThanOrEqual(3)
    const topic = logicalId('ActionTracker-test-Stateless', 'Alarms')
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topic }])
    type Read = { MetricName: string; Dimensions?: unknown }
    const read = (a: { Metrics?: { MetricStat?: { Metric: Read } }[] }): Read[] =>
      (a.Metrics ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []))
    const withMetric = (name: string) => alarms.filter((a) => read(a).some((m) => m.MetricName === name))
    // One alarm over every function's Errors, each function read once.
    const [errors, ...moreErrors] = withMetric('Errors')
    expect(moreErrors).toEqual([])
    const fns = Object.keys(stateless.findResources('AWS::Lambda::Function'))
    expect(
      read(errors)
        .map((m) => JSON.stringify(m.Dimensions))
        .sort(),
    ).toEqual(fns.map((id) => JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }])).sort())
    // One over every queue's depth and the outbox's given-up emails.
    const [failed, ...moreFailed] = withMetric('ApproximateNumberOfMessagesVisible')
    expect(moreFailed).toEqual([])
    const queues = Object.keys(stateless.findResources('AWS::SQS::Queue'))
    expect(
      read(failed)
        .filter((m) => m.MetricName === 'ApproximateNumberOfMessagesVisible')
        .map((m) => JSON.stringify(m.Dimensions))
        .sort(),
    ).toEqual(
      queues
        .map((id) => JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }]))
        .sort(),
    )
    expect(withMetric('EmailsGivenUp')).toEqual([failed])
    for (const a of [errors, failed]) {
      expect(a).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' })
      expect(read(a).length).toBeLessThanOrEqual(MAX_ALARM_METRICS)
      // A metric with no data (a function not invoked) counts as 0.
      const expression: string = a.Metrics.find((m: { Expression?: string }) => m.Expression)?.Expression
      expect(expression.match(/FILL\(/g)).toHaveLength(read(a).length)
    }
    expect(alarms.find((a) => a.MetricName === 'Reputation.BounceRate')).toMatchObject({
      Namespace: 'AWS/SES',
      Threshold: BOUNCE_RATE_ALARM,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: context.opsEmail,
    })
  })

  it('alarms on any email the outbox gave up on, whichever sender gave up', () => {
    const alarm = Object.values(stateless.findResources('AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties)
      .find((a) => JSON.stringify(a.Metrics ?? []).includes('EmailsGivenUp'))
    const metrics = (alarm?.Metrics ?? []).flatMap(
      (m: { MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown } } }) =>
        m.MetricStat?.Metric.Namespace === 'ActionTracker' ? [m.MetricStat.Metric] : [],
    )
    expect(metrics).toEqual(
      Object.values(SENDER_SERVICES).map((service) => ({
        Namespace: 'ActionTracker',
        MetricName: 'EmailsGivenUp',
        Dimensions: [{ Name: 'service', Value: service }],
      })),
    )
    // The dimension is each sender's Powertools service name, set in its handler.
    for (const [fn, service] of Object.entries(SENDER_SERVICES)) {
      const handler = readFileSync(ENTRIES[fn as keyof typeof ENTRIES], 'utf8')
      expect(handler, fn).toContain(`const SERVICE = '${service}'`)
    }
  })

  it('keeps async failures of the scheduled and EventBridge-triggered functions', () => {
    const configs = Object.values(stateless.findResources('AWS::Lambda::EventInvokeConfig')).map(
      (c) => c.Properties,
    )
    // The two hourly sweeps, the outbox sweep and on-email-feedback.
    expect(configs).toHaveLength(4)
    for (const c of configs) expect(c.DestinationConfig.OnFailure.Destination).toBeDefined()
  })
})

describe('deploy context', () => {
  it('refuses a malformed sender or operations address', () => {
    expect(() => createApp({ context: { ...context, mailFrom: 'not an address' } })).toThrow(/mailFrom/)
    expect(() => createApp({ context: { ...context, opsEmail: 'x' } })).toThrow(/opsEmail/)
  })

  it('points the owners’ links at a custom domain when given one, and refuses anything but an https origin', () => {
    const reminderBaseUrl = (publicBaseUrl: string) => {
      // Bundling is not what this looks at; skipping it keeps the synth quick.
      const custom = createApp({ context: { ...context, publicBaseUrl, 'aws:cdk:bundling-stacks': [] } })
      const stack = custom.node.findChild('ActionTracker-test-Stateless') as Stack
      return Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
        .map((f) => f.Properties.Environment?.Variables?.PUBLIC_BASE_URL)
        .filter((u) => u !== undefined)
    }
    // The senders' links (on-table-change, the outbox sweep) and the web pages' sign-in (web
    // pages, action log, minutes import) all use it.
    expect(reminderBaseUrl('https://actions.opcc.example.gov.uk/')).toEqual(
      Array(5).fill('https://actions.opcc.example.gov.uk'),
    )
    for (const bad of ['http://actions.opcc.example.gov.uk', 'https://x.example/respond', 'nope']) {
      expect(() => createApp({ context: { ...context, publicBaseUrl: bad } }), bad).toThrow(/publicBaseUrl/)
    }
  })
})

/**
 * Whether an event matches an EventBridge event pattern, for the features the stack's rule
 * uses: nested objects, and lists of exact values or `{ prefix }` that the event's value (or,
 * when the event holds a list, any of its values) must match one of. Written here because no
 * package in reach evaluates patterns offline (EventBridge's TestEventPattern is an API call);
 * any other operator throws, so a pattern that comes to use one fails this test, not passes it.
 */
function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false
  return Object.entries(pattern).every(([field, wanted]) => {
    const value = (event as Record<string, unknown>)[field]
    if (!Array.isArray(wanted))
      return (
        typeof wanted === 'object' &&
        wanted !== null &&
        matchesPattern(wanted as Record<string, unknown>, value)
      )
    const values = Array.isArray(value) ? value : [value]
    return values.some((v) => v !== undefined && wanted.some((w) => matchesValue(w, v)))
  })
}

function matchesValue(wanted: unknown, value: unknown): boolean {
  if (typeof wanted !== 'object' || wanted === null) return wanted === value
  const [operator, ...more] = Object.keys(wanted)
  if (operator === 'prefix' && more.length === 0)
    return typeof value === 'string' && value.startsWith(String((wanted as { prefix: unknown }).prefix))
  throw new Error(`the test's pattern matcher does not know ${JSON.stringify(wanted)}`)
}
