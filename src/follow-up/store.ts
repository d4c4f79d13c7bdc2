/** Each school's cluster-alert state, in the `cases` container under partition `school:<id>` with its alert work. */
import type { Container } from '@azure/cosmos';
import { createOp, readDoc, replaceOp, runBatch, stripSystem, type Versioned } from '../core/cosmos/batch';
import { listPage } from '../core/cosmos/paging';
import { schoolPartition, type WorkItem, type WorkOf } from '../core/work';
import { clusterStateId, type ClusterState } from './model';

function emptyClusterState(schoolId: string): ClusterState {
  return { id: clusterStateId(schoolId), caseId: schoolPartition(schoolId), docType: 'clusterState', schoolId, alerted: false, alerts: 0, alertedCaseIds: [] };
}

export class ClusterStore {
  constructor(private readonly container: Container) {}

  async get(schoolId: string): Promise<{ value: ClusterState; etag?: string }> {
    return (await readDoc<ClusterState>(this.container, schoolPartition(schoolId), clusterStateId(schoolId))) ?? { value: emptyClusterState(schoolId) };
  }

  /**
   * The new state and the alerts it owes, in one batch, only if the state is
   * as it was read: two instances checking at once alert once.
   */
  async save(state: ClusterState, etag: string | undefined, work: WorkItem[]): Promise<'saved' | 'conflict'> {
    const outcome = await runBatch(this.container, state.caseId, [etag ? replaceOp(state, state.caseId, etag) : createOp(state), ...work.map(createOp)]);
    if (outcome.ok) return 'saved';
    if ([409, 412, 404].includes(outcome.firstStatus)) return 'conflict';
    throw new Error(`cluster batch failed (${outcome.describe})`);
  }
}

/** Open reminders by addressee, and handing them over in one batch per case. */
export class ReminderStore {
  constructor(private readonly container: Container) {}

  /** Open reminders addressed to any of these people, across cases; the range index on dueAt (present on open work only) narrows the scan. */
  async openRemindersOf(ids: string[]): Promise<Versioned<WorkOf<'reminder'>>[]> {
    if (ids.length === 0) return [];
    const { resources } = await this.container.items
      .query<WorkOf<'reminder'> & { _etag: string }>(
        {
          query: 'SELECT * FROM c WHERE c.dueAt >= "" AND c.docType = "work" AND c.kind = "reminder" AND ARRAY_CONTAINS(@ids, c.recipientId)',
          parameters: [{ name: '@ids', value: ids }],
        },
        listPage({ enableScanInQuery: true }),
      )
      .fetchAll();
    return resources.map((r) => ({ value: stripSystem(r), etag: r._etag }));
  }

  /** The successors' reminders created and the old ones closed, together, only if none of the old ones changed meanwhile. */
  async handOver(caseId: string, created: WorkItem[], closed: { item: WorkItem; etag: string }[]): Promise<boolean> {
    const outcome = await runBatch(this.container, caseId, [...closed.map((c) => replaceOp(c.item, caseId, c.etag)), ...created.map(createOp)]);
    return outcome.ok;
  }

  /** A case (its history) and one of its work items changed together, only if neither changed since they were read. */
  async saveCaseAndWork(c: { id: string; caseId: string }, caseEtag: string, item: WorkItem, itemEtag: string): Promise<boolean> {
    const outcome = await runBatch(this.container, c.caseId, [replaceOp(c, c.caseId, caseEtag), replaceOp(item, c.caseId, itemEtag)]);
    return outcome.ok;
  }

  /**
   * Another case's check-ins to this person that could go with this one: open
   * and due by `until`, or already folded into it (a retry). Served by the
   * range index on dueAt for open work.
   */
  async checkinsNear(recipientId: string, leadId: string, until: Date): Promise<Versioned<WorkOf<'checkin'>>[]> {
    const { resources } = await this.container.items
      .query<WorkOf<'checkin'> & { _etag: string }>(
        {
          query: 'SELECT * FROM c WHERE c.docType = "work" AND c.kind = "checkin" AND c.recipientId = @p AND c.id != @lead AND ((c.dueAt >= "" AND c.dueAt <= @until) OR c.mergedInto = @lead)',
          parameters: [
            { name: '@p', value: recipientId },
            { name: '@lead', value: leadId },
            { name: '@until', value: until.toISOString() },
          ],
        },
        { enableScanInQuery: true },
      )
      .fetchAll();
    return resources.map((r) => ({ value: stripSystem(r), etag: r._etag })).sort((a, b) => (a.value.dueAt ?? '').localeCompare(b.value.dueAt ?? ''));
  }
}
