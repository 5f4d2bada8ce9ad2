import * as z from 'zod'
import { Id } from '#shared/domain/common.ts'
import { AcceptDraftsInput, MinutesImport } from '#shared/domain/minutes-import.ts'
import * as imports from '#shared/usecases/minutes-imports.ts'
import { ImportView } from '../http/minutes-import-spec.ts'
import { rowProblem } from '../http/problem.ts'
import { principalOf, type RouteDef, route } from '../http/route.ts'
import { itemsRoute } from './list-routes.ts'

const DraftResults = z.object({
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({
        draftId: z.string(),
        ok: z.literal(true),
        decision: z.enum(['accepted', 'rejected']),
        actionId: Id.nullable().meta({ description: 'The action raised, matched or decided' }),
        meetingId: Id.nullable().meta({ description: 'The meeting approved, scheduled or given attendance' }),
      }),
      z.object({
        draftId: z.string(),
        ok: z.literal(false),
        status: z.number().int().meta({ description: 'What this draft alone would have been answered' }),
        field: z.string(),
        detail: z.string().meta({ example: '04.23/06/2020: No one on this board has the initials "FR"' }),
      }),
    ]),
  ),
  saved: z.number().int(),
  failed: z.number().int(),
})

export function draftResults(results: readonly imports.DraftResult[]): z.infer<typeof DraftResults> {
  const out = results.map((r) =>
    r.ok
      ? {
          draftId: r.draftId,
          ok: true as const,
          decision: r.decision,
          actionId: r.actionId,
          meetingId: r.meetingId,
        }
      : { draftId: r.draftId, ok: false as const, ...rowProblem(r.error, r.field, r.label) },
  )
  const saved = out.filter((r) => r.ok).length
  return { results: out, saved, failed: out.length - saved }
}

const importParams = z.object({ importId: Id })

/** Reading and reviewing imports; the upload itself is the import function's (minutes-import-spec). */
export const importRoutes: RouteDef[] = [
  itemsRoute({
    method: 'get',
    path: '/meetings/{meetingId}/minutes-imports',
    summary: "A meeting's minutes imports, oldest first (without their drafts)",
    tag: 'imports',
    auth: 'jwt',
    allow: ['secretariat'],
    params: z.object({ meetingId: Id }),
    item: MinutesImport,
    description: 'The imports',
    list: (req, deps) => imports.listImports(deps, principalOf(req), req.params.meetingId),
  }),
  route({
    method: 'get',
    path: '/minutes-imports/{importId}',
    summary: 'An import with its drafts, each matched against the log as it is now',
    tag: 'imports',
    auth: 'jwt',
    allow: ['secretariat'],
    params: importParams,
    response: { status: 200, description: 'The import', schema: ImportView },
    handle: async (req, deps) => ({
      status: 200,
      body: await imports.getImport(deps, principalOf(req), req.params.importId),
    }),
  }),
  route({
    method: 'post',
    path: '/minutes-imports/{importId}/accept',
    summary:
      'Accept drafts (with any edits) into the log and reject others; each draft succeeds or fails on its own',
    tag: 'imports',
    auth: 'jwt',
    allow: ['secretariat'],
    params: importParams,
    body: AcceptDraftsInput,
    response: {
      status: 200,
      description: "Each draft's result: 200 when every one was saved, and when some were not",
      schema: DraftResults,
    },
    handle: async (req, deps) => ({
      status: 200,
      body: draftResults(await imports.acceptDrafts(deps, principalOf(req), req.params.importId, req.body)),
    }),
  }),
]
