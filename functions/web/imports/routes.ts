import { Hono } from 'hono'
import { Id } from '#shared/domain/common.ts'
import { AcceptDraftsInput, type Draft, type DraftEdits } from '#shared/domain/minutes-import.ts'
import { announcesByDefault } from '#shared/domain/outbox.ts'
import { CreatePersonInput } from '#shared/domain/person.ts'
import { ConflictError, type IssueDetail, ValidationError } from '#shared/errors.ts'
import * as boards from '#shared/usecases/boards.ts'
import * as meetings from '#shared/usecases/meetings.ts'
import * as members from '#shared/usecases/members.ts'
import type { ImportView } from '#shared/usecases/minutes-imports.ts'
import * as imports from '#shared/usecases/minutes-imports.ts'
import * as peopleUc from '#shared/usecases/people.ts'
import { rowProblem } from '../../http/problem.ts'
import { rowField } from '../../http/ui/components.tsx'
import type { FormState } from '../../http/ui/forms.ts'
import { parsed } from '../form-input.ts'
import type { Signed, WebKit } from '../kit.ts'
import { NAMES, nameKey, REVIEW, type ReviewView, reviewPage } from './pages.tsx'

/**
 * The review form sends every pending draft's fields: up to MAX_DRAFTS rows, each with a
 * description of up to 4,000 characters, is more than the pages' usual limit.
 */
const REVIEW_FORM_LIMIT = { maxBodyBytes: 4 * 1024 * 1024 }

/** A person's fields as the names form names them. */
const NAME_FIELDS: Record<string, string> = {
  name: 'fullName',
  initials: 'initials',
  email: 'email',
  memberIds: 'email',
  aliases: 'who',
  kind: 'who',
}

/** The rows a review-page form has saved so far. */
type Saved = { rows: number }

const IMPORT_DONE: Record<string, string> = {
  imported: 'The minutes were read. Nothing is in the action log until you accept it below.',
  reviewed: 'Your decisions were saved. What you accepted is in the action log.',
  named: 'The names were saved: the drafts that use them now find them.',
  unchanged: 'Nothing was changed: choose who a name is to save it.',
}

