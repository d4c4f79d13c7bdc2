/**
 * The embedded store (in a thread of its own) through the real @azure/cosmos
 * SDK over its transport: the answers the code relies on (batches, 409 and 412, misses,
 * paging with continuation tokens, patch), the same data over HTTPS with
 * kept-alive connections, the query plan answered without running the query,
 * and the patched query engine.
 */
import { Agent, request } from 'node:https';
import { CosmosClient, type Container, type OperationInput } from '@azure/cosmos';
import type { HttpClient, PipelineResponse } from '@azure/core-rest-pipeline';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { cosmosRequests, type CosmosRequestRecord } from '../../src/core/cosmos/transport';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/core/cosmos/embedded';
import { createOp, runBatch } from '../../src/core/cosmos/batch';
import createQuery from '@zeit/cosmosdb-query';

const statusOf = (err: unknown) => (err as { code?: number }).code;

describe('the embedded store over its thread’s transport', () => {
  let store: EmbeddedCosmos;
  let client: CosmosClient;
  let container: Container;

  beforeAll(async () => {
    store = await startEmbeddedCosmos();
    // As the bot makes it (src/index.ts): the unsigned token, over the thread's transport.
    client = createCosmosClient({ endpoint: store.endpoint, tokenProvider: store.tokenProvider, tlsInsecure: true, httpClient: store.httpClient });
    const { database } = await client.databases.createIfNotExists({ id: 'transport' });
    ({ container } = await database.containers.createIfNotExists({ id: 'docs', partitionKey: { paths: ['/pk'] } }));
  });
  afterAll(async () => {
    client.dispose();
    await store.close();
  });

  it('answers many requests made at once, each with its own answer (they travel together both ways)', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `many-${i}`);
    const created = await Promise.all(ids.map((id, i) => container.items.create({ id, pk: `m${i % 3}`, n: i })));
    expect(created.map((r) => r.resource?.n)).toEqual(ids.map((_, i) => i));
    const [reads, missing, conflict] = await Promise.all([
      Promise.all(ids.map((id, i) => container.item(id, `m${i % 3}`).read())),
      container.item('many-none', 'm0').read(),
      container.items.create({ id: 'many-7', pk: 'm1', n: 0 }).catch((err: { code?: number }) => err),
    ]);
    expect(reads.map((r) => r.resource?.id)).toEqual(ids);
    expect(missing.statusCode).toBe(404);
    expect(conflict).toMatchObject({ code: 409 });
  });

  it('creates, reads, replaces with an ETag and refuses a stale one with 412', async () => {
    const { resource, etag } = await container.items.create({ id: 'a', pk: 'p1', n: 1 });
    expect(resource).toMatchObject({ id: 'a', pk: 'p1', n: 1 });
    const read = await container.item('a', 'p1').read();
    expect(read.resource).toMatchObject({ n: 1 });
    expect(read.etag).toBe(etag);
    const replaced = await container.item('a', 'p1').replace({ id: 'a', pk: 'p1', n: 2 }, { accessCondition: { type: 'IfMatch', condition: etag } });
    expect(replaced.resource).toMatchObject({ n: 2 });
    const stale = await container
      .item('a', 'p1')
      .replace({ id: 'a', pk: 'p1', n: 3 }, { accessCondition: { type: 'IfMatch', condition: etag } })
      .catch((err: unknown) => err);
    expect(statusOf(stale)).toBe(412);
    expect((await container.item('a', 'p1').read()).resource).toMatchObject({ n: 2 });
  });

  it('keeps text outside ASCII as it was written, in a create, a batch and a query', async () => {
    const text = 'Blåmerke på armen, æøå ÆØÅ, «sitat» \u2028 👩‍🏫 \ud800';
    await container.items.create({ id: 'utf', pk: 'p1', text });
    await container.items.batch([{ operationType: 'Create', resourceBody: { id: 'utf-b', pk: 'p1', text } }], 'p1');
    expect((await container.item('utf', 'p1').read()).resource?.text).toBe(text);
    expect((await container.item('utf-b', 'p1').read()).resource?.text).toBe(text);
    const { resources } = await container.items.query({ query: 'SELECT VALUE c.id FROM c WHERE c.text = @t', parameters: [{ name: '@t', value: text }] }).fetchAll();
    expect(resources.sort()).toEqual(['utf', 'utf-b']);
  });

  it('answers a duplicate create with 409 and a missing item with 404', async () => {
    await container.items.create({ id: 'dup', pk: 'p1' });
    expect(statusOf(await container.items.create({ id: 'dup', pk: 'p1' }).catch((err: unknown) => err))).toBe(409);
    const missing = await container.item('nobody', 'p1').read().catch((err: unknown) => err);
    // The SDK reports a miss on a point read as a resource-less answer or a 404 error, by version.
    expect((missing as { statusCode?: number }).statusCode ?? statusOf(missing)).toBe(404);
  });

  it('answers a write to a container that is gone with 404, as Azure does (not 500)', async () => {
    const { container: gone } = await container.database.containers.createIfNotExists({ id: 'gone', partitionKey: { paths: ['/pk'] } });
    await gone.delete();
    expect(statusOf(await gone.items.create({ id: 'a', pk: 'p' }).catch((err: unknown) => err))).toBe(404);
    expect(statusOf(await gone.items.upsert({ id: 'a', pk: 'p' }).catch((err: unknown) => err))).toBe(404);
  });

  // As CaseStore uses them: the first operation is the one that can conflict (the case, or its ETag-guarded replace).
  // (@vercel/cosmosdb-server does not undo earlier operations when a later one fails, unlike Azure.)
  it('writes a transactional batch whole, and nothing after an operation that conflicts', async () => {
    const ops = (ids: string[]): OperationInput[] => ids.map((id) => ({ operationType: 'Create', resourceBody: { id, pk: 'batch' } }));
    const ok = await container.items.batch(ops(['b1', 'b2', 'b3']), 'batch');
    expect(ok.result?.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const conflicting = await container.items.batch(ops(['b1', 'b4']), 'batch');
    expect(conflicting.result?.map((r) => r.statusCode)).toEqual([409, 424]);
    const { resource: first } = await container.item('b1', 'batch').read();
    const stale = await container.items.batch([{ operationType: 'Replace', id: 'b1', partitionKey: 'batch', ifMatch: '"not-the-etag"', resourceBody: { id: 'b1', pk: 'batch', changed: true } }, ...ops(['b5'])], 'batch');
    expect(stale.result?.map((r) => r.statusCode)).toEqual([412, 424]);
    expect((await container.item('b1', 'batch').read()).resource).toEqual(first);
    const { resources } = await container.items.query({ query: 'SELECT c.id FROM c WHERE c.pk = "batch"' }, { partitionKey: 'batch' }).fetchAll();
    expect(resources.map((r) => r.id).sort()).toEqual(['b1', 'b2', 'b3']);
  });

  // runBatch asks for this: a submit's answer was mostly its own documents sent back.
  // WorkStore.replaceEach settles many cases' work this way: one request, each operation on its own.
  it('runs a bulk request over many partitions, each operation under its own ETag, as Azure', async () => {
    const made = await Promise.all(['b1', 'b2', 'b3'].map(async (pk) => (await container.items.create({ id: `bulk-${pk}`, pk, n: 1 })).etag!));
    const results = await container.items.bulk(
      [
        { operationType: 'Replace', id: 'bulk-b1', partitionKey: 'b1', ifMatch: made[0], resourceBody: { id: 'bulk-b1', pk: 'b1', n: 2 } },
        { operationType: 'Replace', id: 'bulk-b2', partitionKey: 'b2', ifMatch: '"stale"', resourceBody: { id: 'bulk-b2', pk: 'b2', n: 2 } },
        { operationType: 'Create', partitionKey: 'b4', resourceBody: { id: 'bulk-b4', pk: 'b4', n: 4 } },
      ],
      { continueOnError: true },
      { contentResponseOnWriteEnabled: false },
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 412, 201]);
    expect(results.map((r) => r.resourceBody)).toEqual([undefined, undefined, undefined]);
    const read = async (pk: string) => (await container.item(`bulk-${pk}`, pk).read()).resource;
    expect(await read('b1')).toMatchObject({ n: 2 });
    expect(await read('b2')).toMatchObject({ n: 1 });
    expect((await container.item('bulk-b2', 'b2').read()).etag).toBe(made[1]);
    expect(await read('b4')).toMatchObject({ n: 4 });
    expect(results[0]!.eTag).toBe((await container.item('bulk-b1', 'b1').read()).etag);
  });

  it('answers a batch asked for minimal content with statuses and ETags, without the written documents, as Azure', async () => {
    const { resource: before, etag } = await container.items.create({ id: 'm1', pk: 'minimal', n: 1 });
    const answer = await container.items.batch(
      [
        { operationType: 'Create', resourceBody: { id: 'm2', pk: 'minimal' } },
        { operationType: 'Replace', id: 'm1', partitionKey: 'minimal', ifMatch: etag, resourceBody: { id: 'm1', pk: 'minimal', n: 2 } },
        { operationType: 'Read', id: 'm2', partitionKey: 'minimal' },
      ],
      'minimal',
      { contentResponseOnWriteEnabled: false },
    );
    expect(answer.result?.map((r) => r.statusCode)).toEqual([201, 200, 200]);
    expect(answer.result?.slice(0, 2).map((r) => r.resourceBody)).toEqual([undefined, undefined]);
    expect(answer.result?.[2]?.resourceBody).toMatchObject({ id: 'm2' });
    const { resource: after } = await container.item('m1', 'minimal').read();
    expect(answer.result?.[1]?.eTag).toBe(after?._etag);
    expect(after).toMatchObject({ n: 2 });
    expect(before).toMatchObject({ n: 1 });
    const outcome = await runBatch(container, 'minimal', [createOp({ id: 'm3', pk: 'minimal' })]);
    expect(outcome).toEqual({ ok: true, etags: [(await container.item('m3', 'minimal').read()).etag] });
  });

  it('increments with the Patch API', async () => {
    await container.items.create({ id: 'counter', pk: 'c', value: 0 });
    const { resource } = await container.item('counter', 'c').patch([{ op: 'incr', path: '/value', value: 5 }]);
    expect(resource).toMatchObject({ value: 5 });
  });

  it('pages a query with continuation tokens, in order, as fetchAll returns it', async () => {
    const ops: OperationInput[] = Array.from({ length: 25 }, (_, i) => ({ operationType: 'Create', resourceBody: { id: `q${String(i).padStart(2, '0')}`, pk: `page-${i % 5}`, kind: 'paged', rank: (i * 7) % 25 } }));
    for (let p = 0; p < 5; p++) await container.items.batch(ops.filter((_, i) => i % 5 === p), `page-${p}`);
    const query = { query: 'SELECT c.id, c.rank FROM c WHERE c.kind = @kind ORDER BY c.rank', parameters: [{ name: '@kind', value: 'paged' }] };
    const { resources: all } = await container.items.query(query).fetchAll();
    expect(all.map((r) => r.rank)).toEqual(Array.from({ length: 25 }, (_, i) => i));

    const pages: number[][] = [];
    let token: string | undefined;
    do {
      const page = await container.items.query(query, { maxItemCount: 4, continuationToken: token }).fetchNext();
      pages.push(page.resources.map((r) => r.rank));
      token = page.continuationToken;
    } while (token);
    expect(pages.length).toBe(7);
    expect(pages.every((p) => p.length <= 4)).toBe(true);
    expect(pages.flat()).toEqual(all.map((r) => r.rank));
  });

  it('answers the SDK’s query plan request with a pass-through plan, without running the query', async () => {
    const seen: CosmosRequestRecord[] = [];
    const stop = cosmosRequests.observe((r) => seen.push(r));
    try {
      await container.items.query('SELECT * FROM c WHERE c.kind = "paged"').fetchAll();
    } finally {
      stop();
    }
    const plan = seen.find((r) => r.kind === 'queryPlan');
    expect(plan?.status).toBe(200);
    const body = JSON.parse(plan!.responseBody);
    expect(body.queryInfo).toMatchObject({ orderBy: [], aggregates: [], top: null });
    expect(body.Documents).toBeUndefined();
    expect(seen.filter((r) => r.kind === 'query')).toHaveLength(1);
  });

  it('sends the same headers with the unsigned token as with the key, only the authorization differs', async () => {
    const seen: { name: string; headers: Map<string, string> }[] = [];
    const capturing = (name: string): HttpClient => ({
      sendRequest: (request) => {
        seen.push({ name, headers: new Map([...request.headers].map(([k, v]) => [k.toLowerCase(), v])) });
        return store.httpClient.sendRequest(request);
      },
    });
    const signed = createCosmosClient({ endpoint: store.endpoint, key: store.key, tlsInsecure: true, httpClient: capturing('key') });
    const unsigned = createCosmosClient({ endpoint: store.endpoint, tokenProvider: store.tokenProvider, tlsInsecure: true, httpClient: capturing('token') });
    try {
      for (const c of [signed, unsigned]) {
        const item = c.database('transport').container('docs').item('a', 'p1');
        expect((await item.read()).resource).toMatchObject({ id: 'a' });
        expect(statusOf(await c.database('transport').container('docs').items.create({ id: 'a', pk: 'p1' }).catch((e: unknown) => e))).toBe(409);
      }
    } finally {
      signed.dispose();
      unsigned.dispose();
    }
    expect(() => createCosmosClient({ endpoint: store.endpoint, tokenProvider: store.tokenProvider, tlsInsecure: true })).toThrow(/in-process transport only/);
    const last = (name: string) => seen.filter((s) => s.name === name).slice(-2);
    const [keyRead, keyCreate] = last('key');
    const [tokenRead, tokenCreate] = last('token');
    for (const [k, t] of [[keyRead, tokenRead], [keyCreate, tokenCreate]]) {
      expect([...t.headers.keys()].sort()).toEqual([...k.headers.keys()].sort());
      expect(t.headers.get('x-ms-date')).toMatch(/GMT$/);
      expect(decodeURIComponent(k.headers.get('authorization')!)).toMatch(/^type=master&ver=1\.0&sig=[A-Za-z0-9+/=]{44}$/);
      expect(decodeURIComponent(t.headers.get('authorization')!)).toBe('type=master&ver=1.0&sig=embedded-store-checks-no-signature');
    }
  });

  it('answers with headers that read as HttpHeaders do: any case, iterable, as JSON, nothing inherited', async () => {
    const answers: PipelineResponse[] = [];
    const keeping: HttpClient = { sendRequest: async (request) => answers[answers.push(await store.httpClient.sendRequest(request)) - 1] };
    const c = createCosmosClient({ endpoint: store.endpoint, tokenProvider: store.tokenProvider, tlsInsecure: true, httpClient: keeping });
    try {
      const missing = await c.database('transport').container('docs').item('nobody', 'p1').read().catch((e: unknown) => e);
      expect((missing as { statusCode?: number }).statusCode ?? statusOf(missing)).toBe(404);
    } finally {
      c.dispose();
    }
    const { headers, status } = answers[answers.length - 1];
    expect(status).toBe(404);
    expect(headers.get('X-MS-Request-Charge')).toBe('1');
    expect(headers.has('content-type')).toBe(true);
    expect(headers.get('constructor')).toBeUndefined();
    expect(headers.has('toString')).toBe(false);
    expect(Object.fromEntries(headers)).toEqual(headers.toJSON());
    headers.set('X-Extra', 2);
    expect(headers.toJSON()['x-extra']).toBe('2');
    headers.delete('x-EXTRA');
    expect(headers.has('x-extra')).toBe(false);
  });

  it('refuses an aborted request with an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await container.item('a', 'p1').read({ abortSignal: controller.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
  });

  it('serves the same data over HTTPS with kept-alive connections', async () => {
    const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
    const remote = new CosmosClient({ endpoint: store.endpoint, key: store.key, agent, connectionPolicy: { enableEndpointDiscovery: false } });
    try {
      const { resource } = await remote.database('transport').container('docs').item('a', 'p1').read();
      expect(resource).toMatchObject({ n: 2 });
      const connection = await new Promise<string | undefined>((resolve, reject) => {
        request(new URL('/', store.endpoint), { agent, method: 'GET' }, (res) => {
          res.resume();
          resolve(res.headers.connection);
        })
          .on('error', reject)
          .end();
      });
      expect(connection).toBe('keep-alive');
    } finally {
      remote.dispose();
      agent.destroy();
    }
  });
});

