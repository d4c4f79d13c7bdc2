/**
 * How @azure/cosmos reaches the store: its `httpClient` option, the one place
 * every Cosmos DB request passes through.
 *
 * - `workerHttpClient`: the embedded store's transport. The SDK builds the
 *   same requests it sends to Azure (paths, signed headers, bodies); they are
 *   posted to the store's thread (embedded.ts), which hands them to the
 *   Cosmos DB protocol server's request handler, with no socket, TLS or HTTP
 *   parsing between.
 * - `meteredHttpClient`: counts what passes, for the bench (requests per case,
 *   per idle hour). Costs one boolean check per request when nobody listens.
 */
import { createDefaultHttpClient, type HttpClient, type HttpHeaders, type PipelineRequest, type PipelineResponse, type RawHttpHeaders } from '@azure/core-rest-pipeline';

/**
 * The part of a worker thread the transport uses: the store's thread
 * (embedded.ts) answers each `request` with a `response`. The requests
 * made in one task travel as one `requests` message, and the answers the
 * thread has ready in one turn of its loop as one `responses` message: each
 * message costs a structured clone pass and a wake-up of the other thread.
 * Under load this took about 6 % off the bot's and the store's CPU per
 * submit (docs/benchmarks.md).
 */
export interface StoreThread {
  postMessage(message: StoreRequest | StoreRequests): void;
  on(event: 'message', listener: (message: StoreAnswer) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

export interface StoreRequest {
  type: 'request';
  id: number;
  method: string;
  /** Path and query, as a server sees it. */
  url: string;
  /** Lower-case names, with `host`. */
  headers: Record<string, string>;
  body: string;
}

export interface StoreRequests {
  type: 'requests';
  list: StoreRequest[];
}

export interface StoreResponse {
  type: 'response';
  id: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type StoreAnswer = StoreResponse | { type: 'responses'; list: StoreResponse[] } | { type: string; id?: undefined; list?: undefined };

/**
 * An HttpClient that posts each request to the store's thread and resolves
 * with what the server there wrote (status, headers, body). The thread sees
 * what a server sees: method, path with query, lower-case headers (with
 * `host`), the body.
 */
export function workerHttpClient(thread: StoreThread): HttpClient {
  let nextId = 1;
  let gone: Error | undefined;
  const waiting = new Map<number, Waiting>();
  const settle = (id: number): Waiting | undefined => {
    const w = waiting.get(id);
    if (!w) return undefined;
    waiting.delete(id);
    if (w.onAbort) w.request.abortSignal?.removeEventListener('abort', w.onAbort);
    return w;
  };
  const answered = (m: StoreResponse) => {
    const w = settle(m.id); // undefined: aborted meanwhile
    w?.resolve({ request: w.request, status: m.status, headers: new AnswerHeaders(m.headers), bodyAsText: m.body });
  };
  thread.on('message', (message) => {
    if (message.type === 'responses' && message.list) for (const m of message.list) answered(m);
    else if (message.type === 'response' && message.id !== undefined) answered(message as StoreResponse);
  });
  thread.on('exit', (code) => {
    gone = new Error(`the embedded Cosmos store's thread has stopped (${code})`);
    for (const id of [...waiting.keys()]) settle(id)?.reject(gone);
  });
  // The requests made in one task (its microtasks included) are posted together once it is done; one alone goes as
  // itself. Not held to the end of the loop's turn: a request then waits for every other task of the turn, and
  // the store's thread idles meanwhile.
  let outbox: StoreRequest[] = [];
  const flush = () => {
    // A request aborted while it waited here is not sent at all.
    const list = outbox.filter((r) => waiting.has(r.id));
    outbox = [];
    if (list.length === 1) thread.postMessage(list[0]);
    else if (list.length > 1) thread.postMessage({ type: 'requests', list });
  };
  return {
    sendRequest: (request) =>
      new Promise<PipelineResponse>((resolve, reject) => {
        const signal = request.abortSignal;
        if (signal?.aborted) return reject(abortError());
        if (gone) return reject(gone);
        const { host, pathAndQuery } = splitUrl(request.url);
        // toJSON: a new object keyed by lower-case names, without the collection's generator per header.
        const headers: Record<string, string> = request.headers.toJSON();
        headers.host ??= host;
        const body = bodyText(request);
        const id = nextId++;
        const w: Waiting = { request, resolve, reject };
        if (signal) {
          w.onAbort = () => settle(id)?.reject(abortError());
          signal.addEventListener('abort', w.onAbort, { once: true });
        }
        waiting.set(id, w);
        if (outbox.push({ type: 'request', id, method: request.method, url: pathAndQuery, headers, body }) === 1) queueMicrotask(flush);
      }),
  };
}

interface Waiting {
  request: PipelineRequest;
  resolve(r: PipelineResponse): void;
  reject(err: unknown): void;
  onAbort?: () => void;
}

/**
 * The answer's headers as the store's thread sent them (names already in
 * lower case, one value each): the HttpHeaders interface over that object,
 * without copying and normalising every header into a new collection as
 * createHttpHeaders does.
 */
class AnswerHeaders implements HttpHeaders {
  constructor(private readonly all: Record<string, string>) {}
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    return Object.hasOwn(this.all, key) ? this.all[key] : undefined;
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  set(name: string, value: string | number | boolean): void {
    this.all[name.toLowerCase()] = String(value);
  }
  delete(name: string): void {
    delete this.all[name.toLowerCase()];
  }
  toJSON(): RawHttpHeaders {
    return { ...this.all };
  }
  [Symbol.iterator](): Iterator<[string, string]> {
    return Object.entries(this.all)[Symbol.iterator]();
  }
}

function bodyText(request: PipelineRequest): string {
  const { body } = request;
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  // @azure/cosmos sends JSON text; streams and form data are not part of its protocol.
  throw new Error('embedded Cosmos transport: unsupported request body type');
}

function abortError(): Error {
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

/** What kind of Cosmos DB operation a request is, read from what the SDK sends. */
/** `batch`: a transactional batch in one partition; `bulk`: operations of many partitions in one request, each on its own. */
export type CosmosRequestKind = 'read' | 'create' | 'replace' | 'upsert' | 'patch' | 'delete' | 'batch' | 'bulk' | 'query' | 'queryPlan' | 'metadata';

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
  const measured = async (request: PipelineRequest): Promise<PipelineResponse> => {
    const started = performance.now();
    const response = await inner.sendRequest(request);
    const path = pathOf(request.url);
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
  };
  // Not an async function itself: nobody listening costs no extra promise per request.
  return { sendRequest: (request) => (cosmosRequests.active ? measured(request) : inner.sendRequest(request)) };
}

/**
 * The SDK's URL (the endpoint and the resource's path) split by hand: a URL
 * object per request costs more, on the embedded path and in the bench's meter.
 */
function splitUrl(url: string): { host: string; pathAndQuery: string } {
  const hostAt = url.indexOf('//') + 2;
  const pathAt = url.indexOf('/', hostAt);
  return pathAt < 0 ? { host: url.slice(hostAt), pathAndQuery: '/' } : { host: url.slice(hostAt, pathAt), pathAndQuery: url.slice(pathAt) };
}

/** The URL's path as `new URL(url).pathname` gives it, leading slashes made one. */
export function pathOf(url: string): string {
  const { pathAndQuery } = splitUrl(url);
  const end = pathAndQuery.search(/[?#]/);
  return (end < 0 ? pathAndQuery : pathAndQuery.slice(0, end)).replace(/^\/+/, '/');
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
      if (header('x-ms-cosmos-is-batch-request') === 'true') return header('x-ms-cosmos-batch-atomic') === 'false' ? 'bulk' : 'batch';
      if (header('x-ms-documentdb-is-upsert') === 'true') return 'upsert';
      return 'create';
    default:
      return 'metadata';
  }
}
