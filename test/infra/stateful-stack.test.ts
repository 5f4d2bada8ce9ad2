import { Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApp } from '#infra/app.ts'
import { createTableInput, TABLE } from '#shared/store/table.ts'
import cdkJson from '../../cdk.json' with { type: 'json' }

const TABLE_TYPE = 'AWS::DynamoDB::GlobalTable'

// DynamoDB Local is created from this input, so every comparison below is against it rather
// than against literals: a change to TABLE that the CDK mapping does not follow fails here.
const local = createTableInput('x')

/**
 * Synthesises the app as `cdk synth -c stage=<stage>` would, with cdk.json's feature flags,
 * but without bundling the functions: nothing here looks at them (the stateless stack's
 * tests do), and bundling all of them takes most of a synth's time.
 */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] }

function synth(stage: string) {
  const app = createApp({ context: { ...cdkJson.context, ...NO_BUNDLING, stage } })
  const stack = app.node.tryFindChild(`ActionTracker-${stage}-Stateful`)
  if (!stack || !Stack.isStack(stack)) throw new Error(`stack for stage ${stage} not found`)
  return { app, template: Template.fromStack(stack) }
}

/** CloudFormation treats these lists as sets; compare them regardless of order. */
function byName<T>(items: readonly T[] | undefined, name: (item: T) => string | undefined): T[] {
  return [...(items ?? [])].sort((a, b) => (name(a) ?? '').localeCompare(name(b) ?? ''))
}

describe('StatefulStack', () => {
  let template: Template
  let tableProps: Record<string, unknown> & {
    AttributeDefinitions?: { AttributeName?: string }[]
    GlobalSecondaryIndexes?: { IndexName?: string }[]
  }

  beforeAll(() => {
    template = synth('test').template
    const tables = Object.values(template.findResources(TABLE_TYPE))
    expect(tables).toHaveLength(1)
    tableProps = tables[0]?.Properties
  })

  it('has the key schema, attributes and billing mode DynamoDB Local is created with', () => {
    template.hasResourceProperties(TABLE_TYPE, {
      KeySchema: Match.exact(local.KeySchema),
      BillingMode: local.BillingMode,
    })
    expect(byName(tableProps.AttributeDefinitions, (a) => a.AttributeName)).toEqual(
      byName(local.AttributeDefinitions, (a) => a.AttributeName),
    )
  })

  it('has exactly the global secondary indexes DynamoDB Local is created with', () => {
    expect(byName(tableProps.GlobalSecondaryIndexes, (i) => i.IndexName)).toEqual(
      byName(local.GlobalSecondaryIndexes, (i) => i.IndexName),
    )
  })

  it('streams new and old images, as DynamoDB Local does', () => {
    template.hasResourceProperties(TABLE_TYPE, {
      StreamSpecification: { StreamViewType: local.StreamSpecification?.StreamViewType },
    })
  })

  it('expires items on the TTL attribute the store writes', () => {
    template.hasResourceProperties(TABLE_TYPE, {
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    })
  })

  it('protects the data: PITR, deletion protection, AWS-managed encryption, retained on removal', () => {
    template.hasResourceProperties(TABLE_TYPE, {
      Replicas: [{ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }],
    })
    template.hasResourceProperties(TABLE_TYPE, { Replicas: [{ DeletionProtectionEnabled: true }] })
    template.hasResourceProperties(TABLE_TYPE, { SSESpecification: { SSEEnabled: true, SSEType: 'KMS' } })
    template.hasResource(TABLE_TYPE, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' })
  })

  it('lets CloudFormation name the table and outputs the generated name', () => {
    template.hasResourceProperties(TABLE_TYPE, { TableName: Match.absent() })
    const [tableId] = Object.keys(template.findResources(TABLE_TYPE))
    template.hasOutput('TableName', { Value: { Ref: tableId } })
  })

  it('keeps one suppression list, the app’s: the configuration set opts out of SES’s own', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: [] },
    })
  })

  it('publishes Send events as well as bounces and complaints to the default event bus (an outbox email is recorded as sent from its Send event)', () => {
    const destinations = Object.values(template.findResources('AWS::SES::ConfigurationSetEventDestination'))
    expect(destinations).toHaveLength(1)
    const destination = destinations[0]?.Properties.EventDestination
    expect([...destination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'send'])
    expect(destination.Enabled).toBe(true)
    expect(JSON.stringify(destination.EventBridgeDestination.EventBusArn)).toContain(':event-bus/default')
    expect(destination.SnsDestination).toBeUndefined()
  })

  it('holds no customer-managed KMS key, no Secrets Manager secret and no SNS topic: each costs every month', () => {
    for (const type of ['AWS::KMS::Key', 'AWS::SecretsManager::Secret', 'AWS::SNS::Topic'])
      expect(Object.keys(template.findResources(type)), type).toEqual([])
    template.hasOutput('LinkSecretParameter', { Value: '/action-tracker/test/link-secret' })
  })

  it('synthesises without context lookups, so it works offline', () => {
    const { app } = synth('offline')

    const assembly = app.synth()

    expect(assembly.manifest.missing ?? []).toEqual([])
  })
})

describe('app', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('defaults to the dev stage in eu-west-2', () => {
    vi.stubEnv('CDK_DEFAULT_REGION', undefined)

    const app = createApp({ context: { ...cdkJson.context, ...NO_BUNDLING } })

    const stack = app.node.tryFindChild('ActionTracker-dev-Stateful')
    expect(stack && Stack.isStack(stack) ? stack.region : undefined).toBe('eu-west-2')
  })

  it.each(['Dev', 'd', '1dev', 'dev_1', 'a'.repeat(17), '', 42])('rejects the invalid stage %j', (stage) => {
    expect(() => createApp({ context: { stage } })).toThrow(/Invalid stage/)
  })
})
