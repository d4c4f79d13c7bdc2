/**
 * The CPU cost of one Cosmos DB request on the embedded store's path, in the
 * calling thread and in the store's thread, apart from everything else a turn
 * does: the client as the bot makes it (createCosmosClient with the embedded
 * store's transport), 16 requests in flight, each kind on its own:
 *
 *   npx tsc -p tsconfig.json && node dist/test/bench/request-cpu.js
 *
 * REQUESTS (2000 per kind), CONCURRENCY (16), KINDS (read,replace,batch,patch,query),
 * PROFILE_OUT=<file>: CPU profiles of both threads (<file> and <file>.store.cpuprofile)
 * over every kind measured (see profile-top.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { Container, OperationInput } from '@azure/cosmos';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { startEmbeddedCosmos } from '../../src/core/cosmos/embedded';
import { attachStoreThread } from './store-thread';

function threadCpuMs(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const requests = Number(process.env.REQUESTS ?? 2000);
const concurrency = Number(process.env.CONCURRENCY ?? 16);
const kinds = (process.env.KINDS ?? 'read,replace,batch,patch,query').split(',');

// About the size of what a submit writes: the case (with its report) and the work it owes.
const text = 'Eleven slo meg i armen i gymsalen, og jeg fikk et blåmerke. '.repeat(12);
const caseDoc = (caseId: string) => ({ id: caseId, caseId, docType: 'case', schoolId: 'nordby', status: 'open', reference: 'VT-2026-0001', report: { date: '2026-12-01', place: 'gym', types: ['physical'], severity: 'serious', description: text }, history: [{ at: '2026-12-01T10:00:00.000Z', kind: 'reported' }] });
const workDoc = (caseId: string, k: number) => ({ id: `work-${caseId}-${k}`, caseId, docType: 'work', kind: 'case.notice', dueAt: '2026-12-01T10:00:00.000Z', attempts: 0, recipient: { personId: `p-${k}` } });

async function main(): Promise<void> {
  const embedded = await startEmbeddedCosmos();
  const store = await attachStoreThread();
  const client = createCosmosClient({ endpoint: embedded.endpoint, key: embedded.key, tokenProvider: embedded.tokenProvider, tlsInsecure: true, httpClient: embedded.httpClient });
  try {
    const { database } = await client.databases.createIfNotExists({ id: 'bench-cpu' });
    const { container } = await database.containers.createIfNotExists({ id: 'cases', partitionKey: { paths: ['/caseId'] } });
    for (let i = 0; i < concurrency; i++) await container.items.create(caseDoc(`fixed-${i}`));
    await container.items.create({ id: 'counter', caseId: 'counter', value: 0 });
    let serial = 0;
    const one: Record<string, (c: Container, lane: number) => Promise<unknown>> = {
      read: (c, lane) => c.item(`fixed-${lane}`, `fixed-${lane}`).read(),
      replace: (c, lane) => c.item(`fixed-${lane}`, `fixed-${lane}`).replace({ ...caseDoc(`fixed-${lane}`), status: `s${serial++}` }),
      batch: (c) => {
        const caseId = `case-${serial++}`;
        const ops: OperationInput[] = [caseDoc(caseId), ...[0, 1, 2, 3].map((k) => workDoc(caseId, k))].map((resourceBody) => ({ operationType: 'Create', resourceBody }));
        return c.items.batch(ops, caseId);
      },
      patch: (c) => c.item('counter', 'counter').patch([{ op: 'incr', path: '/value', value: 1 }]),
      query: (c, lane) => c.items.query({ query: 'SELECT * FROM c WHERE c.id = @id', parameters: [{ name: '@id', value: `fixed-${lane}` }] }, { partitionKey: `fixed-${lane}` }).fetchAll(),
    };
    const run = async (kind: string, n: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async (_, lane) => {
          while (next++ < n) await one[kind](container, lane);
        }),
      );
    };
    for (const kind of kinds) await run(kind, 300); // warm-up: JIT, indexes
    const profiling = process.env.PROFILE_OUT ? await startProfiles(store) : undefined;
    for (const kind of kinds) {
      const main0 = threadCpuMs();
      const store0 = await store.cpuMs();
      const t0 = performance.now();
      await run(kind, requests);
      const wall = performance.now() - t0;
      const mainMs = threadCpuMs() - main0;
      const storeMs = (await store.cpuMs()) - store0;
      const us = (ms: number) => ((ms * 1000) / requests).toFixed(0).padStart(5);
      process.stdout.write(`${kind.padEnd(8)} calling thread ${us(mainMs)} µs CPU, store thread ${us(storeMs)} µs CPU, ${us(wall)} µs wall per request (${requests}, ${concurrency} in flight)\n`);
    }
    if (profiling) await profiling.stop(process.env.PROFILE_OUT!);
  } finally {
    store.detach();
    client.dispose();
    await embedded.close();
  }
}

async function startProfiles(store: Awaited<ReturnType<typeof attachStoreThread>>): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await store.startProfile();
  await post('Profiler.start');
  return {
    stop: async (file) => {
      const { profile } = await post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      writeFileSync(`${file}.store.cpuprofile`, JSON.stringify(await store.stopProfile()));
      session.disconnect();
    },
  };
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
