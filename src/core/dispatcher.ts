/**
 * Finds due work and carries it out, on one instance or many. Each item is
 * claimed with an ETag-guarded write that moves its due time to the end of a
 * lease, so two instances never carry out the same item at once, and an item
 * held by a crashed instance becomes due again when the lease runs out. (Kinds
 * that may be carried out twice, `idempotent`, are not claimed: rewriting a
 * card to the case as it is now twice does no harm.)
 *
 * Delivery never waits for the slowest: due items wait in a queue and a pool
 * of workers takes the next one as soon as one is free. Items are grouped in
 * lanes (one per recipient, work.ts `laneOf`) and a lane carries out one item
 * at a time, so a person whose chat hangs or is throttled holds up only their
 * own messages, and messages to one person keep their order. The most urgent
 * items (news of a serious case) are fetched and taken first.
 *
 * What it costs the store: work just stored by this process comes with the
 * ETags its batch answered with, so it is claimed without being read again;
 * a look at the store (one due-work query) also sees what falls due before
 * the next look and wakes at those times, so that an idle instance looks only
 * every `idleIntervalMs`. An item its kind skips without carrying it out (a
 * new-case card folded into a flood summary) is settled in one write, with
 * no claim before it (`WorkKindHandler.skipsWithoutClaim`), and the settles
 * of many cases travel in one bulk request.
 */
import type { Versioned } from './cosmos/batch';
import type { Logger } from './log';
import type { WorkHandlers } from './registry';
import { isLate, retryDelayMs, shouldGiveUp } from './retry-policy';
import { compareIso } from './clock';
import { withChanges, withoutUndefined } from './objects';
import { laneOf, type StoredWork, type WorkItem, type WorkKindHandler, type WorkOutcome } from './work';
import type { WorkStore } from './work-store';

export interface DispatcherOptions {
  store: WorkStore;
  /** The handler of each kind of work, from the registry; an item given up is told to its kind's `undeliverable`. */
  handlers: WorkHandlers;
  instanceId: string;
  intervalMs: number;
  /**
   * How long to wait between looks when the last one found nothing due (at
   * least `intervalMs`): what falls due before then was seen by that look and
   * is woken for, and this process's own new work comes with a nudge. Only
   * another instance's work that no look saw waits this long.
   */
  idleIntervalMs?: number;
  log: Logger;
  now?: () => Date;
  random?: () => number;
  /** How long a claim lasts; longer than any single delivery can take. */
  leaseMs?: number;
  /** How many due items one look reads (of the urgent ones, and of all). */
  batchSize?: number;
  /** How many items are carried out at once (each in its own lane). */
  concurrency?: number;
  /** At most this many items wait in memory; the rest stay due in the store. */
  maxQueued?: number;
}

/** How long after something falls due the look woken for it starts. */
const WAKE_MARGIN_MS = 5;

/** How many unclaimed items carried out are remembered against stale copies. */
const CARRIED_OUT_KEPT = 1000;

/** Cosmos DB's limit of operations in one transactional batch. */
const MAX_BATCH = 100;

/** How many just-stored items are read by id at once. */
const HINT_READS_AT_ONCE = 16;

interface Queued {
  due: Versioned<WorkItem>;
  lane: string;
  urgent: boolean;
  /** Arrival order, to keep first come first served among equals. */
  seq: number;
  /** The item was in the store before this moment (`performance.now()`): when it was nudged, or when the read that found it answered. */
  storedBy: number;
  /** Its kind was asked already whether it is skipped without a claim, and said no. */
  notSkipped?: boolean;
  /** Being asked that, with another item of its case: its lane waits at it. */
  asking?: boolean;
}

export class Dispatcher {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private stopping = false;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly idleIntervalMs: number;
  /** When the timer set by `schedule` fires (ms since the epoch, by `now`). */
  private timerAt = Infinity;

