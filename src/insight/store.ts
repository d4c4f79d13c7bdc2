/**
 * The queries behind statistics and digests, on the `cases` container. Each
 * selects only the fields the figures need (never report text, never who
 * reported or was exposed) and filters on indexed paths: `schoolId` with
 * `report.date` (a composite index) for a period's cases, `createdAt` for
 * what a digest calls new, `status` for open cases, `dueAt` for reminders.
 * So the cost follows the number of cases in the period, and a page carries
 * a thousand compact rows instead of a hundred whole cases.
 *
 * Every query can count what it cost into a `QueryMeter`: requests (the SDK's
 * query plan and each page) and the request charge Cosmos DB reports.
 */
import type { Container, FeedOptions, FeedResponse, SqlParameter } from '@azure/cosmos';
import type { LegalItem } from '../cases/model/case';
import type { OpenRow } from './model/open-cases';
import type { DateRange } from './model/period';
import type { ReminderRow } from './model/merge';
import type { CaseRow, ComparisonRow } from './model/statistics';
import type { NewRow, Window } from './model/digest';

export interface QueryMeter {
  queries: number;
  /** HTTP requests to Cosmos DB: the query plan plus every page. */
  requests: number;
  /** As Cosmos DB reports it (Azure: real request units; the embedded store reports 1 per request). */
  requestCharge: number;
  /** Rows returned. */
  rows: number;
  /** Bytes of the result pages. */
  responseBytes: number;
}

export function newMeter(): QueryMeter {
  return { queries: 0, requests: 0, requestCharge: 0, rows: 0, responseBytes: 0 };
}

const PAGE = 1000;

/**
 * A compact row: the query selects an array of values (`SELECT VALUE [...]`),
 * not an object, so a page carries no field names; a missing value comes as
 * null (`?? null`: Cosmos DB drops undefined from an array, which would shift
 * the positions). Each column names its field and the expression behind it.
 */
type Columns<T> = readonly (readonly [keyof T & string, string])[];

function select<T>(columns: Columns<T>): string {
  return `SELECT VALUE [${columns.map(([, expr]) => `${expr} ?? null`).join(', ')}] FROM c`;
}

function decode<T>(columns: Columns<T>, values: unknown[]): T {
  const out: Record<string, unknown> = {};
  columns.forEach(([field], i) => {
    if (values[i] !== null && values[i] !== undefined) out[field] = values[i];
  });
  return out as T;
}

const CASE_ROW: Columns<CaseRow> = [
  ['schoolId', 'c.schoolId'],
  ['status', 'c.status'],
  ['createdAt', 'c.createdAt'],
  ['acknowledgedAt', 'c.acknowledgedAt'],
  ['closedAt', 'c.closedAt'],
  ['date', 'c.report.date'],
  ['time', 'c.report.time'],
  ['location', 'c.report.location'],
  ['types', 'c.report.types'],
  ['severity', 'c.report.severity'],
  ['perpetrator', 'c.report.perpetrator'],
  ['pupilStage', 'c.report.pupilStage'],
  ['injury', 'c.report.injury'],
  ['seriousInjury', 'c.report.seriousInjury'],
  ['sickLeave', 'c.report.sickLeave'],
  ['medicalTreatment', 'c.report.medicalTreatment'],
  ['riskFactors', 'c.report.riskFactors'],
];

const COMPARISON_ROW: Columns<ComparisonRow> = [
  ['schoolId', 'c.schoolId'],
  ['date', 'c.report.date'],
  ['severity', 'c.report.severity'],
  ['types', 'c.report.types'],
];

const LEGAL_ITEMS: LegalItem[] = ['arbeidstilsynet', 'police', 'confirmation', 'nav'];

type RawOpenRow = Omit<OpenRow, 'legalDone'> & { legal: boolean[] };
const OPEN_ROW: Columns<RawOpenRow> = [
  ['caseId', 'c.caseId'],
  ['reference', 'c.reference'],
  ['schoolId', 'c.schoolId'],
  ['status', 'c.status'],
  ['createdAt', 'c.createdAt'],
  ['severity', 'c.report.severity'],
  ['seriousInjury', 'c.report.seriousInjury'],
  ['injury', 'c.report.injury'],
  ['sickLeave', 'c.report.sickLeave'],
  ['medicalTreatment', 'c.report.medicalTreatment'],
  // Whether each legal step is done, not who did it.
  ['legal', `[${LEGAL_ITEMS.map((item) => `IS_DEFINED(c.legal.${item})`).join(', ')}]`],
  ['approved', 'ARRAY(SELECT m.id, m.dueDate FROM m IN c.measures WHERE m.state = "approved")'],
];

const NEW_ROW: Columns<NewRow> = [
  ['schoolId', 'c.schoolId'],
  ['createdAt', 'c.createdAt'],
  ['severity', 'c.report.severity'],
];

const REMINDER_ROW: Columns<ReminderRow> = [
  ['id', 'c.id'],
  ['caseId', 'c.caseId'],
  ['recipientId', 'c.recipientId'],
  ['reminder', 'c.reminder'],
  ['measureId', 'c.measureId'],
  ['dueAt', 'c.dueAt'],
];

