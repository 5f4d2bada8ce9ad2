import type { Logger } from '@aws-lambda-powertools/logger'
import type { Context, Env, Hono } from 'hono'
import type * as z from 'zod'
import {
  CreateActionInput,
  defaultPublicWording,
  OutcomeInput,
  PatchActionInput,
  PostUpdateInput,
} from '#shared/domain/action.ts'
import { type Board, CreateBoardInput, PatchBoardInput } from '#shared/domain/board.ts'
import { Email, Id, Role } from '#shared/domain/common.ts'
import { CreateMeetingInput, MinutesApprovalInput, PatchMeetingInput } from '#shared/domain/meeting.ts'
import { Cursor, PAGE_LIMIT, type PageRequest } from '#shared/domain/page.ts'
import { CreatePersonInput, initialsKey, PatchPersonInput, type Person } from '#shared/domain/person.ts'
import { type Principal, principalFromClaims } from '#shared/domain/principal.ts'
import { fromZoned, isoDateIn, toZoned } from '#shared/domain/time.ts'
import {
  asDependencyOutage,
  ConflictError,
  type ConflictReason,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from '#shared/errors.ts'
import * as actions from '#shared/usecases/actions.ts'
import * as boards from '#shared/usecases/boards.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as notify from '#shared/usecases/notify.ts'
import * as ownerLinks from '#shared/usecases/owner-links.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import * as queries from '#shared/usecases/queries.ts'
import * as suppressions from '#shared/usecases/suppressions.ts'
import { fromAnotherSite } from '../../http/fetch-metadata.ts'
import { pageHeaders } from '../../http/layout.ts'
import { RETRY_AFTER_HEADERS } from '../../http/problem.ts'
import type { FormState } from './forms.ts'
import {
  cognitoAuthorizeUrl,
  cognitoCallback,
  cognitoLogoutUrl,
  currentPrincipal,
  endSession,
  startSession,
  type UiAuth,
} from './session.ts'
import * as views from './views.ts'

/** API Gateway serves these without its JWT authorizer; the pages check the session cookie. */
export const uiRoutes = [
  // The bare address a person types leads to the pages.
  { method: 'get' as const, path: '/' },
  { method: 'get' as const, path: '/ui' },
  { method: 'get' as const, path: '/ui/{proxy+}' },
  { method: 'post' as const, path: '/ui/{proxy+}' },
]

export type UiOptions = { deps: Deps; auth: UiAuth; logger: Pick<Logger, 'error'>; maxBodyBytes: number }

type Signed = { principal: Principal; me: Person | null }

/** What a form post does: its change (answering with where to go next) and its page. */
type FormPost = {
  /** The form's name on the page (its fields' ids start with it). */
  form: string
  /** Where an error that names no field is shown. */
  firstField: string
  change: () => Promise<string>
  redraw: (state: FormState) => Promise<string>
  /** The form carries a one-time key: a second send does nothing. */
  oneTime?: boolean
  /** The field a conflict of each kind concerns. */
  conflicts?: Partial<Record<ConflictReason, string>>
}
type Handler<E extends Env> = (c: Context<E>, s: Signed) => Promise<Response>

const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i

/**
 * The web pages for the secretariat and the chair, on the same use cases as the JSON API
 * (so the same rules and the same role checks apply), signed in through `UiAuth`.
 */
export function mountUi<E extends Env>(app: Hono<E>, { deps, auth, logger, maxBodyBytes }: UiOptions): void {
  const headers = pageHeaders(auth.signIn.kind === 'cognito' ? auth.signIn.domain : undefined)
  const htmlPage = (c: Context<E>, body: string, status = 200) => c.html(body, status as 200, headers)

  /** Signed-in pages: a visitor without a session is sent to sign in; errors become pages. */
  const signed =
    (handler: Handler<E>) =>
    async (c: Context<E>): Promise<Response> => {
      const principal = await currentPrincipal(c, auth)
      if (!principal) {
        if (c.req.method === 'GET') return c.redirect('/ui/sign-in', 303)
        // A post after the session ended is not saved, but what was typed is shown back so
        // it can be copied, not lost (a form from another site gets nothing echoed).
        const typed = await readForm(c).catch(() => ({}) as Record<string, string>)
        return htmlPage(c, views.sessionEndedPage(typed), 401)
      }
      try {
        const me = principal.personId ? await deps.store.people.get(principal.personId) : null
        return await handler(c, { principal, me })
      } catch (e) {
        return problem(c, e)
      }
    }

  function problem(c: Context<E>, e: unknown): Response {
    if (e instanceof NotFoundError)
      return htmlPage(
        c,
        views.messagePage(
          'Page not found',
          'There is nothing here. It may have been removed, or the address is wrong.',
          { href: '/ui', label: 'Go to your start page' },
        ),
        404,
      )
    if (e instanceof ForbiddenError)
      return htmlPage(
        c,
        views.messagePage('You cannot do this', `Your role does not allow it: ${e.message}.`, {
          href: '/ui',
          label: 'Go to your start page',
        }),
        403,
      )
    if (e instanceof ValidationError && e.issues.some((i) => i.path === 'cursor'))
      return htmlPage(
        c,
        views.messagePage(
          'This page link does not work',
          'It is damaged or out of date, so it does not lead to a page of this list. Start again from the first page.',
          { href: c.req.path, label: 'Go to the first page' },
        ),
        400,
      )
    if (e instanceof ValidationError)
      return htmlPage(
        c,
        views.messagePage('This request was not accepted', `${e.message}. Nothing was saved.`, {
          href: '/ui',
          label: 'Go to your start page',
        }),
        400,
      )
    if (e instanceof PayloadTooLargeError)
      return htmlPage(
        c,
        views.messagePage('Too much text', 'What you sent is too long to accept. Nothing was saved.'),
        413,
      )
    if (e instanceof CrossSite)
      return htmlPage(
        c,
        views.messagePage(
          'This form was not accepted',
          'It was sent from another website or in another format. Nothing was saved.',
          { href: '/ui', label: 'Go to your start page' },
        ),
        403,
      )
    if (asDependencyOutage(e)) {
      logger.error('page failed: the database did not answer', {
        error: e,
        method: c.req.method,
        path: c.req.path,
      })
      return c.html(
        views.messagePage(
          'Sorry, the service is busy',
          'It could not reach its records just now. Please try again in a few seconds: anything you sent may not have been saved, so check before sending it again.',
        ),
        503,
        { ...headers, ...RETRY_AFTER_HEADERS },
      )
    }
    logger.error('page failed', { error: e, method: c.req.method, path: c.req.path })
    return htmlPage(
      c,
      views.messagePage(
        'Sorry, there is a problem with the service',
        'Nothing was saved. Please try again later.',
      ),
      500,
    )
  }

  /**
   * A form post on a signed-in page. `build` reads what it needs from the request and the
   * form and says how to make the change and how to draw the page again. The change's
   * redirect answers a success; on a refusal the page is drawn again with what was typed
   * and why (a validation error names its field; a conflict the field it concerns).
   */
  function postForm(
    path: string,
    build: (c: Context<E>, s: Signed, form: Record<string, string>) => Promise<FormPost> | FormPost,
  ): void {
    app.post(
      path,
      signed(async (c, s) => {
        const values = await readForm(c)
        return attempt(c, values, await build(c, s, values))
      }),
    )
  }

  async function attempt(c: Context<E>, values: Record<string, string>, spec: FormPost): Promise<Response> {
    const { form, firstField, oneTime } = spec
    if (oneTime && !(await useFormKey(values.formKey))) {
      return htmlPage(
        c,
        views.messagePage(
          'This form was already sent',
          'It was not sent again, so nothing was done twice. Go back and reload the page to see where things stand.',
        ),
        409,
      )
    }
    try {
      return c.redirect(await spec.change(), 303)
    } catch (e) {
      // Nothing was saved, so the key may be used again (going back and sending it is no replay).
      if (oneTime) await releaseFormKey(values.formKey)
      if (e instanceof ValidationError) {
        const issues = e.issues.length > 0 ? e.issues : [{ path: firstField, message: e.message }]
        return htmlPage(c, await spec.redraw({ form, issues, values }), 400)
      }
      if (!(e instanceof ConflictError)) throw e
      if (e.reason === 'stale-version') {
        // Someone else's change won: show the form as it now stands (not what was typed,
        // which a second save would write over their change), and say so.
        const message =
          'Someone else changed this while you were editing. The form now shows their version: make your change again.'
        return htmlPage(
          c,
          await spec.redraw({ form, issues: [{ path: firstField, message }], values: {} }),
          409,
        )
      }
      const issues = [{ path: spec.conflicts?.[e.reason] ?? firstField, message: e.message }]
      return htmlPage(c, await spec.redraw({ form, issues, values }), 409)
    }
  }

  async function releaseFormKey(key: string | undefined): Promise<void> {
    if (key && /^[\w-]{16,64}$/.test(key))
      await deps.store.links.releaseForm(`ui-${key}`).catch(() => undefined)
  }

  /** A form's one-time key, used up; false if missing or already used. */
  async function useFormKey(key: string | undefined): Promise<boolean> {
    if (!key || !/^[\w-]{16,64}$/.test(key)) return false
    return deps.store.links.useForm({ nonce: `ui-${key}`, expiresAt: Math.floor(Date.now() / 1000) + 86_400 })
  }

  async function readForm(c: Context<E>): Promise<Record<string, string>> {
    if (fromAnotherSite(c.req.header('sec-fetch-site'), c.req.header('origin'), c.req.url))
      throw new CrossSite()
    if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) throw new CrossSite()
    const raw = await c.req.text()
    if (Buffer.byteLength(raw) > maxBodyBytes) throw new PayloadTooLargeError('the form is too large')
    const out: Record<string, string> = {}
    // Browsers send CRLF line breaks but count them as one character against maxlength.
    for (const [k, v] of new URLSearchParams(raw)) out[k] = v.replace(/\r\n?/g, '\n')
    return out
  }

  /** One page of one of a page's lists, from that list's own query parameter. */
  const listPage = (c: Context<E>, param: string): PageRequest => {
    const raw = c.req.query(param)
    if (raw !== undefined && !Cursor.safeParse(raw).success)
      throw new ValidationError('invalid cursor', [
        { path: 'cursor', message: `${param} is not a page link` },
      ])
    return { limit: PAGE_LIMIT.default, ...(raw === undefined ? {} : { cursor: raw }) }
  }

  /**
   * The links under one of a page's `lists`: this page with that list's cursor moved on (or
   * dropped, for its first page) and the others' kept, so paging one list leaves the rest.
   */
  const pageLinks = (
    c: Context<E>,
    lists: readonly string[],
    param: string,
    next: string | null,
    anchor = '',
  ): views.PageLinks => {
    const url = new URL(c.req.url)
    const at = (cursor: string | null) => {
      const query = new URLSearchParams()
      for (const name of lists) {
        const value = name === param ? cursor : url.searchParams.get(name)
        if (value) query.set(name, value)
      }
      return `${url.pathname}${query.size > 0 ? `?${query}` : ''}${anchor}`
    }
    return { next: next ? at(next) : null, first: url.searchParams.has(param) ? at(null) : null }
  }

  const idParam = (c: Context<E>, name: string): string => {
    const parsed = Id.safeParse(c.req.param(name))
    if (!parsed.success) throw new NotFoundError('page', c.req.path)
    return parsed.data
  }

  // ---- signing in and out ----------------------------------------------------------------

  app.get('/ui', async (c) => {
    const principal = await currentPrincipal(c, auth)
    if (!principal) return c.redirect('/ui/sign-in', 303)
    const home = { secretariat: '/ui/boards', chair: '/ui/chair', member: '/ui/mine' }[principal.role]
    return c.redirect(home, 303)
  })

  app.get('/ui/sign-in', async (c) => {
    if (auth.signIn.kind === 'cognito') return c.redirect(cognitoAuthorizeUrl(c, auth.signIn), 302)
    return htmlPage(c, views.signInPage(await deps.store.people.list()))
  })

  app.post('/ui/sign-in', async (c) => {
    if (auth.signIn.kind !== 'local') return c.redirect('/ui/sign-in', 303)
    try {
      const form = await readForm(c)
      const role = Role.safeParse(form.role)
      if (!role.success) {
        const state = { form: 'sign-in', issues: [{ path: 'role', message: 'Choose a role' }], values: form }
        return htmlPage(c, views.signInPage(await deps.store.people.list(), state), 400)
      }
      const personId = Id.safeParse(form.personId).success ? (form.personId ?? null) : null
      const { token, maxAgeSeconds } = await auth.signIn.issue({ role: role.data, personId })
      startSession(c, token, maxAgeSeconds)
      return c.redirect('/ui', 303)
    } catch (e) {
      return problem(c, e)
    }
  })

  app.get('/ui/auth/callback', async (c) => {
    if (auth.signIn.kind !== 'cognito') return c.redirect('/ui/sign-in', 303)
    const tokens = await cognitoCallback(c, auth.signIn).catch(() => null)
    const claims = tokens ? await auth.verify(tokens.idToken) : null
    if (tokens && claims && !principalFromClaims(claims)) {
      // Signing in again would loop through the hosted UI: say what is missing instead.
      return htmlPage(
        c,
        views.messagePage(
          'Your account has no role yet',
          'Ask the secretariat to add you to the secretariat, chair or member group, then sign in again.',
          { href: cognitoLogoutUrl(auth.signIn), label: 'Sign out' },
        ),
        403,
      )
    }
    if (!tokens || !claims) {
      return htmlPage(
        c,
        views.messagePage('Sign-in did not complete', 'Please try again.', {
          href: '/ui/sign-in',
          label: 'Sign in',
        }),
        400,
      )
    }
    startSession(c, tokens.idToken, tokens.maxAgeSeconds)
    return c.redirect('/ui', 303)
  })

  app.post('/ui/sign-out', async (c) => {
    try {
      await readForm(c) // another site may not sign people out either
    } catch (e) {
      return problem(c, e)
    }
    endSession(c)
    return c.redirect(auth.signIn.kind === 'cognito' ? cognitoLogoutUrl(auth.signIn) : '/ui/signed-out', 303)
  })

  app.get('/ui/signed-out', (c) =>
    htmlPage(
      c,
      views.messagePage('You have signed out', 'Close the browser if you share this computer.', {
        href: '/ui/sign-in',
        label: 'Sign in again',
      }),
    ),
  )

  // ---- boards and meetings ---------------------------------------------------------------

  const boardsView = async (c: Context<E>, s: Signed, state?: FormState) => {
    const [page, people] = await Promise.all([
      boards.pageBoards(deps, listPage(c, 'cursor')),
      peopleUc.listPeople(deps),
    ])
    return views.boardsPage(s, page.items, pageLinks(c, ['cursor'], 'cursor', page.next), people, state)
  }

  app.get(
    '/ui/boards',
    signed(async (c, s) => htmlPage(c, await boardsView(c, s))),
  )

  postForm('/ui/boards', (c, s, form) => {
    return {
      form: 'board',
      firstField: 'name',
      change: async () => {
        const input = parsed(CreateBoardInput, {
          name: form.name ?? '',
          shortName: form.shortName ?? '',
          secretariatEmails: list(form.secretariatEmails),
          ...(form.chairId ? { chairId: form.chairId } : {}),
        })
        const board = await boards.createBoard(deps, s.principal, input)
        return `/ui/boards/${board.id}`
      },
      redraw: (state) => boardsView(c, s, state),
      oneTime: true,
    }
  })

  const boardView = async (c: Context<E>, s: Signed, boardId: string, state?: FormState) => {
    const board = await boards.getBoard(deps, boardId)
    const now = deps.now()
    const lists = ['upcoming', 'past']
    const [upcoming, past, people] = await Promise.all([
      meetings.pageMeetings(deps, board.id, { from: now.toISOString() }, listPage(c, 'upcoming')),
      meetings.pageMeetings(
        deps,
        board.id,
        { to: new Date(now.getTime() - 1).toISOString(), newestFirst: true },
        listPage(c, 'past'),
      ),
      peopleUc.listPeople(deps),
    ])
    const links = {
      upcoming: pageLinks(c, lists, 'upcoming', upcoming.next, '#upcoming'),
      past: pageLinks(c, lists, 'past', past.next, '#past'),
    }
    return views.boardPage(s, board, { upcoming: upcoming.items, past: past.items, links }, people, state)
  }

  postForm('/ui/boards/:boardId', (c, s, form) => {
    const boardId = idParam(c, 'boardId')
    const days = (raw: string | undefined) =>
      list(raw).map((d) => (/^\d{1,2}$/.test(d) ? Number(d) : Number.NaN))
    const number = (raw: string | undefined) =>
      /^\d{1,2}$/.test(raw?.trim() ?? '') ? Number(raw) : Number.NaN
    const minutes = (raw: string | undefined) =>
      /^\d{1,3}$/.test(raw?.trim() ?? '') ? Number(raw) : Number.NaN
    return {
      form: 'board-settings',
      firstField: 'name',
      change: async () => {
        const current = await boards.getBoard(deps, boardId)
        const next = {
          name: form.name ?? '',
          shortName: form.shortName ?? '',
          secretariatEmails: list(form.secretariatEmails),
          chairId: form.chairId ? form.chairId : null,
          reminderDaysBefore: days(form.reminderDaysBefore),
          summaryDaysBefore: number(form.summaryDaysBefore),
          overdueCarryThreshold: number(form.overdueCarryThreshold),
          meetingLengthMinutes: minutes(form.meetingLengthMinutes),
        }
        const patch = changedOnly(next, current)
        if (Object.keys(patch).length === 0) return `/ui/boards/${boardId}?done=unchanged`
        await boards.patchBoard(
          deps,
          s.principal,
          boardId,
          parsed(PatchBoardInput, patch),
          Number(form.version),
        )
        return `/ui/boards/${boardId}?done=board-changed`
      },
      redraw: (state) => boardView(c, s, boardId, state),
      oneTime: true,
    }
  })

  app.get(
    '/ui/boards/:boardId',
    signed(async (c, s) => htmlPage(c, await boardView(c, s, idParam(c, 'boardId')))),
  )

  postForm('/ui/boards/:boardId/meetings', (c, s, form) => {
    const boardId = idParam(c, 'boardId')
    return {
      form: 'meeting',
      firstField: 'date',
      change: async () => {
        const board = await boards.getBoard(deps, boardId)
        const startsAt = localInstant(form.date, form.time, board)
        const input = parsed(CreateMeetingInput, {
          startsAt,
          ...(form.location?.trim() ? { location: form.location.trim() } : {}),
        })
        const meeting = await meetings.createMeeting(deps, s.principal, boardId, input)
        return `/ui/meetings/${meeting.id}`
      },
      redraw: (state) => boardView(c, s, boardId, renamed(state, { startsAt: 'date' })),
      oneTime: true,
    }
  })

  const meetingView = async (c: Context<E>, s: Signed, meetingId: string) => {
    const meeting = await meetings.getMeeting(deps, meetingId)
    const board = await boards.getBoard(deps, meeting.boardId)
    const lists = ['arising', 'raised']
    const [arising, decided, raised, all, allPeople] = await Promise.all([
      actions.listActionsArising(deps, s.principal, meeting.id, listPage(c, 'arising')),
      meeting.status === 'minutes-approved'
        ? actions.listActionsDecidedAt(deps, s.principal, meeting.id)
        : [],
      actions.listActionsRaisedAt(deps, s.principal, meeting.id, listPage(c, 'raised')),
      meetings.listMeetings(deps, board.id, { from: meeting.startsAt }),
      peopleUc.listPeople(deps),
    ])
    const later = all.filter(
      (m) => m.id !== meeting.id && m.status === 'scheduled' && m.startsAt > meeting.startsAt,
    )
    return {
      board,
      meeting,
      arising: arising.items,
      decided,
      raised: raised.items,
      links: {
        arising: pageLinks(c, lists, 'arising', arising.next, '#arising'),
        raised: pageLinks(c, lists, 'raised', raised.next, '#raised'),
      },
      later,
      allPeople,
      people: new Map(allPeople.map((p) => [p.id, p])),
      today: isoDateIn(deps.now(), board.timeZone),
    }
  }

  app.get(
    '/ui/meetings/:meetingId',
    signed(async (c, s) => {
      const done = DONE[c.req.query('done') ?? '']
      return htmlPage(
        c,
        views.meetingPage(s, await meetingView(c, s, idParam(c, 'meetingId')), undefined, done),
      )
    }),
  )

  postForm('/ui/meetings/:meetingId/actions', (c, s, form) => {
    const meetingId = idParam(c, 'meetingId')
    return {
      form: 'raise',
      firstField: 'description',
      change: async () => {
        const people = await peopleUc.listPeople(deps)
        const section = form.exemptSection?.trim()
        const input = parsed(CreateActionInput, {
          itemNumber: form.itemNumber?.trim() ? Number(form.itemNumber) : undefined,
          description: form.description ?? '',
          ownerIds: ownersByInitials(form.owners, people),
          ...(form.dueMeetingId ? { dueMeetingId: form.dueMeetingId } : {}),
          ...(section ? { exempt: { section, publicWording: defaultPublicWording(section) } } : {}),
        })
        await actions.raiseAction(deps, s.principal, meetingId, input)
        return `/ui/meetings/${meetingId}?done=raised#raised`
      },
      redraw: async (state) =>
        views.meetingPage(
          s,
          await meetingView(c, s, meetingId),
          renamed(state, { ownerIds: 'owners', exempt: 'exemptSection' }),
        ),
      oneTime: true,
    }
  })

  postForm('/ui/meetings/:meetingId/outcomes', (c, s, form) => {
    const meetingId = idParam(c, 'meetingId')
    const actionId = Id.safeParse(form.actionId).success ? (form.actionId as string) : ''
    return {
      form: `outcome-${actionId}`,
      firstField: 'outcome',
      change: async () => {
        const input = parsed(OutcomeInput, { actionId, outcome: form.outcome, note: form.note ?? '' })
        await actions.proposeOutcome(deps, s.principal, meetingId, input)
        return `/ui/meetings/${meetingId}?done=outcome#arising-${actionId}`
      },
      redraw: async (state) => views.meetingPage(s, await meetingView(c, s, meetingId), state),
    }
  })

  postForm('/ui/meetings/:meetingId', (c, s, form) => {
    const meetingId = idParam(c, 'meetingId')
    return {
      form: 'change',
      firstField: 'date',
      change: async () => {
        const current = await meetings.getMeeting(deps, meetingId)
        const board = await boards.getBoard(deps, current.boardId)
        // Moved only if the date or time differs from what the form showed (to the minute,
        // and whichever side of an autumn clock change it fell).
        const shown = views.localDateTime(current.startsAt, board.timeZone)
        const moved = form.date !== shown.date || form.time !== shown.time
        const startsAt = moved ? localInstant(form.date, form.time, board) : current.startsAt
        const location = form.location?.trim() ? form.location.trim() : null
        const patch = {
          ...(moved ? { startsAt } : {}),
          ...(location !== current.location ? { location } : {}),
          ...(form.status && form.status !== current.status ? { status: form.status } : {}),
        }
        if (Object.keys(patch).length === 0) return `/ui/meetings/${meetingId}?done=unchanged`
        const input = parsed(PatchMeetingInput, patch)
        await meetings.patchMeeting(deps, s.principal, meetingId, input, Number(form.version))
        return `/ui/meetings/${meetingId}?done=changed`
      },
      redraw: async (state) =>
        views.meetingPage(s, await meetingView(c, s, meetingId), renamed(state, { startsAt: 'date' })),
      oneTime: true,
      conflicts: { 'illegal-transition': 'status' },
    }
  })

  app.post(
    '/ui/meetings/:meetingId/owner-links/revoke',
    signed(async (c, s) => {
      const meetingId = idParam(c, 'meetingId')
      const form = await readForm(c)
      const ownerId = Id.safeParse(form.ownerId)
      if (!ownerId.success) throw new NotFoundError('person', String(form.ownerId))
      await ownerLinks.revokeOwnerLinks(deps, s.principal, meetingId, ownerId.data)
      return c.redirect(`/ui/meetings/${meetingId}?done=revoked#arising`, 303)
    }),
  )

  app.post(
    '/ui/meetings/:meetingId/assignment-emails',
    signed(async (c, s) => {
      const meetingId = idParam(c, 'meetingId')
      const { owners } = await notify.sendAssignmentEmailsNow(deps, s.principal, meetingId)
      return c.redirect(
        `/ui/meetings/${meetingId}?done=${owners > 0 ? 'emailed' : 'nothing-to-email'}#raised`,
        303,
      )
    }),
  )

  postForm('/ui/meetings/:meetingId/attendance', (c, s, form) => {
    const meetingId = idParam(c, 'meetingId')
    const attendance = Object.entries(form)
      .filter(([personId, status]) => Id.safeParse(personId).success && status)
      .map(([personId, status]) => ({ personId, status }))
    return {
      form: 'attendance',
      firstField: 'attendance',
      change: async () => {
        await meetings.patchMeeting(deps, s.principal, meetingId, parsed(PatchMeetingInput, { attendance }))
        return `/ui/meetings/${meetingId}?done=attendance`
      },
      redraw: async (state) => views.meetingPage(s, await meetingView(c, s, meetingId), state),
    }
  })

  postForm('/ui/meetings/:meetingId/minutes-approval', (c, s, form) => {
    const meetingId = idParam(c, 'meetingId')
    return {
      form: 'approve',
      firstField: 'approvedOn',
      change: async () => {
        const amendments = form.amendments?.trim()
        const input = parsed(MinutesApprovalInput, {
          approvedOn: form.approvedOn ?? '',
          ...(amendments ? { amendments } : {}),
        })
        await meetings.approveMinutes(deps, s.principal, meetingId, input)
        return `/ui/meetings/${meetingId}?done=approved#minutes`
      },
      redraw: async (state) => views.meetingPage(s, await meetingView(c, s, meetingId), state),
      oneTime: true,
    }
  })

  // ---- actions ---------------------------------------------------------------------------

  const actionView = async (c: Context<E>, s: Signed, actionId: string) => {
    const action = await actions.getAction(deps, s.principal, actionId)
    const [board, history, people, later] = await Promise.all([
      boards.getBoard(deps, action.boardId),
      // A member may not read the history of an exempt action they do not own.
      actions.actionHistory(deps, s.principal, actionId, listPage(c, 'history')).catch((e: unknown) => {
        if (e instanceof ForbiddenError) return null
        throw e
      }),
      peopleUc.listPeople(deps),
      meetings.listMeetings(deps, action.boardId, { from: action.raisedAt }),
    ])
    const dueOptions = later.filter((m) => m.status === 'scheduled' && m.startsAt > action.raisedAt)
    return {
      action,
      board,
      history: history?.items ?? null,
      historyLinks: pageLinks(c, ['history'], 'history', history?.next ?? null, '#history'),
      people: new Map(people.map((p) => [p.id, p])),
      dueOptions,
    }
  }

  app.get(
    '/ui/actions/:actionId',
    signed(async (c, s) =>
      htmlPage(
        c,
        views.actionPage(
          s,
          await actionView(c, s, idParam(c, 'actionId')),
          undefined,
          DONE[c.req.query('done') ?? ''],
        ),
      ),
    ),
  )

  postForm('/ui/actions/:actionId', (c, s, form) => {
    const actionId = idParam(c, 'actionId')
    return {
      form: 'edit',
      firstField: 'description',
      change: async () => {
        const [current, people] = await Promise.all([
          actions.getAction(deps, s.principal, actionId),
          peopleUc.listPeople(deps),
        ])
        const ownerIds = ownersByInitials(form.owners, people)
        const dueDate = form.dueDate?.trim() ? form.dueDate.trim() : null
        // Only what changed, so the history records just that.
        const patch = {
          ...(form.description !== undefined &&
          form.description !== current.description.replace(/\r\n?/g, '\n')
            ? { description: form.description }
            : {}),
          ...(ownerIds.join() !== current.ownerIds.join() ? { ownerIds } : {}),
          // Moved only if the person chose another meeting than the one the form showed.
          ...(form.dueMeetingId && form.dueMeetingId !== (form.dueWas ?? '')
            ? { dueMeetingId: form.dueMeetingId }
            : {}),
          ...(dueDate !== current.dueDate ? { dueDate } : {}),
        }
        if (Object.keys(patch).length === 0) return `/ui/actions/${actionId}?done=unchanged`
        await actions.patchAction(
          deps,
          s.principal,
          actionId,
          parsed(PatchActionInput, patch),
          Number(form.version),
        )
        return `/ui/actions/${actionId}?done=edited`
      },
      redraw: async (state) =>
        views.actionPage(s, await actionView(c, s, actionId), renamed(state, { ownerIds: 'owners' })),
      oneTime: true,
      conflicts: { 'illegal-transition': 'owners' },
    }
  })

  postForm('/ui/actions/:actionId/updates', (c, s, form) => {
    const actionId = idParam(c, 'actionId')
    return {
      form: 'update',
      firstField: 'text',
      change: async () => {
        const input = parsed(PostUpdateInput, { text: form.text ?? '', proposeComplete: false })
        await actions.postUpdate(deps, s.principal, actionId, input)
        return `/ui/actions/${actionId}?done=update`
      },
      redraw: async (state) => views.actionPage(s, await actionView(c, s, actionId), state),
      oneTime: true,
    }
  })

  // ---- people and suppressions -----------------------------------------------------------

  const peopleView = async (c: Context<E>, s: Signed, state?: FormState, done?: string) => {
    const lists = ['people', 'suppressed']
    const [people, suppressed] = await Promise.all([
      peopleUc.pagePeople(deps, listPage(c, 'people')),
      s.principal.role === 'member'
        ? { items: [], next: null }
        : suppressions.listSuppressions(deps, s.principal, listPage(c, 'suppressed')),
    ])
    const shown = new Set(people.items.map((p) => p.id))
    const named = people.items.flatMap((p) => [...p.memberIds, ...(p.deputyId ? [p.deputyId] : [])])
    const related = await peopleUc.peopleByIds(
      deps,
      named.filter((id) => !shown.has(id)),
    )
    return views.peoplePage(
      s,
      {
        people: people.items,
        related,
        suppressed: suppressed.items,
        links: {
          people: pageLinks(c, lists, 'people', people.next),
          suppressed: pageLinks(c, lists, 'suppressed', suppressed.next, '#suppressed'),
        },
      },
      state,
      done,
    )
  }

  app.get(
    '/ui/people',
    signed(async (c, s) => htmlPage(c, await peopleView(c, s, undefined, DONE[c.req.query('done') ?? '']))),
  )

  postForm('/ui/people', (c, s, form) => {
    return {
      form: 'person',
      firstField: 'name',
      change: async () => {
        const people = await peopleUc.listPeople(deps)
        const deputy = form.deputy?.trim() ? ownersByInitials(form.deputy, people, 'deputy')[0] : undefined
        const members = form.members?.trim() ? ownersByInitials(form.members, people, 'members') : undefined
        const input = parsed(CreatePersonInput, {
          name: form.name ?? '',
          initials: form.initials ?? '',
          kind: form.kind,
          email: form.email?.trim() ? form.email.trim() : null,
          ...(members ? { memberIds: members } : {}),
          ...(deputy ? { deputyId: deputy } : {}),
        })
        await peopleUc.createPerson(deps, s.principal, input)
        return '/ui/people?done=person'
      },
      redraw: (state) => peopleView(c, s, renamed(state, { memberIds: 'members', deputyId: 'deputy' })),
      oneTime: true,
      conflicts: { duplicate: 'initials' },
    }
  })

  const personView = async (s: Signed, personId: string, state?: FormState) => {
    const people = await peopleUc.listPeople(deps)
    const person = people.find((p) => p.id === personId)
    if (!person) throw new NotFoundError('person', personId)
    return views.personPage(s, person, people, state)
  }

  app.get(
    '/ui/people/:personId',
    signed(async (c, s) => {
      if (s.principal.role !== 'secretariat') throw new ForbiddenError('only the secretariat changes people')
      return htmlPage(c, await personView(s, idParam(c, 'personId')))
    }),
  )

  postForm('/ui/people/:personId', (c, s, form) => {
    const personId = idParam(c, 'personId')
    return {
      form: 'person-edit',
      firstField: 'name',
      change: async () => {
        const people = await peopleUc.listPeople(deps)
        const current = people.find((p) => p.id === personId)
        if (!current) throw new NotFoundError('person', personId)
        const deputies = form.deputy?.trim() ? ownersByInitials(form.deputy, people, 'deputy') : []
        if (deputies.length > 1) {
          throw new ValidationError('one deputy', [{ path: 'deputy', message: 'Name one deputy' }])
        }
        const members = current.kind === 'team' ? ownersByInitials(form.members, people, 'members') : []
        const next = {
          name: form.name ?? '',
          initials: form.initials ?? '',
          email: form.email?.trim() ? form.email.trim() : null,
          role: form.role?.trim() ? form.role.trim() : null,
          deputyId: deputies[0] ?? null,
          ...(current.kind === 'team' ? { memberIds: members } : {}),
        }
        const patch = changedOnly(next, current)
        if (Object.keys(patch).length === 0) return '/ui/people?done=unchanged'
        await peopleUc.patchPerson(
          deps,
          s.principal,
          personId,
          parsed(PatchPersonInput, patch),
          Number(form.version),
        )
        return '/ui/people?done=person-changed'
      },
      redraw: (state) =>
        personView(s, personId, renamed(state, { memberIds: 'members', deputyId: 'deputy' })),
      oneTime: true,
      conflicts: { duplicate: 'initials' },
    }
  })

  app.post(
    '/ui/suppressions/lift',
    signed(async (c, s) => {
      const form = await readForm(c)
      const email = Email.safeParse(form.email)
      if (!email.success) throw new NotFoundError('suppression', String(form.email))
      await suppressions.liftSuppression(deps, s.principal, email.data)
      return c.redirect('/ui/people?done=lifted', 303)
    }),
  )

  // ---- the chair and members -------------------------------------------------------------

  app.get(
    '/ui/chair',
    signed(async (c, s) => {
      if (s.principal.role === 'member')
        throw new ForbiddenError('the overdue list is for the secretariat and the chair')
      const now = deps.now()
      const all = await boards.listBoards(deps)
      const people = new Map((await peopleUc.listPeople(deps)).map((p) => [p.id, p]))
      const list = await Promise.all(
        all.map(async (board) => {
          const overdue = await queries.overdueReport(deps, s.principal, board.id)
          const upcoming = await meetings.listMeetings(deps, board.id, { from: now.toISOString() })
          const next = upcoming.find((m) => m.status === 'scheduled') ?? null
          const dueNext = next
            ? await actions.listActionsArising(deps, s.principal, next.id, { limit: PAGE_LIMIT.default })
            : { items: [], next: null }
          return { board, overdue, next, dueNext: dueNext.items, moreDue: dueNext.next !== null, people }
        }),
      )
      return htmlPage(c, views.chairPage(s, list))
    }),
  )

  app.get(
    '/ui/mine',
    signed(async (c, s) => {
      if (!s.principal.personId) return htmlPage(c, views.minePage(s, [], new Map()))
      const mine = await queries.listPersonActions(
        deps,
        s.principal,
        s.principal.personId,
        'open',
        listPage(c, 'cursor'),
      )
      const boardsById = new Map((await boards.listBoards(deps)).map((b) => [b.id, b]))
      const people = new Map((await peopleUc.listPeople(deps)).map((p) => [p.id, p]))
      const list = mine.items.flatMap((a) => {
        const board = boardsById.get(a.boardId)
        return board ? [{ ...a, board }] : []
      })
      return htmlPage(c, views.minePage(s, list, people, pageLinks(c, ['cursor'], 'cursor', mine.next)))
    }),
  )
}

