/**
 * `npm run bench`: figures, not pass/fail. Runs the real server with the
 * embedded store and the fake Teams connector on this machine and reports
 * latencies, throughput against a bare bot on the same stack, the store's
 * query times as it fills, Cosmos DB requests per case and per idle hour, and
 * memory; the domain checks are timed in-process. Writes the figures into
 * docs/benchmarks.md.
 *
 * Knobs (environment): BENCH_ROUNDS (sequential rounds, 200), BENCH_LOAD_SECONDS (8),
 * BENCH_CLIENTS (16), BENCH_LOAD_ROUNDS (3: echo bot and TryggMeld taking turns), BENCH_STORE_SIZES (work items, "1000,10000,100000"),
 * BENCH_MEMORY_SUBMITS (2000), BENCH_SKIP (comma list of sections to leave out:
 * sequential, load, requests, transport, store, register, insight, prevention, memory, directory), BENCH_LABEL (a name for the run).
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/load-config';
import { containsNationalIdNumber } from '../../src/core/national-id';
import { validateReport } from '../../src/cases/model/report';
import { startTryggMeld } from '../../src/index';
import { createLogger } from '../../src/core/log';
import { cardOf, FakeTeams } from '../support/fake-teams';
import { FIXTURE_DIRECTORY, startHarness, TeamsUser } from '../support/harness';
import { P } from '../support/people';
import { benchRegister } from './register';
import { insightBench, writeInsightSection } from './insight';
import { preventionBench, writePreventionSection } from './prevention';
import { requestsPerCase, requestsPerIdleHour } from './case-cost';
import { startEchoBot } from './echo-bot';
import { CARD_TYPE, percentile, runLoad, submitTemplate, type LoadFigures } from './load';
import { memoryFigures, type MemoryFigures } from './memory';
import { writeReport } from './report';
import { describeTally, type Tally } from './requests';
import { cosmosRequests } from '../../src/core/cosmos/transport';
import { floodPartition } from '../../src/cases/model/flood';
import { workIdFor } from '../../src/core/work';
import { directoryBench } from './directory';
import { storeScale, type ScalePoint } from './store-scale';
import { transportFigures, type TransportFigures } from './transport';

function summary(name: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 1).padStart(8);
  return `${name.padEnd(52)} n=${String(s.length).padStart(5)}  p50 ${f(percentile(s, 50))} ms  p95 ${f(percentile(s, 95))} ms  max ${f(s[s.length - 1])} ms`;
}

function timeSync(fn: () => void, rounds: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());

export interface LoadRound {
  echo: LoadFigures;
  tryggmeld: LoadFigures;
  /** Longest event-loop block (ms) in the bot's process during each run. */
  echoLoopMaxMs: number;
  tryggmeldLoopMaxMs: number;
  tryggmeldLoopP99Ms: number;
  /** The load average when the round ended. */
  loadAverage: number;
}

export interface LoadComparison {
  clients: number;
  seconds: number;
  /** Echo bot and TryggMeld taking turns, so that a change in the shared machine's load falls on both. */
  rounds: LoadRound[];
  /** The round with the median ratio. */
  median: LoadRound;
  /** Notifications the fake Teams received during and right after the TryggMeld runs. */
  notificationsDelivered: number;
  /** Cosmos DB requests during the TryggMeld runs, per answered submit (warm-up included), and the slowest one (wall time, queueing included). */
  storeRequestsPerSubmit: number;
  storeRequestMax: { ms: number; kind: string };
}

