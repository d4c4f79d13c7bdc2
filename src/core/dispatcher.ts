/**
 * Finds due work and carries it out, on one instance or many. Each item is
 * claimed with an ETag-guarded write that moves its due time to the end of a
 * lease, so two instances never carry out the same item at once, and an item
 * held by a crashed instance becomes due again when the lease runs out.
 */
import type { Versioned } from './cosmos/batch';
import type { Logger } from './log';
import type { WorkHandlers } from './registry';
import { retryDelayMs, shouldGiveUp } from './retry-policy';
import type { WorkItem, WorkKindHandler, WorkOutcome } from './work';
import type { WorkStore } from './work-store';

export interface DispatcherOptions {
  store: WorkStore;
  /** The handler of each kind of work, from the registry; an item given up is told to its kind's `undeliverable`. */
  handlers: WorkHandlers;
  instanceId: string;
  intervalMs: number;
  log: Logger;
  now?: () => Date;
  random?: () => number;
  /** How long a claim lasts; longer than any single delivery can take. */
  leaseMs?: number;
  /** How many due items one round reads. */
  batchSize?: number;
  /** How many items are carried out at once (different people's chats). */
  concurrency?: number;
}

export class Dispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private stopping = false;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;

  constructor(private readonly options: DispatcherOptions) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
    this.concurrency = options.concurrency ?? 4;
  }

  start(): void {
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /** Look for due work now rather than at the next interval (new work was just stored). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Stops looking for work and waits for what is being carried out to finish; unclaimed work stays due. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round: every item due now, carried out. Exposed for tests and tools. */
  async runOnce(): Promise<number> {
    let handled = 0;
    // Bounded, so that a flood of due work still lets the loop breathe between rounds.
    for (let page = 0; page < 20 && !this.stopping; page++) {
      const due = await this.options.store.dueWork(this.now(), this.batchSize);
      handled += await this.pool(due);
      if (due.length < this.batchSize) break;
    }
    return handled;
  }

  private async pool(due: Versioned<WorkItem>[]): Promise<number> {
    let next = 0;
    let handled = 0;
    const worker = async () => {
      while (next < due.length && !this.stopping) {
        const item = due[next++];
        try {
          if (await this.carryOut(item)) handled++;
        } catch (err) {
          // The store failed; the item stays due (or leased) and comes back.
          this.options.log.error('dispatch.item_failed', { workId: item.value.id, error: String(err).slice(0, 500) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
    return handled;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.round().finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        } else {
          this.schedule(this.options.intervalMs);
        }
      });
    }, delayMs);
  }

  private async round(): Promise<void> {
    try {
      await this.runOnce();
    } catch (err) {
      this.options.log.error('dispatch.round_failed', { error: String(err).slice(0, 500) });
    }
  }

  private async carryOut(due: Versioned<WorkItem>): Promise<boolean> {
    const { store, log, instanceId } = this.options;
    const now = this.now();
    const claimed = await store.replaceWork(
      { ...due.value, dueAt: new Date(now.getTime() + this.leaseMs).toISOString(), leaseOwner: instanceId, attempts: due.value.attempts + 1 },
      due.etag,
    );
    if (!claimed) return false; // another instance has it
    const item = claimed.value;

    const handler = this.options.handlers[item.kind] as WorkKindHandler<WorkItem['kind']> | undefined;
    let outcome: WorkOutcome;
    try {
      // A kind nobody handles (a feature removed, a newer instance's work) can never succeed here.
      outcome = handler ? await handler.run(item as never) : { kind: 'unreachable', error: `no handler for ${item.kind}` };
    } catch (err) {
      outcome = { kind: 'retry', error: String(err).slice(0, 500) };
    }

    const finishedAt = this.now();
    const next = this.afterOutcome(item, outcome, finishedAt);
    const saved = await store.replaceWork(stripUndefined(next), claimed.etag);
    log.info('dispatch.work', {
      workId: item.id,
      caseId: item.caseId,
      kind: item.kind,
      outcome: next.state === 'open' ? (outcome.kind === 'done' ? 'repeat' : 'retry') : outcome.kind === 'done' && outcome.skipped ? 'skipped' : next.state,
      attempts: item.attempts,
      saved: saved !== undefined,
      ...(next.dueAt && next.state === 'open' ? { nextDueAt: next.dueAt } : {}),
      ...(next.lastError ? { error: next.lastError } : {}),
    });
    if (saved && next.state === 'undeliverable') await handler?.undeliverable?.(next as never);
    return true;
  }

  private afterOutcome(item: WorkItem, outcome: WorkOutcome, at: Date): WorkItem {
    const settled = { leaseOwner: undefined, doneAt: at.toISOString() };
    if (outcome.kind === 'done') {
      const base = { ...item, ...settled, delivery: outcome.delivery ?? item.delivery, lastError: undefined, skipped: outcome.skipped || undefined };
      if (outcome.repeatAt && !outcome.skipped) {
        // A repeating reminder stays open for its next round, its tries counted afresh.
        return { ...base, state: 'open', dueAt: outcome.repeatAt.toISOString(), attempts: 0, sentCount: (item.sentCount ?? 0) + 1 };
      }
      return { ...base, state: 'done', dueAt: undefined, sentCount: outcome.skipped ? item.sentCount : (item.sentCount ?? 0) + 1 };
    }
    if (outcome.kind === 'unreachable' || shouldGiveUp(item.attempts)) {
      return { ...item, ...settled, state: 'undeliverable', dueAt: undefined, lastError: outcome.error };
    }
    const delay = retryDelayMs(item.attempts, outcome.retryAfterMs, this.random);
    return { ...item, leaseOwner: undefined, dueAt: new Date(at.getTime() + delay).toISOString(), lastError: outcome.error };
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
