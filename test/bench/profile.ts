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
 * one measures the turn without a store).
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
import { countRequests, describeTally } from './requests';

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
  process.stdout.write(`echo: ${figures.perSecond.toFixed(0)}/s p50 ${figures.p50.toFixed(1)} ms p99 ${figures.p99.toFixed(1)} ms errors ${figures.errors}; main thread ${(cpu / figures.requests).toFixed(2)} ms CPU per request (warm-up included)\n`);
  await bot.stop();
}

async function main(): Promise<void> {
  if (process.env.PROFILE_ECHO === '1') return echo();
  const teams = new FakeTeams();
  await teams.start();
  const config = loadConfig({ PORT: '0', DIRECTORY_FILE: FIXTURE_DIRECTORY, TEAMS_SERVICE_URL: teams.url });
  const bot = await startTryggMeld(config, { log: createLogger({}, 'info', () => {}) });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  try {
    const users = [P.tina, P.per].map((id) => new TeamsUser(bot.url, teams.url, id));
    for (const id of [P.tina, P.per, P.rune, P.vera, P.ola, P.anne, P.kari]) await new TeamsUser(bot.url, teams.url, id).install();
    const sentBefore = teams.activities.length;
    const profiler = process.env.PROFILE_OUT ? await startProfiler() : undefined;
    loop.enable();
    const cpu0 = mainThreadCpuMs();
    const counter = countRequests();
    const verb = process.env.PROFILE_VERB;
    const templates = users.map((u) => submitTemplate((f) => u.activity(f), today())).map((t) => (verb ? t.replace('"incident.submit"', JSON.stringify(verb)) : t));
    const figures = await runLoad({ url: `${bot.url}/api/messages`, templates, clients, durationMs: seconds * 1000, warmupMs: 1000, expect: CARD_TYPE });
    const cpu = mainThreadCpuMs() - cpu0;
    await new Promise((r) => setTimeout(r, 1000));
    loop.disable();
    const tally = counter.stop();
    if (profiler) writeFileSync(process.env.PROFILE_OUT!, JSON.stringify(await profiler.stop()));
    process.stdout.write(
      `${figures.perSecond.toFixed(0)}/s p50 ${figures.p50.toFixed(1)} ms p99 ${figures.p99.toFixed(1)} ms errors ${figures.errors}${figures.firstError ? ` (${figures.firstError})` : ''}\n` +
        `main thread ${(cpu / figures.requests).toFixed(2)} ms CPU per answered submit (warm-up included)\n` +
        `event loop max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms; ${teams.activities.length - sentBefore} messages at Teams\n` +
        `store: ${describeTally(tally, Math.max(1, figures.requests))} per answered submit\n`,
    );
  } finally {
    await bot.stop();
    await teams.stop();
  }
}

async function startProfiler(): Promise<{ stop(): Promise<unknown> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