describe('the embedded store’s thread', () => {
  it('refuses requests with a clear error once the store is closed, and closes once', async () => {
    const store = await startEmbeddedCosmos();
    const client = createCosmosClient({ endpoint: store.endpoint, key: store.key, tlsInsecure: true, httpClient: store.httpClient });
    try {
      const { database } = await client.databases.createIfNotExists({ id: 'closing' });
      expect(database.id).toBe('closing');
      await Promise.all([store.close(), store.close()]);
      const err = await client.database('closing').read().catch((e: unknown) => e);
      expect(String((err as Error).message)).toMatch(/embedded Cosmos store.*stopped/);
    } finally {
      client.dispose();
    }
  });
});

describe('the embedded store’s indexes for simple filters', () => {
  let store: EmbeddedCosmos;
  let client: CosmosClient;
  let container: Container;
  const now = '2026-06-01T12:00:00.000Z';

  beforeAll(async () => {
    store = await startEmbeddedCosmos();
    client = createCosmosClient({ endpoint: store.endpoint, key: store.key, tlsInsecure: true, httpClient: store.httpClient });
    const { database } = await client.databases.createIfNotExists({ id: 'indexes' });
    ({ container } = await database.containers.createIfNotExists({ id: 'docs', partitionKey: { paths: ['/caseId'] } }));
    // Over the size from which the store looks filters up rather than scanning.
    for (let i = 0; i < 300; i++) {
      const caseId = `case-${i}`;
      const work = [0, 1, 2, 3].map((k) => ({
        id: `w-${i}-${k}`,
        caseId,
        docType: 'work',
        n: i * 4 + k,
        ...(k % 2 ? { dueAt: new Date(Date.parse(now) + (i - 150) * 60_000 + k).toISOString() } : {}),
      }));
      const kase = { id: caseId, caseId, docType: 'case', schoolId: `s${i % 7}`, status: i % 3 ? 'open' : 'closed', n: i % 2 ? i : String(i), report: { severity: i % 5 ? 'minor' : 'serious' }, a: i % 4, b: i % 6 };
      await container.items.batch([kase, ...work].map((resourceBody) => ({ operationType: 'Create', resourceBody })), caseId);
    }
  });
  afterAll(async () => {
    client.dispose();
    await store.close();
  });

  const same = async (query: string, parameters: { name: string; value: unknown }[] = []) => {
    const { resources: all } = await container.items.query('SELECT * FROM c').fetchAll();
    expect(all.length).toBeGreaterThanOrEqual(1000);
    const expected = createQuery(query).exec(all, { parameters: parameters as never }).result;
    const { resources } = await container.items.query({ query, parameters: parameters as never }).fetchAll();
    // Without ORDER BY the store answers in index order, the package's full scan in `_rid` order: the same rows.
    const inOrder = (rows: unknown[]) => (/ORDER BY/i.test(query) ? rows : rows.map((r) => JSON.stringify(r)).sort());
    expect(inOrder(resources)).toEqual(inOrder(expected));
    return resources;
  };

  it('answer as a full scan does: ranges, equality, ARRAY_CONTAINS, nested paths, other terms applied after', async () => {
    expect(await same('SELECT TOP @limit * FROM c WHERE c.dueAt <= @now ORDER BY c.dueAt', [{ name: '@now', value: now }, { name: '@limit', value: 50 }])).toHaveLength(50);
    expect((await same('SELECT c.id FROM c WHERE c.docType = "case" AND ARRAY_CONTAINS(@schools, c.schoolId) AND c.status != "closed"', [{ name: '@schools', value: ['s1', 's3'] }])).length).toBeGreaterThan(0);
    expect(await same('SELECT VALUE COUNT(1) FROM c WHERE c.n > 10 AND c.n <= 500')).toEqual([490 + 145]);
    expect((await same('SELECT * FROM c WHERE 100 >= c.n AND c.docType = "work"')).length).toBe(101);
    expect((await same('SELECT c.id FROM c WHERE c.docType = "case" AND (c.a = 1 OR c.b = 2)')).length).toBeGreaterThan(0);
    expect(await same('SELECT * FROM c WHERE c.n = "5"')).toEqual([]);
    expect((await same('SELECT * FROM c WHERE c.n = "6"')).map((r) => r.id)).toEqual(['case-6']);
    expect((await same('SELECT c.id FROM c WHERE c.report.severity = @s', [{ name: '@s', value: 'serious' }])).length).toBe(60);
  });

  it('keep up with replaces and deletes', async () => {
    const { resource } = await container.item('w-0-1', 'case-0').read();
    await container.item('w-0-1', 'case-0').replace({ ...resource, dueAt: '2000-01-01T00:00:00.000Z' });
    await container.item('w-1-1', 'case-1').delete();
    const first = await same('SELECT TOP 3 c.id, c.dueAt FROM c WHERE c.dueAt <= @now ORDER BY c.dueAt', [{ name: '@now', value: now }]);
    expect(first[0]).toEqual({ id: 'w-0-1', dueAt: '2000-01-01T00:00:00.000Z' });
    expect(first.map((r) => r.id)).not.toContain('w-1-1');
  });

  it('page with continuation tokens as fetchAll does', async () => {
    const query = { query: 'SELECT c.id FROM c WHERE c.docType = "work" AND c.n < 200 ORDER BY c.n DESC', parameters: [] };
    const { resources: all } = await container.items.query(query).fetchAll();
    const pages: string[] = [];
    let token: string | undefined;
    do {
      const page = await container.items.query(query, { maxItemCount: 7, continuationToken: token }).fetchNext();
      pages.push(...page.resources.map((r) => r.id));
      token = page.continuationToken;
    } while (token);
    expect(all).toHaveLength(199); // 200, less the one deleted above
    expect(pages).toEqual(all.map((r) => r.id));
  });
});

