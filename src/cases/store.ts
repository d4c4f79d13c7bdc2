/** Cases and the work they owe, in the `cases` container (partition /caseId). */
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import type { Case } from './model/case';
import type { WorkItem } from '../core/work';
import { statusOf } from '../core/cosmos/database';

export interface Versioned<T> {
  value: T;
  etag: string;
}

export type CreateCaseResult = 'created' | 'exists';
export type SaveChangeResult = 'saved' | 'conflict';

/** What a list of cases shows: enough to sort and label, no report text. */
export interface CaseSummary {
  caseId: string;
  reference: string;
  schoolId: string;
  status: Case['status'];
  severity: Case['report']['severity'];
  seriousInjury: boolean;
  date: string;
  location: Case['report']['location'];
  createdAt: string;
}

const SUMMARY_FIELDS =
  'c.caseId, c.reference, c.schoolId, c.status, c.report.severity AS severity, c.report.seriousInjury AS seriousInjury, c.report.date AS date, c.report.location AS location, c.createdAt';

export class CaseStore {
  constructor(private readonly container: Container) {}

  /**
   * The case and everything it owes in one transactional batch: either all
   * are stored or none. A case that already exists (same id: the same
   * submission again) makes the whole batch fail with 409, and nothing new
   * is written.
   */
  async createCase(c: Case, work: WorkItem[]): Promise<CreateCaseResult> {
    const operations: OperationInput[] = [c, ...work].map((doc) => ({ operationType: 'Create', resourceBody: { ...doc } as unknown as JSONObject }));
    const response = await this.container.items.batch(operations, c.caseId);
    const results = response.result ?? [];
    if (results.length === operations.length && results.every((r) => r.statusCode >= 200 && r.statusCode < 300)) return 'created';
    if (results[0]?.statusCode === 409) return 'exists';
    const codes = results.map((r) => r.statusCode).join(',');
    throw new Error(`case batch failed (${response.code ?? '?'}: ${codes})`);
  }

  /**
   * A changed case and the work the change owes, in one transactional batch,
   * only if the case is still as it was read (ETag). Someone else's change in
   * between makes it a conflict and nothing is written.
   */
  async saveChange(c: Case, etag: string, work: WorkItem[]): Promise<SaveChangeResult> {
    const operations: OperationInput[] = [
      // The per-operation key equals the batch's; the embedded store needs it on a replace.
      { operationType: 'Replace', id: c.id, partitionKey: c.caseId, ifMatch: etag, resourceBody: { ...c } as unknown as JSONObject },
      ...work.map((w): OperationInput => ({ operationType: 'Create', resourceBody: { ...w } as unknown as JSONObject })),
    ];
    const response = await this.container.items.batch(operations, c.caseId);
    const results = response.result ?? [];
    if (results.length === operations.length && results.every((r) => r.statusCode >= 200 && r.statusCode < 300)) return 'saved';
    if (results[0]?.statusCode === 412 || results[0]?.statusCode === 404) return 'conflict';
    throw new Error(`case change batch failed (${response.code ?? '?'}: ${results.map((r) => r.statusCode).join(',')})`);
  }

  /** Cases of these schools, open ones only if asked; for lists, so without report text. */
  async casesOfSchools(schoolIds: string[], openOnly: boolean): Promise<CaseSummary[]> {
    if (schoolIds.length === 0) return [];
    const { resources } = await this.container.items
      .query<CaseSummary>({
        query: `SELECT ${SUMMARY_FIELDS} FROM c WHERE c.docType = "case" AND ARRAY_CONTAINS(@schools, c.schoolId)${openOnly ? ' AND c.status != "closed"' : ''}`,
        parameters: [{ name: '@schools', value: schoolIds }],
      })
      .fetchAll();
    return resources;
  }

  /** The cases a person reported or is named as exposed in, newest first. */
  async casesOfPerson(aadObjectId: string): Promise<CaseSummary[]> {
    const { resources } = await this.container.items
      .query<CaseSummary>({
        query: `SELECT ${SUMMARY_FIELDS} FROM c WHERE c.docType = "case" AND (c.reporterId = @me OR ARRAY_CONTAINS(c.affectedIds, @me)) ORDER BY c.createdAt DESC`,
        parameters: [{ name: '@me', value: aadObjectId }],
      })
      .fetchAll();
    return resources;
  }

  async getCase(caseId: string): Promise<Versioned<Case> | undefined> {
    return this.read<Case>(caseId, caseId, 'case');
  }

  async getWork(caseId: string, workId: string): Promise<Versioned<WorkItem> | undefined> {
    return this.read<WorkItem>(caseId, workId, 'work');
  }

  async workOfCase(caseId: string): Promise<WorkItem[]> {
    const { resources } = await this.container.items
      .query<WorkItem>({ query: 'SELECT * FROM c WHERE c.caseId = @caseId AND c.docType = "work"', parameters: [{ name: '@caseId', value: caseId }] }, { partitionKey: caseId })
      .fetchAll();
    return resources;
  }

  /** Open work due at or before `now`, earliest first; served by the index on dueAt. */
  async dueWork(now: Date, limit: number): Promise<Versioned<WorkItem>[]> {
    const { resources } = await this.container.items
      .query<WorkItem & { _etag: string }>({
        query: 'SELECT TOP @limit * FROM c WHERE c.dueAt <= @now ORDER BY c.dueAt',
        parameters: [
          { name: '@now', value: now.toISOString() },
          { name: '@limit', value: limit },
        ],
      })
      .fetchAll();
    return resources.map((r) => ({ value: stripSystem(r), etag: r._etag }));
  }

  /** Replaces work only if nobody changed it since it was read; false if someone did. */
  async replaceWork(item: WorkItem, etag: string): Promise<Versioned<WorkItem> | undefined> {
    try {
      const { resource, etag: newEtag } = await this.container
        .item(item.id, item.caseId)
        .replace(item, { accessCondition: { type: 'IfMatch', condition: etag } });
      return resource ? { value: stripSystem(resource), etag: newEtag } : undefined;
    } catch (err) {
      if (statusOf(err) === 412 || statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  private async read<T extends { docType: string }>(partition: string, id: string, docType: T['docType']): Promise<Versioned<T> | undefined> {
    try {
      const { resource, etag } = await this.container.item(id, partition).read<T>();
      if (!resource || resource.docType !== docType) return undefined;
      return { value: stripSystem(resource), etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }
}

/** Drops Cosmos DB's system properties so stored documents round-trip cleanly. */
export function stripSystem<T>(doc: T): T {
  const copy = { ...doc } as Record<string, unknown>;
  for (const key of ['_rid', '_self', '_etag', '_attachments', '_ts']) delete copy[key];
  return copy as T;
}
