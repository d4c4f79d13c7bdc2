import { MAX_ATTEMPTS, parseRetryAfter, retryDelayMs, shouldGiveUp } from '../../src/core/retry-policy';

describe('retry policy', () => {
  it('backs off exponentially with jitter between half and all of the ceiling', () => {
    expect(retryDelayMs(1, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(4, undefined, () => 0)).toBe(4000);
    expect(retryDelayMs(4, undefined, () => 1)).toBe(8000);
  });

  it('never waits more than five minutes of its own accord', () => {
    expect(retryDelayMs(30, undefined, () => 1)).toBe(300000);
  });

  it('never retries before Retry-After', () => {
    expect(retryDelayMs(1, 7000, () => 1)).toBe(7000);
    expect(retryDelayMs(5, 1000, () => 1)).toBe(16000);
  });

  it('gives up after a bounded number of tries', () => {
    expect(shouldGiveUp(MAX_ATTEMPTS - 1)).toBe(false);
    expect(shouldGiveUp(MAX_ATTEMPTS)).toBe(true);
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