/** The review of a minutes import, its decisions in one form, and names placed before accepting. */
export function importRoutes(k: WebKit): Hono {
  const { deps, postOn, htmlPage, signed, idParam } = k
  const app = new Hono()

  const reviewView = async (s: Signed, importId: string): Promise<ReviewView> => {
    const imp = await imports.getImport(deps, s.principal, importId)
    const meeting = await meetings.getMeeting(deps, imp.meetingId)
    const board = await boards.getBoard(deps, imp.boardId)
    const [memberList, guests] = await Promise.all([
      members.listMembers(deps, board.id),
      peopleUc.peopleByIds(deps, meeting.guestIds),
    ])
    const named = await peopleUc.peopleByIds(deps, [
      ...imp.drafts.flatMap((d) => [...d.ownerIds, ...(d.matchedPersonId ? [d.matchedPersonId] : [])]),
    ])
    const everyone = [...memberList, ...guests.values()]
    return {
      board,
      meeting,
      imp,
      people: new Map([...named, ...everyone.map((p) => [p.id, p] as const)]),
      members: everyone.filter((p) => !p.retiredAt),
      emailsByDefault: announcesByDefault(meeting, deps.now()),
    }
  }
  const redrawn = async (s: Signed, importId: string, state: FormState) =>
    reviewPage(s, await reviewView(s, importId), state)

  app.get(
    '/ui/minutes-imports/:importId',
    signed(async (c, s) => {
      const done = IMPORT_DONE[c.req.query('done') ?? '']
      return htmlPage(c, reviewPage(s, await reviewView(s, idParam(c, 'importId')), undefined, done))
    }),
  )

  /**
   * A form on the review page of rows each saved on its own (a second click would save them
   * twice): `save` is given the import as it now stands and counts the rows it saves, so a
   * form refused in part keeps its one-time key spent. A refusal draws the review again.
   */
  const postReview = (
    path: string,
    form: string,
    firstField: string,
    save: (imp: ImportView, s: Signed, values: Record<string, string>, saved: Saved) => Promise<string>,
    opts?: { maxBodyBytes?: number },
  ) =>
    postOn(
      app,
      path,
      (importId, s, values) => {
        const saved: Saved = { rows: 0 }
        return {
          form,
          firstField,
          change: async () => save(await imports.getImport(deps, s.principal, importId), s, values, saved),
          redraw: (state) => redrawn(s, importId, state),
          oneTime: true,
          savedSome: () => saved.rows > 0,
        }
      },
      opts,
    )

  // Every pending draft decided in one form, each accepted or refused on its own.
  postReview(
    '/ui/minutes-imports/:importId',
    REVIEW,
    'notifyOwners',
    async (imp, s, form, saved) => {
      const input = parsed(AcceptDraftsInput, decisionsOf(form, imp.drafts))
      if (input.accept.length === 0 && input.reject.length === 0)
        throw new ValidationError('nothing decided', [
          { path: 'notifyOwners', message: 'choose accept or reject for at least one draft' },
        ])
      const results = await imports.acceptDrafts(deps, s.principal, imp.id, input)
      saved.rows = results.filter((r) => r.ok).length
      const failed = results.flatMap((r) => (r.ok ? [] : [r]))
      if (failed.length === 0) return `/ui/minutes-imports/${imp.id}?done=reviewed`
      throw new ValidationError(
        'drafts refused',
        failed.map((r) => {
          const p = rowProblem(r.error, r.field, r.label)
          const field = ['ref', 'description', 'owners', 'outcome', 'note', 'personId'].includes(p.field)
            ? p.field
            : 'decision'
          return { path: rowField(field, r.draftId), message: p.detail.slice(r.label.length + 2) }
        }),
      )
    },
    REVIEW_FORM_LIMIT,
  )

  // Names the drafts use that no member has, in one form: each a new person or team on the
  // board, or another name of someone on it; each row saved on its own.
  postReview('/ui/minutes-imports/:importId/names', NAMES, 'names', async (imp, s, form, saved) => {
    const issues: IssueDetail[] = []
    for (const name of imp.unknownInitials) {
      const row = nameKey(name)
      const value = (field: string) => (form[rowField(field, row)] ?? '').trim()
      // A name placed meanwhile (another tab) has no row any more, so is not placed twice.
      if (!value('who')) continue
      try {
        await placeName(s, imp.boardId, name, {
          who: value('who'),
          fullName: value('fullName'),
          initials: value('initials'),
          email: value('email'),
        })
        saved.rows++
      } catch (e) {
        if (!(e instanceof ValidationError) && !(e instanceof ConflictError)) throw e
        const found = e instanceof ValidationError ? e.issues : [{ path: 'who', message: e.message }]
        for (const issue of found.length > 0 ? found : [{ path: 'who', message: e.message }])
          issues.push({ path: rowField(NAME_FIELDS[issue.path] ?? 'who', row), message: issue.message })
      }
    }
    if (issues.length > 0) throw new ValidationError('names refused', issues)
    return `/ui/minutes-imports/${imp.id}?done=${saved.rows > 0 ? 'named' : 'unchanged'}#names`
  })

  /** One name placed: another name of a member (an alias), or a new person or team on the board. */
  async function placeName(
    s: Signed,
    boardId: string,
    name: string,
    row: { who: string; fullName: string; initials: string; email: string },
  ): Promise<void> {
    const existing = Id.safeParse(row.who)
    if (existing.success) {
      const person = await peopleUc.getPerson(deps, existing.data)
      await peopleUc.patchPerson(
        deps,
        s.principal,
        person.id,
        { aliases: [...person.aliases, name] },
        person.version,
      )
      return
    }
    const person = await peopleUc.createPerson(
      deps,
      s.principal,
      parsed(CreatePersonInput, {
        name: row.fullName,
        initials: row.initials || name,
        kind: row.who === 'team' ? 'team' : 'person',
        ...(row.email ? { email: row.email } : {}),
      }),
    )
    await members.addMember(deps, s.principal, boardId, person.id)
  }

  return app
}

/**
 * The form's rows as the use case takes them: each pending draft accepted (with the fields
 * changed from what was read) or rejected; "Accept every draft" / "Reject every draft" decide
 * every row at once, edits included.
 */
function decisionsOf(form: Record<string, string>, drafts: readonly Draft[]) {
  const all = form.all === 'accept' || form.all === 'reject' ? form.all : null
  const accept: { id: string; edits?: DraftEdits }[] = []
  const reject: string[] = []
  for (const d of drafts) {
    if (d.decision !== 'pending') continue
    const decision = all ?? form[rowField('decision', d.id)] ?? ''
    if (decision === 'reject') reject.push(d.id)
    if (decision !== 'accept') continue
    const edits = editsOf(form, d)
    accept.push({ id: d.id, ...(Object.keys(edits).length > 0 ? { edits } : {}) })
  }
  return { accept, reject, notifyOwners: form.notifyOwners === 'yes' }
}

/** What the row changed from the read: only those fields go as edits. */
function editsOf(form: Record<string, string>, d: Draft): Record<string, string> {
  const r = d.read
  const read: Record<string, string | null> =
    r.kind === 'action'
      ? { ref: r.ref, description: r.description, owners: r.owners }
      : r.kind === 'outcome'
        ? { outcome: r.outcome ?? 'carried-forward', note: r.note }
        : r.kind === 'attendance'
          ? { personId: d.matchedPersonId }
          : {}
  const edits: Record<string, string> = {}
  for (const [name, was] of Object.entries(read)) {
    const value = (form[rowField(name, d.id)] ?? '').trim()
    // A reference cleared asks for one made from the item number; other fields cleared keep the read.
    if (value === (was ?? '').trim() || (!value && name !== 'ref')) continue
    edits[name] = value
  }
  return edits
}