  /** Due items not yet started, by work id. */
  private readonly queue = new Map<string, Queued>();
  /** The same items by lane, each lane in the order they are to start (`compare`), so picking the next looks only at lanes' heads. */
  private readonly lanes = new Map<string, Queued[]>();
  /** Queued work ids by partition, to find the items of one case that can be settled together. */
  private readonly byPartition = new Map<string, Set<string>>();
  /**
   * Unclaimed (idempotent) items this process carried out, with the ETag they
   * were read with: a look that read one before it was settled must not
   * bring it back (with a claim, the stale ETag made the claim fail).
   */
  private readonly carriedOut = new Map<string, string>();
  /** Work ids being carried out, and their lanes. */
  private readonly inFlight = new Set<string>();
  /** Items skipped without a claim whose settle the store has not answered yet. */
  private settling = 0;
  private readonly busyLanes = new Set<string>();
  /** Just-stored work to read by id rather than wait for the next query. */
  private readonly hints = new Map<string, { partition: string; id: string; urgent: boolean }>();
  private fetching: Promise<void> | undefined;
  /** A look with the due-work queries is wanted (not only the just-stored items). */
  private queryWanted = false;
  /** The last look filled a page: there may be more due work than was read. */
  private moreDue = false;
  private seq = 0;
  private handled = 0;
  /** The last look with the query found due work (so the next comes after `intervalMs`, not `idleIntervalMs`). */
  private foundDue = false;
  /** The earliest time (ms) at which something seen falls due, for the next look. */
  private nextSeenDue = Infinity;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: DispatcherOptions) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
    this.concurrency = options.concurrency ?? 16;
    this.maxQueued = options.maxQueued ?? 1000;
    this.idleIntervalMs = Math.max(options.intervalMs, options.idleIntervalMs ?? options.intervalMs);
  }

  start(): void {
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /**
   * New work was just stored. Given with their ETags (as the batch answered),
   * the items due now are queued at once and claimed with those ETags: no
   * read and no query. Given only by id, those due now are read by id. Items
   * due later are woken for when they fall due before the next look. Without
   * items, look for due work now (a burst of such nudges makes one more look).
   */
  nudge(stored?: readonly StoredWork[]): void {
    if (this.stopped) return;
    if (!stored) {
      void this.fetch(true);
      return;
    }
    const now = this.now().getTime();
    let queued = false;
    for (const w of stored) {
      const versioned = 'etag' in w && 'value' in w ? w : undefined;
      const item = versioned ? versioned.value : (w as Pick<WorkItem, 'id' | 'caseId' | 'dueAt' | 'serious'>);
      if (!item.dueAt) continue;
      const due = Date.parse(item.dueAt);
      if (due > now) this.wakeAt(due);
      else if (!versioned) this.hints.set(item.id, { partition: item.caseId, id: item.id, urgent: item.serious === true });
      else if (this.enqueue(versioned, performance.now())) queued = true;
      // No room in memory: it stays due in the store, and the next look finds it.
      else if (!this.inFlight.has(item.id)) this.moreDue = true;
    }
    if (queued) this.pump();
    if (this.hints.size > 0) void this.fetch(false);
  }

  /** Stops taking work and waits for what is being carried out to finish; work not started stays due. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.clear();
    this.byPartition.clear();
    this.lanes.clear();
    this.hints.clear();
    await this.fetching;
    await this.idle();
  }

  /**
   * Carries out every item due now (and what falls due while doing so), and
   * resolves when none is left in hand. Exposed for tests and tools; works
   * without `start`.
   */
  async runOnce(): Promise<number> {
    const before = this.handled;
    // Bounded, so that work other instances hold cannot keep this loop going.
    for (let look = 0; look < 20; look++) {
      await this.fetch(true);
      await this.idle();
      if (!this.moreDue || this.stopping) break;
    }
    return this.handled - before;
  }

  /** Items waiting or being carried out: for tests and health. */
  get pending(): number {
    return this.queue.size + this.inFlight.size + this.settling;
  }

  /** When the next timed look comes (ms since the epoch, by `now`; Infinity while a look goes on): for tests and health. */
  get nextLookAt(): number {
    return this.timerAt;
  }

  /** The next look in `delayMs`; after it, the next one by what it saw. */
  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = this.now().getTime() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.nextSeenDue = Infinity;
      void this.fetch(true).finally(() => {
        if (this.timer) return; // a wake was set meanwhile
        const busy = this.foundDue || this.moreDue || this.pending > 0;
        const wait = busy ? this.options.intervalMs : this.idleIntervalMs;
        const until = this.nextSeenDue - this.now().getTime() + WAKE_MARGIN_MS;
        this.schedule(Math.max(0, Math.min(wait, until)));
      });
    }, delayMs);
  }

  /** Look no later than `at` (ms since the epoch): something falls due then. */
  private wakeAt(at: number): void {
    if (this.stopped || this.stopping) return;
    this.nextSeenDue = Math.min(this.nextSeenDue, at);
    // A timer that fires before then, or a look going on (it schedules the next from nextSeenDue), will do.
    if (this.timerAt <= at + WAKE_MARGIN_MS || (!this.timer && this.fetching)) return;
    // A few ms late rather than early: a timer may fire a little before the wall clock reaches `at`, and a look then finds nothing due yet.
    this.schedule(Math.max(0, at - this.now().getTime() + WAKE_MARGIN_MS));
  }

  /**
   * One look at the store at a time; what is asked for during a look (more
   * just-stored items, a query) is done in one more look after it.
   * `query`: also run the due-work queries, not only read the just-stored items.
   */
  private fetch(query: boolean): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (query) this.queryWanted = true;
    if (this.fetching) return this.fetching;
    this.fetching = (async () => {
      while ((this.queryWanted || this.hints.size > 0) && !this.stopping) {
        const withQuery = this.queryWanted;
        this.queryWanted = false;
        try {
          await this.look(withQuery);
        } catch (err) {
          this.options.log.error('dispatch.round_failed', { error: String(err).slice(0, 500) });
        }
      }
    })().finally(() => {
      this.fetching = undefined;
      this.wakeIdle();
    });
    return this.fetching;
  }

  private async look(withQuery: boolean): Promise<void> {
    const { store } = this.options;
    const now = this.now();
    // Urgent ones first, a few at a time: a flood of just-stored work must not hold up the read of a very serious case.
    const hints = [...this.hints.values()].filter((h) => !this.inFlight.has(h.id)).sort((a, b) => Number(b.urgent) - Number(a.urgent));
    this.hints.clear();
    for (let i = 0; i < hints.length && !this.stopping; i += HINT_READS_AT_ONCE) {
      const read = await Promise.all(hints.slice(i, i + HINT_READS_AT_ONCE).map((h) => store.getWork(h.partition, h.id)));
      const readBy = performance.now();
      for (const found of read) if (found && found.value.dueAt && found.value.dueAt <= now.toISOString()) this.enqueue(found, readBy);
      this.pump();
      // New hints (an urgent one among them) go before the rest of this batch.
      if (this.hints.size > 0) {
        for (const h of hints.slice(i + HINT_READS_AT_ONCE)) if (!this.hints.has(h.id)) this.hints.set(h.id, h);
        this.queryWanted = this.queryWanted || withQuery;
        return;
      }
    }
    if (!withQuery) return;
    if (this.queue.size >= this.maxQueued) {
      this.moreDue = true;
      return;
    }
    // What falls due before the next idle look is read too (sorted by dueAt, it comes after what is due now) and woken for.
    const seen = await store.dueWork(new Date(now.getTime() + this.idleIntervalMs), this.batchSize);
    const seenBy = performance.now();
    const nowIso = now.toISOString();
    const all = seen.filter((w) => w.value.dueAt !== undefined && w.value.dueAt <= nowIso);
    for (const later of seen.slice(all.length)) if (later.value.dueAt && !this.inFlight.has(later.value.id)) this.wakeAt(Date.parse(later.value.dueAt));
    for (const due of all) this.enqueue(due, seenBy);
    this.foundDue = all.length > 0;
    let full = all.length >= this.batchSize;
    // More is due than one page: the urgent ones may be beyond it, so they are read on their own.
    if (full) {
      const urgent = await store.dueWork(now, this.batchSize, true);
      const urgentBy = performance.now();
      for (const due of urgent) this.enqueue(due, urgentBy);
      full = full || urgent.length >= this.batchSize;
    }
    this.moreDue = full;
    this.pump();
  }

  /** Queues a due item (or takes the fresher read of one queued); false if it is not queued (stopping, in hand, no room). */
  private enqueue(due: Versioned<WorkItem>, storedBy: number): boolean {
    const id = due.value.id;
    if (this.stopping || this.inFlight.has(id) || this.carriedOut.get(id) === due.etag) return false;
    const known = this.queue.get(id);
    if (known) {
      // The fresher read, in its place by its due time.
      this.removeFromLane(known);
      known.due = due;
      known.storedBy = Math.min(known.storedBy, storedBy);
      this.addToLane(known);
      return true;
    }
    if (this.queue.size >= this.maxQueued) return false;
    this.index({ due, lane: laneOf(due.value), urgent: due.value.serious === true, seq: this.seq++, storedBy });
    return true;
  }

  private index(q: Queued): void {
    const id = q.due.value.id;
    this.queue.set(id, q);
    const siblings = this.byPartition.get(q.due.value.caseId);
    if (siblings) siblings.add(id);
    else this.byPartition.set(q.due.value.caseId, new Set([id]));
    this.addToLane(q);
  }

  private unqueue(q: Queued): void {
    const id = q.due.value.id;
    this.queue.delete(id);
    const siblings = this.byPartition.get(q.due.value.caseId);
    siblings?.delete(id);
    if (siblings?.size === 0) this.byPartition.delete(q.due.value.caseId);
    this.removeFromLane(q);
  }

  private addToLane(q: Queued): void {
    const lane = this.lanes.get(q.lane);
    if (!lane) {
      this.lanes.set(q.lane, [q]);
      return;
    }
    // Binary search for the first that starts after q; items mostly arrive in order, so this is usually the end.
    let lo = 0;
    let hi = lane.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(lane[mid], q) <= 0) lo = mid + 1;
      else hi = mid;
    }
    lane.splice(lo, 0, q);
  }

  private removeFromLane(q: Queued): void {
    const lane = this.lanes.get(q.lane);
    if (!lane) return;
    const at = lane.indexOf(q);
    if (at >= 0) lane.splice(at, 1);
    if (lane.length === 0) this.lanes.delete(q.lane);
  }

  /** The next item to start: urgent before others, then the earliest due, in a lane that is free. */
  private next(): Queued | undefined {
    let best: Queued | undefined;
    for (const [name, lane] of this.lanes) {
      if (this.busyLanes.has(name)) continue;
      const head = lane[0];
      if (head.asking) continue;
      if (!best || compare(head, best) < 0) best = head;
    }
    return best;
  }

  private pump(): void {
    while (!this.stopping && this.inFlight.size < this.concurrency) {
      const q = this.next();
      if (!q) break;
      this.unqueue(q);
      this.inFlight.add(q.due.value.id);
      this.busyLanes.add(q.lane);
      // The other queued items of its case that may be skipped with it are asked with it, their lanes waiting at them meanwhile.
      const siblings = this.handlerOf(q.due.value)?.skipsWithoutClaim && !q.notSkipped ? this.takeSkippableSiblings(q.due.value.caseId) : [];
      void this.carryOut(q, siblings)
        .then((carried) => {
          this.handled += carried;
        })
        .catch((err) => {
          // The store failed; the item stays due (or leased) and comes back.
          this.options.log.error('dispatch.item_failed', { workId: q.due.value.id, error: String(err).slice(0, 500) });
        })
        .finally(() => {
          this.inFlight.delete(q.due.value.id);
          this.busyLanes.delete(q.lane);
          this.pump();
          // Running low while more is due: look again without waiting for the interval.
          if (this.moreDue && this.queue.size < this.concurrency && !this.stopping) void this.fetch(true);
          this.wakeIdle();
        });
    }
    this.wakeIdle();
  }

  private idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && this.settling === 0 && (this.queue.size === 0 || this.stopping) && !this.fetching;
  }

  private wakeIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private rememberCarriedOut(id: string, etag: string): void {
    this.carriedOut.delete(id);
    this.carriedOut.set(id, etag);
    // Only a look already on its way can bring a stale copy: the last thousand are plenty.
    if (this.carriedOut.size > CARRIED_OUT_KEPT) this.carriedOut.delete(this.carriedOut.keys().next().value!);
  }

  /** An item remembered as carried out that was not settled after all: a look may bring it back. */
  private forgetCarriedOut(id: string, etag: string): void {
    if (this.carriedOut.get(id) === etag) this.carriedOut.delete(id);
  }

  /** The handler of an item's kind. */
  private handlerOf(item: WorkItem): WorkKindHandler<WorkItem['kind']> | undefined {
    return this.options.handlers[item.kind] as WorkKindHandler<WorkItem['kind']> | undefined;
  }

  /**
   * Asks the kinds of an item and of the other queued items of its
   * partition (a new-case card to each person told) whether they are skipped
   * without a claim, and settles those that are, each guarded by the ETag it
   * was read with (one refused means another instance has it), gathered with
   * the other settles of the moment (WorkStore.replaceEach). The others stay
   * where they are in their lanes: while asked they hold their lane at their
   * place (`asking`), so nothing to the same person overtakes them. A skipped
   * item frees its lane as soon as it is decided: lanes are per person, and a
   * person's lane waiting for each settle's answer was what limited how fast a
   * flood's cards were folded. Whether the first was skipped.
   */
  private async settleSkipped(first: Queued, siblings: Queued[]): Promise<{ firstSkipped: boolean }> {
    const { store, log } = this.options;
    const all = [first, ...siblings];
    const asked = await Promise.all(
      all.map(async (q) => {
        try {
          return await this.handlerOf(q.due.value)!.skipsWithoutClaim!(q.due.value as never, q.storedBy);
        } catch {
          return false; // carried out as usual, where a failure is retried
        }
      }),
    );
    const skipped = all.filter((_, i) => asked[i] !== false);
    const reasons = asked.filter((r): r is string => r !== false);
    // Not skipped: carried out as usual, from where it waits in its lane.
    let released = false;
    for (let i = 1; i < all.length; i++) {
      if (asked[i] !== false) continue;
      all[i].asking = false;
      all[i].notSkipped = true;
      released = true;
    }
    if (released) this.pump();
    if (skipped.length === 0) return { firstSkipped: false };
    const at = this.now();
    const next = skipped.map((q) => ({ value: skippedAt(q.due.value, at), etag: q.due.etag }));
    // Decided: out of the queue, their lanes free at once (they send nothing, so nothing overtakes them while the
    // settle is on its way), and, as unclaimed work carried out, kept from coming back from a look that read them before it.
    for (const q of skipped) {
      this.rememberCarriedOut(q.due.value.id, q.due.etag);
      if (q !== first) this.unqueue(q);
    }
    if (siblings.length > 0) this.pump();
    this.settling += skipped.length;
    const write = store.replaceEach(next).then(
      (saved) => {
        // Not saved (changed by someone else, or refused alone): if it is still due, a look brings it back.
        skipped.forEach((q, i) => saved[i] || this.forgetCarriedOut(q.due.value.id, q.due.etag));
        const settled = saved.filter(Boolean).length;
        this.handled += settled;
        // One line for the batch: under a flood every case settles a few of these at once.
        log.info('dispatch.work', {
          workIds: skipped.map((q) => q.due.value.id),
          caseId: first.due.value.caseId,
          kinds: [...new Set(skipped.map((q) => q.due.value.kind))],
          outcome: 'skipped',
          reasons: [...new Set(reasons)],
          saved: settled,
          unclaimed: true,
        });
      },
      (err) => {
        // The store failed: each stays due, and a look brings it back.
        for (const q of skipped) this.forgetCarriedOut(q.due.value.id, q.due.etag);
        log.error('dispatch.item_failed', { workId: first.due.value.id, error: String(err).slice(0, 500) });
      },
    );
    void write.finally(() => {
      this.settling -= skipped.length;
      this.wakeIdle();
    });
    // The settles are gathered into few requests (WorkStore.replaceEach); only a backlog of them waits for its answer.
    if (this.settling > this.maxQueued) await write;
    return { firstSkipped: asked[0] !== false };
  }

  /** The other queued items of this partition whose kinds may skip them without a claim, marked as being asked (their lanes wait at them). */
  private takeSkippableSiblings(partition: string): Queued[] {
    const ids = this.byPartition.get(partition);
    if (!ids) return [];
    const taken: Queued[] = [];
    for (const id of ids) {
      if (taken.length >= MAX_BATCH - 1) break;
      const q = this.queue.get(id);
      if (!q || q.asking || q.notSkipped || !this.handlerOf(q.due.value)?.skipsWithoutClaim) continue;
      q.asking = true;
      taken.push(q);
    }
    return taken;
  }

  private async carryOut(q: Queued, siblings: Queued[]): Promise<number> {
    const { store, log, instanceId } = this.options;
    const due = q.due;
    const handler = this.handlerOf(due.value);
    if (handler?.skipsWithoutClaim && !q.notSkipped) {
      // Settles are counted as they are answered.
      if ((await this.settleSkipped(q, siblings)).firstSkipped) return 0;
    }
    const now = this.now();
    // What may be carried out twice is not claimed: the settle below, guarded by the ETag it was read with, is its one write.
    const claimed = handler?.idempotent
      ? { value: { ...due.value, attempts: due.value.attempts + 1 }, etag: due.etag }
      : await store.replaceWork(withChanges(due.value, { dueAt: new Date(now.getTime() + this.leaseMs).toISOString(), leaseOwner: instanceId, attempts: due.value.attempts + 1 }), due.etag);
    if (!claimed) return 0; // another instance has it, or it changed since it was read
    const item = claimed.value;

    let outcome: WorkOutcome;
    const started = Date.now();
    try {
      // A kind nobody handles (a feature removed, a newer instance's work) can never succeed here.
      outcome = handler ? await handler.run(item as never) : { kind: 'unreachable', error: `no handler for ${item.kind}` };
    } catch (err) {
      outcome = { kind: 'retry', error: String(err).slice(0, 500) };
    }

    const finishedAt = this.now();
    const next = this.afterOutcome(item, outcome, finishedAt);
    if (handler?.idempotent) this.rememberCarriedOut(item.id, claimed.etag);
    const saved = await store.replaceWork(withoutUndefined(next), claimed.etag);
    // Due again later (a retry, a wait, a repeat): look for it then.
    if (saved && next.state === 'open' && next.dueAt) this.wakeAt(Date.parse(next.dueAt));
    const late = next.lateNoticed === true && item.lateNoticed !== true && next.state === 'open';
    log.info('dispatch.work', {
      workId: item.id,
      caseId: item.caseId,
      kind: item.kind,
      outcome: outcomeName(next, outcome),
      attempts: item.attempts,
      ms: Date.now() - started,
      saved: saved !== undefined,
      ...(item.serious ? { urgent: true } : {}),
      ...(next.dueAt && next.state === 'open' ? { nextDueAt: next.dueAt } : {}),
      ...(next.lastError ? { error: next.lastError } : {}),
    });
    if (saved && next.state === 'undeliverable') await handler?.undeliverable?.(next as never);
    if (saved && late) {
      log.warn('dispatch.late', { workId: item.id, caseId: item.caseId, kind: item.kind, failingSince: next.failingSince });
      await handler?.late?.(next as never);
    }
    return 1;
  }

  // Built with withChanges rather than spreads: most of these fields are new to the item (core/objects.ts says why).
  private afterOutcome(item: WorkItem, outcome: WorkOutcome, at: Date): WorkItem {
    const settled: Partial<WorkItem> = { leaseOwner: undefined, doneAt: at.toISOString(), failingSince: undefined, failures: undefined };
    if (outcome.kind === 'done') {
      const base = withChanges(item, settled, { delivery: outcome.delivery ?? item.delivery, lastError: undefined, lateNoticed: undefined, skipped: outcome.skipped || undefined });
      if (outcome.repeatAt && !outcome.skipped) {
        // A repeating reminder stays open for its next round, its tries counted afresh.
        return withChanges(base, { state: 'open', dueAt: outcome.repeatAt.toISOString(), attempts: 0, sentCount: (item.sentCount ?? 0) + 1 });
      }
      return withChanges(base, { state: 'done', dueAt: undefined, sentCount: outcome.skipped ? item.sentCount : (item.sentCount ?? 0) + 1 });
    }
    if (outcome.kind === 'wait') {
      return withChanges(item, { leaseOwner: undefined, dueAt: new Date(at.getTime() + outcome.retryAfterMs).toISOString() });
    }
    if (outcome.kind === 'unreachable') {
      return withChanges(item, settled, { state: 'undeliverable', dueAt: undefined, lastError: outcome.error });
    }
    const failingSince = item.failingSince ? new Date(item.failingSince) : at;
    if (shouldGiveUp(failingSince, at)) {
      return withChanges(item, settled, { state: 'undeliverable', dueAt: undefined, lastError: outcome.error });
    }
    const failures = (item.failures ?? 0) + 1;
    const delay = retryDelayMs(failures, outcome.retryAfterMs, this.random);
    return withChanges(item, {
      leaseOwner: undefined,
      dueAt: new Date(at.getTime() + delay).toISOString(),
      lastError: outcome.error,
      failingSince: failingSince.toISOString(),
      failures,
      lateNoticed: item.lateNoticed || isLate(failingSince, at) || undefined,
    });
  }
}

