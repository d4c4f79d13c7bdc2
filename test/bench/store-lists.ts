/**
 * Where the time of the store section's two case lists (test/bench/store-scale.ts:
 * "all", RegisterStore.listCases('all', …), and "all open", TaskStore.openCases
 * of every school) goes as the embedded store grows: per run, the wall time,
 * the pages, the time spent waiting for the store's answers (its thread: query,
 * projection, JSON of the page, postMessage), what the bot's thread did in
 * between (SDK paging, JSON.parse, our code), and the store thread's busy
 * time (its event loop's) and CPU (10 ms ticks).
 *
 *   npx tsc -p tsconfig.json && node dist/test/bench/store-lists.js
 *
 * PROBE_SIZES (work items, "10000,100000"); PROBE_PROFILE=<prefix>: CPU
 * profiles of both threads at the largest size, <prefix>.<list>.{main,store}.cpuprofile
 * (read them with profile-top.js).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { RegisterStore } from '../../src/register/store';
import { TaskStore } from '../../src/tasks/store';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { openContainers } from '../../src/core/cosmos/database';
import { startEmbeddedCosmos } from '../../src/core/cosmos/embedded';
import { cosmosRequests, type CosmosRequestRecord } from '../../src/core/cosmos/transport';
import { fill, SCHOOLS } from './store-scale';
import { attachStoreThread } from './store-thread';

const RUNS = 9;

async function main(): Promise<void> {
  const embedded = await startEmbeddedCosmos();
  const store = await attachStoreThread();
  const client = createCosmosClient({ endpoint: embedded.endpoint, key: embedded.key, tlsInsecure: true, httpClient: embedded.httpClient });
  const containers = await openContainers(client, 'store-lists');
  const register = new RegisterStore(containers.cases);
  const tasks = new TaskStore(containers.cases);
  const allSchools = Array.from({ length: SCHOOLS }, (_, s) => `school-${s}`);
  const EVERY = { from: '1900-01-01', to: '2100-12-31' };
  const now = Date.now();
  const sizes = (process.env.PROBE_SIZES ?? '10000,100000').split(',').map(Number);
  let filled = 0;
  const records: CosmosRequestRecord[] = [];
  const stop = cosmosRequests.observe((r) => records.push(r));
  try {
    for (const workItems of sizes) {
      await fill(containers.cases, filled, workItems / 4, now);
      filled = workItems / 4;
      for (const [name, list] of [
        ['all', () => register.listCases('all', EVERY)],
        ['open', () => tasks.openCases(allSchools)],
      ] as const) {
        const lines: string[] = [];
        const profile = process.env.PROBE_PROFILE && workItems === sizes[sizes.length - 1];
        let session: Session | undefined;
        const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => session!.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
        if (profile) {
          session = new Session();
          session.connect();
          await post('Profiler.enable');
          await post('Profiler.setSamplingInterval', { interval: 200 });
          await post('Profiler.start');
          await store.startProfile();
        }
        for (let k = 0; k < RUNS; k++) {
          records.length = 0;
          const cpu0 = await store.cpuMs();
          const busy0 = await store.busyMs();
          const t0 = performance.now();
          const rows = (await list()).length;
          const total = performance.now() - t0;
          const busy = (await store.busyMs()) - busy0;
          const cpu = (await store.cpuMs()) - cpu0;
          const pages = records.filter((r) => r.kind === 'query');
          const waited = pages.reduce((s, r) => s + r.durationMs, 0);
          const bytes = pages.reduce((s, r) => s + r.responseBody.length, 0);
          lines.push(
            `${total.toFixed(1)} ms: ${pages.length} pages, store answers ${waited.toFixed(1)} ms (first ${pages[0]?.durationMs.toFixed(1)}, rest ${(waited - (pages[0]?.durationMs ?? 0)).toFixed(1)}), ` +
              `bot thread between ${(total - waited).toFixed(1)} ms, ${rows} rows, ${(bytes / 1e6).toFixed(2)} MB, store thread busy ${busy.toFixed(1)} ms, CPU ${cpu} ms`,
          );
        }
        if (profile) {
          writeFileSync(`${process.env.PROBE_PROFILE}.${name}.store.cpuprofile`, JSON.stringify(await store.stopProfile()));
          writeFileSync(`${process.env.PROBE_PROFILE}.${name}.main.cpuprofile`, JSON.stringify((await post('Profiler.stop')).profile));
          session!.disconnect();
        }
        process.stdout.write(`${workItems} work items, ${name}:\n  ${lines.join('\n  ')}\n`);
      }
    }
  } finally {
    stop();
    store.detach();
    client.dispose();
    await embedded.close();
  }
}

void main();
