/**
 * The bench's TryggMeld load run alone, with a CPU profile of the bot's
 * process during the load (start-up and the load generator's worker thread
 * left out):
 *
 *   npx tsc -p tsconfig.json
 *   PROFILE_OUT=/tmp/load.cpuprofile node dist/test/bench/profile.js
 *   node dist/test/bench/profile-top.js /tmp/load.cpuprofile
 *
 * BENCH_LOAD_SECONDS (8), BENCH_CLIENTS (16); without PROFILE_OUT only the figures.
 * PROFILE_ECHO=1: the bench's bare echo bot instead, the yardstick.
 * PROFILE_VERB=<verb>: post that verb instead of incident.submit (an unknown
 * one measures the turn without a store). PROFILE_NO_DISPATCH=1: the
 * dispatcher stopped, to tell the turn's cost from the delivery's.
 * PROFILE_EVENTS=1: counts the log events (dispatch outcomes among them).
 * PROFILE_REQUESTS=1: requests by kind and document, with their size (request and answer).
 * PROFILE_DUMP=<prefix>: the first four batches, request and answer, to <prefix>.<n>.json.
 * PROFILE_HEAP=<file>: where the bot's thread allocates during the load
 * (sampled, garbage included: what the collector has to clear), by bytes per
 * function and by package, printed, and the raw profile to <file>.
 * PROFILE_HEAP_LIVE=1 with it: instead, what is alive halfway through the load
 * (the requests in flight and whatever is kept longer): what each scavenge
 * copies and what gets promoted to the old generation. Run with
 * `node --expose-gc` to collect the garbage first, so that only what is kept is shown.
 * PROFILE_HEAP_PROMOTED=1 with it: instead, what outlived the young generation's
 * collections (promoted, cleared later or not at all), per submit: what feeds the
 * old generation's collections.
 *
 * The embedded store's thread is reached through this thread's inspector
 * (`NodeWorker`), so nothing in the product changes for it: its CPU time
 * during the load (from /proc/thread-self) is always printed, and with
 * PROFILE_OUT its CPU profile is written to <PROFILE_OUT>.store.cpuprofile
 * (same profile-top).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/core/log';
import { startTryggMeld } from '../../src/index';
import { FakeTeams } from '../support/fake-teams';
import { FIXTURE_DIRECTORY, TeamsUser } from '../support/harness';
import { P } from '../support/people';
import { startEchoBot } from './echo-bot';
import { CARD_TYPE, runLoad, submitTemplate } from './load';
import { cosmosRequests } from '../../src/core/cosmos/transport';
import { attachStoreThread } from './store-thread';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());

/** CPU time of this process's main thread so far, in ms (Linux: /proc; the load generator's worker thread is not in it). */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return NaN;
  }
}

const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 8);
const clients = Number(process.env.BENCH_CLIENTS ?? 16);

async function echo(): Promise<void> {
  const bot = await startEchoBot();
  const users = [P.tina, P.per].map((id) => new TeamsUser(bot.url, 'http://127.0.0.1:9/', id));
  const profiler = process.env.PROFILE_OUT ? await startProfiler() : undefined;
  const cpu0 = mainThreadCpuMs();
  const figures = await runLoad({ url: `${bot.url}/api/messages`, templates: users.map((u) => submitTemplate((f) => u.activity(f), today())), clients, durationMs: seconds * 1000, warmupMs: 1000, expect: CARD_TYPE });
  if (profiler) writeFileSync(process.env.PROFILE_OUT!, JSON.stringify(await profiler.stop()));
  const cpu = mainThreadCpuMs() - cpu0;
  process.stdout.write(`echo: ${figures.perSecond.toFixed(0)}/s p50 ${figures.p50.toFixed(1)} ms p99 ${figures.p99.toFixed(1)} ms errors ${figures.errors}; main thread ${(cpu / figures.requestsAll).toFixed(2)} ms CPU per request (warm-up included)\n`);
  await bot.stop();
}

