/**
 * `npm run bench:delivery`: figures for delivery under faults and for card
 * size, not pass/fail. Runs the real server with the embedded store and the
 * fake Teams connector, and writes the figures into docs/benchmarks.md
 * between its own markers (BENCH_WRITE=0: print only).
 *
 * - the largest card the bot sends or answers with, for the longest case the
 *   form and the verbs allow (every role, language and history page), as Teams
 *   counts it (UTF-16);
 * - the time from a report to the other people's cards, with and without one
 *   principal's chat hanging (Teams never answers; the default 15 s limit);
 * - after a 150 s Teams outage (every proactive call answered 503), how long
 *   until the principal has the case, on the bot's clock moved in 1 s steps.
 *
 * Knobs: BENCH_HANG_ROUNDS (8), BENCH_OUTAGE_RUNS (5).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { startHarness, TravelClock, type Harness } from '../support/harness';
import { newMessagesAbout } from '../support/case-flow';
import { activityOf, everyCard, longCase, utf16Bytes } from '../support/long-case';
import { P } from '../support/people';

const START = '<!-- bench:delivery:start (written by npm run bench:delivery) -->';
const END = '<!-- bench:delivery:end -->';
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function submit(h: Harness, who: string, fields: Record<string, string> = {}): Promise<string> {
  const res = await h.user(who).invoke('incident.submit', { date: today(), location: 'classroom', types: 'physical', severity: 'serious', description: 'Slått.', ...fields, clientRequestId: randomUUID() });
  const caseId = (res.body?.value as { refresh?: { action: { data: { incidentId: string } } } } | undefined)?.refresh?.action.data.incidentId;
  if (!caseId) throw new Error(`no case: ${JSON.stringify(res.body).slice(0, 300)}`);
  return caseId;
}

function largestCard(): { bytes: number; name: string; count: number } {
  const sizes = everyCard(longCase()).map(({ name, view, summary }) => ({ name, bytes: utf16Bytes(activityOf(view, summary)) }));
  const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return { ...largest, count: sizes.length };
}

/** Report at Sørby to its two principals and safety representative: ms until all three have their card. */
async function sorbyRounds(h: Harness, rounds: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    // A new colleague each round (anyone in the tenant may report): one person's many reports would be summed up after five.
    const caseId = await submit(h, randomUUID(), { schoolId: 'sorby' });
    await h.teams.waitFor('the Sørby cards', () => [P.ola, P.anne, P.kari].every((who) => newMessagesAbout(h, who, caseId).length > 0), 60000);
    out.push(performance.now() - t0);
  }
  return out;
}

async function whileOneChatHangs(rounds: number): Promise<{ normal: number[]; hanging: number[] }> {
  const h = await startHarness();
  try {
    for (const who of [P.tina, P.rune, P.per, P.ola, P.anne, P.eva]) await h.user(who).install();
    const normal = await sorbyRounds(h, rounds);
    const rune = h.user(P.rune).conversationId;
    let hung = 0;
    h.teams.fault = ({ method, conversationId }) => (method === 'POST' && conversationId === rune ? (hung++, { status: 0, hang: true }) : undefined);
    await submit(h, P.tina, { severity: 'very-serious' });
    await h.teams.waitFor("the principal's chat to hang", () => hung > 0);
    const hanging = await sorbyRounds(h, rounds);
    return { normal, hanging };
  } finally {
    await h.stop();
  }
}

/** Virtual seconds from the end of a 150 s outage to the principal's card, one per run. */
async function afterOutage(runs: number): Promise<number[]> {
  const clock = new TravelClock();
  const h = await startHarness({}, { clock: clock.now });
  try {
    for (const who of [P.tina, P.rune]) await h.user(who).install();
    const out: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = clock.now().getTime();
      const end = start + 150_000;
      h.teams.fault = ({ method }) => (method === 'POST' && clock.now().getTime() < end ? { status: 503 } : undefined);
      const caseId = await submit(h, P.tina);
      let t = 0;
      while (newMessagesAbout(h, P.rune, caseId).length === 0 && t < 600_000) {
        t += 1000;
        clock.setTo(new Date(start + t));
        await h.bot.dispatcher.runOnce();
      }
      out.push((t - 150_000) / 1000);
      h.teams.fault = undefined;
      // The next run an hour later: one person's reports within the hour are summed up after five.
      clock.setTo(new Date(clock.now().getTime() + 3600_000));
    }
    return out;
  } finally {
    await h.stop();
  }
}

function write(section: string): void {
  const file = join(PROJECT_ROOT, 'docs', 'benchmarks.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${START}\n${section}\n${END}`;
  const next = text.includes(START) && text.includes(END) ? text.replace(new RegExp(`${START.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*?${END}`), block) : `${text.trimEnd()}\n\n## Delivery under faults and card size\n\n${block}\n`;
  writeFileSync(file, next);
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_HANG_ROUNDS ?? 8);
  const runs = Number(process.env.BENCH_OUTAGE_RUNS ?? 5);
  const card = largestCard();
  const { normal, hanging } = await whileOneChatHangs(rounds);
  const outage = await afterOutage(runs);
  const f = (n: number) => n.toFixed(0);
  const section = [
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}; shared cores: compare within the run.`,
    '',
    '| what | figure |',
    '|---|---|',
    `| largest card, of ${card.count} (every role, language and history page of the longest case; the check-in, cluster alert and flood summary) | ${(card.bytes / 1024).toFixed(1)} KB as UTF-16 (${card.name}); Teams' limit is about 100 KB |`,
    `| report to all three Sørby cards, no fault (n=${normal.length}) | p50 ${f(median(normal))} ms, max ${f(Math.max(...normal))} ms |`,
    `| the same while Nordby's principal's chat hangs (n=${hanging.length}) | p50 ${f(median(hanging))} ms, max ${f(Math.max(...hanging))} ms; ratio of medians ${(median(hanging) / median(normal)).toFixed(2)} |`,
    `| after a 150 s outage: until the principal has the case (bot's clock in 1 s steps, n=${outage.length}) | ${outage.map((s) => `${s} s`).join(', ')} after the outage ended (median ${median(outage)} s; backoff capped at 120 s) |`,
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (process.env.BENCH_WRITE !== '0') write(section);
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
