import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as kms from 'aws-cdk-lib/aws-kms'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import * as ses from 'aws-cdk-lib/aws-ses'
import * as sns from 'aws-cdk-lib/aws-sns'
import type { Construct } from 'constructs'
import { TABLE } from '#shared/store/table.ts'

export interface StatefulStackProps extends StackProps {
  readonly stage: string
}

/** The owners' links are signed with this many random characters. */
const LINK_SECRET_LENGTH = 64

/**
 * Resources that hold data and must outlive any deployment of the stateless stacks, which
 * can then be torn down and redeployed freely.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2
  /** SES reports bounces, complaints and sends of mail sent with this set to `feedbackTopic`. */
  readonly configurationSet: ses.ConfigurationSet
  readonly feedbackTopic: sns.Topic
  readonly linkSecret: secretsmanager.Secret

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
    // configuration set; on-email-feedback (stateless stack) subscribes, unfiltered. The topic
    // carries addresses and the message's tags (an outbox email's key), not its content.
    const topicKey = new kms.Key(this, 'FeedbackTopicKey', {
      description: 'Encrypts the SES bounce, complaint and send topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    // SES only needs to encrypt what it publishes, and only for this account's sends.
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    )
    this.feedbackTopic = new sns.Topic(this, 'EmailFeedback', {
      displayName: `Action tracker ${props.stage}: SES bounces, complaints and sends`,
      masterKey: topicKey,
      enforceSSL: true,
    })
    this.configurationSet = new ses.ConfigurationSet(this, 'MailConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
    })
    // The app keeps the one suppression list (fed by this topic, shown to the secretariat,
    // lifted by them). SES's own account-level list would silently go on dropping an
    // address the secretariat has lifted, so this configuration set opts out of it.
    ;(this.configurationSet.node.defaultChild as ses.CfnConfigurationSet).addPropertyOverride(
      'SuppressionOptions.SuppressedReasons',
      [],
    )
    // Send too: on-email-feedback records an outbox email as sent from SES's Send event (the
    // message carries the email's key as its `outbox` tag), so an email whose sender died or
    // timed out after SES accepted it is not sent again when its lease runs out.
    // The construct id is the one first deployed: renaming it would replace the destination.
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: [ses.EmailSendingEvent.SEND, ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    })

    // Signs the owners' links. Generated here and never output; functions read it at cold start.
    this.linkSecret = new secretsmanager.Secret(this, 'LinkSigningSecret', {
      description: `Action tracker ${props.stage}: HMAC key for the owners' signed links`,
      generateSecretString: { passwordLength: LINK_SECRET_LENGTH, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    })
    Validations.of(this.linkSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'rotating the key kills every owner link in flight; rotate by hand between meetings (README, deploy guide)',
    })

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'Generated name of the action tracker table',
    })
  }
}
