/**
 * Real processes for tests that need more than one: the Cosmos DB protocol
 * server on its own (the store several bots share) and built bot processes
 * (`dist/src/index.js`, as `npm start` runs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { EMULATOR_KEY } from '../../src/core/cosmos/embedded';
import { freePort } from './free-port';


export interface Proc {
  process: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function track(child: ChildProcess): Proc {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return {
    process: child,
    output: () => output,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

async function until(probe: () => Promise<boolean>, what: string, proc: Proc, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (proc.process.exitCode !== null) throw new Error(`${what} exited: ${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start: ${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface CosmosProcess extends Proc {
  endpoint: string;
  key: string;
}

export async function startCosmosProcess(): Promise<CosmosProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'node_modules', '@vercel', 'cosmosdb-server', 'lib', 'cli.js'), '-p', String(port), '--host', '127.0.0.1'], { stdio: 'pipe' });
  const proc = track(child);
  await until(async () => proc.output().includes('Ready to accept'), 'the Cosmos DB server', proc);
  return { ...proc, endpoint: `https://127.0.0.1:${port}/`, key: EMULATOR_KEY };
}

export interface BotProcess extends Proc {
  url: string;
  port: number;
}

export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'index.js')], {
    env: { PATH: process.env.PATH, PORT: String(port), ...env },
    stdio: 'pipe',
  });
  const proc = track(child);
  const url = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${url}/readyz`)).status === 200, 'the bot', proc);
  return { ...proc, url, port };
}
