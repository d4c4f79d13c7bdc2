/**
 * A stand-in for the Teams side of the Bot Framework (the connector service
 * the bot sends to): an HTTP server that records every conversation created
 * and every activity sent or updated, and can be told to fail.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface RecordedActivity {
  conversationId: string;
  activityId: string;
  /** 'send' for new messages and replies, 'update' for edits of an earlier message. */
  op: 'send' | 'update';
  activity: Record<string, any>;
  at: number;
}

export interface CreatedConversation {
  id: string;
  members: { id: string }[];
  tenantId?: string;
}

/**
 * What Teams does with one request: fail with `status` (and headers), answer
 * after `delayMs`, or never answer (`hang`: the connection stays open until
 * the bot gives up or the fake stops).
 */
export type FaultInjector = (req: { method: string; path: string; conversationId?: string; body: any }) => { status: number; headers?: Record<string, string>; delayMs?: number; hang?: boolean } | undefined;

/** One request as it reached the fake, answered or not. */
export interface RecordedRequest {
  method: string;
  path: string;
  conversationId?: string;
  at: number;
  /** The body's size as Teams counts it: UTF-16 code units times two. */
  utf16Bytes: number;
}

export class FakeTeams {
  readonly activities: RecordedActivity[] = [];
  readonly conversations: CreatedConversation[] = [];
  readonly requests: RecordedRequest[] = [];
  /** The names Teams knows people by (the roster: GET /v3/conversations/{id}/members/{member}). */
  readonly roster = new Map<string, string>();
  fault: FaultInjector | undefined;
  /** Like Teams, refuse an activity whose JSON is larger than this (UTF-16 bytes) with 413. */
  maxActivityBytes = Infinity;
  /** Requests left hanging, answered with 503 when the fake stops. */
  private hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private counter = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  /** Activities that landed in a conversation, oldest first. */
  in(conversationId: string): RecordedActivity[] {
    return this.activities.filter((a) => a.conversationId === conversationId);
  }

  /** The 1:1 conversation the bot opened with a person, if it did. */
  conversationCreatedFor(aadObjectId: string): CreatedConversation | undefined {
    return this.conversations.find((c) => c.members.some((m) => m.id === aadObjectId));
  }

  /** Waits until the predicate holds; fails with a description of what was seen. */
  async waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; seen ${this.activities.length} activities in ${this.conversations.length} new conversations`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const m = /^\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?)?)?$/.exec(path);
    const conversationId = m?.[1] ? decodeURIComponent(m[1]) : undefined;
    const utf16Bytes = JSON.stringify(body).length * 2;
    this.requests.push({ method, path, conversationId, at: Date.now(), utf16Bytes });
    const failure = this.fault?.({ method, path, conversationId, body });
    if (failure?.hang) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if (failure?.delayMs) await new Promise((r) => setTimeout(r, failure.delayMs));
    if (!failure && utf16Bytes > this.maxActivityBytes && method !== 'GET') {
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'MessageSizeTooBig', message: `activity of ${utf16Bytes} bytes` } }));
      return;
    }
    if (failure && failure.status >= 300) {
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      res.end(JSON.stringify({ error: { code: 'Injected', message: `injected ${failure.status}` } }));
      return;
    }
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (method === 'GET' && member) {
      const id = decodeURIComponent(member[2]).replace(/^29:/, '');
      const name = this.roster.get(id);
      return name ? reply(200, { id: `29:${id}`, aadObjectId: id, name }) : reply(404, { error: { code: 'MemberNotFound', message: id } });
    }
    if (!m) return reply(404, { error: { code: 'NotFound', message: path } });

    if (method === 'POST' && !m[1]) {
      // As in Teams, a 1:1 chat with the same person is the same conversation.
      const member = body.isGroup ? undefined : body.members?.[0]?.id;
      const existing = member ? this.conversationCreatedFor(member) : undefined;
      if (existing) {
        if (body.activity) this.record(existing.id, 'send', body.activity);
        return reply(200, { id: existing.id });
      }
      const id = `a:fake-${++this.counter}`;
      this.conversations.push({ id, members: body.members ?? [], tenantId: body.tenantId });
      if (body.activity) this.record(id, 'send', body.activity);
      return reply(201, { id, activityId: `act-${this.counter}` });
    }
    if (method === 'POST' && conversationId) {
      const activityId = this.record(conversationId, 'send', body);
      return reply(201, { id: activityId });
    }
    if (method === 'PUT' && conversationId && m[2]) {
      this.record(conversationId, 'update', body, decodeURIComponent(m[2]));
      return reply(200, { id: m[2] });
    }
    return reply(405, { error: { code: 'MethodNotAllowed', message: `${method} ${path}` } });
  }

  private record(conversationId: string, op: 'send' | 'update', activity: Record<string, any>, activityId = `act-${++this.counter}`): string {
    this.activities.push({ conversationId, activityId, op, activity, at: Date.now() });
    return activityId;
  }
}

function readJson(req: IncomingMessage): Promise<any> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

/** The Adaptive Card in an activity, if it carries one. */
export function cardOf(activity: Record<string, any>): Record<string, any> | undefined {
  return activity.attachments?.find((a: { contentType: string }) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