/** The sequential measurements the bench has always had. */
async function sequential(rounds: number, lines: string[]): Promise<void> {
  const h = await startHarness({ DISPATCH_INTERVAL_MS: '1000' });
  try {
    const tina = h.user(P.tina);
    const rune = h.user(P.rune);
    await tina.install();
    await rune.install();
    const submit: number[] = [];
    const notify: number[] = [];
    const paced: number[] = [];
    // One reporter's hundreds of reports would be a flood (src/cases/model/flood.ts): after the first five the principal
    // gets one summary, rewritten every 5 s. The tally is forgotten before each, so every report is told one by one.
    const tally = { id: workIdFor(floodPartition(P.tina), 'case.flood', P.rune), partition: floodPartition(P.tina) };
    const submitOne = async (i: number, into: number[]) => {
      await h.bot.containers.cases.item(tally.id, tally.partition).delete().catch(() => undefined);
      const before = h.teams.in(rune.conversationId).length;
      const t0 = performance.now();
      const res = await tina.invoke('incident.submit', { date: today(), location: 'gym', types: 'physical', severity: 'minor', description: `Runde ${i}: slått i armen.`, clientRequestId: randomUUID() });
      submit.push(performance.now() - t0);
      if (res.body?.type !== CARD_TYPE) throw new Error(`unexpected answer ${JSON.stringify(res.body)}`);
      await h.teams.waitFor('the principal’s card', () => h.teams.in(rune.conversationId).slice(before).find((a) => cardOf(a.activity)), 60000);
      into.push(performance.now() - t0);
    };
    // Paced under Teams' per-chat limit (60 per 30 s): the pipeline's own latency.
    for (let i = 0; i < Math.min(rounds, 40); i++) {
      const started = performance.now();
      await submitOne(i, paced);
      await new Promise((r) => setTimeout(r, Math.max(0, 600 - (performance.now() - started))));
    }
    // Back to back into one principal's chat: the rate limiter spreads them out as Teams requires.
    for (let i = 0; i < rounds; i++) await submitOne(i, notify);
    lines.push(summary('incident.submit over HTTP: invoke to receipt', submit));
    lines.push(summary('submit to principal’s card, paced under 60/30 s', paced));
    lines.push(summary('submit to principal’s card, back to back (throttled)', notify));
    const forms: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const before = h.teams.in(tina.conversationId).length;
      const t0 = performance.now();
      await tina.say('meld');
      await h.teams.waitFor('the form', () => h.teams.in(tina.conversationId).length > before);
      forms.push(performance.now() - t0);
    }
    lines.push(summary('message to report form at Teams', forms));

    // Acting on a case: read, check, ETag-guarded batch with notices and card rewrites.
    const acks: number[] = [];
    const { resources: open } = await h.bot.containers.cases.items.query<{ caseId: string }>('SELECT c.caseId FROM c WHERE c.docType = "case" AND c.status = "reported"').fetchAll();
    for (const { caseId } of open.slice(0, rounds)) {
      const t0 = performance.now();
      await rune.invoke('incident.acknowledge', { incidentId: caseId });
      acks.push(performance.now() - t0);
    }
    lines.push(summary('incident.acknowledge over HTTP: invoke to updated card', acks));

    // Finding due work: each case leaves check-ins and reminders scheduled for later.
    const { resources: pending } = await h.bot.containers.cases.items.query<number>('SELECT VALUE COUNT(1) FROM c WHERE c.docType = "work" AND IS_DEFINED(c.dueAt)').fetchAll();
    const queries = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await h.bot.work.dueWork(new Date(), 50);
      queries.push(performance.now() - t0);
    }
    lines.push(summary(`due-work query, ${pending[0]} open items not yet due`, queries));
  } finally {
    await h.stop();
  }
}

/**
 * 16 keep-alive clients posting incident.submit: a bare bot on the same stack,
 * then TryggMeld, in this run, taking turns for `rounds` rounds. TryggMeld's
 * dispatcher rests while the echo bot is measured (what it still owes waits
 * for Teams' rate limits) and runs during its own turns.
 */
