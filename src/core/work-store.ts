/** The queue of owed work: what is due now, and claiming or settling an item under its ETag. */
import type { Container, OperationInput } from '@azure/cosmos';
import { readDoc, replaceOp, statusOf, stripSystem, type Versioned } from './cosmos/batch';
import type { WorkItem } from './work';

/** Cosmos DB's limit of operations in one bulk request (per partition key range). */
const BULK_MAX = 100;

interface BulkWaiting {
  op: OperationInput;
  resolve(saved: boolean): void;
  reject(err: unknown): void;
}

export class WorkStore {
  /** Operations asked for in this turn of the event loop, for the next bulk request (replaceEach). */
  private bulkWaiting: BulkWaiting[] = [];

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
   * Replaces items, of any partitions, each only if nobody changed it since
   * it was read; not as one transaction. What is asked for in the same turn
   * of the event loop goes to the store together: Cosmos DB's bulk, one
   * request per 100 operations (and per physical partition), each operation
   * guarded by its own ETag. A flood's folded new-case cards are decided
   * together, from one read of a tally, so their settles, a batch per case
   * before, became one request for many cases. Whether each was saved, in
   * order: false if someone changed it, or the store refused that operation
   * alone (a work item still due comes back with the next look). A failed
   * request fails each of its callers.
   */
  replaceEach(items: Versioned<WorkItem>[]): Promise<boolean[]> {
    return Promise.all(
      items.map(
        (w) =>
          new Promise<boolean>((resolve, reject) => {
            this.bulkWaiting.push({ op: replaceOp(w.value, w.value.caseId, w.etag), resolve, reject });
            if (this.bulkWaiting.length === 1) setImmediate(() => this.sendBulk());
          }),
      ),
    );
  }

  private sendBulk(): void {
    const all = this.bulkWaiting;
    this.bulkWaiting = [];
    for (let i = 0; i < all.length; i += BULK_MAX) {
      const part = all.slice(i, i + BULK_MAX);
      // items.bulk, not executeBulkOperations: that one waits a second between partial batches (it is made for imports).
      this.container.items.bulk(part.map((w) => w.op), { continueOnError: true }, { contentResponseOnWriteEnabled: false }).then(
        (results) => part.forEach((w, k) => w.resolve(results[k] !== undefined && results[k]!.statusCode >= 200 && results[k]!.statusCode < 300)),
        (err) => part.forEach((w) => w.reject(err)),
      );
    }
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
