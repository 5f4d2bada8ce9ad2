import { App, type AppProps } from 'aws-cdk-lib'
import { StatefulStack } from './stateful-stack.ts'

// The stage becomes part of stack names and generated resource names, so keep it short and
// safe for every AWS naming scheme it will meet.
const STAGE = /^[a-z][a-z0-9-]{1,15}$/

/** Builds the app; tests pass `context` instead of `-c stage=...`. */
export function createApp(props: AppProps = {}): App {
  const app = new App(props)

  const stage: unknown = app.node.tryGetContext('stage') ?? 'dev'
  if (typeof stage !== 'string' || !STAGE.test(stage)) {
    throw new Error(
      `Invalid stage ${JSON.stringify(stage)}: pass -c stage=<name> matching ${STAGE} (e.g. dev, prod, pr-42)`,
    )
  }

  const env = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2',
  }
  new StatefulStack(app, `ActionTracker-${stage}-Stateful`, { env, stage })

  return app
}

// Synthesise only when run as the CDK entry point, so tests can import createApp.
if (process.argv[1] === import.meta.filename) {
  createApp().synth()
}
