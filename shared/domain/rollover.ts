import type { Action } from './action.ts'
import { isArisingAt, withUpdate } from './action-rules.ts'
import type { Meeting } from './meeting.ts'

export type RolloverChange = { before: Action; after: Action; kind: 'discharged' | 'carried-forward' }

/**
 * What approving the minutes of `meeting` does to the board's open actions (DESIGN §1):
 * an action the meeting proposed to discharge closes with its note; every other action
 * still open and due at or before the meeting moves to `next` (or waits for one) with its
 * carry count up by one and any update note kept.
 *
 * Replaying the plan after it was applied yields nothing: a discharged action is no longer
 * open and a carried one is due after `meeting`, so neither arises there again.
 */
export function planRollover(
  meeting: Meeting,
  open: readonly Action[],
  next: Pick<Meeting, 'id' | 'startsAt'> | null,
  at: string,
  /** Other meetings whose minutes can still be approved (scheduled or held). */
  pendingElsewhere: ReadonlySet<string> = new Set(),
): RolloverChange[] {
  const approvedOn = meeting.minutesApproval?.approvedOn
  // Outcomes are final only once the minutes are approved; before that there is nothing to do.
  if (!approvedOn) return []
  return (
    open
      // An outcome proposed at another meeting whose minutes can still be approved is left for
      // that approval to settle: carrying the action now would move it past that meeting. A
      // proposal from a cancelled meeting settles nothing and is dropped with the carry.
      .filter(
        (a) => isArisingAt(a, meeting) && !pendingElsewhere.has(a.proposedOutcome?.meetingId ?? meeting.id),
      )
      .map((before) => {
        const proposal = before.proposedOutcome?.meetingId === meeting.id ? before.proposedOutcome : null
        const base = { ...before, proposedOutcome: null, updatedAt: at, version: before.version + 1 }
        if (proposal?.outcome === 'discharged') {
          return {
            before,
            kind: 'discharged' as const,
            after: {
              ...base,
              status: 'discharged' as const,
              discharge: { meetingId: meeting.id, note: proposal.note, on: approvedOn },
            },
          }
        }
        const updates = proposal
          ? withUpdate(before.updates, {
              at: proposal.at,
              by: proposal.by,
              text: proposal.note,
              proposeComplete: false,
            })
          : before.updates
        return {
          before,
          kind: 'carried-forward' as const,
          after: {
            ...base,
            updates,
            dueMeetingId: next?.id ?? null,
            dueMeetingStartsAt: next?.startsAt ?? null,
            waitingAfter: next ? null : meeting.startsAt,
            carryCount: before.carryCount + 1,
          },
        }
      })
  )
}
