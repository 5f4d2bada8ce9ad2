import { epochSeconds, type LinkSigner, MAX_LINK_LIFETIME_SECONDS } from '../auth/signed-link.ts'
import type { Meeting } from '../domain/meeting.ts'

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
