/**
 * The injury register export at 1,000 cases per school: how many requests
 * the store query takes and how much it reads (the embedded store reports no
 * request units, so RU are estimated from that), and the time to build the
 * files, as ratios between 100 and 1,000 cases in the same run.
 */
import type { Container } from '@azure/cosmos';
import { newCase } from '../../src/cases/model/case';
import { validateReport } from '../../src/cases/model/report';
import { tableToCsv, tableToXlsx } from '../../src/core/table-files';
import { registerTable, type RegisterCase } from '../../src/register/model';
import { REGISTER_PAGE, registerQuery, type SchoolFilter } from '../../src/register/store';
import { loadDirectory } from '../../src/config/directory-file';
import { FIXTURE_DIRECTORY, type Harness } from '../support/harness';
import { P, TENANT } from '../support/people';

const RANGE = { from: '2025-08-01', to: '2026-07-31' };

async function seed(h: Harness, schoolId: string, count: number, reporterId: string): Promise<void> {
  const locations = ['classroom', 'corridor', 'schoolyard', 'gym', 'sfo'];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2025, 7, 1) + (i % 360) * 86400000).toISOString().slice(0, 10);
    const result = validateReport(
      {
        date: day,
        time: `${String(8 + (i % 8)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
        location: locations[i % locations.length],
        types: i % 3 ? 'physical' : 'threat,harassment',
        severity: ['minor', 'serious', 'very-serious'][i % 3],
        perpetrator: 'pupil',
        pupilStage: '5-7',
        injury: i % 4 ? 'none' : 'physical',
        riskFactors: 'alone,staffing',
        description: `Hendelse ${i}: eleven slo og sparket, og jeg måtte ha hjelp av en kollega for å roe situasjonen. `.repeat(4),
        schoolId,
      },
      { today: '2026-07-31', nowTime: '23:59', schoolIds: [schoolId], defaultSchoolId: schoolId },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const id = `case-${schoolId.padEnd(8, '0').slice(0, 8)}${String(i).padStart(24, '0')}`.replace(/[^0-9a-f-]/g, 'a');
    const c = newCase({ caseId: id, reference: `VT-2025-${schoolId.slice(0, 1)}${String(i).padStart(4, '0')}`, tenantId: TENANT, reporterId, clientRequestId: `bench-${schoolId}-${i}`, report: result.report, now: new Date(`${day}T12:00:00Z`) });
    await h.bot.cases.createCase(c, []);
  }
}

/** Requests and bytes of one run of the register query. */
async function measureQuery(container: Container, schools: SchoolFilter, page: { maxItemCount: number } = REGISTER_PAGE): Promise<{ rows: RegisterCase[]; requests: number; bytes: number; ms: number }> {
  const t0 = performance.now();
  const iterator = container.items.query<RegisterCase>(registerQuery(schools, RANGE), { ...page });
  const rows: RegisterCase[] = [];
  let requests = 0;
  let bytes = 0;
  while (iterator.hasMoreResults()) {
    const page = await iterator.fetchNext();
    rows.push(...page.resources);
    const stats = page.diagnostics.clientSideRequestStatistics;
    requests += stats.gatewayStatistics.length;
    bytes += stats.totalResponsePayloadLengthInBytes;
  }
  return { rows, requests, bytes, ms: performance.now() - t0 };
}

async function timeIt(fn: () => Promise<unknown> | unknown, rounds: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

export async function benchRegister(h: Harness): Promise<string[]> {
  await seed(h, 'nordby', 1000, P.tina);
  await seed(h, 'sorby', 300, P.per);
  const container = h.bot.containers.cases;
  const q = await measureQuery(container, { schoolIds: ['nordby'] });
  const kb = q.bytes / 1024;
  // The SDK's default page (100 rows) for comparison: the same rows in more requests.
  const small = await measureQuery(container, { schoolIds: ['nordby'] }, { maxItemCount: 100 });
  // Azure Cosmos DB charges a query by the documents its index lets it load and their size; the embedded store
  // reports no RU. Estimate: ~3 RU per request plus 0.1 to 0.3 RU per KB read (what index-served queries cost in
  // practice); the upper bound, as if every KB were a point read, is 1 RU per KB.
  const low = q.requests * 3 + kb * 0.1;
  const high = q.requests * 3 + kb * 0.3;
  const lines = [
    `register query, 1000 cases of one school (300 of another in the store): ${q.rows.length} rows, ${q.requests} requests, ${kb.toFixed(0)} KB read, ${q.ms.toFixed(0)} ms`,
    `register query with 100-row pages: ${small.rows.length} rows, ${small.requests} requests (x${(small.requests / q.requests).toFixed(0)}), ${small.ms.toFixed(0)} ms`,
    `register query RU estimate: ${low.toFixed(0)}-${high.toFixed(0)} RU (at most ${(q.requests * 3 + kb).toFixed(0)}); the 300 other cases are not read (index on schoolId, report/date)`,
  ];
  const ctx = { language: 'nb' as const, directory: loadDirectory(FIXTURE_DIRECTORY), timeZone: 'Europe/Oslo' };
  const hundred = q.rows.slice(0, 100);
  const csv100 = await timeIt(() => tableToCsv(registerTable(hundred, ctx), 'nb'), 20);
  const csv1000 = await timeIt(() => tableToCsv(registerTable(q.rows, ctx), 'nb'), 10);
  const xlsx100 = await timeIt(() => tableToXlsx(registerTable(hundred, ctx), 'nb'), 5);
  const xlsx1000 = await timeIt(() => tableToXlsx(registerTable(q.rows, ctx), 'nb'), 3);
  const size = Buffer.byteLength(await tableToXlsx(registerTable(q.rows, ctx), 'nb'));
  lines.push(
    `register CSV  100 -> 1000 cases: ${csv100.toFixed(1)} -> ${csv1000.toFixed(1)} ms (x${(csv1000 / csv100).toFixed(1)})`,
    `register XLSX 100 -> 1000 cases: ${xlsx100.toFixed(1)} -> ${xlsx1000.toFixed(1)} ms (x${(xlsx1000 / xlsx100).toFixed(1)}), ${(size / 1024).toFixed(0)} KB file at 1000`,
  );
  return lines;
}
