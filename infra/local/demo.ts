import type { Principal } from '#shared/domain/principal.ts'
import { addDays, fromZoned, isoDateIn, localDateOf } from '#shared/domain/time.ts'
import { postUpdate, proposeOutcome, raiseAction } from '#shared/usecases/actions.ts'
import { createBoard } from '#shared/usecases/boards.ts'
import type { Deps } from '#shared/usecases/deps.ts'
import { approveMinutes, createMeeting, patchMeeting } from '#shared/usecases/meetings.ts'
import { addMember } from '#shared/usecases/members.ts'
import { createPerson } from '#shared/usecases/people.ts'
import { applyRollover } from '#shared/usecases/rollover.ts'

export type Demo = {
  boardId: string
  people: Record<string, string>
  meetingIds: string[]
}

const TZ = 'Europe/London'

/**
 * A demo board modelled on the seeds' PAM minutes, with fictional people: three past
 * meetings (two with approved minutes, one held and awaiting approval) and the next one six
 * days ahead, with actions in every state — open, updated, proposed for discharge,
 * discharged, carried forward, past their due date, exempt under FOIA.
 * Everything goes through the use cases with the clock set to when it would have happened,
 * so the history reads as it would have.
 */
export async function loadDemo(deps: Deps, now: Date = deps.now()): Promise<Demo> {
  const today = localDateOf(now, TZ)
  const at = (d: Date): Deps => ({ ...deps, now: () => d })
  const meetingStart = (daysFromToday: number) =>
    fromZoned({ ...addDays(today, daysFromToday), hour: 9, minute: 30, second: 0 }, TZ)
  const starts = [-78, -50, -22, 6].map(meetingStart)
  const [m1At, m2At, m3At, m4At] = starts as [Date, Date, Date, Date]
  const setupAt = new Date(m1At.getTime() - 14 * 86_400_000)
  const sec: Principal = { subject: 'demo-secretariat', role: 'secretariat', personId: null }

  const person = async (
    name: string,
    initials: string,
    role: string,
    extra: { email?: string; kind?: 'person' | 'team'; memberIds?: string[]; deputyId?: string } = {},
  ) =>
    (await createPerson(at(setupAt), sec, { name, initials, role, kind: extra.kind ?? 'person', ...extra }))
      .id
  const mail = (local: string) => `${local}@force.example`

  const secretary = await person('Sam Ellis', 'SE', 'OPCC Performance Lead / Minutes', {
    email: 'sam.ellis@opcc.example',
  })
  const chair = await person('Alex Morgan', 'PCC', 'Police and Crime Commissioner', {
    email: 'commissioner@opcc.example',
  })
  const afs = await person('Avery Fox-Stone', 'AFS', 'T/Deputy Chief Constable', {
    email: mail('avery.fox-stone'),
  })
  const dt = await person('Dana Turner', 'DT', 'Chief Constable', {
    email: mail('dana.turner'),
    deputyId: afs,
  })
  const bs = await person('Bryn Shaw', 'BS', 'ACC Local Policing', { email: mail('bryn.shaw') })
  const pr = await person('Priya Reddy', 'PR', 'OPCC Chief Executive', { email: 'priya.reddy@opcc.example' })
  const sr = await person('Sol Rahman', 'SR', 'Head of Analysis & Service Improvement', {
    email: mail('sol.rahman'),
  })
  const asi = await person('Analysis & Service Improvement', 'A&SI', 'Team', {
    kind: 'team',
    email: mail('asi'),
    memberIds: [sr],
  })
  const secP: Principal = { ...sec, subject: secretary, personId: secretary }

  const board = await createBoard(at(setupAt), secP, {
    name: 'Performance Accountability Meeting',
    shortName: 'PAM',
    timeZone: TZ,
    chairId: chair,
    secretariatEmails: ['secretariat@opcc.example'],
    reminderDaysBefore: [7, 2],
    summaryDaysBefore: 3,
    overdueCarryThreshold: 2,
    meetingLengthMinutes: 120,
  })
  // Everyone the PAM's minutes name sits on it: its attendance list and whom its owners are typed from.
  for (const id of [secretary, chair, afs, dt, bs, pr, sr, asi])
    await addMember(at(setupAt), secP, board.id, id)
  const location = 'Conference Room 1, Police Headquarters'
  const meeting = (startsAt: Date) =>
    createMeeting(at(setupAt), secP, board.id, { startsAt: startsAt.toISOString(), location })
  const m1 = await meeting(m1At)
  const m2 = await meeting(m2At)
  const m3 = await meeting(m3At)
  const m4 = await meeting(m4At)

  // Meeting 1: two actions, both due at meeting 2.
  const ict = await raiseAction(at(m1At), secP, m1.id, {
    itemNumber: 2,
    description: 'Interim update to be provided on ICT and Transitional Services.',
    ownerIds: [dt],
  })
  const satisfaction = await raiseAction(at(m1At), secP, m1.id, {
    itemNumber: 3,
    description: 'A&SI to provide victim satisfaction data for the last five years.',
    ownerIds: [asi],
  })
  await patchMeeting(at(m1At), secP, m1.id, { status: 'held' })

  // Meeting 2 reviews them, raises three more, and approves meeting 1's minutes.
  await proposeOutcome(at(m2At), secP, m2.id, {
    actionId: ict.id,
    outcome: 'discharged',
    note: 'Discharged – monthly updates will be provided at meetings going forward.',
  })
  await proposeOutcome(at(m2At), secP, m2.id, {
    actionId: satisfaction.id,
    outcome: 'carried-forward',
    note: 'Update – data set being validated by the Harm Hub.',
  })
  const recruits = await raiseAction(at(m2At), secP, m2.id, {
    itemNumber: 2,
    description:
      'Update the PCC on how many of the 20 PCs successful at the recent examinations board are from under-represented communities.',
    ownerIds: [bs],
  })
  const regional = await raiseAction(at(m2At), secP, m2.id, {
    itemNumber: 4,
    description: 'Circulate the regional collaboration risk register to the OPCC.',
    ownerIds: [pr],
    exempt: { section: 'S.31 (Law Enforcement)' },
  })
  await raiseAction(at(m2At), secP, m2.id, {
    itemNumber: 5,
    description: 'Agree the joint communications plan linking the OPCC website with the force website.',
    ownerIds: [dt, pr],
    dueDate: isoDate(new Date(m2At.getTime() + 14 * 86_400_000)),
  })
  await approveMinutes(at(m2At), secP, m1.id, { approvedOn: isoDate(m2At) })
  await applyRollover(at(m2At), m1.id)
  await patchMeeting(at(m2At), secP, m2.id, { status: 'held' })

  // Between meetings: owners post updates.
  const ownerOf = (personId: string): Principal => ({ subject: personId, role: 'member', personId })
  await postUpdate(at(new Date(m3At.getTime() - 5 * 86_400_000)), ownerOf(pr), regional.id, {
    text: 'Register circulated in draft; final version after the regional board.',
    proposeComplete: false,
  })
  await postUpdate(at(new Date(m3At.getTime() - 3 * 86_400_000)), ownerOf(bs), recruits.id, {
    text: 'No candidates from under-represented groups in the last examinations. The Positive Action Team is engaging hard-to-reach groups.',
    proposeComplete: true,
  })

  // Meeting 3: approves meeting 2's minutes (ICT discharged, satisfaction carried), reviews, raises more.
  await approveMinutes(at(m3At), secP, m2.id, {
    approvedOn: isoDate(m3At),
    amendments: 'Item 4: attendance of the regional lead added.',
  })
  await applyRollover(at(m3At), m2.id)
  await proposeOutcome(at(m3At), secP, m3.id, {
    actionId: recruits.id,
    outcome: 'discharged',
    note: 'Discharged – no candidates from under-represented groups in the last examinations.',
  })
  await proposeOutcome(at(m3At), secP, m3.id, {
    actionId: satisfaction.id,
    outcome: 'carried-forward',
    note: 'Update – analyst capacity to be confirmed; data expected next month.',
  })
  await raiseAction(at(m3At), secP, m3.id, {
    itemNumber: 2,
    description: 'Report domestic abuse rates per 1,000 population for each district.',
    ownerIds: [sr],
  })
  await raiseAction(at(m3At), secP, m3.id, {
    itemNumber: 3,
    description: 'Confirm how the SRO will co-ordinate the People, Technology and Places strands.',
    ownerIds: [dt],
  })
  await raiseAction(at(m3At), secP, m3.id, {
    itemNumber: 4,
    description: 'Commercial update on the fleet contract renewal.',
    ownerIds: [bs],
    exempt: { section: 'S.43 (Commercial Interests)' },
  })
  await patchMeeting(at(m3At), secP, m3.id, { status: 'held' })

  return {
    boardId: board.id,
    people: { SE: secretary, PCC: chair, DT: dt, AFS: afs, BS: bs, PR: pr, SR: sr, 'A&SI': asi },
    meetingIds: [m1.id, m2.id, m3.id, m4.id],
  }
}

const isoDate = (d: Date) => isoDateIn(d, TZ)
