/**
 * What the prevention features cost (issue 13), through the real feature
 * verbs and download kinds on the embedded store: the `risiko` card with 10
 * and 60 situations (the limit) and each situation's case count at 100 and
 * 1,000 cases of the school's last 12 months; the inspection folder's PDF
 * (time, size) at 100 and 1,000 cases; the `opplæring` card and coverage at
 * 50 and 500 staff with 100 entries in the log. Ratios within one run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseIdFor, newCase, type Case } from '../../src/cases/model/case';
import { validateReport, LOCATIONS, INCIDENT_TYPES } from '../../src/cases/model/report';
import { TIMES_OF_DAY } from '../../src/cases/model/time-of-day';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { zonedToUtc } from '../../src/core/clock';
import type { CardView } from '../../src/core/cards';
import type { Directory } from '../../src/core/directory';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { applyRiskCommand, emptyAssessment, parseRiskCommand, type RiskAssessment, type RiskCommand } from '../../src/risk/model';
import { renderCard } from '../../src/teams/card-renderer';
import { coverage, newTrainingEntry, parseTrainingEntry, planItems, updateStaffRecord, type TrainingEntry } from '../../src/training/model';
import { startHarness, TravelClock, type Harness } from '../support/harness';
import { P, TENANT } from '../support/people';
import { countRequests, describeTally } from './requests';

const NOW = zonedToUtc('2027-06-15', '12:00', 'Europe/Oslo');
const TODAY = '2027-06-15';

function seededCase(i: number): Case {
  const date = new Date(Date.UTC(2026, 5, 20) + (i % 355) * 86400000).toISOString().slice(0, 10);
  const result = validateReport(
    {
      date,
      time: `${String(7 + (i % 10)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`,
      location: LOCATIONS[i % LOCATIONS.length],
      types: INCIDENT_TYPES[i % INCIDENT_TYPES.length],
      severity: ['minor', 'minor', 'serious', 'very-serious'][i % 4],
      perpetrator: 'pupil',
      pupilStage: '5-7',
      injury: i % 4 ? 'none' : 'physical',
      riskFactors: 'alone,staffing',
      description: `Eleven ble sint i overgangen mellom to økter og slo etter meg. Sak ${i}. `.repeat(3),
    },
    { today: TODAY, nowTime: '12:00', schoolIds: ['nordby'], defaultSchoolId: 'nordby' },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const clientRequestId = `bench-prevention-${i}`;
  return newCase({ caseId: caseIdFor(TENANT, P.tina, clientRequestId), reference: `VT-2026-${String(i).padStart(4, '0')}`, tenantId: TENANT, reporterId: P.tina, clientRequestId, report: result.report, now: new Date(`${date}T10:00:00.000Z`) });
}

/** An assessment of `n` situations, each at a place and a time of day (so cases match by themselves), with two approved measures. */
function assessment(n: number): RiskAssessment {
  let a = emptyAssessment('nordby', NOW);
  const step = (verb: RiskCommand['verb'], data: Record<string, unknown>) => {
    const parsed = parseRiskCommand(verb, data, { today: TODAY, possibleOwners: [P.rune, P.tina, P.vera] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const r = applyRiskCommand(a, parsed.command, { id: P.rune, role: 'principal' }, NOW);
    if (!r.ok) throw new Error(JSON.stringify(r.refusal));
    a = r.assessment;
  };
  for (let i = 0; i < n; i++) {
    step('add', { situation: `Situasjon ${i + 1}: utagering ved overgang, ${LOCATIONS[i % LOCATIONS.length]}`, likelihood: String(1 + (i % 5)), consequence: String(1 + ((i * 3) % 5)), location: LOCATIONS[i % LOCATIONS.length], timeOfDay: TIMES_OF_DAY[Math.floor(i / LOCATIONS.length) % TIMES_OF_DAY.length], factors: 'alone,staffing', barriers: 'Alarm, to voksne i friminuttet', clientRequestId: `s-${i}` });
    for (const m of ['m1', 'm2']) {
      step('measure.propose', { situationId: `s${i + 1}`, description: `Tiltak ${m} for situasjon ${i + 1}`, owner: P.tina, dueDate: '2027-08-30' });
      step('measure.approve', { situationId: `s${i + 1}`, measureId: m });
    }
  }
  return a;
}

async function time<T>(rounds: number, fn: () => Promise<T>): Promise<{ p50: number; first: number; last: T }> {
  const samples: number[] = [];
  let last!: T;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    last = await fn();
    samples.push(performance.now() - t0);
  }
  const first = samples[0]!;
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length / 2)]!, first, last };
}

