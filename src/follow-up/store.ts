/** Each school's cluster-alert state, in the `cases` container under partition `school:<id>` with its alert work. */
import type { Container } from '@azure/cosmos';
import { createOp, readDoc, replaceOp, runBatch } from '../core/cosmos/batch';
import { schoolPartition, type WorkItem } from '../core/work';
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
