import { type Context, Hono } from 'hono'
import { etag } from 'hono/etag'
import { fileSafe } from '#shared/domain/action-log.ts'
import { IsoDate } from '#shared/domain/common.ts'
import { LICENCE_TEXT, OGL } from '#shared/domain/publication.ts'
import { NotFoundError, ValidationError } from '#shared/errors.ts'
import { renderPublishedCsv } from '#shared/export/csv.ts'
import { renderForwardPlanCsv } from '#shared/export/forward-plan.ts'
import * as published from '#shared/usecases/publication.ts'
import { pageHeaders } from '../../http/ui/page.tsx'
import type { WebKit } from '../kit.ts'
import { indexPage, meetingLogPage, notFoundPage, workProgrammePage } from './pages.tsx'

/**
 * Caches may keep a page five minutes and serve it stale ten more while they fetch it again:
 * a withheld meeting leaves the caches within a quarter of an hour (it is gone here at once).
 */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=600'

/**
 * The pages' headers and strict policy, but indexable (a published record is meant to be
 * found), cacheable by anyone, and naming their licence.
 */
const { 'X-Robots-Tag': _noindex, ...PAGE } = pageHeaders()
const PUBLIC = { ...PAGE, 'Cache-Control': CACHE_CONTROL, Link: `<${OGL.url}>; rel="license"` }
const CSV = {
  'Content-Type': 'text/csv; charset=utf-8; header=present',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cache-Control': CACHE_CONTROL,
  Link: `<${OGL.url}>; rel="license"`,
}

/**
 * The published action log (issue #17): a board's index of approved meetings and each one's
 * open log as a page and as CSV, for anyone, no sign-in. A strong ETag from the body answers
 * a revalidation with 304.
 */
export function publishedRoutes(k: WebKit): Hono {
  const { deps, idParam } = k
  const app = new Hono()
  app.use('/published/*', etag())

  const get = (path: string, handler: (c: Context) => Promise<Response>) =>
    app.get(path, async (c) => {
      try {
        return await handler(c)
      } catch (e) {
        if (e instanceof NotFoundError) return c.html(notFoundPage(), 404, PAGE)
        return k.problem(c, e)
      }
    })

  get('/published/boards/:boardId', async (c) => {
    const boardId = idParam(c, 'boardId')
    const before = c.req.query('before')
    if (before !== undefined && !IsoDate.safeParse(before).success)
      throw new ValidationError('invalid before', [{ path: 'before', message: 'before must be a date' }])
    const index = await published.publishedIndex(deps, boardId, before)
    const indexPath = published.publishedIndexPath(boardId)
    const body = indexPage({
      ...index,
      indexPath,
      workProgrammeHref: index.hasWorkProgramme ? published.publishedWorkProgrammePath(boardId) : null,
      earlierHref: index.earlier ? `${indexPath}?before=${index.earlier}` : null,
      firstHref: before ? indexPath : null,
    })
    return c.html(body, 200, PUBLIC)
  })

  get('/published/boards/:boardId/meetings/:slug', async (c) => {
    const boardId = idParam(c, 'boardId')
    const log = await published.publishedMeeting(deps, boardId, c.req.param('slug') ?? '')
    return c.html(meetingLogPage({ ...log, indexPath: published.publishedIndexPath(boardId) }), 200, PUBLIC)
  })

  get('/published/boards/:boardId/meetings/:slug/action-log.csv', async (c) => {
    const { log } = await published.publishedMeeting(deps, idParam(c, 'boardId'), c.req.param('slug') ?? '')
    return c.body(renderPublishedCsv(log, LICENCE_TEXT), 200, {
      ...CSV,
      'Content-Disposition': `attachment; filename="${log.fileBaseName}.csv"`,
    })
  })

  get('/published/boards/:boardId/work-programme', async (c) => {
    const boardId = idParam(c, 'boardId')
    const { plan } = await published.publishedWorkProgramme(deps, boardId)
    const body = workProgrammePage({
      plan,
      indexPath: published.publishedIndexPath(boardId),
      csvPath: `${published.publishedWorkProgrammePath(boardId)}.csv`,
    })
    return c.html(body, 200, PUBLIC)
  })

  get('/published/boards/:boardId/work-programme.csv', async (c) => {
    const { board, plan } = await published.publishedWorkProgramme(deps, idParam(c, 'boardId'))
    return c.body(renderForwardPlanCsv(plan, LICENCE_TEXT), 200, {
      ...CSV,
      'Content-Disposition': `attachment; filename="${fileSafe(board.shortName)}-work-programme.csv"`,
    })
  })

  // Anything else under /published is a page, not the API's JSON problem.
  app.get('/published/*', (c) => c.html(notFoundPage(), 404, PAGE))
  return app
}
