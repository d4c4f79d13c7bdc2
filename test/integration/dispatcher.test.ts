/**
 * The dispatcher on the embedded store, with handlers that hang, fail or
 * record: one stuck chat holds up nobody else, one person's messages go one
 * at a time and in order, urgent work goes first however much else is due,
 * and passing failures are retried for a day with a late notice in between.
 */
import { CosmosClient } from '@azure/cosmos';
import type { CaseWorkDeps } from '../../src/cases/work';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { openContainers } from '../../src/core/cosmos/database';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/core/cosmos/embedded';
import { Dispatcher } from '../../src/core/dispatcher';
import { silentLogger } from '../../src/core/log';
import { LATE_AFTER_MS, MAX_DELAY_MS, RETRY_FOR_MS } from '../../src/core/retry-policy';
import { newWork, type WorkOf, type WorkOutcome } from '../../src/core/work';
import { WorkStore } from '../../src/core/work-store';
import { cosmosRequests } from '../../src/core/cosmos/transport';
import type { Container } from '@azure/cosmos';
import { TravelClock, until } from '../support/harness';

// The case feature's work kinds, declared in src/cases/work.ts.
export type { CaseWorkDeps };

type Notice = WorkOf<'case.notice'>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the dispatcher', () => {
  let cosmos: EmbeddedCosmos;
  let client: CosmosClient;
  let work: WorkStore;
  let container: Container;
  let round = 0;

  beforeAll(async () => {
    cosmos = await startEmbeddedCosmos();
    client = createCosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, tlsInsecure: true });
    container = (await openContainers(client, 'dispatcher')).cases;
    work = new WorkStore(container);
  });
  afterAll(async () => {
    client.dispose();
    await cosmos.close();
  });

  /** Stores notices to these recipients, each in its own partition of this test. */
  async function owe(recipients: string[], now: Date, options: { urgent?: boolean; dueAt?: Date } = {}): Promise<Notice[]> {
    const partition = `test-${++round}`;
    const items = recipients.map((r, i) => newWork('case.notice', partition, { recipientId: r, notice: 'closed' }, { key: `${i}`, dueAt: options.dueAt ?? now, now, urgent: options.urgent }));
    for (const item of items) expect(await work.createWork(item)).toBe(true);
    return items;
  }
  const stateOf = async (item: Notice) => (await work.getWork(item.caseId, item.id))!.value;

  it('carries on with everyone else while one chat hangs, also with work stored after the hang began', async () => {
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    const started: string[] = [];
    const d = new Dispatcher({
      store: work,
      instanceId: 'lanes',
      intervalMs: 50,
      log: silentLogger,
      concurrency: 4,
      handlers: {
        'case.notice': {
          async run(item): Promise<WorkOutcome> {
            started.push(item.recipientId);
            if (item.recipientId === 'stuck') await hanging;
            return { kind: 'done' };
          },
        },
      },
    });
    d.start();
    try {
      const [stuck] = await owe(['stuck'], new Date());
      await until('the stuck chat to be on its way', async () => started.includes('stuck'));
      // Other people's notices, and more for the stuck chat, arrive while it hangs.
      const others = await owe(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], new Date());
      const more = await owe(['stuck'], new Date());
      d.nudge([...others, ...more]);
      await until("everyone else's notices", async () => (await Promise.all(others.map(stateOf))).every((w) => w.state === 'done'));
      // The stuck chat's next message waits for the first: one at a time per person.
      expect(started.filter((r) => r === 'stuck')).toHaveLength(1);
      expect((await stateOf(stuck)).leaseOwner).toBe('lanes');
      release();
      await until('the stuck chat to catch up', async () => (await stateOf(more[0]!)).state === 'done');
    } finally {
      release();
      await d.stop();
    }
  });

  it('takes urgent work first, however much other work is due before it', async () => {
    const clock = new TravelClock(new Date('2026-11-26T10:00:00Z'));
    const order: string[] = [];
    const d = new Dispatcher({
      store: work,
      instanceId: 'urgent',
      intervalMs: 60000,
      log: silentLogger,
      concurrency: 1,
      batchSize: 10,
      now: clock.now,
      handlers: { 'case.notice': { run: async (item) => (order.push(item.recipientId), { kind: 'done' }) } },
    });
    const early = new Date('2026-11-26T09:00:00Z');
    await owe(Array.from({ length: 25 }, (_, i) => `minor-${i}`), early, { dueAt: early });
    await owe(['very-serious'], clock.now(), { urgent: true });
    await d.runOnce();
    expect(order[0]).toBe('very-serious');
    expect(order).toHaveLength(26);
  });

  it('retries a passing failure for a day, backing off at most a couple of minutes, and says it is late once in between', async () => {
    const clock = new TravelClock(new Date('2026-11-26T10:00:00Z'));
    const late: string[] = [];
    const given: string[] = [];
    const d = new Dispatcher({
      store: work,
      instanceId: 'retry',
      intervalMs: 60000,
      log: silentLogger,
      now: clock.now,
      random: () => 1,
      handlers: {
        'case.notice': {
          run: async () => ({ kind: 'retry', error: '503: Teams is down' }),
          late: async (item) => void late.push(item.id),
          undeliverable: async (item) => void given.push(item.id),
        },
      },
    });
    const [item] = await owe(['rektor'], clock.now());
    const start = clock.now().getTime();
    // Many tries in the first minutes (the old policy gave up after eight): still open, never more than MAX_DELAY_MS apart.
    for (let i = 0; i < 12; i++) {
      await d.runOnce();
      const w = await stateOf(item!);
      expect(w.state).toBe('open');
      expect(Date.parse(w.dueAt!) - clock.now().getTime()).toBeLessThanOrEqual(MAX_DELAY_MS);
      clock.setTo(new Date(Date.parse(w.dueAt!) + 1));
    }
    expect(clock.now().getTime() - start).toBeGreaterThan(LATE_AFTER_MS);
    expect(late).toEqual([item!.id]);
    // Hours later: still tried.
    clock.setTo(new Date(start + RETRY_FOR_MS - 60_000));
    await d.runOnce();
    expect((await stateOf(item!)).state).toBe('open');
    expect(given).toEqual([]);
    // After a day of failures: declared undeliverable, told once.
    clock.setTo(new Date(Math.max(start + RETRY_FOR_MS, Date.parse((await stateOf(item!)).dueAt!)) + 1));
    await d.runOnce();
    expect((await stateOf(item!)).state).toBe('undeliverable');
    expect(given).toEqual([item!.id]);
    expect(late).toEqual([item!.id]);
  });

  it('makes a final answer final at once, and a wait no failure', async () => {
    const clock = new TravelClock(new Date('2026-11-26T10:00:00Z'));
    const d = new Dispatcher({
      store: work,
      instanceId: 'final',
      intervalMs: 60000,
      log: silentLogger,
      now: clock.now,
      handlers: {
        'case.notice': {
          run: async (item) => (item.recipientId === 'gone' ? { kind: 'unreachable', error: '404: the chat is gone' } : { kind: 'wait', retryAfterMs: 5000, reason: 'not yet' }),
        },
      },
    });
    const [gone, waiting] = await owe(['gone', 'waiting'], clock.now());
    const before = clock.now().getTime();
    await d.runOnce();
    expect((await stateOf(gone!)).state).toBe('undeliverable');
    const w = await stateOf(waiting!);
    expect([w.state, w.failingSince, w.failures]).toEqual(['open', undefined, undefined]);
    // Put off by the 5 s asked for, counted from when it was tried (the clock runs on meanwhile).
    expect(Date.parse(w.dueAt!)).toBeGreaterThanOrEqual(before + 5000);
  });

  it('claims just-stored work with the ETags it was stored with, and while idle looks rarely, waking when what it saw falls due', async () => {
    // Earlier tests' work still owed (retries and leases falling due within the next idle interval among it) is carried
    // out first, by a clock an hour ahead, so that what is counted and woken for is this test's alone.
    const ahead = () => new Date(Date.now() + 3_600_000);
    await new Dispatcher({ store: work, instanceId: 'drain', intervalMs: 50, now: ahead, log: silentLogger, handlers: { 'case.notice': { run: async () => ({ kind: 'done' }) } } }).runOnce();
    const done: string[] = [];
    const queries: string[] = [];
    const reads: string[] = [];
    const stopCounting = cosmosRequests.observe((r) => {
      if (r.kind === 'query' && r.path.includes('/colls/cases')) queries.push(r.path);
      if (r.kind === 'read' && r.path.includes('/docs/work-')) reads.push(r.path);
    });
    const partition = `test-${++round}`;
    const soon = newWork('case.notice', partition, { recipientId: 'later', notice: 'closed' }, { key: 'soon', dueAt: new Date(Date.now() + 300), now: new Date() });
    expect(await work.createWork(soon)).toBe(true);
    const d = new Dispatcher({
      store: work,
      instanceId: 'etags',
      intervalMs: 50,
      idleIntervalMs: 60_000,
      log: silentLogger,
      handlers: { 'case.notice': { run: async (item) => (item.caseId === partition && done.push(item.recipientId), { kind: 'done' }) } },
    });
    d.start();
    try {
      // Stored as a change's batch stores it; the dispatcher is given what the store answered.
      const now = new Date();
      const fresh = ['a', 'b', 'c'].map((r) => newWork('case.notice', partition, { recipientId: r, notice: 'closed' }, { key: r, dueAt: now, now }));
      const stored = await Promise.all(fresh.map(async (w) => ({ value: w, etag: (await container.items.create(w)).etag })));
      d.nudge(stored);
      await until('the nudged notices', async () => ['a', 'b', 'c'].every((r) => done.includes(r)));
      await until('the notices settled', async () => d.pending === 0);
      expect(reads).toEqual([]);
      expect((await Promise.all(fresh.map(stateOf))).map((w) => w.state)).toEqual(['done', 'done', 'done']);
      // Not nudged, due 300 ms after the first look: seen by it and woken for, long before the next idle look.
      await until('the notice due soon', async () => (await stateOf(soon)).state === 'done');
      expect(done.sort()).toEqual(['a', 'b', 'c', 'later']);
      // Then idle: the next look is set an idle interval away (how many looks came before depends on how fast the store
      // answered: a look that found work is followed by one more), and none comes meanwhile.
      await until('the idle look set', async () => Number.isFinite(d.nextLookAt) && d.nextLookAt - Date.now() > 30_000);
      const looked = queries.length;
      await sleep(500);
      expect(queries.length).toBe(looked);
    } finally {
      stopCounting();
      await d.stop();
    }
  });
  it('replaces work of many cases asked for at the same moment in one bulk request, each under its own ETag', async () => {
    const now = new Date();
    const items = [0, 1, 2].map((i) => newWork('case.notice', `test-${++round}`, { recipientId: `r${i}`, notice: 'closed' }, { key: 'k', dueAt: now, now }));
    const stored = await Promise.all(items.map(async (w) => ({ value: w, etag: (await container.items.create(w)).etag! })));
    // The third changed meanwhile (another instance): refused alone.
    await container.item(items[2]!.id, items[2]!.caseId).replace({ ...items[2]!, attempts: 5 });
    const kinds: string[] = [];
    const stop = cosmosRequests.observe((r) => kinds.push(r.kind));
    try {
      const done = (w: (typeof items)[number]) => ({ ...w, state: 'done' as const, dueAt: undefined, doneAt: now.toISOString(), attempts: 1 });
      const saved = await Promise.all([work.replaceEach([{ value: done(items[0]!), etag: stored[0]!.etag }]), work.replaceEach([1, 2].map((i) => ({ value: done(items[i]!), etag: stored[i]!.etag })))]);
      expect(saved).toEqual([[true], [true, false]]);
    } finally {
      stop();
    }
    // (The first bulk request of a client reads the partition key ranges once: metadata.)
    expect(kinds.filter((k) => k !== 'metadata')).toEqual(['bulk']);
    const after = await Promise.all(items.map(async (w) => (await work.getWork(w.caseId, w.id))!.value));
    expect(after.map((w) => [w.state, w.dueAt, w.attempts])).toEqual([
      ['done', undefined, 1],
      ['done', undefined, 1],
      ['open', now.toISOString(), 5],
    ]);
    // Not left due for the tests after this one.
    await container.item(items[2]!.id, items[2]!.caseId).delete();
  });

  it('brings skipped work back when its settle fails, and settles it with a later look', async () => {
    const asked: string[] = [];
    let failNext = true;
    // The store refuses the first bulk request as a whole (an outage); everything else goes through.
    const flaky = Object.assign(Object.create(work) as WorkStore, {
      replaceEach: (items: Parameters<WorkStore['replaceEach']>[0]) => (failNext ? ((failNext = false), Promise.reject(new Error('store unavailable'))) : work.replaceEach(items)),
    });
    const d = new Dispatcher({
      store: flaky,
      instanceId: 'flaky',
      intervalMs: 60_000,
      log: silentLogger,
      handlers: { 'case.notice': { run: async () => ({ kind: 'done' }), skipsWithoutClaim: async (item) => (asked.push(item.recipientId), 'a test') } },
    });
    const now = new Date();
    const partition = `test-${++round}`;
    const items = ['skip-x', 'skip-y'].map((r) => newWork('case.notice', partition, { recipientId: r, notice: 'closed' }, { key: r, dueAt: now, now }));
    await Promise.all(items.map((w) => container.items.create(w)));
    try {
      // A look finds them due and skips them; the settle fails: nothing settled, both still open.
      expect(await d.runOnce()).toBe(0);
      expect(failNext).toBe(false);
      expect((await Promise.all(items.map(stateOf))).map((w) => w.state)).toEqual(['open', 'open']);
      // Not remembered as carried out: the next look finds them due again and settles them.
      expect(await d.runOnce()).toBe(2);
      expect((await Promise.all(items.map(stateOf))).map((w) => [w.state, w.skipped])).toEqual([
        ['done', true],
        ['done', true],
      ]);
      expect(asked.sort()).toEqual(['skip-x', 'skip-x', 'skip-y', 'skip-y']);
    } finally {
      await d.stop();
    }
  });

  it('settles work its kind skips before a claim in one write, and carries out the rest as usual', async () => {
    const ran: string[] = [];
    const asked: { recipientId: string; storedBy: number }[] = [];
    const writes: string[] = [];
    let bulks = 0;
    let stopCounting = () => {};
    const partition = `test-${++round}`;
    const d = new Dispatcher({
      store: work,
      instanceId: 'unclaimed',
      intervalMs: 60_000,
      log: silentLogger,
      handlers: {
        'case.notice': {
          run: async (item) => (ran.push(item.recipientId), { kind: 'done' }),
          skipsWithoutClaim: async (item, storedBy) => (asked.push({ recipientId: item.recipientId, storedBy }), item.recipientId.startsWith('skip') && 'a test'),
        },
      },
    });
    try {
      const now = new Date();
      const beforeStored = performance.now();
      const fresh = ['skip-a', 'send-b', 'skip-c'].map((r) => newWork('case.notice', partition, { recipientId: r, notice: 'closed' }, { key: r, dueAt: now, now }));
      const stored = await Promise.all(fresh.map(async (w) => ({ value: w, etag: (await container.items.create(w)).etag })));
      // One of them changed after it was stored (another instance claimed it): its settle must fail, and nothing is carried out twice.
      const [, , changed] = stored;
      await container.item(changed.value.id, partition).replace({ ...changed.value, leaseOwner: 'elsewhere', dueAt: new Date(Date.now() + 60_000).toISOString() });
      stopCounting = cosmosRequests.observe((r) => {
        if ((r.kind === 'replace' || r.kind === 'patch') && r.path.includes('/docs/work-')) writes.push(r.path);
        if (r.kind === 'bulk') bulks++;
      });
      d.start();
      d.nudge(stored);
      await until('the nudged work', async () => d.pending === 0 && ran.length === 1);
      // Each asked once: send-b, taken with skip-a and told no, is not asked again in its lane.
      expect(asked.map((a) => a.recipientId).sort()).toEqual(['send-b', 'skip-a', 'skip-c']);
      expect(ran).toEqual(['send-b']);
      // When the item was known to be stored: when it was nudged, or the first look found it; never before it was written.
      for (const a of asked) expect(a.storedBy).toBeGreaterThan(beforeStored);
      const [a, b, c] = await Promise.all(fresh.map(stateOf));
      expect([a.state, a.skipped, a.attempts, a.leaseOwner]).toEqual(['done', true, 1, undefined]);
      expect([b.state, b.skipped, b.sentCount]).toEqual(['done', undefined, 1]);
      // Left as the other instance has it.
      expect([c.state, c.leaseOwner]).toEqual(['open', 'elsewhere']);
      // skip-a and skip-c settled in one bulk request, each under its own ETag (skip-c's refused); send-b a claim and a settle.
      expect(bulks).toBe(1);
      expect(writes.filter((w) => w.includes(fresh[0].id))).toHaveLength(0);
      expect(writes.filter((w) => w.includes(fresh[1].id))).toHaveLength(2);
      expect(writes.filter((w) => w.includes(fresh[2].id))).toHaveLength(0);

      // The skipped items of two cases, decided at the same moment: one bulk request settles them all.
      const cases = [`test-${++round}`, `test-${++round}`];
      const more = cases.flatMap((p, n) => ['skip-d', 'skip-e', 'skip-f'].map((r) => newWork('case.notice', p, { recipientId: `${r}${n}`, notice: 'closed' }, { key: r, dueAt: now, now })));
      const storedMore = await Promise.all(more.map(async (w) => ({ value: w, etag: (await container.items.create(w)).etag })));
      writes.length = 0;
      bulks = 0;
      d.nudge(storedMore);
      await until('the other cases', async () => d.pending === 0 && asked.length === 9);
      expect((await Promise.all(more.map(stateOf))).map((w) => [w.state, w.skipped])).toEqual(more.map(() => ['done', true]));
      expect(writes).toEqual([]);
      expect(bulks).toBe(1);
      expect(ran).toEqual(['send-b']);
    } finally {
      stopCounting();
      await d.stop();
    }
  });
  it('carries out work that may be done twice without a claim, in one write, and retries it as any other', async () => {
    const partition = `test-${++round}`;
    const now = new Date();
    const items = ['fine', 'failing'].map((r) => newWork('case.notice', partition, { recipientId: r, notice: 'closed' }, { key: r, dueAt: now, now }));
    const stored = await Promise.all(items.map(async (w) => ({ value: w, etag: (await container.items.create(w)).etag })));
    const writes: string[] = [];
    const stopCounting = cosmosRequests.observe((r) => {
      if (r.kind === 'replace' && r.path.includes('/docs/work-')) writes.push(r.path);
    });
    const d = new Dispatcher({
      store: work,
      instanceId: 'idempotent',
      intervalMs: 60_000,
      log: silentLogger,
      // The retry an hour away: not due again while this test or the next runs (their dispatchers look at every partition).
      handlers: { 'case.notice': { idempotent: true, run: async (item) => (item.recipientId === 'fine' ? { kind: 'done' } : { kind: 'retry', error: '503', retryAfterMs: 3_600_000 }) } },
    });
    d.start();
    try {
      d.nudge(stored);
      await until('both tried', async () => (await stateOf(items[0])).state === 'done' && (await stateOf(items[1])).failures === 1);
      expect(writes).toHaveLength(2);
      const failing = await stateOf(items[1]);
      expect([failing.state, failing.attempts, failing.leaseOwner, failing.lastError]).toEqual(['open', 1, undefined, '503']);
      expect(Date.parse(failing.dueAt!)).toBeGreaterThan(now.getTime());
    } finally {
      stopCounting();
      await d.stop();
    }
  });
  it('keeps one person\'s messages in order when items of one case are asked together, and never carries an unclaimed item out twice from a stale read', async () => {
    const partition = `test-${++round}`;
    const now = new Date();
    const toQ = newWork('case.new', partition, { recipientId: 'q', role: 'principal' }, { key: '', dueAt: now, now });
    const toP = newWork('case.new', partition, { recipientId: 'p', role: 'principal' }, { key: '', dueAt: now, now });
    const noticeToP = newWork('case.notice', partition, { recipientId: 'p', notice: 'closed' }, { key: 'n', dueAt: new Date(now.getTime() + 1), now });
    const update = newWork('card.update', partition, { recipientId: 'r', target: { recipientId: 'r', conversationId: 'c', activityId: 'a' } }, { key: 'u', dueAt: now, now });
    const stored = await Promise.all([toQ, toP, noticeToP, update].map(async (w) => ({ value: w, etag: (await container.items.create(w)).etag })));
    const sent: string[] = [];
    const d = new Dispatcher({
      store: work,
      instanceId: 'order',
      intervalMs: 60_000,
      log: silentLogger,
      handlers: {
        // Asked, and after a while told no: each goes out as usual.
        // Only this test's partition is counted: work earlier tests left due may be carried out by this dispatcher too.
        'case.new': { run: async (item) => (item.caseId === partition && sent.push(`new:${item.recipientId}`), { kind: 'done' }), skipsWithoutClaim: () => new Promise((r) => setTimeout(() => r(false), 20)) },
        'case.notice': { run: async (item) => (item.caseId === partition && sent.push(`notice:${item.recipientId}`), { kind: 'done' }) },
        'card.update': { idempotent: true, run: async (item) => (item.caseId === partition && sent.push(`update:${item.recipientId}`), { kind: 'done' }) },
      },
    });
    d.start();
    try {
      d.nudge(stored);
      await until('all four', async () => sent.length === 4 && d.pending === 0);
      expect(sent.filter((s) => s.endsWith(':p'))).toEqual(['new:p', 'notice:p']);
      // A copy read before the update was settled (a look on its way then) comes too late: it is not carried out again.
      d.nudge([stored[3]]);
      await new Promise((r) => setTimeout(r, 100));
      await until('nothing in hand', async () => d.pending === 0);
      expect(sent.filter((s) => s.startsWith('update'))).toEqual(['update:r']);
    } finally {
      await d.stop();
    }
  });
});
