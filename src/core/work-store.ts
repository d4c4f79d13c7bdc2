/** The queue of owed work: what is due now, and claiming or settling an item under its ETag. */
import type { Container } from '@azure/cosmos';
import { readDoc, replaceOp, runBatch, statusOf, stripSystem, type Versioned } from './cosmos/batch';
import type { WorkItem } from './work';

export class WorkStore {
  constructor(private readonly container: Container) {}

  /**
   * Open work due at or before `now`, earliest first; served by the index on
   * dueAt. `urgentOnly`: only work that goes first (`serious`), so that a
   * backlog of other work cannot hide it beyond the first page.
   */
  async dueWork(now: Date, limit: number, urgentOnly = false): Promise<Versioned<WorkItem>[]> {
    const { resources } = await this.container.items
      .query<WorkItem & { _etag: string }>({
        query: `SELECT TOP @limit * FROM c WHERE c.dueAt <= @now${urgentOnly ? ' AND c.serious = true' : ''} ORDER BY c.dueAt`,
        parameters: [
          { name: '@now', value: now.toISOString() },
          { name: '@limit', value: limit },
        ],
      })
      .fetchAll();
    return resources.map((r) => ({ value: stripSystem(r), etag: r._etag }));
  }

  async getWork(partition: string, workId: string): Promise<Versioned<WorkItem> | undefined> {
    return readDoc<WorkItem>(this.container, partition, workId, 'work');
  }

  /** Every work item of one partition (a case's, a school's). */
  async workOf(partition: string): Promise<WorkItem[]> {
    const { resources } = await this.container.items
      .query<WorkItem>({ query: 'SELECT * FROM c WHERE c.caseId = @p AND c.docType = "work"', parameters: [{ name: '@p', value: partition }] }, { partitionKey: partition })
      .fetchAll();
    return resources.map(stripSystem);
  }

  /** Stores a new item; false if one with its id exists (its work is already owed). */
  async createWork(item: WorkItem): Promise<boolean> {
    try {
      await this.container.items.create(item);
      return true;
    } catch (err) {
      if (statusOf(err) === 409) return false;
      throw err;
    }
  }

  /**
   * Replaces items of one partition, each only if nobody changed it since it
   * was read: in one transactional batch, and one by one if the batch is
   * refused (someone changed one of them). Whether each was saved, in order.
   */
  async replaceAll(partition: string, items: Versioned<WorkItem>[]): Promise<boolean[]> {
    if (items.length > 1) {
      const outcome = await runBatch(this.container, partition, items.map((w) => replaceOp(w.value, partition, w.etag)));
      if (outcome.ok) return items.map(() => true);
    }
    return Promise.all(items.map(async (w) => (await this.replaceWork(w.value, w.etag)) !== undefined));
  }

  /** Replaces work only if nobody changed it since it was read; undefined if someone did. */
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
}
