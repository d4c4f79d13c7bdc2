/** The HTTP surface (CONTRACT.md "Process"): Bot Framework messages, liveness and readiness. */
import * as restify from 'restify';
import type { Logger } from './core/log';

export type MessagesHandler = (body: unknown, authorization: string | undefined) => Promise<{ status: number; body?: unknown }>;

export interface ServerOptions {
  log: Logger;
  /** Whether the store is reachable and the directory loaded. */
  isReady: () => Promise<boolean>;
  /** Shown beside the status on /readyz: which directory is in use and how old it is. */
  details?: () => Record<string, unknown>;
  /** Set once the bot is built; until then /api/messages answers 503. */
  messages: () => MessagesHandler | undefined;
}

export function createServer(options: ServerOptions): restify.Server {
  const server = restify.createServer({ name: 'TryggMeld', handleUncaughtExceptions: false });
  // Teams activities are small; a large body is not one.
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    const handle = options.messages();
    if (!handle) {
      res.send(503, { error: 'starting' });
      return;
    }
    const answer = await handle(req.body, req.headers.authorization);
    if (answer.body === undefined) {
      res.status(answer.status);
      res.end();
    } else {
      res.send(answer.status, answer.body);
    }
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req, res) => {
    const ready = await options.isReady().catch(() => false);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...options.details?.() });
  });

  server.on('restifyError', (req, _res, err, callback) => {
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    options.log[status >= 500 ? 'warn' : 'debug']('http.error', { status, method: req.method, path: req.getPath?.() });
    return callback();
  });
  return server;
}