/** `c.schoolId = @s0` or `c.schoolId IN (@s0, @s1, …)`, with its parameters. */
function schoolFilter(schoolIds: string[]): { sql: string; parameters: SqlParameter[] } {
  const parameters = schoolIds.map((value, i) => ({ name: `@s${i}`, value }));
  const sql = schoolIds.length === 1 ? 'c.schoolId = @s0' : `c.schoolId IN (${parameters.map((p) => p.name).join(', ')})`;
  return { sql, parameters };
}

export class InsightStore {
  constructor(private readonly container: Container) {}

  private async rows<T>(columns: Columns<T>, where: string, parameters: SqlParameter[], meter?: QueryMeter): Promise<T[]> {
    const values = await this.query<unknown[]>(`${select(columns)} WHERE ${where}`, parameters, meter);
    return values.map((v) => decode(columns, v));
  }

  private async query<T>(query: string, parameters: SqlParameter[], meter?: QueryMeter, options: FeedOptions = {}): Promise<T[]> {
    const response: FeedResponse<T> = await this.container.items.query<T>({ query, parameters }, { maxItemCount: PAGE, ...options }).fetchAll();
    if (meter) {
      const stats = response.diagnostics?.clientSideRequestStatistics;
      meter.queries += 1;
      meter.requests += (stats?.gatewayStatistics?.length ?? 1) + (stats?.metadataDiagnostics?.metadataLookups?.length ?? 0);
      meter.requestCharge += response.requestCharge ?? 0;
      meter.rows += response.resources.length;
      // The pages only: the embedded store answers the query-plan request with the whole result, Azure with a small plan.
      meter.responseBytes += (stats?.gatewayStatistics ?? []).reduce((n, g) => n + (g.responsePayloadLengthInBytes ?? 0), 0);
    }
    return response.resources;
  }

  /** The cases of these schools whose incident date is in the range. */
  async periodRows(schoolIds: string[], range: DateRange, meter?: QueryMeter): Promise<CaseRow[]> {
    if (schoolIds.length === 0) return [];
    const schools = schoolFilter(schoolIds);
    const rows = await this.rows(CASE_ROW, `c.docType = "case" AND ${schools.sql} AND c.report.date >= @from AND c.report.date <= @to`, [...schools.parameters, ...rangeOf(range)], meter);
    return rows.map((r) => ({ ...r, types: r.types ?? [], riskFactors: r.riskFactors ?? [], seriousInjury: !!r.seriousInjury, sickLeave: !!r.sickLeave, medicalTreatment: !!r.medicalTreatment }));
  }

  /** The same a year before, as little as the trend needs. */
  async comparisonRows(schoolIds: string[], range: DateRange, meter?: QueryMeter): Promise<ComparisonRow[]> {
    if (schoolIds.length === 0) return [];
    const schools = schoolFilter(schoolIds);
    const rows = await this.rows(COMPARISON_ROW, `c.docType = "case" AND ${schools.sql} AND c.report.date >= @from AND c.report.date <= @to`, [...schools.parameters, ...rangeOf(range)], meter);
    return rows.map((r) => ({ ...r, types: r.types ?? [] }));
  }

  /** The open cases of these schools, with their legal steps and approved measures. */
  async openRows(schoolIds: string[], meter?: QueryMeter): Promise<OpenRow[]> {
    if (schoolIds.length === 0) return [];
    const schools = schoolFilter(schoolIds);
    const rows = await this.rows(OPEN_ROW, `c.docType = "case" AND ${schools.sql} AND c.status != "closed"`, schools.parameters, meter);
    return rows.map(({ legal, ...r }) => ({
      ...r,
      seriousInjury: !!r.seriousInjury,
      sickLeave: !!r.sickLeave,
      medicalTreatment: !!r.medicalTreatment,
      approved: r.approved ?? [],
      legalDone: LEGAL_ITEMS.filter((_, i) => legal?.[i]),
    }));
  }

  /** Cases reported (created) in the window, for a digest's "new". */
  async newRows(schoolIds: string[], window: Window, meter?: QueryMeter): Promise<NewRow[]> {
    if (schoolIds.length === 0) return [];
    const schools = schoolFilter(schoolIds);
    return this.rows(NEW_ROW, `c.docType = "case" AND ${schools.sql} AND c.createdAt >= @from AND c.createdAt < @to`, [...schools.parameters, ...rangeOf(window)], meter);
  }

  /** Open reminders due before `until`: only open work has `dueAt`, so this reads little. */
  async openReminders(until: Date, meter?: QueryMeter): Promise<ReminderRow[]> {
    return this.rows(REMINDER_ROW, 'c.dueAt < @until AND c.docType = "work" AND c.kind = "reminder" AND c.state = "open"', [{ name: '@until', value: until.toISOString() }], meter);
  }
}

function rangeOf(range: { from: string; to: string }): SqlParameter[] {
  return [
    { name: '@from', value: range.from },
    { name: '@to', value: range.to },
  ];
}
