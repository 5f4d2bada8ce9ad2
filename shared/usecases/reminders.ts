import { epochSeconds, type LinkSigner, MAX_LINK_LIFETIME_SECONDS } from '../auth/signed-link.ts'
import type { Action } from '../domain/action.ts'
import { isDueAt } from '../domain/action-rules.ts'
import type { Meeting } from '../domain/meeting.ts'
import { recipientsFor } from '../domain/recipients.ts'
import { dueWindows, type EmailWindow, isCatchUp, lookaheadDays } from '../domain/reminders.ts'
import { meetingIcs } from '../mail/ics.ts'
import { reminderEmail } from '../mail/templates.ts'
import { Deliveries, loadPeopleFor, type NotifyDeps, suppressedAddresses } from './notify.ts'

/** `caughtUp`: windows missed by earlier runs that this run sent emails for. */
export type ReminderRun = { boards: number; windows: number; emails: number; caughtUp: number }

/** Where the owners' signed links point, and what signs them. */
export type OwnerLinks = {
  signer: LinkSigner
  baseUrl: string
  /**
   * When a link counts as issued. Revocations are stamped by the API's wall clock, so
   * links are too: a run's "now" is its event time, which lags the wall clock on a retry
   * and leads it under `npm run tick --at`. Defaults to the wall clock.
   */
  issuedAt?: () => Date
}

/**
 * A link's signature outlives the meeting's start by this much, so that a meeting moved
 * later keeps its links working. The page refuses a link once its meeting has started
 * (or was cancelled), whatever the signature says.
 */
export const LINK_GRACE_SECONDS = 28 * 86_400
export type ReminderDeps = NotifyDeps & { links: OwnerLinks }

/**
 * The hourly reminder sweep at `now` (the scheduled event's time, never the wall clock):
 * for every open window of every upcoming meeting, one email per owner listing all their
 * open actions due at or before it, except those the board already proposed to discharge.
 * Reads only each board's upcoming meetings and open actions due by them.
 */
export async function sendReminders(deps: ReminderDeps, now: Date): Promise<ReminderRun> {
  const run: ReminderRun = { boards: 0, windows: 0, emails: 0, caughtUp: 0 }
  const deliveries = new Deliveries()
  const caughtUp = new Set<EmailWindow>()
  const suppressed = await suppressedAddresses(deps)
  for (const board of await deps.store.listBoards()) {
    run.boards++
    const until = new Date(now.getTime() + lookaheadDays(board.reminderDaysBefore) * 86_400_000)
    const meetings = await deps.store.listMeetings(board.id, {
      from: now.toISOString(),
      to: until.toISOString(),
    })
    const windows = dueWindows(meetings, board.reminderDaysBefore, board, now)
    for (const meeting of meetings) {
      const open = windows.filter((w) => w.meetingId === meeting.id)
      if (open.length === 0) continue
      run.windows += open.length
      const actions = (await deps.store.listOpenActionsDueBy(board.id, meeting.startsAt)).filter((a) =>
        isDueAt(a, meeting),
      )
      const people = await loadPeopleFor(deps, actions)
      for (const [ownerId, mine] of byOwner(actions)) {
        const owner = people.get(ownerId)
        if (!owner) continue
        const respondUrl = ownerLinkUrl(deps.links, { ownerId, meeting })
        for (const w of open) {
          const email = reminderEmail({
            board,
            meeting,
            owner,
            actions: mine,
            offsetDays: w.offsetDays,
            respondUrl,
          })
          const attachment = {
            fileName: 'meeting.ics',
            contentType: 'text/calendar; method=PUBLISH',
            content: meetingIcs(meeting, board, now),
          }
          const key = `reminder#${meeting.id}#${ownerId}#${w.offsetDays}`
          const sentBefore = deliveries.sent
          await deliveries.send(deps, key, recipientsFor(owner, people, suppressed), {
            ...email,
            attachments: [attachment],
          })
          if (deliveries.sent > sentBefore && isCatchUp(w, now)) caughtUp.add(w)
        }
      }
    }
  }
  run.emails = deliveries.sent
  run.caughtUp = caughtUp.size
  // Anything that could not be sent now is left for the next run (the schedule retries too).
  deliveries.finish()
  return run
}

/**
 * The owner's page for one meeting. The page refuses the link once the meeting has
 * started or been cancelled, or the link was revoked; the signed expiry is only the outer
 * bound.
 */
export function ownerLinkUrl(
  links: OwnerLinks,
  { ownerId, meeting }: { ownerId: string; meeting: Pick<Meeting, 'id' | 'startsAt'> },
): string {
  const issued = epochSeconds(links.issuedAt?.() ?? new Date())
  const token = links.signer.sign({
    p: 'owner-page',
    o: ownerId,
    m: meeting.id,
    // A signature lives at most MAX_LINK_LIFETIME_SECONDS: a link sent for a meeting further
    // ahead stops before it (the reminders nearer the meeting carry fresh ones).
    e: Math.min(epochSeconds(meeting.startsAt) + LINK_GRACE_SECONDS, issued + MAX_LINK_LIFETIME_SECONDS),
    i: issued,
  })
  return `${links.baseUrl}/respond/${token}`
}

function byOwner(actions: readonly Action[]): Map<string, Action[]> {
  const map = new Map<string, Action[]>()
  for (const a of actions) for (const o of a.ownerIds) map.set(o, [...(map.get(o) ?? []), a])
  return map
}