async function loadComparison(clients: number, seconds: number, rounds: number, log: (line: string) => void): Promise<LoadComparison> {
  const durationMs = seconds * 1000;
  const loop = monitorEventLoopDelay({ resolution: 5 });

  const echo = await startEchoBot();
  const echoUsers = [P.tina, P.per].map((id) => new TeamsUser(echo.url, 'http://127.0.0.1:9/', id));
  // TryggMeld as it runs: dispatcher on at its default interval, notices to the fake Teams, logs at info (formatted, then dropped).
  const teams = new FakeTeams();
  await teams.start();
  const config = loadConfig({ PORT: '0', DIRECTORY_FILE: FIXTURE_DIRECTORY, TEAMS_SERVICE_URL: teams.url });
  const bot = await startTryggMeld(config, { log: createLogger({}, 'info', () => {}) });
  const out: LoadRound[] = [];
  let delivered = 0;
  let storeRequests = 0;
  let answered = 0;
  let slowest = { ms: 0, kind: 'none' };
  try {
    const users = [P.tina, P.per].map((id) => new TeamsUser(bot.url, teams.url, id));
    for (const id of [P.tina, P.per, P.rune, P.vera, P.ola, P.anne, P.kari]) await new TeamsUser(bot.url, teams.url, id).install();
    for (let round = 0; round < rounds; round++) {
      await bot.dispatcher.stop();
      loop.reset();
      loop.enable();
      const echoFigures = await runLoad({ url: `${echo.url}/api/messages`, templates: echoUsers.map((u) => submitTemplate((f) => u.activity(f), today())), clients, durationMs, warmupMs: 1000, expect: CARD_TYPE });
      loop.disable();
      const echoLoopMaxMs = loop.max / 1e6;
      log(`  echo: ${echoFigures.perSecond.toFixed(0)}/s, p99 ${echoFigures.p99.toFixed(1)} ms, ${echoFigures.cpuMsPerRequest.botThread.toFixed(2)} ms CPU per request`);

      bot.dispatcher.start();
      const sentBefore = teams.activities.length;
      loop.reset();
      loop.enable();
      // Counted without keeping the requests: the bench's own memory must not weigh on the bot's garbage collector.
      const stopCounting = cosmosRequests.observe((r) => {
        storeRequests++;
        if (r.durationMs > slowest.ms) slowest = { ms: r.durationMs, kind: r.kind };
      });
      const tryggmeld = await runLoad({ url: `${bot.url}/api/messages`, templates: users.map((u) => submitTemplate((f) => u.activity(f), today())), clients, durationMs, warmupMs: 1000, expect: CARD_TYPE });
      await new Promise((r) => setTimeout(r, 1000));
      loop.disable();
      stopCounting();
      answered += tryggmeld.requestsAll;
      delivered += teams.activities.length - sentBefore;
      log(
        `  tryggmeld: ${tryggmeld.perSecond.toFixed(0)}/s, p99 ${tryggmeld.p99.toFixed(1)} ms, ${tryggmeld.cpuMsPerRequest.botThread.toFixed(2)} ms CPU per request${tryggmeld.errors ? `, ${tryggmeld.errors} errors (${tryggmeld.firstError})` : ''}`,
      );
      out.push({ echo: echoFigures, tryggmeld, echoLoopMaxMs, tryggmeldLoopMaxMs: loop.max / 1e6, tryggmeldLoopP99Ms: loop.percentile(99) / 1e6, loadAverage: loadavg()[0] });
    }
  } finally {
    await bot.stop();
    await teams.stop();
    await echo.stop();
  }
  const byRatio = [...out].sort((a, b) => a.tryggmeld.perSecond / a.echo.perSecond - b.tryggmeld.perSecond / b.echo.perSecond);
  return {
    clients,
    seconds,
    rounds: out,
    median: byRatio[Math.floor((byRatio.length - 1) / 2)],
    notificationsDelivered: delivered,
    storeRequestsPerSubmit: storeRequests / Math.max(1, answered),
    storeRequestMax: slowest,
  };
}