function compare(a: Queued, b: Queued): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  // Called on every pick: by code unit, not by locale.
  return compareIso(a.due.value.dueAt ?? '', b.due.value.dueAt ?? '') || a.seq - b.seq;
}

function outcomeName(next: WorkItem, outcome: WorkOutcome): string {
  if (next.state !== 'open') return outcome.kind === 'done' && outcome.skipped ? 'skipped' : next.state;
  if (outcome.kind === 'done') return 'repeat';
  return outcome.kind === 'wait' ? 'wait' : 'retry';
}

/**
 * What `afterOutcome` makes of an unclaimed item settled as skipped, built directly: under a flood it runs for most
 * new-case cards. The fields that end are set to undefined rather than left out by a rest pattern (V8's slow path
 * for it cost more than the rest of the settle); the write leaves them out all the same (JSON has no undefined).
 * Built with withChanges, not a spread, for the same reason (core/objects.ts).
 */
function skippedAt(item: WorkItem, at: Date): WorkItem {
  return withChanges(item, {
    dueAt: undefined,
    leaseOwner: undefined,
    failingSince: undefined,
    failures: undefined,
    lastError: undefined,
    lateNoticed: undefined,
    attempts: item.attempts + 1,
    state: 'done',
    doneAt: at.toISOString(),
    skipped: true,
  });
}
