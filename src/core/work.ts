/**
 * Owed work: something to do at a time (mostly a message to someone). Stored
 * next to what owes it (same partition), so that a state change and what it
 * owes are written in one transactional batch; the dispatcher carries it out
 * later, looking up the handler of its kind in the registry.
 *
 * `dueAt` is present only while the work is open, so the dispatcher's query on
 * `dueAt <= now` touches only open work. Claiming work moves `dueAt` to the end
 * of the lease: if the claiming instance dies, the work is due again then.
 *
 * Each feature declares its kinds and the fields each needs by adding to
 * `WorkKinds` (declaration merging); `WorkItem` is the union of them all.
 */
import { hash } from 'node:crypto';
import { isoString } from './clock';

/** Kind to the fields that kind carries besides the common ones. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface WorkKinds {}

export type WorkKind = keyof WorkKinds;

/** Where a sent message landed, so it can be updated later. `caseCard`: it shows a case card, to be kept current. */
export interface Delivery {
  conversationId: string;
  activityId?: string;
  caseCard?: boolean;
}

export interface WorkCommon {
  id: string;
  /**
   * Partition key of the `cases` container: the case, or another owner's
   * partition (`school:<id>`, `job:<id>`).
   */
  caseId: string;
  docType: 'work';
  /** ISO time; absent once the work is done or declared undeliverable. */
  dueAt?: string;
  state: 'open' | 'done' | 'undeliverable';
  attempts: number;
  createdAt: string;
  leaseOwner?: string;
  doneAt?: string;
  /** Done without sending: no longer needed when it fell due. */
  skipped?: boolean;
  /** The work (a digest) this item was folded into, so it is not sent on its own the same day. */
  mergedInto?: string;
  /** The digest this item was folded into gave it back (not delivered, late, or no longer listing it): it goes on its own. */
  restoredFrom?: string;
  /** How many times a repeating item has gone out. */
  sentCount?: number;
  lastError?: string;
  delivery?: Delivery;
  /** Since when the tries of this item have failed (passing failures only); absent while it has not failed. */
  failingSince?: string;
  /** Failed tries in a row: the backoff's exponent. */
  failures?: number;
  /** The kind's `late` was told that this item is late (it is still retried). */
  lateNoticed?: boolean;
  /**
   * Goes before other due work: news of a very serious or serious-injury case.
   * Named `serious` so that the index the `cases` container already has on
   * that path serves the dispatcher's query for it.
   */
  serious?: true;
}

export type WorkOf<K extends WorkKind> = WorkCommon & { kind: K } & WorkKinds[K];

export type WorkItem = { [K in WorkKind]: WorkOf<K> }[WorkKind];

/**
 * Just-stored work as the dispatcher is told of it: the item as stored with
 * the ETag the write answered with (claimed without a read), or only where
 * to read it.
 */
export type StoredWork = { value: WorkItem; etag: string } | Pick<WorkItem, 'id' | 'caseId' | 'dueAt' | 'serious'>;

/** What happened when one piece of due work was carried out. */
export type WorkOutcome =
  /**
   * Carried out: where the message landed (so it can be updated later), or
   * skipped when it was no longer needed. A repeating item says when it is
   * due again.
   */
  | { kind: 'done'; delivery?: Delivery; skipped?: boolean; repeatAt?: Date }
  /** A passing failure: try again, not before `retryAfterMs`. */
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  /** Not a failure, just not now (another step must finish first): try again after `retryAfterMs`. */
  | { kind: 'wait'; retryAfterMs: number; reason: string }
  /** The person cannot be reached (app not installed, blocked), or the request can never succeed: final. */
  | { kind: 'unreachable'; error: string };

export const SKIPPED: WorkOutcome = { kind: 'done', skipped: true };

/** How a feature carries out one kind of work, and what happens when it cannot. */
export interface WorkKindHandler<K extends WorkKind> {
  run(item: WorkOf<K>): Promise<WorkOutcome>;
  /**
   * Asked before the item is claimed: why it is to be settled as skipped
   * without being carried out (logged), decided from the store alone and
   * with no effect outside it (a new-case card that a reporter's summary
   * stands in for). Such an item costs at most one ETag-guarded write
   * instead of a claim and a settle; false: it is claimed and `run` as
   * usual. Two instances deciding the same item at once is harmless: one
   * write wins. `storedBy` (`performance.now()` of this process): the item,
   * and what was stored with it, was in the store before that moment.
   */
  skipsWithoutClaim?(item: WorkOf<K>, storedBy: number): Promise<string | false>;
  /**
   * Carrying the item out twice does no harm and gives the same result (a
   * card rewritten to the case as it is now): it is carried out without a
   * claim and settled in one write instead of two. Another instance may
   * now and then rewrite the same card at the same moment; one settle wins.
   */
  idempotent?: true;
  /** Told when an item is given up (unreachable, or out of tries): nothing is dropped silently. */
  undeliverable?(item: WorkOf<K>): Promise<void>;
  /** Told once when an item has failed for a while (retry-policy.ts LATE_AFTER_MS); it is still retried. */
  late?(item: WorkOf<K>): Promise<void>;
}

/**
 * The lane an item is carried out in: one item per lane at a time, so one
 * person's slow, hanging or throttled chat holds up only that person's work.
 */
export function laneOf(item: WorkItem): string {
  const recipient = (item as { recipientId?: unknown }).recipientId;
  return typeof recipient === 'string' ? `to:${recipient}` : `at:${item.caseId}`;
}

/** Deterministic, so re-deriving the work of one event never duplicates it. */
export function workIdFor(partition: string, kind: WorkKind, recipientId: string, discriminator = ''): string {
  // The one-shot hash: the same digest as createHash's, without a Hash object per id (a submit makes about ten).
  const digest = hash('sha256', `${partition}\n${kind}\n${recipientId}\n${discriminator}`, 'hex');
  return `work-${digest.slice(0, 32)}`;
}

/**
 * A new open item of a kind. `key` (with the recipient, if any) makes its id:
 * the same key gives the same id, so storing it twice fails instead of sending twice.
 */
export function newWork<K extends WorkKind>(
  kind: K,
  partition: string,
  fields: WorkKinds[K],
  options: { key: string; dueAt: Date; now: Date; urgent?: boolean },
): WorkOf<K> {
  const recipient = (fields as { recipientId?: string }).recipientId ?? '';
  return {
    id: workIdFor(partition, kind, recipient, options.key),
    caseId: partition,
    docType: 'work',
    kind,
    dueAt: isoString(options.dueAt),
    state: 'open',
    attempts: 0,
    createdAt: isoString(options.now),
    ...(options.urgent ? { serious: true } : {}),
    ...fields,
  } as unknown as WorkOf<K>;
}

/** The partition of a school's own documents (cluster state, its alerts). */
export function schoolPartition(schoolId: string): string {
  return `school:${schoolId}`;
}