describe('the patched query engine', () => {
  it('appends to its result in place instead of copying it for every document (the quadratic scan)', () => {
    const q = createQuery('SELECT TOP 50 * FROM c WHERE c.dueAt <= "0005" ORDER BY c.dueAt');
    expect(q.code).not.toContain('[...$');
    const docs = Array.from({ length: 50000 }, (_, i) => ({ id: String(i), _rid: String(i).padStart(8, '0'), dueAt: String(i % 1000).padStart(4, '0') }));
    const { result } = q.exec(docs);
    expect(result).toHaveLength(50);
    expect(result.every((d: { dueAt: string }) => d.dueAt <= '0005')).toBe(true);
  });

  it('with inCollectionOrder, keeps the documents’ order for a query without ORDER BY, and sorts otherwise', () => {
    const docs = ['3', '1', '2'].map((rid) => ({ id: `d${rid}`, _rid: rid, n: Number(rid) }));
    const ids = (sql: string, options: object = {}) => createQuery(sql).exec(docs, { inCollectionOrder: true, ...options }).result.map((r: { id: string }) => r.id);
    expect(ids('SELECT c.id FROM c')).toEqual(['d3', 'd1', 'd2']);
    expect(ids('SELECT c.id FROM c ORDER BY c.n')).toEqual(['d1', 'd2', 'd3']);
    // The package's own continuation tokens point into `_rid` order: a query paged by them is sorted.
    expect(ids('SELECT c.id FROM c', { maxItemCount: 5 })).toEqual(['d1', 'd2', 'd3']);
    expect(createQuery('SELECT c.id FROM c').exec(docs).result.map((r: { id: string }) => r.id)).toEqual(['d1', 'd2', 'd3']);
  });

  it('still expands joins and leaves undefined values out', () => {
    const data = [
      { id: 'a', _rid: '1', tags: ['x', 'y'] },
      { id: 'b', _rid: '2', tags: ['z'] },
    ];
    expect(createQuery('SELECT VALUE t FROM c JOIN t IN c.tags').exec(data).result).toEqual(['x', 'y', 'z']);
    // Undefined values are left out of results, in objects and arrays alike.
    expect(createQuery('SELECT c.id, c.missing, [c.missing, c.id] AS pair FROM c').exec(data).result).toEqual([
      { id: 'a', pair: ['a'] },
      { id: 'b', pair: ['b'] },
    ]);
  });
});

