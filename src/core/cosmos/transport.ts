/**
 * How @azure/cosmos reaches the store: its `httpClient` option, the one place
 * every Cosmos DB request passes through.
 *
 * - `inProcessHttpClient`: the embedded store's transport. The SDK builds the
 *   same requests it sends to Azure (paths, signed headers, bodies); they are
 *   handed to the Cosmos DB protocol server's request handler in this process
 *   as a request/response pair, with no socket, TLS or HTTP parsing between.
 * - `meteredHttpClient`: counts what passes, for the bench (requests per case,
 *   per idle hour). Costs one boolean check per request when nobody listens.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createDefaultHttpClient, createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

/** A Node HTTP request listener, as `http.createServer` takes one. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * An HttpClient that hands each request to `listener` in this process. The
 * listener sees what a server sees: method, path with query, lower-case
 * headers (with `host`), and the body as a readable stream. What it writes
 * (status, headers, body) comes back as the response.
 */
export function inProcessHttpClient(listener: RequestListener): HttpClient {
  return {
    sendRequest: (request) =>
      new Promise<PipelineResponse>((resolve, reject) => {
        const signal = request.abortSignal;
        if (signal?.aborted) return reject(abortError());
        const url = new URL(request.url);
        const headers: IncomingHttpHeaders = { host: url.host };
        for (const [name, value] of request.headers) headers[name.toLowerCase()] = value;
        const body = bodyBytes(request);
        if (body.length > 0) headers['content-length'] = String(body.length);

        const req = Object.assign(Readable.from(body.length > 0 ? [body] : []), {
          method: request.method,
          url: `${url.pathname}${url.search}`,
          headers,
          httpVersion: '1.1',
        }) as unknown as IncomingMessage;

        let settled = false;
        const onAbort = () => finish(() => reject(abortError()));
        const finish = (then: () => void) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          then();
        };
        signal?.addEventListener('abort', onAbort, { once: true });

        const responseHeaders: Record<string, string> = {};
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
            const text = chunk === undefined ? '' : typeof chunk === 'string' ? chunk : chunk.toString('utf8');
            finish(() => resolve({ request, status: res.statusCode, headers: createHttpHeaders(responseHeaders), bodyAsText: text }));
            return res;
          },
        };
        // A turn of the event loop per request, as a network round trip would be: a chain of store
        // requests must not keep timers and I/O (other people's requests) waiting until it ends.
        setImmediate(() => {
          if (settled) return;
          try {
            listener(req, res as unknown as ServerResponse);
          } catch (err) {
            finish(() => reject(err));
          }
        });
      }),
  };
}

function bodyBytes(request: PipelineRequest): Buffer {
  const { body } = request;
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // @azure/cosmos sends JSON text; streams and form data are not part of its protocol.
  throw new Error('in-process Cosmos transport: unsupported request body type');
}

function abortError(): Error {
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

/** What kind of Cosmos DB operation a request is, read from what the SDK sends. */
export type CosmosRequestKind = 'read' | 'create' | 'replace' | 'upsert' | 'patch' | 'delete' | 'batch' | 'query' | 'queryPlan' | 'metadata';

export interface CosmosRequestRecord {
  kind: CosmosRequestKind;
  method: string;
  /** The resource path, e.g. /dbs/tryggmeld/colls/cases/docs/<id>. */
  path: string;
  status: number;
  requestBody: string;
  responseBody: string;
  /** x-ms-request-charge as the store reported it (the embedded store says 1 for everything). */
  charge: number;
  durationMs: number;
}

export type CosmosRequestListener = (record: CosmosRequestRecord) => void;

/** Everyone who wants to see this process's Cosmos DB requests (the bench). */
class CosmosRequestMeter {
  private readonly listeners = new Set<CosmosRequestListener>();

  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** Calls `listener` after each request of every client made by createCosmosClient; returns the way to stop. */
  observe(listener: CosmosRequestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(record: CosmosRequestRecord): void {
    for (const listener of this.listeners) listener(record);
  }
}

export const cosmosRequests = new CosmosRequestMeter();

/** Wraps a transport so that `cosmosRequests` sees each request; the default is the SDK's own HTTPS client. */
export function meteredHttpClient(inner: HttpClient = createDefaultHttpClient()): HttpClient {
  return {
    async sendRequest(request) {
      if (!cosmosRequests.active) return inner.sendRequest(request);
      const started = performance.now();
      const response = await inner.sendRequest(request);
      const path = new URL(request.url).pathname.replace(/^\/+/, '/');
      cosmosRequests.record({
        kind: kindOf(request, path),
        method: request.method,
        path,
        status: response.status,
        requestBody: typeof request.body === 'string' ? request.body : '',
        responseBody: response.bodyAsText ?? '',
        charge: Number(response.headers.get('x-ms-request-charge') ?? 0),
        durationMs: performance.now() - started,
      });
      return response;
    },
  };
}

function kindOf(request: PipelineRequest, path: string): CosmosRequestKind {
  const header = (name: string) => request.headers.get(name)?.toLowerCase();
  if (header('x-ms-cosmos-is-query-plan-request') === 'true') return 'queryPlan';
  const isDocs = /\/docs(\/[^/]+)?\/?$/.test(path);
  if (!isDocs) return 'metadata';
  const isItem = /\/docs\/[^/]+\/?$/.test(path);
  switch (request.method) {
    case 'GET':
      return isItem ? 'read' : 'query';
    case 'PUT':
      return 'replace';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    case 'POST':
      if (header('x-ms-documentdb-isquery') === 'true' || header('content-type') === 'application/query+json') return 'query';
      if (header('x-ms-cosmos-is-batch-request') === 'true') return 'batch';
      if (header('x-ms-documentdb-is-upsert') === 'true') return 'upsert';
      return 'create';
    default:
      return 'metadata';
  }
}
