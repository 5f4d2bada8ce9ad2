import type { MiddlewareStack } from '@smithy/types'
import { COUNT_THROTTLES } from '#shared/mail/mailer.ts'

/**
 * SDK middleware for the tests' instruments (the no-Scan and IAM-action recorders, fault
 * injection) and the benches' meters. `next` answers the middleware's result (`{ output }`).
 */

/** One command as a hook sees it: its API operation (GetItem, SendEmail, …) and its input. */
export type Call = { operation: string; input: Record<string, any> }
type Next = (call: Call) => Promise<unknown>
type Hook = (call: Call, next: Next) => Promise<unknown>
// Any SDK client (the document client shares its inner client's stack).
type Client = { middlewareStack: MiddlewareStack<any, any> }

/**
 * SDK middleware at the start of the client's stack (`initialize`), before the document
 * client marshals and before any retry: it sees every command once, with its native input.
 * The document client hands its commands to the low-level client, so the names are the
 * API's operations.
 */
export function hook(client: Client, name: string, fn: Hook): void {
  client.middlewareStack.add(
    (next, context) => async (args) =>
      fn({ operation: String(context.commandName).replace(/Command$/, ''), input: args.input }, (call) =>
        next({ ...args, input: call.input }),
      ) as any,
    { step: 'initialize', name },
  )
}

/**
 * Middleware inside the SDK's retry loop, just after the mailer's throttle counter: it sees
 * each attempt, so an error thrown here is retried (or not) as one from SES would be.
 */
export function hookSesAttempt(client: Client, name: string, fn: (input: Record<string, any>) => void): void {
  client.middlewareStack.addRelativeTo(
    (next: (args: any) => Promise<any>) => async (args: { input: Record<string, any> }) => {
      fn(args.input)
      return next(args)
    },
    { relation: 'after', toMiddleware: COUNT_THROTTLES, name },
  )
}

export function unhook(client: Client, name: string): void {
  client.middlewareStack.remove(name)
}
