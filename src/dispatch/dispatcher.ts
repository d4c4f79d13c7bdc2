/**
 * Finds due work and carries it out, on one instance or many. Each item is
 * claimed with an ETag-guarded write that moves its due time to the end of a
 * lease, so two instances never carry out the same item at once, and an item
 * held by a crashed instance becomes due again when the lease runs out.
 */
import type { WorkItem } from '../domain/work';
import type { CaseStore, Versioned } from '../store/case-store';
import type { Logger } from '../log';
import type { WorkOutcome } from './outcome';
import { retryDelayMs, shouldGiveUp } from './retry-policy';

export type WorkHandler = (item: WorkItem) => Promise<WorkOutcome>;

export interface DispatcherOptions {
  cases: CaseStore;
  handle: WorkHandler;
  instanceId: string;
  intervalMs: number;
  log: Logger;
  now?: () => Date;
  random?: () => number;
  /** How long a claim lasts; longer than any single delivery can take. */
  leaseMs?: number;
  /** How many due items one round reads. */
  batchSize?: number;
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

  constructor(private readonly options: DispatcherOptions) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
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

  /** Stops looking for work and waits for what is being carried out to finish. */
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
    for (let page = 0; page < 20; page++) {
      const due = await this.options.cases.dueWork(this.now(), this.batchSize);
      for (const item of due) {
        if (this.stopping) return handled; // what is not yet claimed stays due for the next instance
        if (await this.carryOut(item)) handled++;
      }
      if (due.length < this.batchSize) break;
    }
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
      this.options.log.error('dispatch.round_failed', { error: String(err) });
    }
  }

  private async carryOut(due: Versioned<WorkItem>): Promise<boolean> {
    const { cases, log, instanceId } = this.options;
    const now = this.now();
    const claimed = await cases.replaceWork(
      { ...due.value, dueAt: new Date(now.getTime() + this.leaseMs).toISOString(), leaseOwner: instanceId, attempts: due.value.attempts + 1 },
      due.etag,
    );
    if (!claimed) return false; // another instance has it
    const item = claimed.value;

    let outcome: WorkOutcome;
    try {
      outcome = await this.options.handle(item);
    } catch (err) {
      outcome = { kind: 'retry', error: String(err) };
    }

    const finishedAt = this.now();
    let next: WorkItem;
    if (outcome.kind === 'done') {
      next = { ...item, state: 'done', dueAt: undefined, leaseOwner: undefined, doneAt: finishedAt.toISOString(), delivery: outcome.delivery, lastError: undefined };
    } else if (outcome.kind === 'unreachable' || shouldGiveUp(item.attempts)) {
      next = { ...item, state: 'undeliverable', dueAt: undefined, leaseOwner: undefined, doneAt: finishedAt.toISOString(), lastError: outcome.error };
    } else {
      const delay = retryDelayMs(item.attempts, outcome.retryAfterMs, this.random);
      next = { ...item, dueAt: new Date(finishedAt.getTime() + delay).toISOString(), leaseOwner: undefined, lastError: outcome.error };
    }
    const saved = await cases.replaceWork(stripUndefined(next), claimed.etag);
    log.info('dispatch.work', {
      workId: item.id,
      caseId: item.caseId,
      kind: item.kind,
      outcome: next.state === 'open' ? 'retry' : next.state,
      attempts: item.attempts,
      saved: saved !== undefined,
      ...(next.lastError ? { error: next.lastError } : {}),
    });
    return true;
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
