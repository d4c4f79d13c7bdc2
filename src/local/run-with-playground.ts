/**
 * `npm run local`: the bot on port 3978 with the embedded store, and the
 * Microsoft 365 Agents Playground at http://localhost:56150 as the Teams
 * client, with mock users that match the demo directory.
 */
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/load-config';
import { startTryggMeld } from '../index';
import { startPlayground } from './playground-process';

const PLAYGROUND_PORT = 56150;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.env.bot) throw new ConfigError(['BOT_ID: unset it for `npm run local`: the Agents Playground sends no token, so the bot must run in local mode']);
  if (config.env.production) throw new ConfigError(['NODE_ENV: `npm run local` is not for production']);
  const bot = await startTryggMeld(config);
  const playground = await startPlayground({ botEndpoint: `http://127.0.0.1:${bot.port}/api/messages`, port: PLAYGROUND_PORT });
  process.stdout.write(
    [
      '',
      `  TryggMeld is running on http://127.0.0.1:${bot.port}/api/messages (embedded store${config.env.cosmos.endpoint ? ' off: ' + config.env.cosmos.endpoint : ''}).`,
      `  Open the Teams client (Microsoft 365 Agents Playground): http://localhost:${PLAYGROUND_PORT}`,
      '  You are Tina Berg, a teacher at Nordby skole. Write "meld" to report an incident.',
      '  Messages to the principal and the safety representative show in the Playground\'s log panel.',
      `  The tab "Oversikt" (sign in as anyone in the demo directory): http://localhost:${bot.port}/tab`,
      '  Stop with Ctrl+C.',
      '',
    ].join('\n') + '\n',
  );
  const shutdown = async () => {
    await playground.stop();
    await bot.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  playground.process.once('exit', (code) => {
    process.stderr.write(`The Agents Playground stopped (${code}).\n`);
    void bot.stop().then(() => process.exit(1));
  });
}

main().catch((err) => {
  process.stderr.write(err instanceof ConfigError ? `TryggMeld cannot start.\n${err.message}\n` : `TryggMeld failed to start: ${String(err?.stack ?? err)}\n`);
  process.exit(1);
});
