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
  /** Bytes of the answers' pages. */
  responseBytes: number;
}

export function newMeter(): QueryMeter {
  return { queries: 0, requests: 0, requestCharge: 0, rows: 0, responseBytes: 0 };
}

const PAGE = 1000;

const CASE_ROW_FIELDS = [
  'c.schoolId',
  'c.status',
  'c.createdAt',
  'c.acknowledgedAt',
  'c.closedAt',
  'c.report.date AS date',
  'c.report.time AS time',
  'c.report.location AS location',
  'c.report.types AS types',
  'c.report.severity AS severity',
  'c.report.perpetrator AS perpetrator',
  'c.report.pupilStage AS pupilStage',
  'c.report.injury AS injury',
  'c.report.seriousInjury AS seriousInjury',
  'c.report.sickLeave AS sickLeave',
  'c.report.medicalTreatment AS medicalTreatment',
  'c.report.riskFactors AS riskFactors',
].join(', ');

const LEGAL_ITEMS: LegalItem[] = ['arbeidstilsynet', 'police', 'confirmation', 'nav'];

const OPEN_ROW_FIELDS = [
  'c.caseId',
  'c.reference',
  'c.schoolId',
  'c.status',
  'c.createdAt',
  'c.report.severity AS severity',
  'c.report.seriousInjury AS seriousInjury',
  'c.report.injury AS injury',
  'c.report.sickLeave AS sickLeave',
  'c.report.medicalTreatment AS medicalTreatment',
  // Whether each step is done, not who did it.
  ...LEGAL_ITEMS.map((item) => `IS_DEFINED(c.legal.${item}) AS legal_${item}`),
  'ARRAY(SELECT m.id, m.dueDate FROM m IN c.measures WHERE m.state = "approved") AS approved',
].join(', ');

/** `c.schoolId = @s0` or `c.schoolId IN (@s0, @s1, …)`, with its parameters. */
function schoolFilter(schoolIds: string[]): { sql: string; parameters: SqlParameter[] } {
  const parameters = schoolIds.map((value, i) => ({ name: `@s${i}`, value }));
  const sql = schoolIds.length === 1 ? 'c.schoolId = @s0' : `c.schoolId IN (${parameters.map((p) => p.name).join(', ')})`;
  return { sql, parameters };
}

export class InsightStore {
  constructor(private readonly container: Container) {}

  private async query<T>(query: string, parameters: SqlParameter[], meter?: QueryMeter, options: FeedOptions = {}): Promise<T[]> {
    const response: FeedResponse<T> = await this.container.items.query<T>({ query, parameters }, { maxItemCount: PAGE, ...options }).fetchAll();
    if (meter) {
      const stats = response.diagnostics?.clientSideRequestStatistics;
      meter.queries += 1;
      meter.requests += (stats?.gatewayStatistics?.length ?? 1) + (stats?.metadataDiagnostics?.metadataLookups?.length ?? 0);
      meter.requestCharge += response.requestCharge ?? 0;
      meter.rows += response.resources.length;
      meter.responseBytes += stats?.totalResponsePayloadLengthInBytes ?? 0;
    }
    return response.resources;
  }

  /** The cases of these schools whose incident date is in the range. */
  async periodRows(schoolIds: string[], range: DateRange, meter?: QueryMeter): Promise<CaseRow[]> {
    if (schoolIds.length === 0) return [];
    const schools = schoolFilter(schoolIds);
    const rows = await this.query<CaseRow>(
      `SELECT ${CASE_ROW_FIELDS} FROM c WHERE c.docType = "case" AND ${schools.sql} AND c.report.date >= @from AND c.report.date <= @to`,
      [...schools.parameters, { name: '@from', value: range.from }, { name: '@to', value: range.to }],
      meter,
    );
    return rows.map((r) => ({ ...r, types: r.types ?? [], riskFactors: r.riskFactors ?? [], seriousInjury: !!r.seriousInjury, sickLeave: !!r.sickLeave, medicalTreatment: !!r.medicalTreatment }));
  }

  /** The same a year before, as little as the trend needs. */
  async comparisonRows(schoolIds: string[], range: DateRange, meter?: QueryMeter): Promise<ComparisonRow[]> {
    if (schoolIds.length === 0) return [];
    const schools = schoolFilter(schoolIds);
    const rows = await this.query<ComparisonRow>(
      `SELECT c.schoolId, c.report.date AS date, c.report.severity AS severity, c.report.types AS types FROM c WHERE c.docType = "case" AND ${schools.sql} AND c.report.date >= @from AND c.report.date <= @to`,
      [...schools.parameters, { name: '@from', value: range.from }, { name: '@to', value: range.to }],
      meter,
    );
    return rows.map((r) => ({ ...r, types: r.types ?? [] }));
  }

  /** The open cases of these schools, with their legal steps and approved measures. */
  async openRows(schoolIds: string[], meter?: QueryMeter): Promise<OpenRow[]> {
    if (schoolIds.length === 0) return [];
    const schools = schoolFilter(schoolIds);
    type Raw = Omit<OpenRow, 'legalDone'> & Record<`legal_${LegalItem}`, boolean>;
    const rows = await this.query<Raw>(`SELECT ${OPEN_ROW_FIELDS} FROM c WHERE c.docType = "case" AND ${schools.sql} AND c.status != "closed"`, schools.parameters, meter);
    return rows.map((r) => {
      const { legal_arbeidstilsynet, legal_police, legal_confirmation, legal_nav, ...rest } = r;
      const done = { arbeidstilsynet: legal_arbeidstilsynet, police: legal_police, confirmation: legal_confirmation, nav: legal_nav };
      return {
        ...rest,
        seriousInjury: !!rest.seriousInjury,
        sickLeave: !!rest.sickLeave,
        medicalTreatment: !!rest.medicalTreatment,
        approved: rest.approved ?? [],
        legalDone: LEGAL_ITEMS.filter((item) => done[item]),
      };
    });
  }

  /** Cases reported (created) in the window, for a digest's "new". */
  async newRows(schoolIds: string[], window: Window, meter?: QueryMeter): Promise<NewRow[]> {
    if (schoolIds.length === 0) return [];
    const schools = schoolFilter(schoolIds);
    return this.query<NewRow>(
      `SELECT c.schoolId, c.createdAt, c.report.severity AS severity FROM c WHERE c.docType = "case" AND ${schools.sql} AND c.createdAt >= @from AND c.createdAt < @to`,
      [...schools.parameters, { name: '@from', value: window.from }, { name: '@to', value: window.to }],
      meter,
    );
  }

  /** Open reminders due before `until`: only open work has `dueAt`, so this reads little. */
  async openReminders(until: Date, meter?: QueryMeter): Promise<ReminderRow[]> {
    return this.query<ReminderRow>(
      'SELECT c.id, c.caseId, c.recipientId, c.reminder, c.measureId, c.dueAt FROM c WHERE c.dueAt < @until AND c.docType = "work" AND c.kind = "reminder" AND c.state = "open"',
      [{ name: '@until', value: until.toISOString() }],
      meter,
    );
  }
}
