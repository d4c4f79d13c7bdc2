/**
 * Microsoft Graph over plain fetch (no SDK needed for a few GETs): the bot's
 * managed identity's token from @azure/identity, `@odata.nextLink` paging
 * until the `@odata.deltaLink`, and 429 / 503 answered by waiting as long as
 * `Retry-After` says. Every request has a time limit. Links are followed only
 * on Graph's own origin, so the token never goes anywhere else.
 */
import { getBearerTokenProvider, ManagedIdentityCredential } from '@azure/identity';
import type { Logger } from '../core/log';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export type TokenProvider = () => Promise<string>;

/** The bot's user-assigned managed identity (AZURE_CLIENT_ID), or the system-assigned one without it. */
export function managedIdentityTokenProvider(clientId: string | undefined): TokenProvider {
  return getBearerTokenProvider(new ManagedIdentityCredential(clientId ? { clientId } : {}), GRAPH_SCOPE);
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }

  /** The delta link can no longer be used: start again with a full read (Graph keeps delta state for 7 days). */
  get deltaExpired(): boolean {
    return this.status === 410 || (this.status === 400 && /syncStateNotFound|resyncRequired|syncStateInvalid/i.test(this.code));
  }
}

export interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface GraphClientOptions {
  baseUrl: string;
  token: TokenProvider;
  log: Logger;
  /** Per request. */
  timeoutMs?: number;
  /** Tries of one request that is throttled or fails in passing. */
  maxTries?: number;
  /** The longest wait for one Retry-After. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const RETRIABLE = new Set([429, 500, 502, 503, 504]);

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export class GraphClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxTries: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Requests made and throttled answers waited out, for logs and tests. */
  readonly counts = { requests: 0, throttled: 0 };

  constructor(private readonly options: GraphClientOptions) {
    this.base = new URL(options.baseUrl.replace(/\/?$/, '/'));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxTries = options.maxTries ?? 6;
    this.maxWaitMs = options.maxWaitMs ?? 120_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** A path below the base URL (`groups/delta?...`) or a link Graph gave (absolute, on the same origin). */
  url(pathOrLink: string): URL {
    const url = /^https?:\/\//i.test(pathOrLink) ? new URL(pathOrLink) : new URL(pathOrLink.replace(/^\//, ''), this.base);
    if (url.origin !== this.base.origin) throw new GraphError(0, 'foreignLink', `Graph link to ${url.origin} refused: only ${this.base.origin} is followed`);
    return url;
  }

  async get<T>(pathOrLink: string): Promise<T> {
    const url = this.url(pathOrLink);
    for (let attempt = 1; ; attempt++) {
      this.counts.requests++;
      let res: Response;
      try {
        res = await fetch(url, {
          headers: { authorization: `Bearer ${await this.options.token()}`, accept: 'application/json' },
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        // No answer in time, or no connection: passing, like a 503.
        if (attempt >= this.maxTries) throw new GraphError(0, 'unreachable', `Graph GET ${url.pathname} failed: ${String((err as Error)?.message ?? err).slice(0, 200)}`);
        await this.sleep(this.backoffMs(attempt));
        continue;
      }
      if (res.ok) return (await res.json()) as T;
      const body = await res.text().catch(() => '');
      if (RETRIABLE.has(res.status) && attempt < this.maxTries) {
        const wait = retryAfterMs(res.headers.get('retry-after'));
        if (res.status === 429) this.counts.throttled++;
        this.options.log.warn('graph.retry', { status: res.status, path: url.pathname, attempt, waitMs: wait ?? this.backoffMs(attempt) });
        await this.sleep(Math.min(wait ?? this.backoffMs(attempt), this.maxWaitMs));
        continue;
      }
      throw new GraphError(res.status, errorCode(body), `Graph GET ${url.pathname} answered ${res.status}${errorCode(body) ? ` ${errorCode(body)}` : ''}`);
    }
  }

  /** Every page from the first request to the last, following `@odata.nextLink`; the last page carries the delta link, if any. */
  async *pages<T>(pathOrLink: string): AsyncGenerator<GraphPage<T>> {
    let next: string | undefined = pathOrLink;
    while (next) {
      const page: GraphPage<T> = await this.get<GraphPage<T>>(next);
      yield page;
      next = page['@odata.nextLink'];
    }
  }

  private backoffMs(attempt: number): number {
    return Math.min(1000 * 2 ** (attempt - 1), 30_000);
  }
}

function errorCode(body: string): string {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code.slice(0, 80) : '';
  } catch {
    return '';
  }
}
