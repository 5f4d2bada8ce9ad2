import * as z from 'zod'
import { Id } from '#shared/domain/common.ts'
import { Meeting } from '#shared/domain/meeting.ts'
import { PublicationInput } from '#shared/domain/publication.ts'
import * as publication from '#shared/usecases/publication.ts'
import { ok, principalOf, type RouteDef, route } from '../http/route.ts'

/** Withholding a meeting's published action log, and publishing it again (issue #17). */
export const publicationRoutes: readonly RouteDef[] = [
  route({
    method: 'put',
    path: '/meetings/{meetingId}/publication',
    summary: "Withhold the meeting's open action log from publication (with the reason), or publish it again",
    tag: 'meetings',
    auth: 'jwt',
    allow: ['secretariat'],
    params: z.object({ meetingId: Id }),
    body: PublicationInput,
    ifMatch: 'optional',
    response: { status: 200, description: 'The meeting, with its publication decision', schema: Meeting },
    handle: async (req, deps) =>
      ok(
        await publication.setPublication(deps, principalOf(req), req.params.meetingId, req.body, req.ifMatch),
      ),
  }),
]
