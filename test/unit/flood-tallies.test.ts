/**
 * The flood tallies a process remembers stand in for a fresh read only for
 * cases stored before the tally was seen: a summary seen open before a case
 * was stored may already have been counted without it. And a case the
 * summary would not count (another school's, one reported long before) is
 * told on its own.
 */
import { SeenTallies, summaryCounts } from '../../src/cases/work';
import type { Versioned } from '../../src/core/cosmos/batch';
import type { WorkItem } from '../../src/core/work';

const tally = (etag: string) => ({ value: { id: 'work-x' } as WorkItem, etag }) satisfies Versioned<WorkItem>;

describe('the flood tallies a process has seen', () => {
  it('cover a case stored before the tally was seen, and no other', () => {
    const seen = new SeenTallies();
    seen.note('t', tally('a'), 100);
    expect(seen.since('t', 99)?.etag).toBe('a');
    expect(seen.since('t', 100)).toBeUndefined();
    expect(seen.since('t', 150)).toBeUndefined();
    expect(seen.since('other', 0)).toBeUndefined();
  });

  it('keep the latest sighting, forget a tally whose write was refused, and let old ones go', () => {
    const seen = new SeenTallies();
    seen.note('t', tally('new'), 200);
    // A slow read that started before the write that was seen already.
    seen.note('t', tally('old'), 150);
    expect(seen.since('t', 160)?.etag).toBe('new');
    seen.forget('t');
    expect(seen.since('t', 0)).toBeUndefined();
    seen.note('a', tally('a'), 0);
    // Ten seconds on, the old one is dropped as the next is noted.
    seen.note('b', tally('b'), 10_001);
    expect(seen.since('a', -1)).toBeUndefined();
    expect(seen.since('b', 10_000)?.etag).toBe('b');
  });
  it('share one read among the decisions waiting for it, and read again for a case stored after that read began', async () => {
    const seen = new SeenTallies();
    const starts: number[] = [];
    let release!: () => void;
    const read = () => {
      starts.push(performance.now());
      const label = `r${starts.length}`;
      return starts.length === 1 ? new Promise<Versioned<WorkItem>>((r) => (release = () => r(tally(label)))) : Promise.resolve(tally(label));
    };
    const storedBefore = performance.now();
    const first = seen.after('t', storedBefore, read, false);
    const second = seen.after('t', storedBefore, read, false);
    await new Promise((r) => setImmediate(r));
    // Stored while the first read is on its way: that read may have missed it.
    const storedDuring = performance.now();
    const third = seen.after('t', storedDuring, read, false);
    release();
    expect((await first)?.etag).toBe('r1');
    expect((await second)?.etag).toBe('r1');
    expect((await third)?.etag).toBe('r2');
    expect(starts).toHaveLength(2);
    expect(starts[1]).toBeGreaterThan(storedDuring);
  });

  it('while a reporter floods, read a tally at most every so often, gathering the decisions in between', async () => {
    const seen = new SeenTallies();
    const starts: number[] = [];
    const read = async () => (starts.push(performance.now()), tally(`r${starts.length}`));
    expect((await seen.after('t', performance.now() - 1, read, true))?.etag).toBe('r1');
    // Three cases stored one after another, after that read: one more read, not three, and not at once.
    const decisions = [] as Promise<Versioned<WorkItem> | undefined>[];
    for (let i = 0; i < 3; i++) {
      decisions.push(seen.after('t', performance.now(), read, true));
      await new Promise((r) => setImmediate(r));
    }
    expect((await Promise.all(decisions)).map((d) => d?.etag)).toEqual(['r2', 'r2', 'r2']);
    expect(starts).toHaveLength(2);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(90);
  });
});

describe('the cases a flood summary counts', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  const summary = (state: 'open' | 'done', schoolId: string, windowStart = '2026-12-02T09:30:00Z') =>
    ({ state, schoolId, windowStart, delivery: state === 'done' ? { conversationId: 'c', activityId: 'a' } : undefined }) as unknown as Parameters<typeof summaryCounts>[0];
  const aCase = (schoolId: string, createdAt = '2026-12-02T09:59:00Z') => ({ schoolId, createdAt }) as unknown as Parameters<typeof summaryCounts>[1];

  it("counts a fresh case of the summary's school", () => {
    expect(summaryCounts(summary('open', 'nordby'), aCase('nordby'), now)).toBe(true);
    expect(summaryCounts(summary('done', 'nordby'), aCase('nordby'), now)).toBe(true);
  });

  it("leaves a case of another school, and one reported long before, to be told on its own", () => {
    expect(summaryCounts(summary('open', 'nordby'), aCase('sorby'), now)).toBe(false);
    // The message of this hour speaks of another school: it is not rewritten to this one.
    expect(summaryCounts(summary('done', 'nordby'), aCase('sorby'), now)).toBe(false);
    // Its hour is over: a new message starts, for this school.
    expect(summaryCounts(summary('done', 'nordby', '2026-12-02T08:00:00Z'), aCase('sorby'), now)).toBe(true);
    // Reclassified as serious 55 minutes after it was reported: too near the end of the hour the summary counts.
    expect(summaryCounts(summary('open', 'nordby'), aCase('nordby', '2026-12-02T09:05:00Z'), now)).toBe(false);
  });
});
