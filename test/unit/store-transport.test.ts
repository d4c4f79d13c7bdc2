/**
 * The embedded store's transport (workerHttpClient) against a thread that
 * answers when the test says: what it posts, an abort while the request is
 * out, a late answer, the thread stopping with requests out. The real thread
 * is in test/integration/embedded-store.test.ts.
 */
import { EventEmitter } from 'node:events';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { pathOf, workerHttpClient, type StoreAnswer, type StoreRequest, type StoreRequests, type StoreThread } from '../../src/core/cosmos/transport';

/** The transport posts the requests of a task once the task and its microtasks are done. */
const turnEnds = () => new Promise((resolve) => setImmediate(resolve));

class FakeThread extends EventEmitter implements StoreThread {
  readonly posted: (StoreRequest | StoreRequests)[] = [];
  postMessage(message: StoreRequest | StoreRequests): void {
    this.posted.push(message);
  }
  answer(message: StoreAnswer): void {
    this.emit('message', message);
  }
}

const request = (abortSignal?: AbortSignal) =>
  createPipelineRequest({
    url: 'https://127.0.0.1:8081/dbs/d/colls/c/docs/x?q=1',
    method: 'POST',
    headers: createHttpHeaders({ 'X-Ms-Date': 'Tue, 01 Dec 2026 10:00:00 GMT', Authorization: 'token' }),
    body: '{"id":"x"}',
    abortSignal,
  });

describe('the transport to the embedded store’s thread', () => {
  it('posts method, path with query, lower-case headers with host, and the body; resolves with the answer', async () => {
    const thread = new FakeThread();
    const pending = workerHttpClient(thread).sendRequest(request());
    expect(thread.posted).toEqual([]);
    await turnEnds();
    expect(thread.posted).toEqual([
      { type: 'request', id: 1, method: 'POST', url: '/dbs/d/colls/c/docs/x?q=1', headers: { host: '127.0.0.1:8081', 'x-ms-date': 'Tue, 01 Dec 2026 10:00:00 GMT', authorization: 'token' }, body: '{"id":"x"}' },
    ]);
    thread.answer({ type: 'response', id: 1, status: 409, headers: { 'x-ms-request-charge': '1', 'content-type': 'application/json' }, body: '{"code":"Conflict"}' });
    const response = await pending;
    expect(response.status).toBe(409);
    expect(response.bodyAsText).toBe('{"code":"Conflict"}');
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.toJSON()).toEqual({ 'x-ms-request-charge': '1', 'content-type': 'application/json' });
  });

  it('rejects with an AbortError when aborted while out, and ignores the late answer', async () => {
    const thread = new FakeThread();
    const client = workerHttpClient(thread);
    const controller = new AbortController();
    const aborted = client.sendRequest(request(controller.signal));
    const other = client.sendRequest(request());
    await turnEnds();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    thread.answer({ type: 'response', id: 1, status: 200, headers: {}, body: '' });
    thread.answer({ type: 'response', id: 2, status: 201, headers: {}, body: '{}' });
    expect((await other).status).toBe(201);
  });

  it('fails every request out, and every later one, with a clear error once the thread has stopped', async () => {
    const thread = new FakeThread();
    const client = workerHttpClient(thread);
    const out = [client.sendRequest(request()), client.sendRequest(request(new AbortController().signal))];
    await turnEnds();
    // One more made in the task the thread stops in: failed too, and never posted.
    out.push(client.sendRequest(request()));
    thread.emit('exit', 1);
    for (const p of out) await expect(p).rejects.toThrow(/embedded Cosmos store's thread has stopped \(1\)/);
    await expect(client.sendRequest(request())).rejects.toThrow(/stopped/);
    await turnEnds();
    expect(thread.posted).toHaveLength(1);
    expect(thread.posted[0]).toMatchObject({ type: 'requests', list: [{ id: 1 }, { id: 2 }] });
  });

  it('posts the requests of one task as one message and takes several answers in one', async () => {
    const thread = new FakeThread();
    const client = workerHttpClient(thread);
    const first = client.sendRequest(request());
    const second = client.sendRequest(request());
    await turnEnds();
    expect(thread.posted).toHaveLength(1);
    expect(thread.posted[0]).toMatchObject({ type: 'requests', list: [{ type: 'request', id: 1 }, { type: 'request', id: 2 }] });
    // A later task's request is a message of its own.
    const third = client.sendRequest(request());
    await turnEnds();
    expect(thread.posted[1]).toMatchObject({ type: 'request', id: 3 });
    thread.answer({
      type: 'responses',
      list: [
        { type: 'response', id: 2, status: 201, headers: {}, body: 'two' },
        { type: 'response', id: 1, status: 200, headers: {}, body: 'one' },
      ],
    });
    thread.answer({ type: 'response', id: 3, status: 404, headers: {}, body: 'three' });
    expect((await first).bodyAsText).toBe('one');
    expect((await second).bodyAsText).toBe('two');
    expect((await third).status).toBe(404);
  });

  it('does not send a request aborted before it was posted', async () => {
    const thread = new FakeThread();
    const client = workerHttpClient(thread);
    const controller = new AbortController();
    const aborted = client.sendRequest(request(controller.signal));
    const kept = client.sendRequest(request());
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await turnEnds();
    expect(thread.posted).toEqual([expect.objectContaining({ type: 'request', id: 2 })]);
    thread.answer({ type: 'response', id: 2, status: 200, headers: {}, body: '' });
    expect((await kept).status).toBe(200);
  });
});

describe('the meter’s path of a request', () => {
  it('is the URL’s pathname, leading slashes made one, for what the SDK sends', () => {
    for (const url of [
      'https://127.0.0.1:8081/dbs/tryggmeld/colls/cases/docs/case-1',
      'https://localhost:8081//dbs/tryggmeld/colls/cases/docs',
      'https://account.documents.azure.com:443/dbs/tryggmeld/colls/cases/docs/work%3Aa%2Fb?x=1',
      'https://account.documents.azure.com:443/',
      'https://account.documents.azure.com',
      'https://host/dbs/a#frag',
    ]) {
      expect(pathOf(url)).toBe(new URL(url).pathname.replace(/^\/+/, '/'));
    }
  });
});
