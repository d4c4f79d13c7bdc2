/** Cases and the work they owe, in the `cases` container (partition /caseId). */
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import type { Case } from '../domain/case';
import type { WorkItem } from '../domain/work';
import { statusOf } from './database';

export interface Versioned<T> {
  value: T;
  etag: string;
}

export type CreateCaseResult = 'created' | 'exists';

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