describe('the patched store’s resource ids and request bodies', () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const ResourceId = require('@vercel/cosmosdb-server/lib/account/resource-id').default;
  const Documents = require('@vercel/cosmosdb-server/lib/account/documents').default;
  const json = require('@vercel/cosmosdb-server/lib/json').default;

  it('builds a document’s resource id from bytes exactly as the big-number way did', () => {
    for (const [db, coll] of [
      [1, 1],
      [123456, 99],
      [2147483647, 2147483000],
    ]) {
      const collection = { _rid: ResourceId.newDocumentCollectionId(ResourceId.newDatabaseId(String(db)).toString(), String(coll | 0x80000000)).toString() };
      const documents = Object.create(Documents.prototype);
      documents._parent = { read: () => collection };
      for (const id of [1, 2, 127, 128, 255, 256, 32767, 32768, 65535, 65536, 8388608, 16777216, 2147483647, ...Array.from({ length: 2000 }, (_, i) => i * 997 + 3)]) {
        expect(documents._rid(id)).toBe(documents._ridByNumbers(id));
      }
      // Still a document's id within that collection, as the store's own parser reads it.
      const parsed = ResourceId.parse(documents._rid(5));
      expect(parsed.database).toBe(String(db));
      expect(parsed.documentCollection).toBe(String(coll | 0x80000000));
      expect(parsed.document).not.toBe('0');
    }
  });

  it('reads a body handed over as text, and a streamed one as before', async () => {
    const { Readable } = require('node:stream');
    expect(await json({ rawBody: '{"a":[1,"å"]}' })).toEqual({ a: [1, 'å'] });
    expect(await json(Readable.from([Buffer.from('{"a":'), Buffer.from('2}')]))).toEqual({ a: 2 });
    await expect(json({ rawBody: '{not json' })).rejects.toThrow(SyntaxError);
  });
});

