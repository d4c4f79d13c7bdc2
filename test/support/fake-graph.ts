/**
 * A stand-in for Microsoft Graph (which cannot run here) and for the App
 * Service managed-identity endpoint the bot gets its Graph token from: an
 * HTTP server that keeps groups, members and users, answers the endpoints the
 * directory's synchronisation uses as Graph does (delta rounds paged with
 * `@odata.nextLink` to an `@odata.deltaLink`, changes since a delta token with
 * `@removed`, member lists paged with `$skiptoken`, users by id), checks the
 * bearer token, and can be told to throttle (429 with Retry-After), fail,
 * or expire delta tokens (400 syncStateNotFound).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

interface FakeUser {
  displayName?: string;
  preferredLanguage?: string | null;
}

interface FakeGroup {
  displayName: string;
  members: Set<string>;
}

interface ChangeEvent {
  seq: number;
  groupId: string;
  memberId?: string;
  removed: boolean;
  groupRemoved?: boolean;
}

export interface GraphRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  at: number;
  status: number;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const decode = <T>(s: string): T => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as T;

export class FakeGraph {
  readonly groups = new Map<string, FakeGroup>();
  readonly users = new Map<string, FakeUser>();
  readonly requests: GraphRequest[] = [];
  /** Group entries per delta page, and members per group entry (a large group spreads over pages). */
  pageSize = 2;
  membersPerEntry = 3;
  /** Members per page of a member list. */
  membersPerPage = 3;
  identityHeader = `identity-${randomUUID()}`;
  private readonly token = `fake-graph-token-${randomUUID()}`;
  private server: Server | undefined;
  private events: ChangeEvent[] = [];
  private seq = 0;
  /** Delta tokens of an older generation are refused, as Graph refuses expired ones. */
  private generation = 0;
  private throttled = 0;
  private retryAfter = '1';
  private failing: number | undefined;
  origin = '';

  /** Graph's base URL as the bot is configured with it (GRAPH_BASE_URL). */
  get url(): string {
    return `${this.origin}/v1.0`;
  }

  /** The App Service managed-identity endpoint (IDENTITY_ENDPOINT). */
  get identityEndpoint(): string {
    return `${this.origin}/msi/token`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'fakeFailed', message: String(err) } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  // ---------------------------------------------------------------- the tenant

  addUser(id: string, displayName?: string, preferredLanguage?: string | null): void {
    this.users.set(id, { displayName, preferredLanguage });
  }

  addGroup(id: string, displayName: string, members: string[] = []): void {
    this.groups.set(id, { displayName, members: new Set() });
    for (const m of members) this.addMember(id, m);
  }

  addMember(groupId: string, userId: string): void {
    this.groups.get(groupId)!.members.add(userId);
    this.events.push({ seq: ++this.seq, groupId, memberId: userId, removed: false });
  }

  removeMember(groupId: string, userId: string): void {
    this.groups.get(groupId)!.members.delete(userId);
    this.events.push({ seq: ++this.seq, groupId, memberId: userId, removed: true });
  }

  deleteGroup(groupId: string): void {
    this.groups.delete(groupId);
    this.events.push({ seq: ++this.seq, groupId, removed: true, groupRemoved: true });
  }

  // ---------------------------------------------------------------- faults

  /** The next `times` Graph requests answer 429 with this Retry-After (seconds). */
  throttle(times: number, retryAfterSeconds = 1): void {
    this.throttled = times;
    this.retryAfter = String(retryAfterSeconds);
  }

  /** Every Graph request fails with this status until `recover()` (an outage); 503 comes with Retry-After: 0. */
  fail(status = 503): void {
    this.failing = status;
  }

  recover(): void {
    this.failing = undefined;
  }

  /** Delta tokens given out so far stop working (Graph keeps delta state for 7 days). */
  expireDeltaTokens(): void {
    this.generation++;
  }

  /** Graph requests (not the token endpoint) whose path starts with this. */
  calls(prefix: string): GraphRequest[] {
    return this.requests.filter((r) => r.path.startsWith(`/v1.0/${prefix}`));
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const answer = this.answer(req, url);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, at: Date.now(), status: answer.status });
    // restify (loaded by the bot in the same process) patches writeHead so that it does not return the response.
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  private answer(req: IncomingMessage, url: URL): Answer {
    if (url.pathname === '/msi/token') {
      if (req.headers['x-identity-header'] !== this.identityHeader) return { status: 401, body: { error: 'bad identity header' } };
      const resource = url.searchParams.get('resource') ?? url.searchParams.get('scope') ?? '';
      return { status: 200, body: { access_token: this.token, expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource, token_type: 'Bearer' } };
    }
    if (!url.pathname.startsWith('/v1.0/')) return error(404, 'NotFound');
    if (req.headers.authorization !== `Bearer ${this.token}`) return error(401, 'InvalidAuthenticationToken');
    if (this.failing) return { ...error(this.failing, 'ServiceUnavailable'), headers: this.failing === 503 ? { 'retry-after': '0' } : {} };
    if (this.throttled > 0) {
      this.throttled--;
      return { ...error(429, 'TooManyRequests'), headers: { 'retry-after': this.retryAfter } };
    }
    const path = url.pathname.slice('/v1.0'.length);
    if (path === '/groups/delta') return this.delta(url);
    let m = /^\/groups\/([^/]+)\/members\/microsoft\.graph\.user$/.exec(path);
    if (m) return this.memberList(url, decodeURIComponent(m[1]!));
    m = /^\/users\/([^/]+)$/.exec(path);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      const user = this.users.get(id);
      return user ? { status: 200, body: this.userJson(id, url.searchParams.get('$select')) } : error(404, 'Request_ResourceNotFound');
    }
    return error(404, 'NotFound');
  }

  private userJson(id: string, select: string | null): Record<string, unknown> {
    const user = this.users.get(id) ?? {};
    const fields = (select ?? 'id,displayName,preferredLanguage').split(',');
    const out: Record<string, unknown> = { '@odata.type': '#microsoft.graph.user', id };
    if (fields.includes('displayName')) out.displayName = user.displayName ?? null;
    if (fields.includes('preferredLanguage')) out.preferredLanguage = user.preferredLanguage ?? null;
    return out;
  }

  private memberList(url: URL, groupId: string): Answer {
    const group = this.groups.get(groupId);
    if (!group) return error(404, 'Request_ResourceNotFound');
    const offset = Number(url.searchParams.get('$skiptoken') ?? 0);
    const members = [...group.members].filter((id) => this.users.has(id));
    const page = members.slice(offset, offset + this.membersPerPage);
    const body: Record<string, unknown> = { value: page.map((id) => this.userJson(id, url.searchParams.get('$select'))) };
    if (offset + this.membersPerPage < members.length) {
      body['@odata.nextLink'] = `${this.url}/groups/${groupId}/members/microsoft.graph.user?$select=${url.searchParams.get('$select') ?? ''}&$skiptoken=${offset + this.membersPerPage}`;
    }
    return { status: 200, body };
  }

  /** A delta round: the initial one (every filtered group with all its members) or the changes since a delta token. */
  private delta(url: URL): Answer {
    type Round = { ids: string[]; since: number | null; upTo: number; offset: number; gen: number };
    let round: Round;
    const skip = url.searchParams.get('$skiptoken');
    const deltaToken = url.searchParams.get('$deltatoken');
    if (skip) round = decode<Round>(skip);
    else if (deltaToken) {
      const t = decode<{ ids: string[]; seq: number; gen: number }>(deltaToken);
      round = { ids: t.ids, since: t.seq, upTo: this.seq, offset: 0, gen: t.gen };
    } else {
      const filter = url.searchParams.get('$filter') ?? '';
      const ids = [...filter.matchAll(/id eq '([^']+)'/g)].map((x) => x[1]!);
      if (ids.length === 0 || ids.length > 50) return error(400, 'Request_UnsupportedQuery');
      if (!(url.searchParams.get('$select') ?? '').split(',').includes('members')) return error(400, 'expectedMembersSelected');
      round = { ids, since: null, upTo: this.seq, offset: 0, gen: this.generation };
    }
    if (round.gen !== this.generation) return error(400, 'syncStateNotFound', 'The sync state generation is not found. The delta token is expired and data must be synchronized again.');

    const entries = round.since === null ? this.initialEntries(round.ids) : this.changeEntries(round.ids, round.since, round.upTo);
    const page = entries.slice(round.offset, round.offset + this.pageSize);
    const body: Record<string, unknown> = { '@odata.context': `${this.url}/$metadata#groups`, value: page };
    if (round.offset + this.pageSize < entries.length) body['@odata.nextLink'] = `${this.url}/groups/delta?$skiptoken=${encode({ ...round, offset: round.offset + this.pageSize })}`;
    else body['@odata.deltaLink'] = `${this.url}/groups/delta?$deltatoken=${encode({ ids: round.ids, seq: round.upTo, gen: round.gen })}`;
    return { status: 200, body };
  }

  private member(id: string, removed = false): Record<string, unknown> {
    return { '@odata.type': '#microsoft.graph.user', id, ...(removed ? { '@removed': { reason: 'deleted' } } : {}) };
  }

  private initialEntries(ids: string[]): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const id of ids) {
      const g = this.groups.get(id);
      if (!g) continue;
      const members = [...g.members];
      if (members.length === 0) out.push({ id, displayName: g.displayName });
      // A large group's members come in parts, the group repeated on each.
      for (let i = 0; i < members.length; i += this.membersPerEntry) {
        out.push({ id, displayName: g.displayName, 'members@delta': members.slice(i, i + this.membersPerEntry).map((m) => this.member(m)) });
      }
    }
    return out;
  }

  private changeEntries(ids: string[], since: number, upTo: number): Record<string, unknown>[] {
    const events = this.events.filter((e) => e.seq > since && e.seq <= upTo && ids.includes(e.groupId));
    const out: Record<string, unknown>[] = [];
    for (const id of ids) {
      const own = events.filter((e) => e.groupId === id);
      if (own.length === 0) continue;
      if (own.some((e) => e.groupRemoved) && !this.groups.has(id)) {
        out.push({ id, '@removed': { reason: 'deleted' } });
        continue;
      }
      // Net change per member since the token: the last event wins.
      const last = new Map<string, boolean>();
      for (const e of own) if (e.memberId) last.set(e.memberId, e.removed);
      out.push({ id, displayName: this.groups.get(id)?.displayName, 'members@delta': [...last.entries()].map(([m, removed]) => this.member(m, removed)) });
    }
    return out;
  }
}

function error(status: number, code: string, message = code): Answer {
  return { status, body: { error: { code, message } } };
}
