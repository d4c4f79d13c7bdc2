/**
 * The flood tallies a process remembers stand in for a fresh read only for
 * cases stored before the tally was seen: a summary seen open before a case
 * was stored may already have been counted without it.
 */
import { SeenTallies } from '../../src/cases/work';
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
});
