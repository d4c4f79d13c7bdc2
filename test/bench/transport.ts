/**
 * The same point read against the same embedded store, three ways: through
 * the transport to the store's thread, over HTTPS with kept-alive connections, and over
 * HTTPS with a new connection (TLS handshake) per request, as the embedded
 * store answered before it kept connections alive.
 */
import { Agent } from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { startEmbeddedCosmos } from '../../src/core/cosmos/embedded';

export interface TransportFigures {
  inProcessMs?: number;
  keepAliveMs: number;
  newConnectionMs: number;
}

export async function transportFigures(reads: number): Promise<TransportFigures> {
  const embedded = await startEmbeddedCosmos();
  const inProcess = embedded.httpClient;
  const clients = {
    // As the bot makes it (src/index.ts): the unsigned token over the thread's transport.
    inProcess: inProcess ? createCosmosClient({ endpoint: embedded.endpoint, tokenProvider: embedded.tokenProvider, tlsInsecure: true, httpClient: inProcess }) : undefined,
    keepAlive: createCosmosClient({ endpoint: embedded.endpoint, key: embedded.key, tlsInsecure: true }),
    newConnection: new CosmosClient({ endpoint: embedded.endpoint, key: embedded.key, agent: new Agent({ rejectUnauthorized: false, keepAlive: false }), connectionPolicy: { enableEndpointDiscovery: false } }),
  };
  try {
    const { database } = await clients.keepAlive.databases.createIfNotExists({ id: 'bench-transport' });
    const { container } = await database.containers.createIfNotExists({ id: 'c', partitionKey: { paths: ['/id'] } });
    await container.items.create({ id: 'doc', text: 'x'.repeat(1000) });
    const perRead = async (client: CosmosClient | undefined): Promise<number | undefined> => {
      if (!client) return undefined;
      const item = client.database('bench-transport').container('c').item('doc', 'doc');
      for (let i = 0; i < 20; i++) await item.read();
      const t0 = performance.now();
      for (let i = 0; i < reads; i++) await item.read();
      return (performance.now() - t0) / reads;
    };
    return {
      inProcessMs: await perRead(clients.inProcess),
      keepAliveMs: (await perRead(clients.keepAlive))!,
      newConnectionMs: (await perRead(clients.newConnection))!,
    };
  } finally {
    for (const c of Object.values(clients)) c?.dispose();
    await embedded.close();
  }
}
