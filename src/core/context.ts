/** What every feature works with: the organisation, its timings and clock, the store, the way out. */
import type { AuditTrail } from './audit';
import type { ContactStore } from './contacts';
import type { Containers } from './cosmos/database';
import type { Directory } from './directory';

import type { Downloads } from './downloads';
import type { Logger } from './log';
import { recipientOf, type Outbound, type Recipient } from './outbound';
import type { Schedule } from './schedule';
import type { StoredWork } from './work';
import type { WorkStore } from './work-store';

export interface CoreContext {
  /** The directory as it is now (read it each time: it may be replaced while the bot runs). */
  readonly directory: Directory;
  schedule: Schedule;
  timeZone: string;
  now: () => Date;
  log: Logger;
  containers: Containers;
  work: WorkStore;
  contacts: ContactStore;
  outbound: Outbound;
  /** Signed, short-lived download links for the kinds features register. */
  downloads: Downloads;
  /** Who exported, downloaded (and later read) what. */
  audit: AuditTrail;
  /**
   * Called after new work was stored, so the dispatcher need not wait for its
   * next round; given the items, it takes the due ones at once (with the ETags
   * the write answered with, without reading them again).
   */
  onWorkStored(work?: readonly StoredWork[]): void;
}

/**
 * Who a message goes to, in which language; the contact as this process knows
 * it (read at most every few minutes), handed to the sender, which reads it
 * afresh when Teams says the chat is gone or closed (403/404).
 */
export async function recipient(ctx: Pick<CoreContext, 'directory' | 'contacts'>, id: string): Promise<Recipient> {
  return recipientOf(ctx.directory, id, await ctx.contacts.knownPerson(id));
}
