/**
 * The register's reads of the `cases` container: a school's (or every
 * school's) cases in a period, by the incident's date. Each query filters on
 * indexed paths only (docType, schoolId, report/date, reporterId,
 * affectedIds: core/cosmos/containers.ts) and projects only what the
 * register or the list shows, so who reported and who was exposed never leave
 * the store on this path.
 */
import type { Container, SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import { listPage } from '../core/cosmos/paging';
import type { Case } from '../cases';
import type { DateRange } from '../core/period';
import type { RegisterCase } from './model';

/** A row of the tab's case list. */
export interface ListedCase {
  caseId: string;
  reference: string;
  tenantId: string;
  schoolId: string;
  status: Case['status'];
  date: string;
  time?: string;
  location: Case['report']['location'];
  types: Case['report']['types'];
  severity: Case['report']['severity'];
}

const REGISTER_FIELDS =
  'c.caseId, c.reference, c.tenantId, c.schoolId, c.status, c.acknowledgedAt, c.closedAt, c.legal, c.measures, ' +
  '{ "date": c.report.date, "time": c.report.time, "location": c.report.location, "types": c.report.types, "severity": c.report.severity, ' +
  '"perpetrator": c.report.perpetrator, "pupilStage": c.report.pupilStage, "description": c.report.description, "riskFactors": c.report.riskFactors, ' +
  '"injury": c.report.injury, "seriousInjury": c.report.seriousInjury, "sickLeave": c.report.sickLeave, "medicalTreatment": c.report.medicalTreatment } AS report';

const LIST_FIELDS =
  'c.caseId, c.reference, c.tenantId, c.schoolId, c.status, c.report.date AS date, c.report.time AS time, c.report.location AS location, c.report.types AS types, c.report.severity AS severity';

/** Which schools: some, or every case in the store (the owner's "all schools"). */
export type SchoolFilter = { schoolIds: string[] } | 'all';

/**
 * Up to 1,000 rows a request (Azure also stops a page at 4 MB): a school's
 * year is one or a few requests instead of one per 100 rows, the default.
 * Each query gets a copy: the SDK writes its continuation into the options.
 */
export const REGISTER_PAGE = { maxItemCount: 1000 };

/** The register's query, as the store runs it (exported for the benchmark, which counts its requests). */
export function registerQuery(schools: SchoolFilter, range: DateRange): SqlQuerySpec {
  const { clause, parameters } = where(schools, range);
  return { query: `SELECT ${REGISTER_FIELDS} FROM c WHERE ${clause}`, parameters };
}

function where(schools: SchoolFilter, range: DateRange): { clause: string; parameters: SqlParameter[] } {
  const parameters: SqlParameter[] = [
    { name: '@from', value: range.from },
    { name: '@to', value: range.to },
  ];
  let clause = 'c.docType = "case" AND c.report.date >= @from AND c.report.date <= @to';
  if (schools !== 'all') {
    if (schools.schoolIds.length === 1) {
      clause += ' AND c.schoolId = @school';
      parameters.push({ name: '@school', value: schools.schoolIds[0]! });
    } else {
      clause += ' AND ARRAY_CONTAINS(@schools, c.schoolId)';
      parameters.push({ name: '@schools', value: schools.schoolIds });
    }
  }
  return { clause, parameters };
}

export class RegisterStore {
  constructor(private readonly container: Container) {}

  /** The register's cases: every field a row needs, nothing else. */
  async registerCases(schools: SchoolFilter, range: DateRange): Promise<RegisterCase[]> {
    if (schools !== 'all' && schools.schoolIds.length === 0) return [];
    const { resources } = await this.container.items.query<RegisterCase>(registerQuery(schools, range), { ...REGISTER_PAGE }).fetchAll();
    return resources;
  }

  /** How many cases a register would hold. */
  async countCases(schools: SchoolFilter, range: DateRange): Promise<number> {
    if (schools !== 'all' && schools.schoolIds.length === 0) return 0;
    const { clause, parameters } = where(schools, range);
    const { resources } = await this.container.items.query<number>({ query: `SELECT VALUE COUNT(1) FROM c WHERE ${clause}`, parameters }).fetchAll();
    return resources.reduce((sum, n) => sum + n, 0);
  }

  /** The list's rows for schools in a period. */
  async listCases(schools: SchoolFilter, range: DateRange): Promise<ListedCase[]> {
    if (schools !== 'all' && schools.schoolIds.length === 0) return [];
    const { clause, parameters } = where(schools, range);
    const { resources } = await this.container.items.query<ListedCase>({ query: `SELECT ${LIST_FIELDS} FROM c WHERE ${clause}`, parameters }, listPage()).fetchAll();
    return resources;
  }

  /** The list's rows for the cases a person reported or was exposed in. */
  async listOwnCases(personId: string, range: DateRange): Promise<ListedCase[]> {
    const { resources } = await this.container.items
      .query<ListedCase>(
        {
          query: `SELECT ${LIST_FIELDS} FROM c WHERE c.docType = "case" AND (c.reporterId = @me OR ARRAY_CONTAINS(c.affectedIds, @me)) AND c.report.date >= @from AND c.report.date <= @to`,
          parameters: [
            { name: '@me', value: personId },
            { name: '@from', value: range.from },
            { name: '@to', value: range.to },
          ],
        },
        listPage(),
      )
      .fetchAll();
    return resources;
  }
}
