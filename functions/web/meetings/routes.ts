import { type Context, Hono } from 'hono'
import { type Action, DecideOutcomesInput } from '#shared/domain/action.ts'
import { Id } from '#shared/domain/common.ts'
import { type Meeting, MinutesApprovalInput, PatchMeetingInput } from '#shared/domain/meeting.ts'
import type { Person } from '#shared/domain/person.ts'
import { mayRecordMeetings } from '#shared/domain/policy.ts'
import { PublicationInput } from '#shared/domain/publication.ts'
import { isoDateIn } from '#shared/domain/time.ts'
import { NotFoundError, ValidationError, zodIssues } from '#shared/errors.ts'
import * as actions from '#shared/usecases/actions.ts'
import * as boards from '#shared/usecases/boards.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as members from '#shared/usecases/members.ts'
import * as imports from '#shared/usecases/minutes-imports.ts'
import * as notify from '#shared/usecases/notify.ts'
import * as ownerLinks from '#shared/usecases/owner-links.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import * as publication from '#shared/usecases/publication.ts'
import * as workProgramme from '#shared/usecases/work-programme.ts'
import { toProblem } from '../../http/problem.ts'
import { type PageLinks, rowField } from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { chosenId, localInstant, parsed, renamed, savePatch } from '../form-input.ts'
import { rowsForm } from '../form-routes.ts'
import type { Signed, WebKit } from '../kit.ts'
import { DONE, localDateTime } from '../shell.tsx'
import { DECIDE, decisionIssues, decisionRows } from './decisions.tsx'
import { type MeetingView, meetingPage, SIGNATORY_ROWS } from './pages.tsx'
import { NEW_ROWS, newKeys, RAISE, raiseIssues, raiseRows, rowKeys } from './raise.tsx'

/** This area's banners after a change, beside the shared ones. */
const MEETING_DONE: Record<string, string> = {
  'raised-many': 'The actions were raised. Their owners will be emailed.',
  decisions: 'The decisions were saved. They take effect when the minutes are approved.',
  guest: 'The guest was added to this meeting: record their attendance below.',
  withheld: 'The meeting is withheld from publication: its published pages are gone.',
  published: "The meeting's open action log is published again (once its minutes are approved).",
}

/** What the raise form shows: its rows, and what it already raised. */
type RaiseRows = { keys: readonly string[]; raised: readonly Action[] }
const FRESH: RaiseRows = { keys: newKeys([], NEW_ROWS), raised: [] }

/**
 * The attendance list: the board's members and the meeting's guests, and anyone the
 * meeting already named; while the board has no members, everyone in the directory.
 */
function attendanceList(
  meeting: Meeting,
  memberList: readonly Person[],
  allPeople: readonly Person[],
  people: ReadonlyMap<string, Person>,
): Person[] {
  if (memberList.length === 0) return allPeople.filter((p) => p.kind === 'person')
  const ids = new Set(memberList.map((p) => p.id))
  const extra = [...meeting.guestIds, ...meeting.attendance.map((a) => a.personId)].filter((id) => {
    const fresh = !ids.has(id)
    ids.add(id)
    return fresh
  })
  // People attend; a team that is a member (for owning actions) is not a row.
  return [...memberList, ...extra.flatMap((id) => people.get(id) ?? [])].filter((p) => p.kind === 'person')
}

