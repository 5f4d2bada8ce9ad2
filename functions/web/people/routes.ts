import { type Context, Hono } from 'hono'
import { Email } from '#shared/domain/common.ts'
import { CreatePersonInput, PatchPersonInput } from '#shared/domain/person.ts'
import { mayManagePeople, mayViewSuppressions } from '#shared/domain/policy.ts'
import { ForbiddenError, NotFoundError } from '#shared/errors.ts'
import { boardsOfMember } from '#shared/usecases/members.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import * as suppressions from '#shared/usecases/suppressions.ts'
import type { FormState } from '../../http/ui/forms.ts'
import { changedOnly, parsed, renamed, savePatch } from '../form-input.ts'
import type { Signed, WebKit } from '../kit.ts'
import {
  PEOPLE_DONE,
  type PersonView,
  peoplePage,
  personPage,
  retiredMeanwhile,
  retirePage,
} from './pages.tsx'
import { PERSON_RENAMES, personFields } from './person-form.ts'

/** The directory of people and teams, an entry's page, its corrections and retiring, and suppressed addresses. */
export function peopleRoutes(k: WebKit): Hono {
  const { deps, postOn, htmlPage, signed, postForm, postRetire, readForm, listPage, pageLinks, idParam } = k
  const app = new Hono()
  const done = (c: Context) => PEOPLE_DONE[c.req.query('done') ?? '']

  const peopleView = async (c: Context, s: Signed, state?: FormState, banner?: string) => {
    const lists = ['people', 'suppressed', 'include']
    const includeRetired = c.req.query('include') === 'retired'
    const [people, suppressed] = await Promise.all([
      peopleUc.pagePeople(deps, listPage(c, 'people'), { includeRetired }),
      mayViewSuppressions(s.principal)
        ? suppressions.listSuppressions(deps, s.principal, listPage(c, 'suppressed'))
        : { items: [], next: null },
    ])
    const shown = new Set(people.items.map((p) => p.id))
    const named = people.items.flatMap((p) => [...p.memberIds, ...(p.deputyId ? [p.deputyId] : [])])
    const related = await peopleUc.peopleByIds(
      deps,
      named.filter((id) => !shown.has(id)),
    )
    return peoplePage(
      s,
      {
        people: people.items,
        related,
        suppressed: suppressed.items,
        includeRetired,
        links: {
          people: pageLinks(c, lists, 'people', people.next),
          suppressed: pageLinks(c, lists, 'suppressed', suppressed.next, '#suppressed'),
        },
      },
      state,
      banner,
    )
  }

  app.get(
    '/ui/people',
    signed(async (c, s) => htmlPage(c, await peopleView(c, s, undefined, done(c)))),
  )

  postForm(app, '/ui/people', (c, s, form) => ({
    form: 'person',
    firstField: 'name',
    change: async () => {
      const input = parsed(CreatePersonInput, personFields(form, await peopleUc.listPeople(deps)))
      const person = await peopleUc.createPerson(deps, s.principal, input)
      return `/ui/people/${person.id}?done=person`
    },
    redraw: (state) => peopleView(c, s, renamed(state, PERSON_RENAMES)),
    oneTime: true,
    conflicts: { duplicate: 'initials' },
  }))

  /** An entry, who it names and the boards it sits on; only the secretariat opens it. */
  const personView = async (s: Signed, personId: string): Promise<PersonView> => {
    if (!mayManagePeople(s.principal)) throw new ForbiddenError(`only ${mayManagePeople.who} changes people`)
    const person = await peopleUc.getPerson(deps, personId)
    const [byId, boards] = await Promise.all([
      peopleUc.peopleByIds(deps, [...person.memberIds, ...(person.deputyId ? [person.deputyId] : [])]),
      boardsOfMember(deps, personId),
    ])
    return { person, byId, boards }
  }

  app.get(
    '/ui/people/:personId',
    signed(async (c, s) =>
      htmlPage(c, personPage(s, await personView(s, idParam(c, 'personId')), undefined, done(c))),
    ),
  )

  postOn(app, '/ui/people/:personId', (personId, s, form) => ({
    form: 'person-edit',
    firstField: 'name',
    change: async () => {
      const people = await peopleUc.listPeople(deps)
      const current = people.find((p) => p.id === personId)
      if (!current) throw new NotFoundError('person', personId)
      // Only what differs from the entry as it is: an unchanged field is no change to record.
      const changed = changedOnly(personFields(form, people, current), current)
      const saved = await savePatch(PatchPersonInput, changed, (patch) =>
        peopleUc.patchPerson(deps, s.principal, personId, patch, Number(form.version)),
      )
      return `/ui/people/${personId}?done=${saved ? 'person-changed' : 'unchanged'}`
    },
    redraw: async (state) => {
      const v = await personView(s, personId)
      // Retired meanwhile (in another tab): there is no form left to show the error on.
      if (v.person.retiredAt) return retiredMeanwhile(s, v)
      return personPage(s, v, renamed(state, PERSON_RENAMES))
    },
    oneTime: true,
    conflicts: { duplicate: 'initials', 'illegal-transition': 'name' },
  }))

  app.get(
    '/ui/people/:personId/retire',
    signed(async (c, s) => {
      const v = await personView(s, idParam(c, 'personId'))
      // Nothing to confirm for an entry already retired: its page says so.
      if (v.person.retiredAt) return c.redirect(`/ui/people/${v.person.id}`, 303)
      return htmlPage(c, retirePage(s, v))
    }),
  )

  postRetire(app, '/ui/people/:personId/retire', {
    retire: (s, personId, version) => peopleUc.retirePerson(deps, s.principal, personId, version),
    done: (personId) => `/ui/people/${personId}?done=retired`,
    redraw: async (s, personId, state) => {
      const v = await personView(s, personId)
      return v.person.retiredAt ? retiredMeanwhile(s, v) : retirePage(s, v, state)
    },
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

  return app
}