/**
 * Any other address under /ui answers with a page, not the API's JSON problem. Mounted
 * after everything else under /ui (the action log's download included), as Hono matches in
 * the order routes were added.
 */
export function mountUiFallback<E extends Env>(app: Hono<E>, auth: UiAuth): void {
  const headers = pageHeaders(auth.signIn.kind === 'cognito' ? auth.signIn.domain : undefined)
  app.all('/ui/*', (c) =>
    c.html(
      views.messagePage('Page not found', 'There is nothing here. The address may be wrong.', {
        href: '/ui',
        label: 'Go to your start page',
      }),
      404,
      headers,
    ),
  )
}

class CrossSite extends Error {}

/** The banner after a change, by the `done` query the redirect carries. */
const DONE: Record<string, string> = {
  raised: 'The action was raised. Its owners will be emailed.',
  outcome: 'The decision was recorded. It takes effect when the minutes are approved.',
  approved:
    'The minutes were approved. Discharges and carry-forwards follow within a few seconds, and owners are emailed.',
  update: 'The update was added.',
  attendance: 'Attendance was saved.',
  edited: 'The action was changed. The change is in its history.',
  changed: 'The meeting was changed. Actions due at it move with it.',
  unchanged: 'Nothing was changed.',
  'board-changed': "The board's settings were changed.",
  revoked: 'Their links for this meeting no longer work. Their next reminder brings a new one.',
  emailed: 'The owners are being emailed their actions from this meeting.',
  'nothing-to-email': 'Every owner has already been told of their actions from this meeting.',
  'person-changed': 'The entry was changed.',
  person: 'Added.',
  lifted: 'The suppression was lifted: mail goes to that address again.',
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean)
}

