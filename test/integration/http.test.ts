/** The HTTP surface before the bot is ready: alive, not ready, and no activity taken. */
import type { Server } from 'restify';
import { silentLogger } from '../../src/core/log';
import { createServer } from '../../src/server';

describe('HTTP before the store is open', () => {
  let server: Server;
  let url: string;
  let ready = false;

  beforeAll(async () => {
    server = createServer({ log: silentLogger, isReady: async () => ready, messages: () => undefined });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is alive but not ready, and refuses activities with 503', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const readyz = await fetch(`${url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toEqual({ status: 'not ready' });
    const post = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'meld' }) });
    expect(post.status).toBe(503);
  });

  it('says ready once the store answers, and not ready when it stops answering', async () => {
    ready = true;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    ready = false;
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
  });
});
