/**
 * The embedded store for local runs: @vercel/cosmosdb-server, a Cosmos DB
 * protocol server, in this process. The code talks to it through @azure/cosmos
 * exactly as to Azure. Data lives in memory and is gone when the process ends.
 */
import type { Server } from 'node:https';
import { createHttpsServer } from '@vercel/cosmosdb-server';

export interface EmbeddedCosmos {
  endpoint: string;
  /** The server checks no key; the SDK still needs one to sign requests. */
  key: string;
  close(): Promise<void>;
}

// The well-known key of the Cosmos DB emulator: public, not a secret.
export const EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export async function startEmbeddedCosmos(port = 0): Promise<EmbeddedCosmos> {
  const server: Server = createHttpsServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('embedded Cosmos store: no address');
  return {
    endpoint: `https://127.0.0.1:${address.port}/`,
    key: EMULATOR_KEY,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
