import * as z from 'zod'
import { MIN_SECRET_LENGTH } from './auth/signed-link.ts'

/**
 * Configuration from the environment, validated once at cold start: a function with a
 * missing or malformed setting fails on its first invocation with a message naming the
 * variable, rather than half-working.
 */
export const BaseConfig = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  AWS_REGION: z.string().min(1).default('eu-west-2'),
  /** Set only in the local stack and tests (DynamoDB Local). */
  DYNAMODB_ENDPOINT: z.url().optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
})
export type BaseConfig = z.infer<typeof BaseConfig>

/** Signs and checks the owners' links; the same secret in the API and the email senders. */
const LINK_SECRET = z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`)

const baseUrl = z.url().transform((u) => u.replace(/\/+$/, ''))

/** The web pages' sign-in (Cognito hosted UI): all four, or none (no web pages). */
const WebSignIn = {
  COGNITO_ISSUER: baseUrl.optional(),
  COGNITO_CLIENT_ID: z.string().min(1).optional(),
  COGNITO_DOMAIN: baseUrl.optional(),
  PUBLIC_BASE_URL: baseUrl.optional(),
}
type WebSignIn = { [K in keyof typeof WebSignIn]?: string | undefined }
const allOrNone = (c: WebSignIn) => {
  const set = [c.COGNITO_ISSUER, c.COGNITO_CLIENT_ID, c.COGNITO_DOMAIN, c.PUBLIC_BASE_URL].filter(Boolean)
  return set.length === 0 || set.length === 4
}
const allOrNoneError = {
  message: 'COGNITO_ISSUER, COGNITO_CLIENT_ID, COGNITO_DOMAIN and PUBLIC_BASE_URL go together',
  path: ['COGNITO_ISSUER'],
}

/** Largest request body accepted, in bytes. */
const MAX_BODY_BYTES = z.coerce.number().int().positive().default(100_000)

export const ApiConfig = BaseConfig.extend({ MAX_BODY_BYTES, LINK_SECRET })
export type ApiConfig = z.infer<typeof ApiConfig>

/** The web pages' function: they exist only with their sign-in, so all four are required. */
export const WebConfig = BaseConfig.extend({
  MAX_BODY_BYTES,
  COGNITO_ISSUER: baseUrl,
  COGNITO_CLIENT_ID: z.string().min(1),
  COGNITO_DOMAIN: baseUrl,
  PUBLIC_BASE_URL: baseUrl,
})
export type WebConfig = z.infer<typeof WebConfig>

/** The action log's function: reads only, and checks the web pages' session for their downloads. */
export const ActionLogConfig = BaseConfig.extend({
  MAX_BODY_BYTES,
  ...WebSignIn,
}).refine(allOrNone, allOrNoneError)
export type ActionLogConfig = z.infer<typeof ActionLogConfig>

/** The minutes import's function needs the same: the table, and the pages' sign-in for the upload form. */
export const MinutesImportConfig = ActionLogConfig

/** Handlers that send email. */
export const MailConfig = BaseConfig.extend({
  MAIL_FROM: z.email(),
  /** Set only in the local stack and tests (the SES emulator). */
  SES_ENDPOINT: z.url().optional(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /**
   * Most emails a function sends per second. SES accounts have a maximum send rate
   * (1/s in the sandbox, typically 14/s in production); staying under it avoids throttling.
   */
  MAIL_MAX_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
})
export type MailConfig = z.infer<typeof MailConfig>

/** The email senders (the stream handler and the outbox sweep) also sign the owners' links, which point at the API's pages. */
export const SenderConfig = MailConfig.extend({
  LINK_SECRET,
  /** Where the API is reached from outside, e.g. https://actions.example.gov.uk */
  PUBLIC_BASE_URL: baseUrl,
})
export type SenderConfig = z.infer<typeof SenderConfig>

export class ConfigError extends Error {}

export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new ConfigError(`invalid configuration: ${problems}`)
  }
  return parsed.data
}