export interface BenchResults {
  label?: string;
  sequential: string[];
  load?: LoadComparison;
  perCase?: Tally & { cases: number };
  idle?: { perHour: Tally; intervalMs: number; idleIntervalMs: number; seconds: number };
  transport?: TransportFigures;
  store?: ScalePoint[];
  memory?: MemoryFigures;
  /** The directory's synchronisation with (a fake) Microsoft Graph: lines with their ratios. */
  directory?: string[];
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
  const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
  const sizes = (process.env.BENCH_STORE_SIZES ?? '1000,10000,100000').split(',').map(Number);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const results: BenchResults = { label: process.env.BENCH_LABEL, sequential: [] };
  const lines = results.sequential;

  const text = 'Eleven kastet en stol mot meg i klasserommet, ring 91234567. '.repeat(66).slice(0, 4000);
  lines.push(summary('national-id scan of a 4000-character description', timeSync(() => containsNationalIdNumber(text), 2000)));
  const values = { date: '2026-11-20', location: 'gym', types: 'physical,threat', severity: 'serious', description: text, riskFactors: 'alone,staffing' };
  lines.push(summary('report validation (all fields, 4000 characters)', timeSync(() => validateReport(values, { today: '2026-11-26', nowTime: '12:00', schoolIds: ['nordby'], defaultSchoolId: 'nordby' }), 2000)));

  if (!skip.has('load')) {
    log('load: echo bot vs TryggMeld');
    results.load = await loadComparison(Number(process.env.BENCH_CLIENTS ?? 16), Number(process.env.BENCH_LOAD_SECONDS ?? 8), Number(process.env.BENCH_LOAD_ROUNDS ?? 3), log);
  }
  if (!skip.has('sequential')) {
    log('sequential measurements');
    await sequential(rounds, lines);
  }
  if (!skip.has('requests')) {
    log('requests per case and per idle hour');
    results.perCase = await requestsPerCase(3);
    // A whole number of idle looks (every 15 s) and a bit: the hour is scaled from this.
    results.idle = await requestsPerIdleHour(Number(process.env.BENCH_IDLE_SECONDS ?? 61));
  }
  if (!skip.has('transport')) {
    log('transport');
    results.transport = await transportFigures(500);
  }
  if (!skip.has('store')) {
    log(`store at ${sizes.join(', ')} work items`);
    results.store = await storeScale(sizes, log);
  }
  if (!skip.has('register')) {
    // The injury register export, on a store of its own (1,300 cases).
    log('register export');
    const register = await startHarness({ DISPATCH_INTERVAL_MS: '60000' });
    try {
      lines.push(...(await benchRegister(register)));
    } finally {
      await register.stop();
    }
  }
  if (!skip.has('insight')) {
    // Statistics and digests at 1,000 cases per school, on a store of their own; their own section of docs/benchmarks.md.
    log('statistics and digests');
    const insight = await insightBench();
    lines.push(...insight);
    if (process.env.BENCH_WRITE !== '0') writeInsightSection(insight, `Statistics and digests (${new Date().toISOString().slice(0, 10)}, node ${process.version}, embedded store, test/bench/insight.ts)`);
  }
  if (!skip.has('prevention')) {
    // The risk card, the inspection folder and training at scale (issue 13), on a store of their own; their own section of docs/benchmarks.md.
    log('prevention: risk card, inspection folder, training');
    const prevention = await preventionBench();
    lines.push(...prevention);
    if (process.env.BENCH_WRITE !== '0') writePreventionSection(prevention, `Prevention (${new Date().toISOString().slice(0, 10)}, node ${process.version}, embedded store, test/bench/prevention.ts)`);
  }
  if (!skip.has('memory')) {
    log('memory');
    results.memory = await memoryFigures(Number(process.env.BENCH_MEMORY_SUBMITS ?? 2000), today());
  }
  if (!skip.has('directory')) {
    log('directory synchronisation');
    results.directory = await directoryBench();
  }

