/**
 * Runs the real server (startTryggMeld: restify, teams-ai, botbuilder, the
 * embedded Cosmos store through @azure/cosmos) against a fake Teams connector,
 * and plays Teams users who talk to it over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { startTryggMeld, type RunningBot } from '../../src/index';
import { createLogger } from '../../src/core/log';
import { cardOf, FakeTeams } from './fake-teams';
import { TENANT } from './people';

export const FIXTURE_DIRECTORY = join(PROJECT_ROOT, 'test', 'fixtures', 'directory.yaml');

export interface Harness {
  bot: RunningBot;
  teams: FakeTeams;
  logs: string[];
  user(aadObjectId: string, options?: { locale?: string; tenantId?: string }): TeamsUser;
  /** How many cases the store holds. */
  caseCount(): Promise<number>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Timings as a SCHEDULE_FILE would hold them (YAML). */
  schedule?: string;
  /** The bot's clock; tests of day-long timings move it forward. */
  clock?: () => Date;
  /** A Teams connector another bot of the test already uses (two instances); it is left running on stop. */
  teams?: FakeTeams;
  /** With DIRECTORY_SOURCE=graph: the token for Graph instead of the managed identity's. */
  graphToken?: () => Promise<string>;
}

/** A clock that runs with real time from a chosen start, and can be moved forward. */
export class TravelClock {
  private offset: number;
  constructor(start: Date = new Date()) {
    this.offset = start.getTime() - Date.now();
  }
  now = (): Date => new Date(Date.now() + this.offset);
  setTo(t: Date): void {
    this.offset = t.getTime() - Date.now();
  }
}

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const teams = options.teams ?? new FakeTeams();
  if (!options.teams) await teams.start();
  const logs: string[] = [];
  const scheduleFile = options.schedule === undefined ? undefined : writeTemp('schedule.yaml', options.schedule);
  const config = loadConfig({
    PORT: '0',
    DIRECTORY_FILE: FIXTURE_DIRECTORY,
    DISPATCH_INTERVAL_MS: '100',
    DISPATCH_IDLE_INTERVAL_MS: '100',
    TEAMS_SERVICE_URL: teams.url,
    ...(scheduleFile ? { SCHEDULE_FILE: scheduleFile } : {}),
    ...env,
  });
  const bot = await startTryggMeld(config, { log: createLogger({}, 'debug', (line) => logs.push(line)), now: options.clock, graphToken: options.graphToken });
  return {
    bot,
    teams,
    logs,
    user: (aadObjectId, options) => new TeamsUser(bot.url, teams.url, aadObjectId, options),
    caseCount: async () => {
      const { resources } = await bot.containers.cases.items.query<number>('SELECT VALUE COUNT(1) FROM c WHERE c.docType = "case"').fetchAll();
      return resources[0] ?? 0;
    },
    stop: async () => {
      await bot.stop();
      if (!options.teams) await teams.stop();
    },
  };
}

/** Polls (the store, or anything async) until the probe holds: a state reached, not a time slept that a slow machine may overrun. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function writeTemp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tryggmeld-')), name);
  writeFileSync(file, text);
  return file;
}

export interface InvokeResult {
  status: number;
  body: { statusCode: number; type: string; value: any };
}

/** A person in Teams with a 1:1 chat with the bot. */
export class TeamsUser {
  readonly conversationId: string;
  private readonly locale: string;
  private readonly tenantId: string;

  constructor(
    private readonly botUrl: string,
    private readonly serviceUrl: string,
    readonly aadObjectId: string,
    options: { locale?: string; tenantId?: string } = {},
  ) {
    this.conversationId = `a:personal-${aadObjectId}`;
    this.locale = options.locale ?? 'nb-NO';
    this.tenantId = options.tenantId ?? TENANT;
  }

  activity(fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      from: { id: `29:${this.aadObjectId}`, aadObjectId: this.aadObjectId, name: '' },
      recipient: { id: '28:tryggmeld-bot', name: 'TryggMeld' },
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: this.tenantId },
      channelData: { tenant: { id: this.tenantId } },
      locale: this.locale,
      ...fields,
    };
  }

  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  install(): Promise<{ status: number }> {
    return this.post(this.activity({ type: 'installationUpdate', action: 'add' }));
  }

  say(text: string): Promise<{ status: number }> {
    return this.post(this.activity({ type: 'message', text }));
  }

  async invoke(verb: string, data: Record<string, unknown>, replyToId?: string): Promise<InvokeResult> {
    const res = await this.post(
      this.activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );
    return { status: res.status, body: res.body };
  }
}

/** Every text in a card, for asserting what a person reads. */
export function textsOf(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && ['text', 'title', 'value', 'label', 'placeholder'].includes(key)) out.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return out;
}

/** The inputs of a card by id. */
export function inputsOf(card: unknown): Record<string, Record<string, any>> {
  const out: Record<string, Record<string, any>> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, any>;
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.id) out[n.id] = n;
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The Action.Execute actions of a card, anywhere in it. */
export function actionsOf(card: unknown): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, any>;
      if (n.type === 'Action.Execute') out.push(n);
      Object.entries(n).forEach(([k, v]) => k !== 'refresh' && walk(v));
    }
  };
  walk(card);
  return out;
}

export { cardOf };
