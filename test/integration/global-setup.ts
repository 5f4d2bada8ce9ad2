import '#infra/local/quiet-sdk.ts'
import type { TestProject } from 'vitest/node'
import { startDynamoLocal } from '#infra/local/dynamodb-local.ts'
import { startSesLocal } from '#infra/local/ses-local.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string
    sesEndpoint: string
  }
}

/**
 * One DynamoDB Local and one SES emulator for the whole integration run, on free loopback
 * ports; each test file makes its own table. Stopped again (by PID) at the end.
 */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal()
  const ses = await startSesLocal()
  project.provide('dynamoEndpoint', dynamo.endpoint)
  project.provide('sesEndpoint', ses.endpoint)
  return async () => {
    await ses.stop()
    await dynamo.stop()
  }
}