describe('the patched server’s paged queries', () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  interface Page {
    result: { id: string; n: number }[];
    continuation: { token: string; range: unknown } | null;
  }
  interface Items {
    create(doc: object): unknown;
    upsert(doc: object): unknown;
    delete(id: string, partition: string): unknown;
    query(params: { query: string; parameters?: unknown[] }, options: { maxItemCount?: number | null; continuation?: unknown }): Page;
    _getQuery(text: string): { ast: unknown; exec: (...args: unknown[]) => unknown };
    _pages: Map<string, unknown>;
    _pagesRows: number;
    _pagesRowsMax: number;
  }
  const Account = require('@vercel/cosmosdb-server/lib/account').default;

  /**
   * The server's documents of one collection, in this process, with a count of
   * the runs of each query and of the documents they ran over.
   */
  function collection(n: number): { items: Items; runs: () => number; evaluated: () => number } {
    const account = new Account('localhost', 0);
    account.databases.create({ id: 'd' });
    account.database('d').collections.create({ id: 'c', partitionKey: { paths: ['/pk'] } });
    const items: Items = account.database('d').collection('c').documents;
    for (let i = 0; i < n; i++) items.create({ id: `x${i}`, pk: `p${i % 3}`, n: (i * 7) % n });
    let runs = 0;
    let evaluated = 0;
    const getQuery = items._getQuery.bind(items);
    items._getQuery = (text) => {
      const q = getQuery(text);
      return { ast: q.ast, exec: (...args: unknown[]) => (runs++, (evaluated += (args[0] as unknown[]).length), q.exec(...args)) } as ReturnType<Items['_getQuery']>;
    };
    return { items, runs: () => runs, evaluated: () => evaluated };
  }

  const query = { query: 'SELECT c.id, c.n FROM c WHERE c.n >= @m ORDER BY c.n DESC', parameters: [{ name: '@m', value: 3 }] };

  function readPages(items: Items, size: number, between?: (page: number) => void, params: { query: string; parameters?: unknown[] } = query): Page['result'][] {
    const pages: Page['result'][] = [];
    let continuation: unknown = null;
    do {
      const page = items.query(params, { maxItemCount: size, continuation });
      pages.push(page.result);
      continuation = page.continuation;
      between?.(pages.length);
    } while (continuation);
    return pages;
  }

  it('runs a query once for all its pages, with the rows, order and page sizes of the package’s own paging', () => {
    const { items, runs } = collection(300);
    const whole = items.query(query, { maxItemCount: null }).result;
    expect(whole).toHaveLength(297);
    const before = runs();
    const pages = readPages(items, 7);
    expect(runs() - before).toBe(1);
    expect(pages.flat()).toEqual(whole);
    expect(pages.map((p) => p.length)).toEqual([...Array.from({ length: 42 }, () => 7), 3]);
    // The package's paging, running the query again for each page (zeit's own continuation).
    const q = require('@zeit/cosmosdb-query').default(query.query);
    const docs = [...(items as unknown as { _data: Map<string, { read(): object }> })._data.values()].map((d) => d.read());
    const own: Page['result'][] = [];
    let continuation: unknown = null;
    do {
      const page = q.exec(docs, { parameters: query.parameters, maxItemCount: 7, continuation }) as Page;
      own.push(page.result);
      continuation = page.continuation;
    } while (continuation);
    expect(pages).toEqual(own);
  });

  it('keeps handing out the pages of the first run when the collection changes in between', () => {
    const { items } = collection(100);
    const whole = items.query(query, { maxItemCount: null }).result;
    const pages = readPages(items, 10, (page) => page === 2 && items.create({ id: 'late', pk: 'p0', n: 1000 }));
    expect(pages.flat()).toEqual(whole);
    expect(items.query(query, { maxItemCount: 10 }).result[0]).toEqual({ id: 'late', n: 1000 });
  });

  it('runs the query again from the token’s place when its result is no longer kept, and never serves another query’s', () => {
    const { items, runs } = collection(100);
    const whole = items.query(query, { maxItemCount: null }).result;
    const first = items.query(query, { maxItemCount: 10 });
    items._pages.clear();
    items._pagesRows = 0;
    const before = runs();
    const second = items.query(query, { maxItemCount: 10, continuation: first.continuation });
    expect(runs() - before).toBe(1);
    expect(second.result).toEqual(whole.slice(10, 20));
    // The same token with other parameters is not this result's: that query runs whole and starts at the offset.
    const other = items.query({ ...query, parameters: [{ name: '@m', value: 50 }] }, { maxItemCount: 10, continuation: second.continuation });
    expect(other.result).toEqual(items.query({ ...query, parameters: [{ name: '@m', value: 50 }] }, { maxItemCount: null }).result.slice(20, 30));
  });
  it('keeps each result for five minutes after its last page, however many others come after it, and lets the oldest go only beyond a bound on the rows held', () => {
    const { items, runs } = collection(100);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const first = items.query(query, { maxItemCount: 10 });
      clock.mockReturnValue(1_000_000 + 299_000);
      const second = items.query(query, { maxItemCount: 10, continuation: first.continuation });
      clock.mockReturnValue(1_000_000 + 299_000 + 301_000);
      let before = runs();
      const third = items.query(query, { maxItemCount: 10, continuation: second.continuation });
      expect(runs() - before).toBe(1);
      expect(third.result).toEqual(items.query(query, { maxItemCount: null }).result.slice(20, 30));
      // Forty queries started (a retention run between its pages, say): every one still answers from what is kept.
      items._pages.clear();
      items._pagesRows = 0;
      const started = Array.from({ length: 40 }, (_, m) => ({ m, page: items.query({ ...query, parameters: [{ name: '@m', value: m }] }, { maxItemCount: 10 }) }));
      before = runs();
      for (const { m, page } of started) items.query({ ...query, parameters: [{ name: '@m', value: m }] }, { maxItemCount: 10, continuation: page.continuation });
      expect(runs() - before).toBe(0);
      // Beyond the bound on rows held, the oldest go first.
      items._pagesRowsMax = 300;
      const big = items.query(query, { maxItemCount: 10 });
      expect(items._pagesRows).toBeLessThanOrEqual(300);
      before = runs();
      items.query(query, { maxItemCount: 10, continuation: big.continuation });
      expect(runs() - before).toBe(0);
      items.query({ ...query, parameters: [{ name: '@m', value: 0 }] }, { maxItemCount: 10, continuation: started[0].page.continuation });
      expect(runs() - before).toBe(1);
      // An expired one goes at the next query, whichever it is.
      clock.mockReturnValue(1_000_000 + 2_000_000);
      items.query({ ...query, parameters: [{ name: '@m', value: 99 }] }, { maxItemCount: 1000 });
      expect(items._pages.size).toBe(0);
      expect(items._pagesRows).toBe(0);
    } finally {
      clock.mockRestore();
    }
  });

  // A list query: no ORDER BY, TOP, aggregate or JOIN, so each document gives at most one row (streamed a page at a time).
  const list = { query: 'SELECT c.id, c.n FROM c WHERE c.n >= @m', parameters: [{ name: '@m', value: 3 }] };

  it('streams a list query: its first page runs over a page’s worth of documents, not all of them, and its pages are one whole run’s rows, order and page sizes', () => {
    const { items, evaluated } = collection(5000);
    let before = evaluated();
    const whole = items.query(list, { maxItemCount: null }).result;
    const once = evaluated() - before;
    expect(whole).toHaveLength(4997);
    before = evaluated();
    const first = items.query(list, { maxItemCount: 100 });
    expect(first.result).toEqual(whole.slice(0, 100));
    // A thousand documents at a time (STREAM_CHUNK); run whole, the first page ran over all 4,997 the index gave.
    expect(evaluated() - before).toBeLessThanOrEqual(1000);
    before = evaluated();
    const pages = readPages(items, 100, undefined, list);
    expect(pages.flat()).toEqual(whole);
    expect(pages.map((p) => p.length)).toEqual([...Array.from({ length: 49 }, () => 100), 97]);
    // Over all its pages, each document once, as one whole run.
    expect(evaluated() - before).toBe(once);
    // Nothing is kept of a query once its last page is out: what is kept is the unfinished first one's.
    expect(items._pages.size).toBe(1);
  });

  it('streams a selective list query with the same pages as a whole run, a full last page without a continuation; aggregates, TOP and JOIN still run whole', () => {
    const { items, evaluated } = collection(6000);
    const one = { query: 'SELECT c.id FROM c WHERE c.pk = @pk', parameters: [{ name: '@pk', value: 'p1' }] };
    const whole = items.query(one, { maxItemCount: null }).result;
    expect(whole).toHaveLength(2000);
    const before = evaluated();
    const pages = readPages(items, 250, (page) => page === 1 && expect(evaluated() - before).toBeLessThanOrEqual(1000), one);
    expect(pages.map((p) => p.length)).toEqual(Array.from({ length: 8 }, () => 250));
    expect(pages.flat()).toEqual(whole);
    const some = { query: 'SELECT c.id, c.n FROM c WHERE c.pk = @pk AND c.n < 1500', parameters: [{ name: '@pk', value: 'p2' }] };
    const wholeSome = items.query(some, { maxItemCount: null }).result;
    const pagesSome = readPages(items, 64, undefined, some);
    expect(pagesSome.flat()).toEqual(wholeSome);
    expect(pagesSome.slice(0, -1).every((p) => p.length === 64)).toBe(true);
    expect(pagesSome[pagesSome.length - 1].length).toBe(wholeSome.length % 64 || 64);
    // Not streamed: an aggregate (one row of all documents), TOP and JOIN (rows of one document's array).
    for (let i = 0; i < 300; i++) items.create({ id: `t${i}`, pk: 'p0', n: 9000 + i, tags: ['a', 'b', 'c'] });
    expect(readPages(items, 1, undefined, { query: 'SELECT VALUE COUNT(1) FROM c WHERE c.n >= 0' })).toEqual([[6300]]);
    const top = { query: 'SELECT TOP 150 c.id FROM c WHERE c.n >= 0' };
    const topPages = readPages(items, 100, undefined, top);
    expect(topPages.map((p) => p.length)).toEqual([100, 50]);
    expect(topPages.flat()).toEqual(items.query(top, { maxItemCount: null }).result);
    const join = { query: 'SELECT c.id, t FROM c JOIN t IN c.tags WHERE c.n >= 9000' };
    const joinPages = readPages(items, 100, undefined, join);
    expect(joinPages.map((p) => p.length)).toEqual(Array.from({ length: 9 }, () => 100));
    expect(joinPages.flat()).toEqual(items.query(join, { maxItemCount: null }).result);
  });

  it('streams the collection as it was at the first page, and runs whole from the offset for a token whose stream went on or is gone', () => {
    const { items, evaluated } = collection(2000);
    const whole = items.query(list, { maxItemCount: null }).result;
    // Created, replaced and deleted after the first page: the pages still show them as they were.
    const later = whole[1500] as { id: string; n: number };
    const gone = whole[1600] as { id: string; n: number };
    const pk = (id: string) => `p${Number(id.slice(1)) % 3}`;
    const pages = readPages(
      items,
      100,
      (page) => {
        if (page !== 1) return;
        items.create({ id: 'late', pk: 'p0', n: 100_000 });
        items.upsert({ id: later.id, pk: pk(later.id), n: -1 });
        items.delete(gone.id, pk(gone.id));
      },
      list,
    );
    expect(pages.flat()).toEqual(whole);
    const now = items.query(list, { maxItemCount: null }).result;
    expect(now).toContainEqual({ id: 'late', n: 100_000 });
    expect(now).not.toContainEqual(later);
    expect(now).not.toContainEqual(gone);
    // A token used again after its stream handed out the next page: the query runs whole and starts at its offset.
    const first = items.query(list, { maxItemCount: 100 });
    expect(items.query(list, { maxItemCount: 100, continuation: first.continuation }).result).toEqual(now.slice(100, 200));
    const before = evaluated();
    expect(items.query(list, { maxItemCount: 100, continuation: first.continuation }).result).toEqual(now.slice(100, 200));
    expect(evaluated() - before).toBe(now.length);
    // A stream no longer kept: the same.
    const second = items.query(list, { maxItemCount: 100 });
    items._pages.clear();
    items._pagesRows = 0;
    expect(items.query(list, { maxItemCount: 100, continuation: second.continuation }).result).toEqual(now.slice(100, 200));
  });
  it('reads a query’s candidates from the field index’s documents, without looking each one up by its _rid', () => {
    const { items } = collection(5000);
    const data = (items as unknown as { _data: Map<string, unknown> })._data;
    const whole = items.query(list, { maxItemCount: null }).result;
    const get = jest.spyOn(data, 'get');
    try {
      expect(items.query(list, { maxItemCount: null }).result).toEqual(whole);
      expect(readPages(items, 1000, undefined, list).flat()).toEqual(whole);
      expect(get).not.toHaveBeenCalled();
    } finally {
      get.mockRestore();
    }
  });
});

describe('the patched query engine’s order without ORDER BY', () => {
  it('orders by _rid as strings compare, as the package did, reading each _rid once', () => {
    const rids = ['b', 'B', 'a', 'A+', 'A/', '0', 'ab', 'Z', 'z', '+'];
    const docs = rids.map((rid, i) => ({ id: `d${i}`, _rid: rid }));
    const { result } = createQuery('SELECT c.id, c._rid FROM c').exec(docs);
    expect(result.map((d: { _rid: string }) => d._rid)).toEqual([...rids].sort());
  });
});