const staffId = (i: number) => `b1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** The directory with `n` staff at Nordby (the principal and the safety representative among them). */
function withStaff(base: Directory, n: number): Directory {
  const members = Array.from({ length: n - 2 }, (_, i) => staffId(i));
  return {
    ...base,
    schools: base.schools.map((s) => (s.id === 'nordby' ? { ...s, members } : s)),
    people: [...base.people.filter((p) => !p.aadObjectId.startsWith('b1b2c3d4')), ...members.map((id, i) => ({ aadObjectId: id, name: `Ansatt ${i + 1} Etternavn`, locale: 'nb-NO' }))],
  };
}

export async function preventionBench(): Promise<string[]> {
  const clock = new TravelClock(NOW);
  const h: Harness = await startHarness({ DISPATCH_INTERVAL_MS: '60000' }, { clock: clock.now });
  const lines: string[] = [];
  const f = (n: number, d = 1) => n.toFixed(d);
  try {
    const container = h.bot.containers.cases;
    const actor = { id: P.rune, language: 'nb' as const, personalChat: true };
    const riskView = h.bot.registry.verb('risk.view')!;
    const trainingView = h.bot.registry.verb('training.view')!;
    const folder = h.bot.registry.download('inspection-folder')!;
    const cardOf = (answer: Awaited<ReturnType<typeof riskView>>) => ('card' in answer ? (answer.card as CardView) : undefined);
    const kb = (view: CardView | undefined) => (view ? (JSON.stringify(renderCard(view)).length * 2) / 1024 : 0);

    const seed = async (from: number, to: number) => {
      const docs = Array.from({ length: to - from }, (_, i) => seededCase(from + i));
      for (let i = 0; i < docs.length; i += 16) await Promise.all(docs.slice(i, i + 16).map((d) => container.items.create(d)));
    };
    const assessments = { 10: assessment(10), 60: assessment(60) };
    const riskCard = async (n: 10 | 60) => {
      await container.items.upsert(assessments[n]);
      const counter = countRequests();
      const once = await riskView({ actor, data: { schoolId: 'nordby' } });
      const requests = describeTally(counter.stop());
      const t = await time(10, async () => renderCard(cardOf(await riskView({ actor, data: { schoolId: 'nordby' } }))!));
      return { p50: t.p50, requests, kb: kb(cardOf(once)) };
    };
    const pdf = async () => {
      const t = await time(3, () => folder.produce({ personId: P.rune, language: 'nb', format: 'pdf', params: { school: 'nordby' } }));
      return { p50: t.p50, first: t.first, kb: Buffer.byteLength(t.last.body) / 1024 };
    };

    // 100 training entries over the last year, 20 of 50 staff each, for the folder and the card.
    const base = h.bot.directory.current;
    h.bot.directory.replace(withStaff(base, 50), {});
    const staff50 = [P.rune, P.vera, ...Array.from({ length: 48 }, (_, i) => staffId(i))];
    const entries: TrainingEntry[] = [];
    for (let i = 0; i < 100; i++) {
      const date = new Date(Date.UTC(2026, 6, 1) + i * 3 * 86400000).toISOString().slice(0, 10);
      const participants = Array.from({ length: 20 }, (_, k) => staff50[(i * 7 + k) % staff50.length]).join(',');
      const parsed = parseTrainingEntry({ date, kind: ['drill', 'course', 'routines', 'newStaff'][i % 4], topic: `Øvelse ${i + 1}: utagerende elev`, participants, durationMinutes: '60', notes: 'Gjennomgang av alarm og varsling.'.repeat(3), clientRequestId: `bench-training-${i}` }, { today: TODAY, staff: staff50, situationIds: [] });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      entries.push(newTrainingEntry('nordby', parsed.fields, P.rune, new Date(`${date}T14:00:00Z`)));
    }
    for (const e of entries) await container.items.create(e);
    const record = updateStaffRecord(undefined, 'nordby', staff50, new Date('2026-06-01T08:00:00Z'))!;
    await container.items.create(record);

    await seed(0, 100);
    await riskCard(10); // warm-up: the first cards compile the templates and the code paths
    const r10a = await riskCard(10);
    const r60a = await riskCard(60);
    const pdfA = await pdf();
    await seed(100, 1000);
    await riskCard(10); // the same warm-up after the 900 writes
    const r10b = await riskCard(10);
    const r60b = await riskCard(60);
    const pdfB = await pdf();
    lines.push(
      `risiko card, 10 situations with their case counts: 100 -> 1000 cases in 12 months: p50 ${f(r10a.p50)} -> ${f(r10b.p50)} ms (x${f(r10b.p50 / r10a.p50, 2)}); at 1000: ${r10b.requests}; card ${f(r10b.kb)} KB as UTF-16`,
      `risiko card, 60 situations (the limit): 100 -> 1000 cases: p50 ${f(r60a.p50)} -> ${f(r60b.p50)} ms (x${f(r60b.p50 / r60a.p50, 2)}); 60 vs 10 situations at 1000 cases x${f(r60b.p50 / r10b.p50, 2)}; at 1000: ${r60b.requests}; card ${f(r60b.kb)} KB as UTF-16`,
      `inspection folder PDF (60 situations, 100 training entries, register extract): 100 -> 1000 cases: p50 ${f(pdfA.p50, 0)} -> ${f(pdfB.p50, 0)} ms (x${f(pdfB.p50 / pdfA.p50, 2)}; first ${f(pdfA.first, 0)} ms), ${f(pdfA.kb, 0)} -> ${f(pdfB.kb, 0)} KB`,
    );

    // Training: the card through the verb, and coverage with the plan in-process, at 50 and 500 staff.
    const trainingCard = async (n: number) => {
      h.bot.directory.replace(withStaff(base, n), {});
      const staff = [P.rune, P.vera, ...Array.from({ length: n - 2 }, (_, i) => staffId(i))];
      const t = await time(10, async () => cardOf(await trainingView({ actor, data: { schoolId: 'nordby' } })));
      const pure = await time(50, async () => [coverage(entries, staff, '2026-06-15'), planItems(entries, record, staff, DEFAULT_SCHEDULE.trainingPlan, NOW, 'Europe/Oslo')]);
      return { p50: t.p50, kb: kb(t.last), pure: pure.p50 };
    };
    await trainingCard(50);
    const t50 = await trainingCard(50);
    const t200 = await trainingCard(200);
    const t500 = await trainingCard(500);
    h.bot.directory.replace(base, {});
    lines.push(
      `opplæring card, 100 entries in the log: 50 -> 200 -> 500 staff: p50 ${f(t50.p50)} -> ${f(t200.p50)} -> ${f(t500.p50)} ms (x${f(t500.p50 / t50.p50, 2)} at 10 times the staff), card ${f(t50.kb)} -> ${f(t200.kb)} -> ${f(t500.kb)} KB as UTF-16 (every staff member a choice in the form); coverage and plan alone ${f(t50.pure, 2)} -> ${f(t200.pure, 2)} -> ${f(t500.pure, 2)} ms`,
    );
  } finally {
    await h.stop();
  }
  return lines;
}

/** Writes the figures into docs/benchmarks.md between this section's markers (the prose around them is not touched). */
export function writePreventionSection(lines: string[], header: string): void {
  const file = join(PROJECT_ROOT, 'docs', 'benchmarks.md');
  const start = '<!-- prevention:start -->';
  const end = '<!-- prevention:end -->';
  let doc = readFileSync(file, 'utf8');
  const block = `${start}\n${header}\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n${end}`;
  doc = doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
}
