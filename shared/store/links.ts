import * as z from 'zod'
import { ConflictError } from '../errors.ts'
import { ifConditionHolds, MUST_NOT_EXIST, type Table, type TxItem } from './dynamo.ts'
import { key } from './keys.ts'

/** A single-use form: its nonce and when its marker may be expired (epoch seconds). */
export type FormUse = { nonce: string; expiresAt: number }

/** A revocation marker: links for (meeting, owner) issued up to `at` are dead. */
const LinkRevocation = z.object({ meetingId: z.string(), ownerId: z.string(), at: z.string() })

/**
 * What signed links and single-use forms leave in the table: a marker per used form (a
 * replay is refused) and a revocation marker per (meeting, owner).
 */
export class LinkStateRepository {
  constructor(private readonly table: Table) {}

  /**
   * Uses up a web form's one-time key; false if it was already used (a double click, the
   * back button). A refused form is drawn again with a fresh key, so nothing typed is lost.
   */
  useForm(use: FormUse): Promise<boolean> {
    return ifConditionHolds(this.table.put(usedForm(use), MUST_NOT_EXIST))
  }

  /** Gives a web form's key back when the change it carried was not saved. */
  async releaseForm(nonce: string): Promise<void> {
    await this.table.delete(key.usedForm(nonce))
  }

  /**
   * A form used up by the change it carries, as an item of that change's transaction: a
   * replay is refused, and a change that fails leaves the form usable for a retry.
   */
  useFormItem(use: FormUse): TxItem {
    return this.table.putItem(
      usedForm(use),
      MUST_NOT_EXIST,
      () => new ConflictError('duplicate', 'this form was already used'),
    )
  }

  /** Revokes every link for (meeting, owner) issued up to `at`. */
  async revoke(meetingId: string, ownerId: string, at: string): Promise<void> {
    const revocation: z.infer<typeof LinkRevocation> = { meetingId, ownerId, at }
    await this.table.put({ ...key.linkRevocation(meetingId, ownerId), type: 'LinkRevocation', ...revocation })
  }

  /** When links for (meeting, owner) were last revoked, if ever. */
  async revokedAt(meetingId: string, ownerId: string): Promise<string | null> {
    return (await this.table.get(key.linkRevocation(meetingId, ownerId), LinkRevocation))?.at ?? null
  }
}

/** A used form's marker. It outlives the form's own expiry, after which the signature refuses it anyway. */
const usedForm = ({ nonce, expiresAt }: FormUse) => ({ ...key.usedForm(nonce), type: 'UsedForm', expiresAt })
