/**
 * Memory of the bot and of the store apart: the Cosmos DB protocol server and
 * the bot (`dist/src/index.js`, as `npm start` runs it) in their own
 * processes, the bot pointed at the store by COSMOS_ENDPOINT as several
 * instances would be, the fake Teams connector in the bench. Each process
 * reports its own memory after a full garbage collection (memory-probe).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { EMULATOR_KEY } from '../../src/core/cosmos/embedded';
import { FakeTeams } from '../support/fake-teams';
import { freePort } from '../support/free-port';
import { FIXTURE_DIRECTORY, TeamsUser } from '../support/harness';
import { P } from '../support/people';
import { CARD_TYPE, runLoad, submitTemplate } from './load';

export interface Memory {
  rss: number;
  heapUsed: number;
  /** What V8 holds for its heap, used or not. */
  heapTotal: number;
  /** Memory outside the heap that JavaScript objects hold (buffers among them). */
  external: number;
}

export interface MemoryFigures {
  submits: number;
  errors: number;
  /** `again`: after the same number of submits once more, to tell growth from a level reached. */
  bot: { start: Memory; warm: Memory; after: Memory; again: Memory };
  store: { start: Memory; warm: Memory; after: Memory; again: Memory };
}

const PROBE = join(__dirname, 'memory-probe.js');

class Child {
  private output = '';
  constructor(readonly process: ChildProcess) {
    process.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    process.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }
  text(): string {
    return this.output;
  }
  async memory(): Promise<Memory> {
    const before = this.output.length;
    this.process.kill('SIGUSR2');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const m = /BENCH_MEMORY (\{.*\})/.exec(this.output.slice(before));
      if (m) {
        const usage = JSON.parse(m[1]) as NodeJS.MemoryUsage;
        return { rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external };
      }
      if (Date.now() > deadline) throw new Error(`no memory report: ${this.output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.process.once('exit', () => resolve());
      this.process.kill('SIGTERM');
    });
  }
}

async function until(probe: () => Promise<boolean> | boolean, what: string, child: Child): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await Promise.resolve(probe()).catch(() => false))) {
    if (child.process.exitCode !== null) throw new Error(`${what} exited: ${child.text()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start: ${child.text()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function memoryFigures(submits: number, today: string): Promise<MemoryFigures> {
  const teams = new FakeTeams();
  await teams.start();
  const nodeArgs = ['--expose-gc', '--require', PROBE];
  const storePort = await freePort();
  const store = new Child(
    spawn(process.execPath, [...nodeArgs, join(PROJECT_ROOT, 'node_modules', '@vercel', 'cosmosdb-server', 'lib', 'cli.js'), '-p', String(storePort), '--host', '127.0.0.1'], { stdio: 'pipe' }),
  );
  let bot: Child | undefined;
  try {
    await until(() => store.text().includes('Ready to accept'), 'the Cosmos DB server', store);
    const botPort = await freePort();
    bot = new Child(
      spawn(process.execPath, [...nodeArgs, join(PROJECT_ROOT, 'dist', 'src', 'index.js')], {
        env: {
          PATH: process.env.PATH,
          PORT: String(botPort),
          COSMOS_ENDPOINT: `https://127.0.0.1:${storePort}/`,
          COSMOS_KEY: EMULATOR_KEY,
          COSMOS_TLS_INSECURE: '1',
          COSMOS_DATABASE: 'bench-memory',
          DIRECTORY_FILE: FIXTURE_DIRECTORY,
          TEAMS_SERVICE_URL: teams.url,
        },
        stdio: 'pipe',
      }),
    );
    const url = `http://127.0.0.1:${botPort}`;
    await until(async () => (await fetch(`${url}/readyz`)).status === 200, 'the bot', bot);
    const users = [P.tina, P.per].map((id) => new TeamsUser(url, teams.url, id));
    for (const u of users) await u.install();
    const start = { bot: await bot.memory(), store: await store.memory() };
    const templates = users.map((u) => submitTemplate((f) => u.activity(f), today));
    const job = { url: `${url}/api/messages`, templates, clients: 16, warmupMs: 0, expect: CARD_TYPE };
    const warmup = await runLoad({ ...job, total: 200 });
    const warm = { bot: await bot.memory(), store: await store.memory() };
    const load = await runLoad({ ...job, total: submits });
    const after = { bot: await bot.memory(), store: await store.memory() };
    const more = await runLoad({ ...job, total: submits });
    const again = { bot: await bot.memory(), store: await store.memory() };
    return {
      submits: load.requests,
      errors: warmup.errors + load.errors + more.errors,
      bot: { start: start.bot, warm: warm.bot, after: after.bot, again: again.bot },
      store: { start: start.store, warm: warm.store, after: after.store, again: again.store },
    };
  } finally {
    await bot?.stop();
    await store.stop();
    await teams.stop();
  }
}
