import { App, type AppProps } from 'aws-cdk-lib'
import * as z from 'zod'
import { StatefulStack } from './stateful-stack.ts'
import { StatelessStack } from './stateless-stack.ts'

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
  const data = new StatefulStack(app, `ActionTracker-${stage}-Stateful`, { env, stage })
  const mail = deployContext(app)
  new StatelessStack(app, `ActionTracker-${stage}-Stateless`, {
    env,
    stage,
    table: data.table,
    configurationSet: data.configurationSet,
    linkSecret: data.linkSecret,
    ...mail,
  })

  return app
}

/**
 * What a deployment must be told (`-c mailFrom=… -c opsEmail=…`), validated before anything
 * is built. Synth without them (tests, a first look) uses placeholders on example.org.
 */
const DeployContext = z.object({
  mailFrom: z.email().default('actions@example.org'),
  opsEmail: z.email().default('operations@example.org'),
  /** The SES account's maximum send rate (1/s in the sandbox; see the SES console). */
  maxSendRate: z.coerce.number().positive().max(1000).default(10),
  /** The owners' links' origin when a custom domain is mapped to the API (https only, no path). */
  publicBaseUrl: z
    .url({ protocol: /^https$/ })
    .refine((u) => URL.parse(u)?.pathname === '/', 'must be an origin such as https://actions.example.gov.uk')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** The hosted sign-in page's domain prefix, unique in the region (default action-tracker-<stage>). */
  authDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and hyphens')
    .refine((p) => !/aws|amazon|cognito/.test(p), 'may not contain aws, amazon or cognito')
    .optional(),
})

function deployContext(app: App) {
  const raw = Object.fromEntries(
    ['mailFrom', 'opsEmail', 'maxSendRate', 'publicBaseUrl', 'authDomainPrefix']
      .map((k) => [k, app.node.tryGetContext(k)])
      .filter(([, v]) => v !== undefined),
  )
  const parsed = DeployContext.safeParse(raw)
  if (!parsed.success) {
    throw new Error(
      `Invalid deploy context: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  }
  return parsed.data
}

// Synthesise only when run as the CDK entry point, so tests can import createApp.
if (process.argv[1] === import.meta.filename) {
  createApp().synth()
}
