import { FINAL_STATUSES, isFinalStatus, isLate, LATE_AFTER_MS, MAX_DELAY_MS, parseRetryAfter, RETRY_FOR_MS, retryDelayMs, shouldGiveUp } from '../../src/core/retry-policy';

describe('retry policy', () => {
  it('backs off exponentially with jitter between half and all of the ceiling', () => {
    expect(retryDelayMs(1, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(4, undefined, () => 0)).toBe(4000);
    expect(retryDelayMs(4, undefined, () => 1)).toBe(8000);
  });

  it('never waits more than a couple of minutes of its own accord, however many tries failed', () => {
    expect(MAX_DELAY_MS).toBeLessThanOrEqual(5 * 60 * 1000);
    expect(retryDelayMs(30, undefined, () => 1)).toBe(MAX_DELAY_MS);
    expect(retryDelayMs(5000, undefined, () => 1)).toBe(MAX_DELAY_MS);
  });

  it('never retries before Retry-After', () => {
    expect(retryDelayMs(1, 7000, () => 1)).toBe(7000);
    expect(retryDelayMs(5, 1000, () => 1)).toBe(16000);
  });

  it('keeps trying passing failures for at least a day, and calls an item late after a few minutes', () => {
    const since = new Date('2026-11-26T10:00:00Z');
    const after = (ms: number) => new Date(since.getTime() + ms);
    expect(RETRY_FOR_MS).toBeGreaterThanOrEqual(24 * 3600 * 1000);
    // A 150 s outage, or one of some hours, is not the end.
    expect(shouldGiveUp(since, after(150_000))).toBe(false);
    expect(shouldGiveUp(since, after(6 * 3600 * 1000))).toBe(false);
    expect(shouldGiveUp(since, after(RETRY_FOR_MS))).toBe(true);
    expect(isLate(since, after(LATE_AFTER_MS - 1))).toBe(false);
    expect(isLate(since, after(LATE_AFTER_MS))).toBe(true);
  });

  it('makes final only what waiting cannot change', () => {
    expect([...FINAL_STATUSES].sort()).toEqual([400, 403, 404, 413]);
    for (const passing of [408, 412, 429, 500, 502, 503, 504, undefined]) expect(isFinalStatus(passing)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:10 GMT', now)).toBe(10000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