/** Owners picked by initials, as the minutes name them; unknown initials are a field error. */
function ownersByInitials(raw: string | undefined, people: readonly Person[], field = 'owners'): string[] {
  const byInitials = new Map(people.map((p) => [initialsKey(p.initials), p.id]))
  const wanted = list(raw)
  const unknown = wanted.filter((i) => !byInitials.has(initialsKey(i)))
  if (unknown.length > 0) {
    throw new ValidationError('unknown initials', [
      { path: field, message: `No one has the initials ${unknown.join(', ')}` },
    ])
  }
  return [...new Set(wanted.map((i) => byInitials.get(initialsKey(i)) as string))]
}

/** A date and time typed in the board's time zone, as an instant; a field error if either is missing. */
function localInstant(date: string | undefined, time: string | undefined, board: Board): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '')
  const t = /^(\d{2}):(\d{2})$/.exec(time ?? '')
  if (!d) throw new ValidationError('no date', [{ path: 'date', message: 'Enter the date of the meeting' }])
  if (!t)
    throw new ValidationError('no time', [{ path: 'time', message: 'Enter the start time, e.g. 10:00' }])
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ]
  // 31 February or 25:00 would roll over into another day: refuse what the calendar lacks.
  const back = toZoned(new Date(Date.UTC(year, month - 1, day, hour, minute)), 'UTC')
  if (back.month !== month || back.day !== day || hour > 23 || minute > 59) {
    throw new ValidationError('no such date', [{ path: 'date', message: 'Enter a real date and time' }])
  }
  return fromZoned({ year, month, day, hour, minute, second: 0 }, board.timeZone).toISOString()
}

/**
 * The fields of `next` that differ from `current`: a form sends every field, but only a real
 * change should move the version and land in the history.
 */
function changedOnly<T extends object>(next: T, current: object): Partial<T> {
  const was = current as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(was[k])),
  ) as Partial<T>
}

/** Validates a form's values with the same schema the JSON API uses; issues name the fields. */
function parsed<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ValidationError(
    'the form is not valid',
    result.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message })),
  )
}

/** Maps the use case's field names onto the form's (e.g. ownerIds → owners). */
function renamed(state: FormState, names: Record<string, string>): FormState {
  const rename = (path: string) => names[path.split('.')[0] ?? path] ?? path
  return { ...state, issues: state.issues.map((i) => ({ ...i, path: rename(i.path) })) }
}
