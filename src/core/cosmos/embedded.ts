/**
 * The embedded store for local runs: @vercel/cosmosdb-server, a Cosmos DB
 * protocol server, in this process. The code talks to it through @azure/cosmos
 * exactly as to Azure. Data lives in memory and is gone when the process ends.
 *
 * This process's own client reaches it through `httpClient`: the SDK's
 * requests, built as for Azure, go straight into the server's request handler
 * with no TLS, socket or HTTP parsing (a new TLS handshake per request once
 * took about 40 % of the bot's CPU). The server also listens on `endpoint`
 * over HTTPS, with kept-alive connections, for anything outside the process.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { inProcessHttpClient } from './transport';

export interface EmbeddedCosmos {
  endpoint: string;
  /** The server checks no key; the SDK still needs one to sign requests. */
  key: string;
  /** The in-process transport to this store, for createCosmosClient's `httpClient`. */
  httpClient: HttpClient;
  close(): Promise<void>;
}

// The well-known key of the Cosmos DB emulator: public, not a secret.
export const EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export async function startEmbeddedCosmos(port = 0): Promise<EmbeddedCosmos> {
  // Without keepAlive the server answers `connection: close` and every HTTPS request is a new handshake.
  const server: Server = createHttpsServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('embedded Cosmos store: no address');
  // The server's own request listener (registered by createHttpsServer, holding its account, which exists once it listens).
  const handle = (req: IncomingMessage, res: ServerResponse) => server.emit('request', req, res);
  return {
    endpoint: `https://127.0.0.1:${address.port}/`,
    key: EMULATOR_KEY,
    httpClient: inProcessHttpClient(handle),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
