import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as events from 'aws-cdk-lib/aws-events'
import * as ses from 'aws-cdk-lib/aws-ses'
import type { Construct } from 'constructs'
import { TABLE } from '#shared/store/table.ts'

export interface StatefulStackProps extends StackProps {
  readonly stage: string
}

/** SES publishes configuration-set events to the default bus only. */
export const DEFAULT_EVENT_BUS = 'default'

/** What SES publishes: Send settles an outbox email; bounces and complaints suppress addresses. */
export const SES_FEEDBACK_EVENTS = [
  ses.EmailSendingEvent.SEND,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
] as const

/** One parameter per stage, so stages sharing an account keep their own secret. */
export const linkSecretParameterName = (stage: string) => `/action-tracker/${stage}/link-secret`

/** The SecureString parameter the functions read the link-signing secret from. */
export type LinkSecretParameter = { parameterName: string; parameterArn: string }

/**
 * Resources that hold data and must outlive any deployment of the stateless stacks, which
 * can then be torn down and redeployed freely.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2
  /** SES publishes bounces, complaints and sends of mail sent with this set to the default event bus. */
  readonly configurationSet: ses.ConfigurationSet
  readonly linkSecret: LinkSecretParameter

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { description: `Meeting action tracker (${props.stage}): data`, ...props })

    // Every key and index comes from TABLE, the module DynamoDB Local is created from, so the
    // deployed table cannot drift from the one the tests run against.
    const key = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING })

    // No tableName: stages sharing an account cannot collide, and handlers are given the
    // generated name through their environment, so nothing depends on a fixed one.
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: key(TABLE.partitionKey),
      sortKey: key(TABLE.sortKey),
      globalSecondaryIndexes: Object.values(TABLE.indexes).map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      billing: dynamodb.Billing.onDemand(),
      // The stream is the event log that on-table-change consumes (DESIGN.md, Events).
      dynamoStream: dynamodb.StreamViewType[TABLE.stream],
      timeToLiveAttribute: TABLE.ttlAttribute,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      // The table is the system of record for governance actions: it must survive a bad
      // write (PITR), a stray delete (deletion protection) and stack removal (RETAIN).
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })

    // Bounces, complaints and sends: SES publishes them for every email sent with this
    // configuration set to the account's default event bus (the only bus SES publishes to);
    // an EventBridge rule in the stateless stack hands them to on-email-feedback. EventBridge
    // encrypts events at rest with an AWS-owned key, so no customer-managed key ($1 a month) is
    // needed, as the SNS topic this replaced was given. Events carry addresses and the
    // message's tags (an outbox email's key), not its content.
    this.configurationSet = new ses.ConfigurationSet(this, 'MailConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
    })
    // The app keeps the one suppression list (fed by these events, shown to the secretariat,
    // lifted by them). SES's own account-level list would silently go on dropping an
    // address the secretariat has lifted, so this configuration set opts out of it.
    ;(this.configurationSet.node.defaultChild as ses.CfnConfigurationSet).addPropertyOverride(
      'SuppressionOptions.SuppressedReasons',
      [],
    )
    // Send too: on-email-feedback records an outbox email as sent from SES's Send event (the
    // message carries the email's key as its `outbox` tag), so an email whose sender died or
    // timed out after SES accepted it is not sent again when its lease runs out.
    this.configurationSet.addEventDestination('MailEvents', {
      destination: ses.EventDestination.eventBus(
        events.EventBus.fromEventBusName(this, 'DefaultBus', DEFAULT_EVENT_BUS),
      ),
      events: [...SES_FEEDBACK_EVENTS],
    })

    // Signs the owners' links: a SecureString parameter under the AWS-managed key (aws/ssm),
    // which has no monthly charge, unlike a Secrets Manager secret ($0.40). CloudFormation
    // cannot create a SecureString, so it is put once by hand before the first deploy
    // (docs/deploying.md, "The link-signing secret"); functions read it once per cold start.
    const parameterName = linkSecretParameterName(props.stage)
    this.linkSecret = {
      parameterName,
      // The name starts with "/", which formatArn's separator already gives.
      parameterArn: this.formatArn({
        service: 'ssm',
        resource: 'parameter',
        resourceName: parameterName.replace(/^\//, ''),
      }),
    }
    new CfnOutput(this, 'LinkSecretParameter', {
      value: parameterName,
      description: 'The SecureString parameter to put the link-signing secret in before the first deploy',
    })

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'Generated name of the action tracker table',
    })
  }
}