/** A meeting: its changes, attendance, Actions Arising and their decisions, raising actions, the minutes. */
export function meetingRoutes(k: WebKit): Hono {
  const { deps, postOn, htmlPage, signed, readForm, listPage, pageLinks, idParam } = k
  const app = new Hono()

  const meetingView = async (
    c: Context,
    s: Signed,
    meetingId: string,
    raise: RaiseRows = FRESH,
  ): Promise<MeetingView> => {
    const meeting = await meetings.getMeeting(deps, meetingId)
    const board = await boards.getBoard(deps, meeting.boardId)
    const lists = ['arising', 'raised']
    const [arising, decided, raised, all, allPeople, memberList] = await Promise.all([
      actions.listActionsArising(deps, s.principal, meeting.id, listPage(c, 'arising')),
      meeting.status === 'minutes-approved'
        ? actions.listActionsDecidedAt(deps, s.principal, meeting.id)
        : [],
      actions.listActionsRaisedAt(deps, s.principal, meeting.id, listPage(c, 'raised')),
      meetings.listMeetings(deps, board.id, { from: meeting.startsAt }),
      peopleUc.listPeople(deps),
      members.listMembers(deps, board.id),
    ])
    const imported = mayRecordMeetings(s.principal)
      ? await imports.listImports(deps, s.principal, meeting.id)
      : []
    const standing = await workProgramme.listStandingItems(deps, board.id)
    const later = all.filter(
      (m) => m.id !== meeting.id && m.status === 'scheduled' && m.startsAt > meeting.startsAt,
    )
    const people = new Map(allPeople.map((p) => [p.id, p]))
    const cursor = c.req.query('arising')
    // A page drawn again after a form post links to the meeting's page, not to the form's address.
    const here = `/ui/meetings/${meeting.id}`
    const at = (href: string | null) => href?.replace(/^\/ui\/meetings\/\w+[^?#]*/, here) ?? null
    const onPage = (l: PageLinks): PageLinks => ({ next: at(l.next), first: at(l.first) })
    return {
      board,
      meeting,
      arising: arising.items,
      arisingQuery: cursor ? `?${new URLSearchParams({ arising: cursor })}` : '',
      decided,
      raised: raised.items,
      links: {
        arising: onPage(pageLinks(c, lists, 'arising', arising.next, '#arising')),
        raised: onPage(pageLinks(c, lists, 'raised', raised.next, '#raised')),
      },
      later,
      allPeople,
      people,
      invited: attendanceList(meeting, memberList, allPeople, people),
      hasMembers: memberList.length > 0,
      today: isoDateIn(deps.now(), board.timeZone),
      raise,
      imports: imported,
      publishedPath: await publication.publishedPath(deps, meeting, board),
      standing,
    }
  }
  const redrawn = async (c: Context, s: Signed, meetingId: string, state: FormState, raise?: RaiseRows) =>
    meetingPage(s, await meetingView(c, s, meetingId, raise), state)

  app.get(
    '/ui/meetings/:meetingId',
    signed(async (c, s) => {
      const key = c.req.query('done') ?? ''
      const done = DONE[key] ?? MEETING_DONE[key]
      return htmlPage(c, meetingPage(s, await meetingView(c, s, idParam(c, 'meetingId')), undefined, done))
    }),
  )

  // Several actions in one form: each row raised on its own, so a refused row is drawn again
  // with its reason and the rows raised are listed, not sent again.
  postOn(app, '/ui/meetings/:meetingId/actions', (meetingId, s, form, c) => {
    const keys = rowKeys(form)
    return rowsForm({
      form: RAISE,
      keys,
      rows: raiseRows(form, keys),
      first: 'description',
      none: 'enter at least one action',
      save: (rows) =>
        actions.raiseActions(
          deps,
          s.principal,
          meetingId,
          rows.map((r) => r.input),
        ),
      done: (raised) =>
        `/ui/meetings/${meetingId}?done=${raised.length === 1 ? 'raised' : 'raised-many'}#raised`,
      issues: raiseIssues,
      redraw: (state, left) =>
        redrawn(c, s, meetingId, state, {
          keys: left.keys,
          raised: left.saved.flatMap((r) => (r.ok ? [r.action] : [])),
        }),
    })
  })

  // "Add more rows": the raise form again with what was typed, and more rows; nothing is saved.
  app.post(
    '/ui/meetings/:meetingId/actions/rows',
    signed(async (c, s) => {
      const meetingId = idParam(c, 'meetingId')
      const values = await readForm(c)
      const keys = rowKeys(values)
      const more = { keys: [...keys, ...newKeys(keys, NEW_ROWS)].slice(0, 100), raised: [] }
      return htmlPage(c, await redrawn(c, s, meetingId, { form: RAISE, issues: [], values }, more))
    }),
  )

  // One page of Actions Arising decided in one form, each row saved on its own.
  postOn(app, '/ui/meetings/:meetingId/outcomes', (meetingId, s, form, c) => {
    let stale = new Set<string>()
    return {
      form: DECIDE,
      firstField: 'carryForwardRest',
      change: async () => {
        const shown = await actions.listActionsArising(deps, s.principal, meetingId, listPage(c, 'arising'))
        const outcomes = decisionRows(form, shown.items, meetingId)
        const carryForwardRest = form.carryForwardRest === 'yes'
        if (outcomes.length === 0 && !carryForwardRest)
          return `/ui/meetings/${meetingId}?done=unchanged#arising`
        const input = parsed(DecideOutcomesInput, {
          outcomes,
          ...(carryForwardRest ? { carryForwardRest } : {}),
        })
        const results = await actions.decideOutcomes(deps, s.principal, meetingId, input)
        const failed = results.flatMap((r) => (r.ok ? [] : [r]))
        if (failed.length === 0) return `/ui/meetings/${meetingId}?done=decisions#arising`
        stale = new Set(
          failed.flatMap((r) =>
            r.actionId && toProblem(r.error).reason === 'stale-version' ? [r.actionId] : [],
          ),
        )
        throw new ValidationError('rows refused', decisionIssues(results, shown.items))
      },
      // A row someone else changed shows their version, not what was typed over it.
      redraw: (state) =>
        redrawn(c, s, meetingId, {
          ...state,
          values: Object.fromEntries(
            Object.entries(state.values).filter(([name]) => !stale.has(name.slice(name.indexOf('.') + 1))),
          ),
        }),
    }
  })

  // A guest for this meeting only, added to its guest list (as the page showed it: a
  // change made meanwhile is not written over).
  postOn(app, '/ui/meetings/:meetingId/guests', (meetingId, s, form, c) => ({
    form: 'guest',
    firstField: 'guestId',
    change: async () => {
      const guestId = chosenId(form, 'guestId', 'choose the person to add')
      const current = await meetings.getMeeting(deps, meetingId)
      const guestIds = [...new Set([...current.guestIds, guestId])]
      await meetings.patchMeeting(
        deps,
        s.principal,
        meetingId,
        parsed(PatchMeetingInput, { guestIds }),
        Number(form.version),
      )
      return `/ui/meetings/${meetingId}?done=guest#attendance`
    },
    redraw: (state) => redrawn(c, s, meetingId, renamed(state, { guestIds: 'guestId' })),
  }))

  postOn(app, '/ui/meetings/:meetingId', (meetingId, s, form, c) => ({
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
      const saved = await savePatch(PatchMeetingInput, patch, (input) =>
        meetings.patchMeeting(deps, s.principal, meetingId, input, Number(form.version)),
      )
      return `/ui/meetings/${meetingId}?done=${saved ? 'changed' : 'unchanged'}`
    },
    redraw: (state) => redrawn(c, s, meetingId, renamed(state, { startsAt: 'date' })),
    oneTime: true,
    conflicts: { 'illegal-transition': 'status' },
  }))

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

  postOn(app, '/ui/meetings/:meetingId/attendance', (meetingId, s, form, c) => {
    // One row a person: `attendance.<personId>` and its details (see FormTable); "Not listed" sends nothing.
    const attendance = Object.entries(form).flatMap(([name, status]) => {
      const personId = name.startsWith('attendance.') ? name.slice('attendance.'.length) : ''
      if (!Id.safeParse(personId).success || !status) return []
      const detail = (field: string) => form[rowField(field, personId)] || null
      return [
        {
          personId,
          status,
          mode: detail('mode'),
          timing: detail('timing'),
          role: detail('role'),
          representedBy: detail('representedBy'),
        },
      ]
    })
    return {
      form: 'attendance',
      firstField: 'attendance',
      change: async () => {
        await meetings.patchMeeting(deps, s.principal, meetingId, parsed(PatchMeetingInput, { attendance }))
        return `/ui/meetings/${meetingId}?done=attendance`
      },
      // The use case names an entry by its place in the list; the form names its row by person.
      redraw: (state) =>
        redrawn(c, s, meetingId, {
          ...state,
          issues: state.issues.map((i) => {
            const m = /^attendance\.(\d+)(?:\.(\w+))?/.exec(i.path)
            const person = m ? attendance[Number(m[1])]?.personId : undefined
            const field = m?.[2] && m[2] !== 'personId' ? m[2] : 'attendance'
            return person ? { ...i, path: rowField(field, person) } : i
          }),
        }),
    }
  })

  postOn(app, '/ui/meetings/:meetingId/minutes-approval', (meetingId, s, form, c) => {
    const approvedOn = form.approvedOn ?? ''
    // The rows filled in, each as the API takes it; an empty row is no signatory.
    const rows = SIGNATORY_ROWS.flatMap((n) => {
      const field = (f: string) => form[`signatory${n}${f}`]?.trim() ?? ''
      const [personId, name, signedOn] = [field('Person'), field('Name'), field('SignedOn')]
      if (!personId && !name && !signedOn) return []
      return [
        {
          n,
          input: { ...(personId ? { personId } : name ? { name } : {}), signedOn: signedOn || approvedOn },
        },
      ]
    })
    // "signatories.1.signedOn" (the API's) is the second row given, e.g. `signatory2SignedOn`.
    const onForm = (path: string) => {
      const m = /^signatories\.(\d+)(?:\.(\w+))?/.exec(path)
      const row = m ? rows[Number(m[1])] : undefined
      if (!row) return path
      const field = m?.[2] === 'signedOn' ? 'SignedOn' : m?.[2] === 'name' ? 'Name' : 'Person'
      return `signatory${row.n}${field}`
    }
    return {
      form: 'approve',
      firstField: 'approvedOn',
      change: async () => {
        const amendments = form.amendments?.trim()
        const body = {
          approvedOn,
          ...(amendments ? { amendments } : {}),
          ...(rows.length > 0 ? { signatories: rows.map((r) => r.input) } : {}),
        }
        const input = MinutesApprovalInput.safeParse(body)
        if (!input.success) throw new ValidationError('the form is not valid', zodIssues(input.error.issues))
        await meetings.approveMinutes(deps, s.principal, meetingId, input.data)
        return `/ui/meetings/${meetingId}?done=approved#minutes`
      },
      redraw: (state) =>
        redrawn(c, s, meetingId, {
          ...state,
          issues: state.issues.map((i) => ({ ...i, path: onForm(i.path) })),
        }),
      oneTime: true,
    }
  })

  postOn(app, '/ui/meetings/:meetingId/publication', (meetingId, s, form, c) => ({
    form: 'publication',
    firstField: 'reason',
    change: async () => {
      const reason = form.reason?.trim()
      const input = parsed(PublicationInput, {
        withheld: form.withheld === 'yes',
        ...(reason ? { reason } : {}),
      })
      await publication.setPublication(deps, s.principal, meetingId, input, Number(form.version))
      return `/ui/meetings/${meetingId}?done=${input.withheld ? 'withheld' : 'published'}#publication`
    },
    redraw: (state) => redrawn(c, s, meetingId, state),
    oneTime: true,
  }))

  return app
}
