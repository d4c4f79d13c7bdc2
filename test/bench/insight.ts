/**
 * What statistics and digests cost at 1,000 cases per school: Cosmos DB
 * requests counted by the SDK (the query plan and every page), bytes
 * returned, an estimate of the request units on Azure, and time on this
 * machine, with ratios in one run (compact rows against whole cases). The
 * cases are stored as the product stores them (report, history, measures) by
 * the real SDK into the embedded store.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseIdFor, newCase, type Case } from '../../src/cases/model/case';
import { loadDirectory } from '../../src/config/directory-file';
import { validateReport } from '../../src/cases/model/report';
import { applyCommand } from '../../src/cases/model/transitions';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { zonedToUtc } from '../../src/core/clock';
import type { InsightFeature } from '../../src/insight';
import { newMeter, type QueryMeter } from '../../src/insight/store';
import { renderChart } from '../../src/insight/charts';
import { statisticsCard } from '../../src/insight/views';
import { renderCard } from '../../src/teams/card-renderer';
import { FIXTURE_DIRECTORY, startHarness, TravelClock } from '../support/harness';
import { countRequests, describeTally } from './requests';
import { P, TENANT } from '../support/people';

const CASES_PER_SCHOOL = Number(process.env.BENCH_INSIGHT_CASES ?? 1000);
const NOW = zonedToUtc('2027-06-15', '12:00', 'Europe/Oslo');

const LOCATIONS = ['classroom', 'corridor', 'schoolyard', 'gym', 'sfo', 'trip', 'transport', 'digital', 'other'];
const TYPES = ['physical', 'threat', 'harassment', 'digital', 'property', 'other'];
const SEVERITIES = ['minor', 'minor', 'minor', 'serious', 'serious', 'very-serious'];
const FACTORS = ['alone', 'worktime', 'staffing', 'competence', 'premises', 'other'];

/** A case as the product would have stored it after a typical life: reported, acknowledged, a comment, a measure, often closed. */
function seededCase(schoolId: string, i: number, date: string, principal: string): Case {
  const result = validateReport(
    {
      date,
      time: `${String(7 + (i % 10)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`,
      location: LOCATIONS[i % LOCATIONS.length],
      types: TYPES[i % TYPES.length] + (i % 4 === 0 ? ',threat' : ''),
      severity: SEVERITIES[i % SEVERITIES.length],
      perpetrator: i % 5 === 0 ? 'guardian' : 'pupil',
      pupilStage: ['1-4', '5-7', '8-10'][i % 3],
      injury: ['none', 'physical', 'psychological'][i % 3],
      sickLeave: String(i % 9 === 0),
      medicalTreatment: String(i % 7 === 0),
      riskFactors: `${FACTORS[i % 6]},${FACTORS[(i + 2) % 6]}`,
      description: `Eleven ble sint i overgangen mellom to økter og slo etter meg. Jeg fikk roet situasjonen etter en stund. Sak ${i}. `.repeat(3),
      immediateActions: 'Tilkalte kollega, snakket med eleven etterpå.',
    },
    { today: '2027-06-15', nowTime: '12:00', schoolIds: [schoolId], defaultSchoolId: schoolId },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const created = new Date(`${date}T10:00:00.000Z`);
  const clientRequestId = `bench-${schoolId}-${i}`;
  let c = newCase({ caseId: caseIdFor(TENANT, P.tina, clientRequestId), reference: `VT-2026-${String(i).padStart(4, '0')}`, tenantId: TENANT, reporterId: P.tina, clientRequestId, report: result.report, now: created });
  const step = (cmd: Parameters<typeof applyCommand>[1], hours: number) => {
    const r = applyCommand(c, cmd, { id: principal, viewer: 'principal' }, new Date(created.getTime() + hours * 3_600_000));
    if (r.ok) c = r.case;
  };
  step({ verb: 'acknowledge' }, 2 + (i % 30));
  step({ verb: 'comment', text: 'Vi tar dette opp på neste personalmøte.' }, 30);
  step({ verb: 'measure.propose', description: 'To voksne i friminuttet ved gymsalen', dueDate: '2027-06-30' }, 40);
  step({ verb: 'measure.approve', measureId: 'm1' }, 41);
  if (i % 3 !== 0) {
    step({ verb: 'measure.complete', measureId: 'm1' }, 200);
    for (const item of ['arbeidstilsynet', 'police', 'confirmation', 'nav'] as const) step({ verb: 'legal.mark', item }, 201);
    step({ verb: 'close', summary: 'Tiltaket er gjennomført og evaluert med verneombudet.' }, 240);
  }
  return c;
}

function dateIn(i: number, from: string, days: number): string {
  const d = new Date(`${from}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + (i % days));
  return d.toISOString().slice(0, 10);
}

interface Cost {
  /** At the client's transport, with the team's RU model (test/bench/requests.ts). */
  transport: string;
  ru: number;
  pages: number;
  rows: number;
  kb: number;
  /** As if every matched case were read whole by a point read: a bound a query served by the index stays under. */
  ruHigh: number;
}

/** One run of `run`, counted at the transport and by the store's own meter. */
async function costOf(run: () => Promise<{ meter: QueryMeter } | undefined>, matchedDocKb: number): Promise<Cost> {
  const counter = countRequests();
  const result = await run();
  const tally = counter.stop();
  const meter = result?.meter ?? newMeter();
  const pages = meter.requests - meter.queries;
  return { transport: describeTally(tally), ru: tally.ru, pages, rows: meter.rows, kb: meter.responseBytes / 1024, ruHigh: pages * 3 + Math.ceil(matchedDocKb) };
}

async function time<T>(rounds: number, fn: () => Promise<T>): Promise<{ p50: number; first: number; last: T }> {
  const samples: number[] = [];
  let last!: T;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    last = await fn();
    samples.push(performance.now() - t0);
  }
  const first = samples[0];
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length / 2)], first, last };
}

export async function insightBench(): Promise<string[]> {
  const clock = new TravelClock(NOW);
  const h = await startHarness({ DISPATCH_INTERVAL_MS: '60000' }, { clock: clock.now });
  const lines: string[] = [];
  try {
    const insight = h.bot.registry.features.find((f) => f.name === 'insight') as InsightFeature;
    const container = h.bot.containers.cases;
    // This school year (from 1 August 2026) and the year before, for each school.
    let storedBytes = 0;
    const docs: Case[] = [];
    for (const [schoolId, principal] of [['nordby', P.rune], ['sorby', P.ola]] as const) {
      for (let i = 0; i < CASES_PER_SCHOOL; i++) docs.push(seededCase(schoolId, i, dateIn(i, '2026-08-01', 318), principal));
      for (let i = 0; i < CASES_PER_SCHOOL; i++) docs.push(seededCase(schoolId, CASES_PER_SCHOOL + i, dateIn(i, '2025-08-01', 318), principal));
    }
    for (let i = 0; i < docs.length; i += 16) await Promise.all(docs.slice(i, i + 16).map((d) => container.items.create(d)));
    for (const d of docs) storedBytes += Buffer.byteLength(JSON.stringify(d));
    const avgDocKb = storedBytes / docs.length / 1024;

    // One principal's card: this school year at one school.
    const ok = async (person: string) => {
      const r = await insight.statisticsFor(person, {});
      if (r.kind !== 'ok') throw new Error('no statistics');
      return r;
    };
    const pCost = await costOf(() => ok(P.rune), CASES_PER_SCHOOL * 2 * avgDocKb);
    const principal = await time(10, () => ok(P.rune));
    const directory = loadDirectory(FIXTURE_DIRECTORY);
    const figures = principal.last.figures;
    const render = await time(10, async () => renderCard(statisticsCard({ language: 'nb', directory, figures, schoolId: 'nordby', choices: ['nordby'], allowAll: false })));
    const cardKb = (JSON.stringify(render.last).length * 2) / 1024;

    // The owner's card: every school, with the table (open cases too).
    const oCost = await costOf(() => ok(P.siri), (CASES_PER_SCHOOL * 4 + docs.filter((d) => d.status !== 'closed').length) * avgDocKb);
    const owner = await time(10, () => ok(P.siri));

    // Against reading each case whole, as a naive query would.
    const whole = newMeter();
    const naive = await time(10, async () => {
      const r = await container.items.query({ query: 'SELECT * FROM c WHERE c.docType = "case" AND c.schoolId = "nordby"' }, { maxItemCount: 1000 }).fetchAll();
      whole.responseBytes = (r.diagnostics?.clientSideRequestStatistics?.gatewayStatistics ?? []).reduce((n, g) => n + (g.responsePayloadLengthInBytes ?? 0), 0);
      return r.resources.length;
    });

    // Putting the weekly digests together for both schools, and again (a retry or a second instance: nothing new owed).
    const monday = zonedToUtc('2027-06-14', '06:30', 'Europe/Oslo');
    const t0 = performance.now();
    const digestCounter = countRequests();
    const firstDigest = await insight.prepareDigests('weekly', monday);
    const digestMs = performance.now() - t0;
    const digestRequests = describeTally(digestCounter.stop());
    const again = await time(3, () => insight.prepareDigests('weekly', monday));

    // A chart drawn afresh (not from the cache), after the first.
    const charts = await time(20, async () => renderChart({ kind: 'bar', horizontal: true, labels: ['Klasserom', 'Gang/korridor', 'Skolegård', 'Gymsal', 'SFO/AKS'], series: [{ label: 'Saker', values: [Math.random() * 100, 9, 6, 3, 2] }] }).length);

    const f = (n: number, d = 0) => n.toFixed(d);
    lines.push(
      `statistics card, one school, ${CASES_PER_SCHOOL} cases this school year + ${CASES_PER_SCHOOL} the year before: ${pCost.transport}; ${pCost.pages} result pages, ${pCost.rows} rows, ${f(pCost.kb)} KB returned (at most ~${pCost.ruHigh} RU if every case were read whole); p50 ${f(principal.p50, 1)} ms (queries) + ${f(render.p50, 1)} ms to the card (${f(render.first, 1)} ms the first time, drawing ${(JSON.stringify(render.last).match(/data:image/g) ?? []).length} charts); card ${f(cardKb, 1)} KB as UTF-16`,
      `statistics card, owner, all schools (2 × ${CASES_PER_SCHOOL} + open cases): ${oCost.transport}; ${oCost.pages} result pages, ${oCost.rows} rows, ${f(oCost.kb)} KB returned (at most ~${oCost.ruHigh} RU); p50 ${f(owner.p50, 1)} ms`,
      `compact rows vs whole cases for one school (${naive.last} cases): ${f(whole.responseBytes / 1024)} KB vs ${f(pCost.kb)} KB returned (ratio ${f(whole.responseBytes / 1024 / pCost.kb, 1)}), p50 ${f(naive.p50, 1)} ms vs ${f(principal.p50, 1)} ms (ratio ${f(naive.p50 / principal.p50, 2)}); a stored case is ${f(avgDocKb, 1)} KB`,
      `weekly digests put together for 2 schools: ${f(digestMs, 1)} ms, ${firstDigest.digests} digests; ${digestRequests} (3 queries for all schools, whatever their number, then one write per digest); run again: p50 ${f(again.p50, 1)} ms, ${again.last.digests} new`,
      `one chart drawn (horizontal bars, 400 px wide, palette PNG): p50 ${f(charts.p50, 1)} ms, ${f(charts.last / 1024, 1)} KB`,
    );
  } finally {
    await h.stop();
  }
  return lines;
}

/** Writes the figures into docs/benchmarks.md between this section's markers. */
export function writeInsightSection(lines: string[], header: string): void {
  const file = join(PROJECT_ROOT, 'docs', 'benchmarks.md');
  const start = '<!-- insight:start -->';
  const end = '<!-- insight:end -->';
  let doc: string;
  try {
    doc = readFileSync(file, 'utf8');
  } catch {
    doc = '# Benchmarks\n\n`npm run bench` measures these on the machine it runs on; the figures below are from the last run.\n';
  }
  const block = `${start}\n${header}\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n${end}`;
  doc = doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
}
