import { type Context, Hono } from 'hono'
import { Email } from '#shared/domain/common.ts'
import { CreatePersonInput, PatchPersonInput } from '#shared/domain/person.ts'
import { mayManagePeople, mayViewSuppressions } from '#shared/domain/policy.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import * as suppressions from '#shared/usecases/suppressions.ts'
import type { FormState } from '../../http/ui/forms.ts'
import { changedOnly, ownersByInitials, parsed, renamed } from '../form-input.ts'
import type { Signed, WebKit } from '../kit.ts'
import { DONE } from '../shell.tsx'
import { peoplePage, personPage } from './pages.tsx'

/** The directory of people and teams, an entry's corrections, and suppressed addresses. */
export function peopleRoutes(k: WebKit): Hono {
  const { deps, htmlPage, signed, postForm, readForm, listPage, pageLinks, idParam } = k
  const app = new Hono()

  const peopleView = async (c: Context, s: Signed, state?: FormState, done?: string) => {
    const lists = ['people', 'suppressed']
    const [people, suppressed] = await Promise.all([
      peopleUc.pagePeople(deps, listPage(c, 'people')),
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

  postForm(app, '/ui/people', (c, s, form) => ({
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
  }))

  const personView = async (s: Signed, personId: string, state?: FormState) => {
    const people = await peopleUc.listPeople(deps)
    const person = people.find((p) => p.id === personId)
    if (!person) throw new NotFoundError('person', personId)
    return personPage(s, person, people, state)
  }

  app.get(
    '/ui/people/:personId',
    signed(async (c, s) => {
      if (!mayManagePeople(s.principal))
        throw new ForbiddenError(`only ${mayManagePeople.who} changes people`)
      return htmlPage(c, await personView(s, idParam(c, 'personId')))
    }),
  )

  postForm(app, '/ui/people/:personId', (c, s, form) => {
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

  return app
}
