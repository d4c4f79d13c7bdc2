/**
 * When to try a failed delivery again, when to tell someone that it is late,
 * and when to give up. Pure: times and the random source are passed in.
 *
 * A passing failure (429, 5xx, a time-out, the network) is tried again for at
 * least a day: Teams outages of minutes or hours must not cost a principal the
 * notice of a case. Only answers that waiting cannot change are final.
 */

const BASE_DELAY_MS = 1000;
/** The longest wait between two tries of our own accord: after an outage, delivery resumes within this. */
export const MAX_DELAY_MS = 2 * 60 * 1000;
/** How long a passing failure is retried before the item is declared undeliverable. */
export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;
/** How long an item may fail before the next role up is told it is late (while it is still retried). */
export const LATE_AFTER_MS = 5 * 60 * 1000;

/**
 * Statuses Teams will answer the same way however long we wait: 400 (bad
 * request), 403 (blocked, app removed), 404 (the chat is gone), 413 (too large:
 * the sender may try a smaller message first). Everything else is passing.
 */
export const FINAL_STATUSES: readonly number[] = [400, 403, 404, 413];

export function isFinalStatus(status: number | undefined): boolean {
  return status !== undefined && FINAL_STATUSES.includes(status);
}

/**
 * Exponential backoff with jitter between half and all of the ceiling (1 s,
 * 2 s, 4 s ... at most MAX_DELAY_MS), never earlier than the server's Retry-After.
 * `failures`: how many tries in a row have failed, this one included.
 */
export function retryDelayMs(failures: number, retryAfterMs: number | undefined, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(30, Math.max(0, failures - 1)));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** True once an item has failed for RETRY_FOR_MS: it is declared undeliverable. */
export function shouldGiveUp(failingSince: Date, now: Date): boolean {
  return now.getTime() - failingSince.getTime() >= RETRY_FOR_MS;
}

/** True once an item has failed for LATE_AFTER_MS: the next role up is told, and the item is still retried. */
export function isLate(failingSince: Date, now: Date): boolean {
  return now.getTime() - failingSince.getTime() >= LATE_AFTER_MS;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined if absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
