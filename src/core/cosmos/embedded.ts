/**
 * The embedded store for local runs: @vercel/cosmosdb-server, a Cosmos DB
 * protocol server, in a worker thread of this process. The code talks to it
 * through @azure/cosmos exactly as to Azure. Data lives in memory and is gone
 * when the process ends.
 *
 * In a thread of its own, as Azure Cosmos DB is a service of its own: the
 * store's work (its query engine, indexes, JSON) never holds up the bot's
 * event loop, however long a query over 100k documents takes, and it runs on
 * the other core. This process's own client reaches it through `httpClient`:
 * the SDK's requests, built as for Azure, are posted to the thread, which
 * hands them to the server's request handler as a request/response pair, with
 * no TLS, socket or HTTP parsing between (a new TLS handshake per request once
 * took about 40 % of the bot's CPU). The server also listens on `endpoint`
 * over HTTPS, with kept-alive connections, for anything outside the process.
 */
import { Worker } from 'node:worker_threads';
import type { TokenProvider } from '@azure/cosmos';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { Logger } from '../log';
import { workerHttpClient, type StoreThread } from './transport';

export interface EmbeddedCosmos {
  endpoint: string;
  /** The server checks no key; clients outside this process (HTTPS) sign with this one. */
  key: string;
  /** The transport to this store's thread, for createCosmosClient's `httpClient`. */
  httpClient: HttpClient;
  /** For this process's own client, with `httpClient`: authorization without the master-key HMAC (embeddedToken). */
  tokenProvider: TokenProvider;
  close(): Promise<void>;
}

// The well-known key of the Cosmos DB emulator: public, not a secret.
export const EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

/**
 * The server reads no authorization header, so this process's client need not
 * compute the master-key signature (an HMAC-SHA256 of verb, resource and date
 * per request, about a tenth of the client's CPU for a point read): the SDK's
 * `tokenProvider` option sends this constant instead, with every other header
 * as before. Azure and the emulator keep their key or Entra ID (client.ts).
 */
export const embeddedToken: TokenProvider = async () => 'type=master&ver=1.0&sig=embedded-store-checks-no-signature';

export async function startEmbeddedCosmos(port = 0, log?: Logger): Promise<EmbeddedCosmos> {
  // The thread's code is the function below as text, so that it runs the same from the build and under ts-jest.
  const worker = new Worker(`(${storeThread.toString()})()`, {
    eval: true,
    workerData: { port, serverModule: require.resolve('@vercel/cosmosdb-server') },
  });
  const listening = await new Promise<number>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`embedded Cosmos store: the thread exited (${code}) before it listened`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (message: { type: string; port?: number; error?: string }) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (message.type === 'listening' && message.port) resolve(message.port);
      else reject(new Error(`embedded Cosmos store: ${message.error ?? 'no address'}`));
    });
  });
  // A failure inside the store's thread ends the thread, not the bot: every request then fails with a
  // clear error (transport.ts) and /readyz says 503; the data, in memory only, is gone either way.
  worker.on('error', (err) => log?.error('store.thread_failed', { error: String((err as Error)?.stack ?? err).slice(0, 1000) }));
  const thread: StoreThread = worker;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `https://127.0.0.1:${listening}/`,
    key: EMULATOR_KEY,
    httpClient: workerHttpClient(thread),
    tokenProvider: embeddedToken,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'close' });
        // A thread that does not finish closing in time is ended.
        setTimeout(() => void worker.terminate(), 5000).unref();
      })),
  };
}

/**
 * Runs in the store's thread (as text: only `require`d modules, nothing from
 * this file's scope). Starts the HTTPS server and answers the requests posted
 * by `workerHttpClient` through the server's own request listener, with the
 * request's body as text (the server reads bodies only through its JSON
 * reader, which our patch lets take text) and a response object that
 * collects what the server writes.
 */
function storeThread(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parentPort, workerData } = require('node:worker_threads');
  const { createHttpsServer } = require(workerData.serverModule);
  // Without keepAlive the server answers `connection: close` and every HTTPS request is a new handshake.
  const server = createHttpsServer({ keepAlive: true });
  server.once('error', (err: Error) => parentPort.postMessage({ type: 'failed', error: String(err) }));
  server.listen(workerData.port, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));

  // The answers ready in one turn of this thread's loop go back as one message (transport.ts, StoreThread).
  type Answer = { type: 'response'; id: number; status: number; headers: Record<string, string>; body: string };
  let outbox: Answer[] = [];
  const flush = () => {
    const list = outbox;
    outbox = [];
    parentPort.postMessage(list.length === 1 ? list[0] : { type: 'responses', list });
  };
  const answer = (id: number, status: number, headers: Record<string, string>, body: string) => {
    if (outbox.push({ type: 'response', id, status, headers, body }) === 1) setImmediate(flush);
  };

  type Request = { type: string; id: number; method: string; url: string; headers: Record<string, string>; body: string };
  parentPort.on('message', (message: Request | { type: 'requests'; list: Request[] }) => {
    if (message.type === 'requests') for (const one of (message as { list: Request[] }).list) handle(one);
    else handle(message as Request);
  });

  function handle(message: Request): void {
    if (message.type === 'close') {
      server.close(() => process.exit(0));
      server.closeAllConnections?.();
      return;
    }
    if (message.type !== 'request') return;
    const { id, headers, body } = message;
    if (body) headers['content-length'] = String(Buffer.byteLength(body));
    // The body as text (`rawBody`), read by the server's JSON reader without a stream (our patch, lib/json.js).
    const req = { method: message.method, url: message.url, headers, httpVersion: '1.1', rawBody: body };
    const responseHeaders: Record<string, string> = {};
    let done = false;
    const res = {
      statusCode: 200,
      finished: false,
      headersSent: false,
      setHeader(name: string, value: number | string | readonly string[]) {
        responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
        return res;
      },
      getHeader: (name: string) => responseHeaders[name.toLowerCase()],
      removeHeader: (name: string) => void delete responseHeaders[name.toLowerCase()],
      end(chunk?: string | Buffer) {
        res.finished = true;
        res.headersSent = true;
        if (done) return res;
        done = true;
        answer(id, res.statusCode, responseHeaders, chunk === undefined ? '' : typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        return res;
      },
    };
    try {
      server.emit('request', req, res);
    } catch (err) {
      if (!done) {
        done = true;
        answer(id, 500, { 'content-type': 'application/json' }, JSON.stringify({ code: 'InternalServerError', message: String(err) }));
      }
    }
  }
}
