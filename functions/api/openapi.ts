import * as z from 'zod'
import { documentedAs, EARLIEST_DATE, LATEST_DATE } from '#shared/domain/common.ts'
import { DependencyUnavailableError } from '#shared/errors.ts'
import { Problem } from '../http/problem.ts'
import type { RouteSpec } from '../http/route.ts'

type JsonSchema = Record<string, unknown>

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema =>
  z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    // A body or row validated row by row is documented as the schema it is checked against.
    override: (ctx) => {
      const shown = documentedAs.get(ctx.zodSchema as unknown as z.ZodType)
      if (shown) Object.assign(ctx.jsonSchema, withoutDialect(toSchema(shown, io)))
    },
  }) as JsonSchema

const withoutDialect = ({ $schema: _, ...rest }: JsonSchema): JsonSchema => rest

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

/** The one route that answers without the table, so never 503. */
const LIVENESS_PATH = '/health'

const unavailableResponse = {
  ...problemResponse('The database did not answer (an outage or throttling); try again after Retry-After'),
  headers: {
    'Retry-After': {
      description: `Seconds to wait before trying again (${DependencyUnavailableError.retryAfterSeconds})`,
      schema: { type: 'integer' },
    },
  },
}

/**
 * OpenAPI 3.1 generated from the route table's zod schemas, so the document cannot
 * disagree with what the API validates.
 */
export function buildOpenApi(routes: readonly RouteSpec[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routes) {
    const parameters = [
      ...objectFields(r.params).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
      ...objectFields(r.query).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
      ...(r.ifMatch
        ? [
            {
              name: 'If-Match',
              in: 'header',
              required: r.ifMatch === 'required',
              description: 'The version you read (the ETag); a stale one gets 409',
              schema: { type: 'string' },
            },
          ]
        : []),
    ]
    const operation = {
      operationId: `${r.method}${r.path.replace(/[{}]/g, '').replace(/(?:^|[/-])(\w)/g, (_, ch: string) => ch.toUpperCase())}`,
      summary: r.summary,
      tags: [r.tag],
      ...(r.allow || r.alsoAllowed
        ? { description: `Allowed: ${r.allow?.join(', ') ?? r.alsoAllowed}.` }
        : {}),
      ...(r.auth === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: toSchema(r.body, 'input') },
                ...(r.upload
                  ? {
                      'multipart/form-data': {
                        schema: {
                          type: 'object',
                          required: [r.upload.field],
                          properties: { [r.upload.field]: { type: 'string', format: 'binary' } },
                        },
                      },
                    }
                  : {}),
              },
            },
          }
        : {}),
      responses: {
        [r.response.status]: {
          description: r.response.description,
          ...(r.response.schema
            ? { content: { 'application/json': { schema: toSchema(r.response.schema, 'output') } } }
            : {}),
          ...(r.response.mediaTypes ? fileResponse(r.response.mediaTypes) : {}),
          ...(r.response.headers ? { headers: r.response.headers } : {}),
        },
        ...(r.body || r.query ? { 400: problemResponse('Invalid input; `issues` name each field') } : {}),
        ...(r.auth === 'jwt'
          ? { 401: problemResponse('No valid token'), 403: problemResponse('Not allowed for your role') }
          : {}),
        ...(r.params ? { 404: problemResponse('No such resource') } : {}),
        ...(r.method !== 'get'
          ? { 409: problemResponse('Stale version, illegal transition or duplicate') }
          : {}),
        ...(r.body
          ? {
              413: problemResponse('Body too large'),
              415: problemResponse(r.upload ? 'Not JSON, or a file of a kind not read' : 'Body is not JSON'),
            }
          : {}),
        ...(r.ifMatch === 'required' ? { 428: problemResponse('If-Match is missing') } : {}),
        // Every route but the liveness check reads the table.
        ...(r.path === LIVENESS_PATH ? {} : { 503: unavailableResponse }),
      },
    }
    const methods = paths[r.path] ?? {}
    methods[r.method] = operation
    paths[r.path] = methods
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Meeting action tracker API',
      version: '0.1.0',
      description:
        'Actions raised at governance meetings, their owners, Actions Arising, outcomes and minutes approval. ' +
        'Errors are RFC 9457 problem documents. ' +
        `Every instant and date accepted lies between ${EARLIEST_DATE} and ${LATEST_DATE} (instants in UTC); ` +
        'anything else is a 400 whose `issues` name the field. ' +
        'Every list is paged: it takes `limit` (1–100, default 50) and `cursor`, and answers `{ items, next }` ' +
        'with a `Link: <…>; rel="next"` header while there is more; send `next` back unchanged as `cursor` ' +
        '(a cursor that is not one this list gave out is a 400 naming `cursor`).',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: toSchema(Problem, 'output') },
    },
    paths,
  }
}

/** A file answer (`raw`): each media type a string body, text or binary, and how it is named. */
function fileResponse(mediaTypes: readonly string[]) {
  return {
    content: Object.fromEntries(
      mediaTypes.map((t) => [
        t,
        { schema: /^text\//.test(t) ? { type: 'string' } : { type: 'string', format: 'binary' } },
      ]),
    ),
    headers: {
      'Content-Disposition': {
        description: 'attachment (inline for HTML) with a file name',
        schema: { type: 'string' },
      },
    },
  }
}

function objectFields(schema: z.ZodType | undefined): [string, JsonSchema][] {
  if (!schema) return []
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema> }
  return Object.entries(json.properties ?? {})
}
