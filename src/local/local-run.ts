/**
 * What `npm run local` runs: the bot with the embedded store (its data saved
 * under `.local-data/` and loaded again on the next start), and one Agents
 * Playground per role of the directory, each with that person as its current
 * user. The end-to-end test runs the same thing on free ports.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Config } from '../config/load-config';
import { PROJECT_ROOT } from '../config/project-root';
import { silentLogger, type Logger } from '../core/log';
import { startTryggMeld, type RunningBot } from '../index';
import { DEFAULT_PORTS, forgetPlaygroundChats, readPlaygroundSource, ROLES, roleWindows, writePlaygroundConfig, type Role, type RoleWindow } from './playground-config';
import { startPlayground, type Playground } from './playground-process';
import { importStore, readSnapshotFile, SavedStore, storeFingerprint } from './saved-store';

export const LOCAL_DATA_DIR = join(PROJECT_ROOT, '.local-data');


/** A reason `npm run local` cannot start that the person can fix; said without a stack. */
export class LocalRunError extends Error {}

export interface LocalOptions {
  config: Config;
  log?: Logger;
  /** Default DEFAULT_PORTS. */
  ports?: Record<Role, number>;
  /** Where the saved store and the Playgrounds' files live. Default `.local-data/`. */
  dataDir?: string;
  /** Start with an empty store; the saved file is kept as store.previous.json. */
  fresh?: boolean;
  /** How often the store is checked for changes to save. Default 1000 ms. */
  saveEveryMs?: number;
  /** Which windows to open; default every role the directory and the Playground's users have. */
  roles?: Role[];
}

export interface LocalWindow extends RoleWindow {
  url: string;
  playground: Playground;
}

export interface LocalRun {
  bot: RunningBot;
  windows: LocalWindow[];
  /** Absent with COSMOS_ENDPOINT: the data lives in that account. */
  saved?: SavedStore;
  storeFile: string;
  /** How many documents were loaded from the saved file. */
  loaded: number;
  /** Where --fresh moved the saved file to, if there was one. */
  previousFile?: string;
  stop(): Promise<void>;
}

export async function startLocal(options: LocalOptions): Promise<LocalRun> {
  const { config } = options;
  const dataDir = options.dataDir ?? LOCAL_DATA_DIR;
  const ports = options.ports ?? DEFAULT_PORTS;
  const storeFile = join(dataDir, 'store.json');
  const embedded = !config.env.cosmos.endpoint;
  // The Playground's mock users are the demo directory's people: a local run reads a directory file.
  if (config.directory.source !== 'file') throw new Error('npm run local needs a directory file (DIRECTORY_SOURCE=file): its Playground users are the directory file\'s people');
  const windows = roleWindows(config.directory.directory, readPlaygroundSource()).filter((w) => !options.roles || options.roles.includes(w.role));
  // Said before anything starts, not as a Playground that exits with "Listening on ...".
  if (config.env.port) await assertPortFree(config.env.port, `port ${config.env.port} (the bot, PORT)`);
  for (const w of windows) await assertPortFree(ports[w.role], `port ${ports[w.role]} (the Agents Playground of ${w.user.name})`);

  mkdirSync(dataDir, { recursive: true });
  let previousFile: string | undefined;
  if (options.fresh && existsSync(storeFile)) renameSync(storeFile, (previousFile = join(dataDir, 'store.previous.json')));
  const onFile = embedded ? readSnapshotFile(storeFile) : undefined;
  const snapshot = onFile && forgetPlaygroundChats(onFile, windows);

  let loaded = 0;
  const bot = await startTryggMeld(config, {
    log: options.log,
    // Loaded before the dispatcher looks for due work, so nothing owed is judged against half the data.
    beforeStart: async (containers) => {
      if (snapshot) loaded = await importStore(containers, snapshot, options.log);
    },
  });
  const started: LocalWindow[] = [];
  let saved: SavedStore | undefined;
  const stop = async () => {
    await saved?.stop();
    await Promise.all(started.map((w) => w.playground.stop()));
    // Nothing writes once the windows are closed and the dispatcher has finished; then the last save.
    await bot.dispatcher.stop();
    await saved?.flush();
    await bot.stop();
  };
  try {
    if (embedded) {
      saved = new SavedStore({ file: storeFile, containers: bot.containers, log: options.log ?? silentLogger, checkEveryMs: options.saveEveryMs });
      saved.start(snapshot ? await storeFingerprint(bot.containers) : undefined);
    }
    // Side by side: each Playground takes seconds to come up.
    const opening = await Promise.allSettled(
      ROLES.flatMap((role) => windows.filter((w) => w.role === role)).map(async (window) => {
        const dir = join(dataDir, 'playground', window.role);
        const playground = await startPlayground({ botEndpoint: `${bot.url}/api/messages`, port: ports[window.role], cwd: dir, configPath: writePlaygroundConfig(dir, window) });
        const open: LocalWindow = { ...window, url: `http://localhost:${ports[window.role]}`, playground };
        started.push(open);
        await announceWindow(playground, window);
        await reachedThrough(bot, open);
      }),
    );
    const failed = opening.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    started.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return { bot, windows: started, saved, storeFile, loaded, previousFile, stop };
}

/**
 * Tells the bot about the window as if its person had opened it (the
 * Playground's own installation route, as its UI calls it on opening): the bot
 * keeps the 1:1 chat with that instance's service URL, so a card to the
 * principal lands in the principal's window even before it was opened; the
 * window shows it when it is.
 */
async function announceWindow(playground: Playground, window: RoleWindow): Promise<void> {
  const res = await fetch(`${playground.url}/_debug/conversation/${encodeURIComponent(window.config.personalChat.id)}/installation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(10000),
  });
  if (!res.ok) throw new Error(`the Agents Playground of the ${window.role} (${playground.url}) refused the installation: ${res.status}`);
}

/** Waits until the bot keeps the window's person's chat with that window's service URL. */
async function reachedThrough(bot: RunningBot, window: LocalWindow): Promise<void> {
  const port = `:${window.playground.port}/`;
  const deadline = Date.now() + 15000;
  while (!(await bot.conversations.getPerson(window.user.aadObjectId.toLowerCase()))?.reference?.serviceUrl.includes(port)) {
    if (Date.now() > deadline) throw new Error(`the bot did not hear from the Agents Playground of ${window.user.name} (${window.url})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new LocalRunError(`${what} is in use: is another \`npm run local\` running?`) : new Error(`${what}: ${err.message}`)),
    );
    // The Playground listens on all interfaces.
    server.listen(port, () => server.close(() => resolve()));
  });
}
