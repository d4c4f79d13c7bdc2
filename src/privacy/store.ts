/**
 * The retention job's access to the `cases` container: the closed cases old
 * enough to be due, and storing an anonymised case together with deleting
 * the work it owed (who was told, where the messages landed) in one
 * ETag-guarded batch.
 */
import type { Container, OperationInput } from '@azure/cosmos';
import { replaceOp, runBatch, stripSystem, type Versioned } from '../core/cosmos/batch';
import type { WorkItem } from '../core/work';
import type { Case } from '../cases/model/case';

/** Cosmos DB's limit on the operations of one transactional batch. */
const BATCH_MAX = 100;

export class RetentionStore {
  constructor(private readonly container: Container) {}

  /**
   * Closed cases closed at or before `cutoff` and not yet anonymised, a page
   * at a time; served by the indexes on status and closedAt.
   */
  async *closedBefore(cutoff: Date, pageSize = 100): AsyncGenerator<Versioned<Case>[]> {
    const query = this.container.items.query<Case & { _etag: string }>(
      {
        query: 'SELECT * FROM c WHERE c.docType = "case" AND c.status = "closed" AND c.closedAt <= @cutoff AND NOT IS_DEFINED(c.anonymisedAt)',
        parameters: [{ name: '@cutoff', value: cutoff.toISOString() }],
      },
      { maxItemCount: pageSize },
    );
    for await (const page of query.getAsyncIterator()) {
      if (page.resources.length > 0) yield page.resources.map((r) => ({ value: stripSystem(r), etag: r._etag }));
    }
  }

  async workOf(caseId: string): Promise<WorkItem[]> {
    const { resources } = await this.container.items
      .query<WorkItem>({ query: 'SELECT * FROM c WHERE c.caseId = @p AND c.docType = "work"', parameters: [{ name: '@p', value: caseId }] }, { partitionKey: caseId })
      .fetchAll();
    return resources.map(stripSystem);
  }

  /**
   * The anonymised case in place of the one read (ETag), and its settled work
   * deleted: in one batch as far as the batch limit allows, the rest in
   * further batches of the same partition.
   */
  async anonymise(after: Case, etag: string, workIds: string[]): Promise<'saved' | 'conflict'> {
    const deletes: OperationInput[] = workIds.map((id) => ({ operationType: 'Delete', id, partitionKey: after.caseId }));
    const first = await runBatch(this.container, after.caseId, [replaceOp(after, after.caseId, etag), ...deletes.slice(0, BATCH_MAX - 1)]);
    if (!first.ok) {
      if (first.firstStatus === 412 || first.firstStatus === 404) return 'conflict';
      throw new Error(`anonymising ${after.caseId} failed (${first.describe})`);
    }
    for (let i = BATCH_MAX - 1; i < deletes.length; i += BATCH_MAX) {
      const more = await runBatch(this.container, after.caseId, deletes.slice(i, i + BATCH_MAX));
      if (!more.ok) throw new Error(`deleting the work of ${after.caseId} failed (${more.describe})`);
    }
    return 'saved';
  }
}
