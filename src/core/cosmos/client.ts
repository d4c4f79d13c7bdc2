/** The @azure/cosmos client for Azure, an emulator, or the embedded store. */
import { Agent } from 'node:https';
import { CosmosClient, type TokenProvider } from '@azure/cosmos';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import { meteredHttpClient } from './transport';

export interface CosmosClientOptions {
  endpoint: string;
  /** Absent (and no tokenProvider): Entra ID (managed identity). */
  key?: string;
  /** The embedded store's unsigned token (embedded.ts), in place of the key: never for Azure or an emulator. */
  tokenProvider?: TokenProvider;
  /** Which user-assigned managed identity to sign in as. */
  clientId?: string;
  /** Accept a self-signed certificate: local emulators and the embedded store only. */
  tlsInsecure: boolean;
  /** How requests travel; absent: HTTPS. The embedded store in this process offers one to its thread. */
  httpClient?: HttpClient;
}

export function createCosmosClient(options: CosmosClientOptions): CosmosClient {
  // An unsigned token goes only through an in-process transport; over HTTPS, Azure and emulators check signatures.
  if (options.tokenProvider && !options.httpClient) throw new Error('createCosmosClient: a tokenProvider is for the embedded store’s in-process transport only');
  return new CosmosClient({
    endpoint: options.endpoint,
    ...(options.tokenProvider
      ? { tokenProvider: options.tokenProvider }
      : options.key
        ? { key: options.key }
        : { aadCredentials: new DefaultAzureCredential(options.clientId ? { managedIdentityClientId: options.clientId } : {}) }),
    ...(options.tlsInsecure ? { agent: new Agent({ rejectUnauthorized: false, keepAlive: true }) } : {}),
    // Every request passes the meter (idle unless the bench listens), then the transport.
    httpClient: meteredHttpClient(options.httpClient),
    // An emulator answers with addresses that do not resolve from here; Azure does not need discovery for one region.
    connectionPolicy: { enableEndpointDiscovery: !options.tlsInsecure },
    userAgentSuffix: 'TryggMeld',
  });
}