async function main(): Promise<void> {
  if (process.env.PROFILE_ECHO === '1') return echo();
  const teams = new FakeTeams();
  await teams.start();
  const config = loadConfig({ PORT: '0', DIRECTORY_FILE: FIXTURE_DIRECTORY, TEAMS_SERVICE_URL: teams.url });
  // PROFILE_EVENTS=1: how many of each log event (and dispatch outcome) the run wrote.
  const events = new Map<string, number>();
  const countEvent = (line: string) => {
    const key = `${/"event":"([^"]+)"/.exec(line)?.[1]}${/"outcome":"([^"]+)"/.exec(line)?.[1] ? `:${/"outcome":"([^"]+)"/.exec(line)![1]}` : ''}${line.includes('"unclaimed":true') ? ':unclaimed' : ''}`;
    events.set(key, (events.get(key) ?? 0) + 1);
  };
  const bot = await startTryggMeld(config, { log: createLogger({}, 'info', process.env.PROFILE_EVENTS === '1' ? countEvent : () => {}) });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  try {
    const users = [P.tina, P.per].map((id) => new TeamsUser(bot.url, teams.url, id));
    for (const id of [P.tina, P.per, P.rune, P.vera, P.ola, P.anne, P.kari]) await new TeamsUser(bot.url, teams.url, id).install();
    if (process.env.PROFILE_NO_DISPATCH === '1') await bot.dispatcher.stop();
    const sentBefore = teams.activities.length;
    const store = await attachStoreThread();
    const storeProfiling = process.env.PROFILE_OUT ? store.startProfile() : undefined;
    await storeProfiling;
    const profiler = process.env.PROFILE_OUT ? await startProfiler() : undefined;
    const live = process.env.PROFILE_HEAP_LIVE === '1';
    const promoted = process.env.PROFILE_HEAP_PROMOTED === '1';
    const heap = process.env.PROFILE_HEAP ? await startHeapSampling(promoted ? { major: true, minor: false } : { major: !live, minor: !live }) : undefined;
    const halfway = heap && live ? new Promise<{ head: HeapNode }>((resolve) => setTimeout(() => (collectGarbage(), resolve(heap.stop())), 1000 + (seconds * 1000) / 2)) : undefined;
    loop.enable();
    const storeCpu0 = await store.cpuMs();
    const cpu0 = mainThreadCpuMs();
    // Counted by kind only: keeping the requests would weigh on the bot's garbage collector.
    const kinds = new Map<string, number>();
    // PROFILE_REQUESTS=1: by kind, container and what the document is (case, work, flood tally, person) too.
    const detail = process.env.PROFILE_REQUESTS === '1';
    const docOf = (path: string) => {
      const [, coll, id] = path.match(/colls\/([^/]+)(?:\/docs\/([^/]+))?/) ?? [];
      const what = !id ? '' : decodeURIComponent(id).replace(/^(case|work|flood|tenant)[-:].*/, '$1').replace(/^[0-9a-f-]{36}$/, 'person');
      return `${coll ?? '-'}${what ? `/${what}` : ''}`;
    };
    const bytes = new Map<string, number>();
    let dumped = 0;
    const stopCounting = cosmosRequests.observe((r) => {
      const key = detail ? `${r.kind}:${docOf(r.path)}${r.status >= 400 ? `:${r.status}` : ''}` : r.kind;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
      if (process.env.PROFILE_DUMP && r.kind === 'batch' && dumped++ < 4) writeFileSync(`${process.env.PROFILE_DUMP}.${dumped}.json`, JSON.stringify({ req: JSON.parse(r.requestBody), res: JSON.parse(r.responseBody) }, null, 1));
      bytes.set(key, (bytes.get(key) ?? 0) + r.requestBody.length + r.responseBody.length);
    });
    const verb = process.env.PROFILE_VERB;
    const templates = users.map((u) => submitTemplate((f) => u.activity(f), today())).map((t) => (verb ? t.replace('"incident.submit"', JSON.stringify(verb)) : t));
    const figures = await runLoad({ url: `${bot.url}/api/messages`, templates, clients, durationMs: seconds * 1000, warmupMs: 1000, expect: CARD_TYPE });
    const cpu = mainThreadCpuMs() - cpu0;
    const storeCpu = (await store.cpuMs()) - storeCpu0;
    if (heap) {
      const allocated = await (halfway ?? heap.stop());
      writeFileSync(process.env.PROFILE_HEAP!, JSON.stringify(allocated));
      const title = halfway ? 'alive halfway through the load' : promoted ? "promoted to the old generation on the bot's thread" : undefined;
      process.stdout.write(allocationTop(allocated, halfway ? 1 : figures.requestsAll, title));
    }
    await new Promise((r) => setTimeout(r, 1000));
    loop.disable();
    stopCounting();
    if (profiler) {
      writeFileSync(process.env.PROFILE_OUT!, JSON.stringify(await profiler.stop()));
      writeFileSync(`${process.env.PROFILE_OUT}.stalls.json`, JSON.stringify(profiler.stalls));
      writeFileSync(`${process.env.PROFILE_OUT}.store.cpuprofile`, JSON.stringify(await store.stopProfile()));
    }
    store.detach();
    process.stdout.write(
      `${figures.perSecond.toFixed(0)}/s p50 ${figures.p50.toFixed(1)} ms p99 ${figures.p99.toFixed(1)} ms errors ${figures.errors}${figures.firstError ? ` (${figures.firstError})` : ''}\n` +
        `main thread ${(cpu / figures.requestsAll).toFixed(2)} ms CPU per answered submit (warm-up included; the store's thread ${(storeCpu / figures.requestsAll).toFixed(2)} ms, other threads ${(figures.cpuMsPerRequest.process - figures.cpuMsPerRequest.botThread - storeCpu / figures.requestsAll).toFixed(2)} ms more)\n` +
        `event loop max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms; ${teams.activities.length - sentBefore} messages at Teams\n` +
        `store per answered submit (warm-up included): ${[...kinds].map(([k, n]) => `${k} ${(n / Math.max(1, figures.requestsAll)).toFixed(2)}${detail ? ` (${((bytes.get(k) ?? 0) / n / 1000).toFixed(1)} kB in+out each)` : ''}`).join(', ')}\n` +
        `dispatcher: ${bot.dispatcher.pending} items waiting or being carried out a second after the load\n` +
        (events.size > 0 ? `log events: ${[...events].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`).join(', ')}\n` : ''),
    );
  } finally {
    await bot.stop();
    await teams.stop();
  }
}

/**
 * A CPU profile of this thread, and the moments its event loop was held for
 * more than 50 ms (ms since the profile started, and for how long), so that
 * profile-top can say what ran then.
 */
async function startProfiler(): Promise<{ stop(): Promise<unknown>; stalls: { endMs: number; ms: number }[] }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  const started = performance.now();
  const stalls: { endMs: number; ms: number }[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > 60) stalls.push({ endMs: now - started, ms: now - last - 10 });
    last = now;
  }, 10);
  return {
    stalls,
    stop: async () => {
      clearInterval(timer);
      const { profile } = await post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

/** A full collection, if the process was started with --expose-gc. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/** Allocation sampling of this thread, with the objects each collector cleared since, or without. */
async function startHeapSampling(include: { major: boolean; minor: boolean }): Promise<{ stop(): Promise<{ head: HeapNode }> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: include.major, includeObjectsCollectedByMinorGC: include.minor });
  return {
    stop: async () => {
      const { profile } = await post('HeapProfiler.stopSampling');
      session.disconnect();
      return profile;
    },
  };
}

/** Sampled bytes per submit (or in all, `submits` 1) by function and by package (the same file grouping as profile-top). */
function allocationTop(profile: { head: HeapNode }, submits: number, title = "allocated on the bot's thread"): string {
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  const walk = (n: HeapNode) => {
    if (n.selfSize > 0) {
      const { functionName, url, lineNumber } = n.callFrame;
      const file = url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1').replace(/^.*\/dist\//, '').replace(/^file:\/\//, '') || '(native)';
      const fn = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + n.selfSize);
      byPackage.set(file, (byPackage.get(file) ?? 0) + n.selfSize);
      total += n.selfSize;
    }
    for (const c of n.children) walk(c);
  };
  walk(profile.head);
  const rows = (m: Map<string, number>, count: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, count).map(([k, v]) => `  ${(v / submits / 1024).toFixed(1).padStart(6)} kB ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`).join('\n');
  return `${title}: ${(total / submits / 1024).toFixed(1)} kB${submits > 1 ? ' per answered submit' : ''} (sampled)\nby package or file:\n${rows(byPackage, 20)}\nby function:\n${rows(byFunction, 30)}\n`;
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
