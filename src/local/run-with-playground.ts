/**
 * `npm run local`: the bot on port 3978 with the embedded store, and one
 * Microsoft 365 Agents Playground per role of the demo directory (teacher
 * http://localhost:56150, principal 56151, safety representative 56152, the
 * school owner's leader 56153). The data is kept in `.local-data/` between
 * runs; `npm run local -- --fresh` starts empty.
 */
import { relative } from 'node:path';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/load-config';
import { PROJECT_ROOT } from '../config/project-root';
import { createLogger } from '../core/log';
import { LocalRunError, startLocal } from './local-run';
import { ROLE_TITLES } from './playground-config';
import { SavedStoreError } from './saved-store';

const USAGE = 'usage: npm run local [-- --fresh]\n  --fresh  start with an empty store (the saved data is kept as .local-data/store.previous.json)\n';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--fresh');
  if (unknown.length > 0 || args.includes('--help')) {
    process.stderr.write(`${unknown.length ? `unknown option ${unknown.join(' ')}\n` : ''}${USAGE}`);
    process.exit(unknown.length && !args.includes('--help') ? 2 : 0);
  }
  const config = loadConfig(process.env);
  if (config.env.bot) throw new ConfigError(['BOT_ID: unset it for `npm run local`: the Agents Playground sends no token, so the bot must run in local mode']);
  if (config.env.production) throw new ConfigError(['NODE_ENV: `npm run local` is not for production']);
  const log = createLogger({ instance: config.env.instanceId });
  const local = await startLocal({ config, log, fresh: args.includes('--fresh') });
  const width = Math.max(...local.windows.map((w) => ROLE_TITLES[w.role].length));
  const file = relative(PROJECT_ROOT, local.storeFile);
  process.stdout.write(
    [
      '',
      `  TryggMeld is running on ${local.bot.url}/api/messages.`,
      local.saved
        ? `  Store: embedded; ${local.loaded ? `${local.loaded} documents loaded from ${file}` : local.previousFile ? `empty (the data before is in ${relative(PROJECT_ROOT, local.previousFile)})` : 'empty'}; saved to ${file} as it changes (\`npm run local -- --fresh\` starts empty).`
        : `  Store: ${config.env.cosmos.endpoint}.`,
      '  Open the Teams client (Microsoft 365 Agents Playground) of each role:',
      ...local.windows.map((w) => `    ${ROLE_TITLES[w.role].padEnd(width)}  ${w.url}  ${w.user.name}${w.schoolName ? `, ${w.schoolName}` : ''}`),
      '  Write "meld" in the teacher\'s window to report an incident; the README walks through the rest.',
      `  The tab "Oversikt" (sign in as anyone in the demo directory): ${local.bot.url.replace('127.0.0.1', 'localhost')}/tab`,
      '  Stop with Ctrl+C.',
      '',
    ].join('\n') + '\n',
  );
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\n  Stopping TryggMeld and saving the data ...\n');
    local.stop().then(
      () => {
        process.stdout.write(local.saved ? `  Saved to ${file}.\n` : '  Stopped.\n');
        process.exit(code);
      },
      (err) => {
        process.stderr.write(`TryggMeld did not stop cleanly: ${String(err?.stack ?? err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown(0));
  process.once('SIGTERM', () => shutdown(0));
  for (const w of local.windows) {
    w.playground.process.once('exit', (code, signal) => {
      // Ctrl+C reaches the Playgrounds too, perhaps before this process has seen it.
      setTimeout(() => {
        if (stopping) return;
        process.stderr.write(`The Agents Playground of ${w.user.name} (${w.url}) stopped (${signal ?? code}); stopping TryggMeld (the data is saved).\n`);
        shutdown(1);
      }, 500).unref();
    });
  }
}

main().catch((err) => {
  const known = err instanceof ConfigError || err instanceof SavedStoreError || err instanceof LocalRunError;
  process.stderr.write(known ? `TryggMeld cannot start.\n${err.message}\n` : `TryggMeld failed to start: ${String(err?.stack ?? err)}\n`);
  process.exit(1);
});
