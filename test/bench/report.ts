/** Writes a bench run's figures into docs/benchmarks.md, between its markers; the rest of the file is left as written. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { RU_ASSUMPTIONS, type Tally } from './requests';
import type { LoadFigures } from './load';
import type { BenchResults, LoadRound } from './run';
import type { Memory, MemoryFigures } from './memory';

const START = '<!-- bench:figures:start (written by npm run bench) -->';
const END = '<!-- bench:figures:end -->';

const FILE = join(PROJECT_ROOT, 'docs', 'benchmarks.md');

const HEADER = `# Benchmarks

Figures, not pass/fail: no test asserts on them. Run them with

\`\`\`sh
npm run bench
\`\`\`

(builds with \`tsc -p tsconfig.json\`, then runs \`dist/test/bench/run.js\`; about ten minutes on two cores). The run writes its figures
between the markers below and leaves the rest of this file as it is.

`;

const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? 'n/a' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const mb = (n: number) => (n / 1048576).toFixed(1);

function tallyTable(t: Tally, per: number): string[] {
  const rows = Object.entries(t.byKind)
    .sort(([, a], [, b]) => b.requests - a.requests)
    .map(([kind, v]) => `| ${kind} | ${(v.requests / per).toFixed(1)} | ${(v.ru / per).toFixed(0)} |`);
  return ['| kind | requests | RU (estimate) |', '|---|---:|---:|', ...rows, `| **all** | **${(t.requests / per).toFixed(1)}** | **${(t.ru / per).toFixed(0)}** |`];
}

export function figures(r: BenchResults): string {
  const cpu = cpus();
  const out: string[] = [
    `## Latest run${r.label ? `: ${r.label}` : ''}`,
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, ${osType()} ${release()}, Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(', ')} at the end. The cores are shared with other work, so compare the ratios of one run rather than absolute figures across runs.`,
    '',
  ];
  if (r.load) {
    const l = r.load;
    const m = l.median;
    const ratio = (x: LoadRound) => x.tryggmeld.perSecond / x.echo.perSecond;
    const row = (round: number, name: string, f: LoadFigures, loopMax: number, loopP99?: number) =>
      `| ${round} | ${name} | ${f.perSecond.toFixed(0)} | ${ms(f.p50)} | ${ms(f.p99)} | ${ms(f.max)} | ${f.errors} | ${f.cpuMsPerRequest.botThread.toFixed(2)} (${f.cpuMsPerRequest.process.toFixed(2)}) | ${ms(loopMax)}${loopP99 === undefined ? '' : ` (p99 ${ms(loopP99)})`} |`;
    out.push(
      `### Under load: ${l.clients} keep-alive clients posting \`incident.submit\` for ${l.seconds} s, ${l.rounds.length} rounds`,
      '',
      'Valid minor reports, each with a fresh clientRequestId, from two reporters at two schools; the load generator runs in a worker thread. TryggMeld runs with the embedded store (in its thread), its dispatcher at the default interval and a fake Teams connector receiving the notices; the echo bot is restify + TeamsAdapter answering every invoke with a fixed card. The two take turns, so that a change in the shared machine\'s load falls on both; TryggMeld\'s dispatcher rests during the echo bot\'s turns. CPU per request: the bot\'s own thread (in brackets the whole process but the load generator: with TryggMeld, the store\'s thread too), warm-up included.',
      '',
      '| round | | requests/s | p50 ms | p99 ms | max ms | errors | CPU ms per request | event loop max ms |',
      '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
      ...l.rounds.flatMap((x, i) => [row(i + 1, 'echo bot', x.echo, x.echoLoopMaxMs), row(i + 1, 'TryggMeld', x.tryggmeld, x.tryggmeldLoopMaxMs, x.tryggmeldLoopP99Ms)]),
      '',
      `Ratio TryggMeld / echo per round: ${l.rounds.map((x) => `${ratio(x).toFixed(3)} (load average ${x.loadAverage.toFixed(1)})`).join(', ')}. **Median ${ratio(m).toFixed(3)}** (target ≥ 0.5); in that round TryggMeld's p99 ${ms(m.tryggmeld.p99)} ms (target ≤ 100 ms), its CPU per request ${(m.tryggmeld.cpuMsPerRequest.botThread / m.echo.cpuMsPerRequest.botThread).toFixed(1)} × the echo bot's. ${l.notificationsDelivered} messages reached the fake Teams during TryggMeld's turns and the second after each (Teams' limit of 60 per 30 s per chat spreads the rest out). The echo bot's event-loop maximum is what the shared machine alone causes.`,
      '',
      `During TryggMeld's turns: ${l.storeRequestsPerSubmit.toFixed(2)} Cosmos DB requests per answered submit (the dispatcher's included); the slowest took ${ms(l.storeRequestMax.ms)} ms (${l.storeRequestMax.kind}; wall time from the SDK's handing it over to the answer, queueing included).`,
      '',
    );
  }
  if (r.perCase || r.idle) {
    out.push('### Cosmos DB requests', '', 'Counted at the client\'s transport (every request @azure/cosmos sends, retries included).', '');
    if (r.perCase) {
      out.push(
        `Per case from report to close (mean of ${r.perCase.cases}; the form asked for and sent, acknowledged, a measure proposed, approved and completed, four legal steps marked, closed; the dispatcher running on nudges only):`,
        '',
        ...tallyTable(r.perCase, r.perCase.cases),
        '',
      );
    }
    if (r.idle) out.push(`Per idle hour (the defaults: dispatcher every ${r.idle.intervalMs} ms while there is work, every ${r.idle.idleIntervalMs} ms while none is due; counted over ${r.idle.seconds} s and scaled):`, '', ...tallyTable(r.idle.perHour, 1), '');
    out.push('RU assumptions (the embedded store reports 1 RU for everything):', '', ...RU_ASSUMPTIONS.map((a) => `- ${a}`), '');
  }
  if (r.transport) {
    const tr = r.transport;
    out.push(
      '### Transport to the embedded store',
      '',
      'One point read of a 1 KB document, mean of 500, same store, same run:',
      '',
      '| to the store’s thread, in this process | HTTPS, kept-alive connection | HTTPS, new connection per request |',
      '|---:|---:|---:|',
      `| ${tr.inProcessMs === undefined ? 'n/a' : `${tr.inProcessMs.toFixed(3)} ms`} | ${tr.keepAliveMs.toFixed(3)} ms | ${tr.newConnectionMs.toFixed(3)} ms |`,
      '',
    );
  }
  if (r.store?.length) {
    out.push(
      '### The embedded store as it fills',
      '',
      'N work items (half of them open, one in a hundred of those due now, the rest done) plus N/4 cases over 50 schools. Up to 11 queries each through the SDK and the store the app reads with: the due work as the dispatcher reads it (WorkStore), one school\'s open cases as the cluster check (CaseStore.casesOfSchools), every case of every school as the tab\'s case list for the owner\'s roles (RegisterStore.listCases), every school\'s open cases as the daily summary (TaskStore.openCases).',
      '',
      'Each cell: median ms of one query (what it returned) / the longest event-loop block in ms while it ran.',
      '',
      '| work items | documents | due work (TOP 50) | ms per 1k docs | one school\'s open cases | all cases of all 50 schools | open cases of all 50 schools |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...r.store.map((p) => {
        const docs = p.workItems + p.cases;
        const cell = (q: { ms: number; returned: number; loopMaxMs: number }) => `${ms(q.ms)} (${q.returned}) / ${ms(q.loopMaxMs)}`;
        return `| ${p.workItems} | ${docs} | ${cell(p.dueWork)} | ${ms((p.dueWork.ms * 1000) / docs)} | ${cell(p.openCasesOfOneSchool)} | ${cell(p.allCasesOfAllSchools)} | ${p.openCasesOfAllSchools ? cell(p.openCasesOfAllSchools) : 'n/a'} |`;
      }),
      '',
    );
    const [a, b] = [r.store[r.store.length - 2], r.store[r.store.length - 1]];
    if (a && b) {
      const n = (b.workItems + b.cases) / (a.workItems + a.cases);
      out.push(`From ${a.workItems} to ${b.workItems} work items (×${n.toFixed(0)} documents) the due-work query took ×${(b.dueWork.ms / a.dueWork.ms).toFixed(1)} as long, one school's list ×${(b.openCasesOfOneSchool.ms / a.openCasesOfOneSchool.ms).toFixed(1)}, all cases ×${(b.allCasesOfAllSchools.ms / a.allCasesOfAllSchools.ms).toFixed(1)}${b.openCasesOfAllSchools && a.openCasesOfAllSchools ? `, all open cases ×${(b.openCasesOfAllSchools.ms / a.openCasesOfAllSchools.ms).toFixed(1)}` : ''} (linear: ×${n.toFixed(0)}).`, '');
    }
  }
  if (r.memory) {
    const m = r.memory;
    const row = (name: string, f: (x: Memory) => number, s: MemoryFigures['bot']) => `| ${name} | ${mb(f(s.start))} | ${mb(f(s.warm))} | ${mb(f(s.after))} | ${mb(f(s.again))} |`;
    const change = (a: number, b: number) => `${b - a >= 0 ? '+' : '−'}${mb(Math.abs(b - a))} MB`;
    out.push(
      '### Memory',
      '',
      `The bot (\`dist/src/index.js\`) and the Cosmos DB protocol server in processes of their own, the bot pointed at the store by COSMOS_ENDPOINT; each reports its memory after a full garbage collection. ${m.submits} submits by 16 clients${m.errors ? `, ${m.errors} errors` : ''}; the notices they owe are still being sent at the end.`,
      '',
      `| MB | after start | after 200 submits | after ${m.submits} more | after ${m.submits} more again |`,
      '|---|---:|---:|---:|---:|',
      row('bot RSS', (x) => x.rss, m.bot),
      row('bot heap used', (x) => x.heapUsed, m.bot),
      row('bot heap held (heapTotal)', (x) => x.heapTotal, m.bot),
      row('bot external (buffers)', (x) => x.external, m.bot),
      row('store RSS', (x) => x.rss, m.store),
      row('store heap used', (x) => x.heapUsed, m.store),
      '',
      `The bot's heap used: ${change(m.bot.warm.heapUsed, m.bot.after.heapUsed)} over the first ${m.submits} submits after the warm-up, ${change(m.bot.after.heapUsed, m.bot.again.heapUsed)} over the next ${m.submits}; its RSS ${change(m.bot.warm.rss, m.bot.after.rss)}, then ${change(m.bot.after.rss, m.bot.again.rss)}.`,
      '',
    );
  }
  out.push('### Sequential (one request at a time)', '', '```', ...r.sequential, '```', '');
  if (r.directory?.length) {
    out.push(
      '### The directory from (a fake) Microsoft Graph',
      '',
      '60 schools of 100 staff with 2 principals and 2 safety representatives each; Graph pages as Graph sends them (100 members per delta entry, 999 per member-list page); the embedded store. Only the Graph traffic is faked: its latency is this machine\'s, not the internet\'s.',
      '',
      '```',
      ...r.directory,
      '```',
      '',
    );
  }
  return out.join('\n');
}


export function writeReport(r: BenchResults): void {
  const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : `${HEADER}${START}\n${END}\n`;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const body = `${START}\n${figures(r)}\n${END}`;
  const next = start >= 0 && end > start ? text.slice(0, start) + body + text.slice(end + END.length) : `${text.trimEnd()}\n\n${body}\n`;
  writeFileSync(FILE, next);
  process.stderr.write(`figures written to ${FILE}\n`);
}
