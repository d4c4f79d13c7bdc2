/**
 * Teams' limits for bots, kept before sending rather than learnt from 429s:
 * per conversation 7 messages a second, 8 per 2 seconds and 60 per 30
 * seconds; per app and tenant 50 a second. Decisions are pure (`now` in);
 * `acquire` waits and records. Each instance keeps its own count.
 */

export interface Window {
  ms: number;
  max: number;
}

export const PER_CONVERSATION: Window[] = [
  { ms: 1000, max: 7 },
  { ms: 2000, max: 8 },
  { ms: 30000, max: 60 },
];
export const PER_TENANT: Window[] = [{ ms: 1000, max: 50 }];

export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly windows: Window[]) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /** Milliseconds to wait before one more message under `key` keeps every window. */
  delayFor(key: string, now: number): number {
    const times = this.recent(key, now);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.max) {
        // The oldest message that must leave the window before one more fits.
        const leaving = inWindow[inWindow.length - w.max];
        wait = Math.max(wait, leaving + w.ms - now);
      }
    }
    return wait;
  }

  record(key: string, now: number): void {
    const times = this.recent(key, now);
    times.push(now);
    this.sent.set(key, times);
  }

  private recent(key: string, now: number): number[] {
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - this.longest);
    if (times.length === 0) this.sent.delete(key);
    else this.sent.set(key, times);
    return times;
  }
}

/** Both limits together: wait until the conversation and the tenant have room, then count the message. */
export class TeamsRateLimiter {
  private readonly conversations = new SlidingWindowLimiter(PER_CONVERSATION);
  private readonly tenant = new SlidingWindowLimiter(PER_TENANT);
  /** One queue per conversation: a chat that must wait holds up no other chat. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly clock: () => number = Date.now, private readonly sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))) {}

  /** Resolves when one more message to this conversation may go. Callers to one conversation are served in order. */
  acquire(conversationId: string): Promise<void> {
    const previous = this.queues.get(conversationId) ?? Promise.resolve();
    const turn = previous.then(async () => {
      for (;;) {
        const now = this.clock();
        const wait = Math.max(this.conversations.delayFor(conversationId, now), this.tenant.delayFor('tenant', now));
        if (wait <= 0) break;
        await this.sleep(wait);
      }
      // Checked and counted in one synchronous step, so concurrent chats cannot both take the tenant's last slot.
      const now = this.clock();
      this.conversations.record(conversationId, now);
      this.tenant.record('tenant', now);
    });
    const tail = turn.catch(() => undefined);
    this.queues.set(conversationId, tail);
    void tail.then(() => {
      if (this.queues.get(conversationId) === tail) this.queues.delete(conversationId);
    });
    return turn;
  }
}
