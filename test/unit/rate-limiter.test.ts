import { SlidingWindowLimiter, PER_CONVERSATION, PER_TENANT, TeamsRateLimiter } from '../../src/teams/rate-limiter';

describe('Teams rate limits', () => {
  it('lets 7 messages a second into one conversation, then waits for the first to leave the window', () => {
    const l = new SlidingWindowLimiter(PER_CONVERSATION);
    for (let i = 0; i < 7; i++) {
      expect(l.delayFor('c', 1000 + i)).toBe(0);
      l.record('c', 1000 + i);
    }
    expect(l.delayFor('c', 1007)).toBe(993);
    expect(l.delayFor('c', 2000)).toBe(0);
  });

  it('keeps 8 per 2 seconds', () => {
    const l = new SlidingWindowLimiter(PER_CONVERSATION);
    for (let i = 0; i < 7; i++) l.record('c', 0);
    l.record('c', 1000);
    // 8 in the last 2 s: the next waits until the first leaves the 2 s window.
    expect(l.delayFor('c', 1500)).toBe(500);
  });

  it('keeps 60 per 30 seconds', () => {
    const l = new SlidingWindowLimiter(PER_CONVERSATION);
    for (let i = 0; i < 60; i++) l.record('c', i * 300);
    expect(l.delayFor('c', 17999)).toBe(30000 - 17999);
  });

  it('counts conversations apart, and 50 a second for the tenant', () => {
    const l = new SlidingWindowLimiter(PER_CONVERSATION);
    for (let i = 0; i < 7; i++) l.record('a', 0);
    expect(l.delayFor('b', 0)).toBe(0);
    const t = new SlidingWindowLimiter(PER_TENANT);
    for (let i = 0; i < 50; i++) t.record('tenant', i);
    expect(t.delayFor('tenant', 50)).toBe(950);
  });

  it('makes callers wait their turn, with a clock and sleep passed in', async () => {
    let now = 0;
    const slept: number[] = [];
    const limiter = new TeamsRateLimiter(
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    await Promise.all(Array.from({ length: 9 }, () => limiter.acquire('c')));
    // Seven at once, the eighth when the first second is over, the ninth when the 2-second window allows.
    expect(slept).toEqual([1000, 1000]);
    expect(now).toBe(2000);
  });

  it('does not hold up other chats while one chat waits', async () => {
    let now = 0;
    const waits: Promise<void>[] = [];
    const limiter = new TeamsRateLimiter(
      () => now,
      (ms) => {
        const p = new Promise<void>(() => undefined); // a chat that waits forever in this test
        waits.push(p);
        void ms;
        return p;
      },
    );
    for (let i = 0; i < 7; i++) await limiter.acquire('busy');
    void limiter.acquire('busy'); // must wait
    let other = false;
    await limiter.acquire('quiet').then(() => (other = true));
    expect(other).toBe(true);
    expect(waits).toHaveLength(1);
    now = 0;
  });
});
