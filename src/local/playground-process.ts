/**
 * Starts the Microsoft 365 Agents Playground (the local Teams client) as a
 * child process pointed at the bot, and waits until it is ready. Used by
 * `npm run local` and by the end-to-end test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';

export interface Playground {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  botEndpoint: string;
  port: number;
  /** Working directory: where devTools/m365agentsplayground.log is written. */
  cwd?: string;
  /** The mock users; default: .m365agentsplayground.yml at the project root. */
  configPath?: string;
  /** Echo the Playground's own output. */
  inheritOutput?: boolean;
  readyTimeoutMs?: number;
}

const BIN = join(PROJECT_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const cwd = options.cwd ?? PROJECT_ROOT;
  const child = spawn(process.execPath, [BIN, 'start', '-e', options.botEndpoint, '-c', 'msteams', '--dt', '-p', String(options.port)], {
    cwd,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath ?? join(PROJECT_ROOT, '.m365agentsplayground.yml'),
    },
    stdio: options.inheritOutput ? 'inherit' : 'pipe',
  });
  let output = '';
  // Kept for the error message if it does not start; only the tail, since it runs for hours under `npm run local`.
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${options.port}`;

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGINT');
    });

  // The Playground mounts its routes only once it has reached the bot; a bad
  // config file makes it exit and says why only in its log file.
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Agents Playground exited: ${output.trim()}\n${playgroundLog(cwd)}`);
    try {
      const res = await fetch(`${url}/_internal/v1/config`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Agents Playground did not get ready: ${output.trim()}\n${playgroundLog(cwd)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port: options.port, process: child, stop };
}

function playgroundLog(cwd: string): string {
  const file = join(cwd, 'devTools', 'm365agentsplayground.log');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-20).join('\n') : '';
}