  const out: string[] = [`TryggMeld benchmarks (${new Date().toISOString()}, node ${process.version}, embedded store)`, ...lines];
  if (results.load) {
    const l = results.load;
    out.push(`load, ${l.clients} keep-alive clients, ${l.seconds} s of incident.submit, ${l.rounds.length} rounds taking turns:`);
    for (const r of l.rounds) {
      const line = (name: string, f: LoadFigures) =>
        `  ${name.padEnd(10)} ${f.perSecond.toFixed(0).padStart(6)}/s  p50 ${f.p50.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  errors ${f.errors}  CPU per request ${f.cpuMsPerRequest.botThread.toFixed(2)} ms (process ${f.cpuMsPerRequest.process.toFixed(2)} ms)`;
      out.push(line('echo bot', r.echo), line('TryggMeld', r.tryggmeld), `  ratio ${(r.tryggmeld.perSecond / r.echo.perSecond).toFixed(3)}; event loop max ${r.tryggmeldLoopMaxMs.toFixed(0)} ms (echo ${r.echoLoopMaxMs.toFixed(0)} ms); load average ${r.loadAverage.toFixed(1)}`);
    }
    out.push(
      `  ${l.notificationsDelivered} messages at Teams; ${l.storeRequestsPerSubmit.toFixed(2)} Cosmos DB requests per answered submit (dispatcher included); slowest ${l.storeRequestMax.ms.toFixed(1)} ms (${l.storeRequestMax.kind})`,
    );
  }
  if (results.perCase) out.push(`requests per case (report to close): ${describeTally(results.perCase, results.perCase.cases)}`);
  if (results.idle) out.push(`requests per idle hour (dispatch every ${results.idle.intervalMs} ms, idle every ${results.idle.idleIntervalMs} ms): ${describeTally(results.idle.perHour)}`);
  if (results.transport) {
    const tr = results.transport;
    out.push(`point read: to the store's thread ${tr.inProcessMs?.toFixed(3) ?? 'n/a'} ms, HTTPS keep-alive ${tr.keepAliveMs.toFixed(3)} ms, HTTPS new connection ${tr.newConnectionMs.toFixed(3)} ms`);
  }
  for (const p of results.store ?? []) {
    out.push(
      `store ${p.workItems} work items + ${p.cases} cases: due work ${p.dueWork.ms.toFixed(1)} ms (${p.dueWork.returned}; loop max ${p.dueWork.loopMaxMs.toFixed(0)} ms), one school's open cases ${p.openCasesOfOneSchool.ms.toFixed(1)} ms (${p.openCasesOfOneSchool.returned}; ${p.openCasesOfOneSchool.loopMaxMs.toFixed(0)} ms), all cases ${p.allCasesOfAllSchools.ms.toFixed(1)} ms (${p.allCasesOfAllSchools.returned}; ${p.allCasesOfAllSchools.loopMaxMs.toFixed(0)} ms)${p.openCasesOfAllSchools ? `, all open cases ${p.openCasesOfAllSchools.ms.toFixed(1)} ms (${p.openCasesOfAllSchools.returned}; ${p.openCasesOfAllSchools.loopMaxMs.toFixed(0)} ms)` : ''}`,
    );
  }
  if (results.memory) {
    const m = results.memory;
    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
    out.push(
      `memory after start / 200 warm-up / ${m.submits} submits / ${m.submits} more: bot RSS ${mb(m.bot.start.rss)} / ${mb(m.bot.warm.rss)} / ${mb(m.bot.after.rss)} / ${mb(m.bot.again.rss)}, heap ${mb(m.bot.start.heapUsed)} / ${mb(m.bot.warm.heapUsed)} / ${mb(m.bot.after.heapUsed)} / ${mb(m.bot.again.heapUsed)}; store RSS ${mb(m.store.start.rss)} / ${mb(m.store.warm.rss)} / ${mb(m.store.after.rss)} / ${mb(m.store.again.rss)}`,
    );
  }
  out.push(...(results.directory ?? []));
  process.stdout.write(`${out.join('\n')}\n`);
  if (process.env.BENCH_WRITE !== '0') writeReport(results);
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
