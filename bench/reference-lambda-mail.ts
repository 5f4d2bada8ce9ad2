/**
 * The reference for the functions that send email (bench/bundles.ts): bench/reference-lambda.ts
 * plus an SES v2 client, and an invocation that makes one GetItem and sends one plain email.
 * A separate bundle, so the DynamoDB-only functions are not compared with a reference that
 * also loads SES.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const ses = new SESv2Client({})

export type ReferenceMailEvent = { key: { PK: string; SK: string }; to: string }

export const handler = async (event: ReferenceMailEvent) => {
  const { Item } = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: event.key }))
  const { MessageId } = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: process.env.MAIL_FROM,
      Destination: { ToAddresses: [event.to] },
      Content: {
        Simple: {
          Subject: { Data: 'Reference', Charset: 'UTF-8' },
          Body: { Text: { Data: `Found: ${Item !== undefined}`, Charset: 'UTF-8' } },
        },
      },
    }),
  )
  return { found: Item !== undefined, emails: MessageId ? 1 : 0 }
}
