import { type Context, Hono } from 'hono'
import { CreateActionInput, defaultPublicWording, OutcomeInput } from '#shared/domain/action.ts'
import { Id } from '#shared/domain/common.ts'
import { MinutesApprovalInput, PatchMeetingInput } from '#shared/domain/meeting.ts'
import { isoDateIn } from '#shared/domain/time.ts'
import { NotFoundError } from '#shared/errors.ts'
import * as actions from '#shared/usecases/actions.ts'
import * as boards from '#shared/usecases/boards.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as notify from '#shared/usecases/notify.ts'
import * as ownerLinks from '#shared/usecases/owner-links.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import type { FormState } from '../../http/ui/forms.ts'
import { localInstant, ownersByInitials, parsed, renamed } from '../form-input.ts'
import type { Signed, WebKit } from '../kit.ts'
import { DONE, localDateTime } from '../shell.tsx'
import { type MeetingView, meetingPage } from './pages.tsx'

/** A meeting: its changes, attendance, Actions Arising and their decisions, raising actions, the minutes. */
export function meetingRoutes(k: WebKit): Hono {
  const { deps, htmlPage, signed, postForm, readForm, listPage, pageLinks, idParam } = k
  const app = new Hono()

  const meetingView = async (c: Context, s: Signed, meetingId: string): Promise<MeetingView> => {
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
  const redrawn = async (c: Context, s: Signed, meetingId: string, state: FormState) =>
    meetingPage(s, await meetingView(c, s, meetingId), state)

  app.get(
    '/ui/meetings/:meetingId',
    signed(async (c, s) => {
      const done = DONE[c.req.query('done') ?? '']
      return htmlPage(c, meetingPage(s, await meetingView(c, s, idParam(c, 'meetingId')), undefined, done))
    }),
  )

  postForm(app, '/ui/meetings/:meetingId/actions', (c, s, form) => {
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
      redraw: (state) =>
        redrawn(c, s, meetingId, renamed(state, { ownerIds: 'owners', exempt: 'exemptSection' })),
      oneTime: true,
    }
  })

  postForm(app, '/ui/meetings/:meetingId/outcomes', (c, s, form) => {
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
      redraw: (state) => redrawn(c, s, meetingId, state),
    }
  })

  postForm(app, '/ui/meetings/:meetingId', (c, s, form) => {
    const meetingId = idParam(c, 'meetingId')
    return {
      form: 'change',
      firstField: 'date',
      change: async () => {
        const current = await meetings.getMeeting(deps, meetingId)
        const board = await boards.getBoard(deps, current.boardId)
        // Moved only if the date or time differs from what the form showed (to the minute,
        // and whichever side of an autumn clock change it fell).
        const shown = localDateTime(current.startsAt, board.timeZone)
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
      redraw: (state) => redrawn(c, s, meetingId, renamed(state, { startsAt: 'date' })),
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
      await readForm(c) // another site may not send them either
      const { owners } = await notify.sendAssignmentEmailsNow(deps, s.principal, meetingId)
      return c.redirect(
        `/ui/meetings/${meetingId}?done=${owners > 0 ? 'emailed' : 'nothing-to-email'}#raised`,
        303,
      )
    }),
  )

  postForm(app, '/ui/meetings/:meetingId/attendance', (c, s, form) => {
    const meetingId = idParam(c, 'meetingId')
    // One row a person: `attendance.<personId>` (see FormTable); "Not listed" sends nothing.
    const attendance = Object.entries(form).flatMap(([name, status]) => {
      const personId = name.startsWith('attendance.') ? name.slice('attendance.'.length) : ''
      return Id.safeParse(personId).success && status ? [{ personId, status }] : []
    })
    return {
      form: 'attendance',
      firstField: 'attendance',
      change: async () => {
        await meetings.patchMeeting(deps, s.principal, meetingId, parsed(PatchMeetingInput, { attendance }))
        return `/ui/meetings/${meetingId}?done=attendance`
      },
      redraw: (state) => redrawn(c, s, meetingId, state),
    }
  })

  postForm(app, '/ui/meetings/:meetingId/minutes-approval', (c, s, form) => {
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
      redraw: (state) => redrawn(c, s, meetingId, state),
      oneTime: true,
    }
  })

  return app
}
