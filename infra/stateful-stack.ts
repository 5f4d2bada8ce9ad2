import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import type { Construct } from 'constructs'
import { TABLE } from '#shared/store/table.ts'

export interface StatefulStackProps extends StackProps {
  readonly stage: string
}

/**
 * Resources that hold data and must outlive any deployment of the stateless stacks, which
 * can then be torn down and redeployed freely.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2

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

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'Generated name of the action tracker table',
    })
  }
}
