/** Each school's cluster-alert state, in the `cases` container under partition `school:<id>` with its alert work. */
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { clusterStateId, emptyClusterState, type ClusterState } from './cluster';
import type { WorkItem } from '../core/work';
import { clusterPartition } from '../core/work';
import { stripSystem } from '../cases/store';
import { statusOf } from '../core/cosmos/database';

export class ClusterStore {
  constructor(private readonly container: Container) {}

  async get(schoolId: string): Promise<{ value: ClusterState; etag?: string }> {
    try {
      const { resource, etag } = await this.container.item(clusterStateId(schoolId), clusterPartition(schoolId)).read<ClusterState>();
      if (resource) return { value: stripSystem(resource), etag };
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    return { value: emptyClusterState(schoolId) };
  }

  /**
   * The new state and the alerts it owes, in one batch, only if the state is
   * as it was read: two instances checking at once alert once.
   */
  async save(state: ClusterState, etag: string | undefined, work: WorkItem[]): Promise<'saved' | 'conflict'> {
    const body = { ...state } as unknown as JSONObject;
    const operations: OperationInput[] = [
      etag
        ? { operationType: 'Replace', id: state.id, partitionKey: state.caseId, ifMatch: etag, resourceBody: body }
        : { operationType: 'Create', resourceBody: body },
      ...work.map((w): OperationInput => ({ operationType: 'Create', resourceBody: { ...w } as unknown as JSONObject })),
    ];
    const response = await this.container.items.batch(operations, state.caseId);
    const results = response.result ?? [];
    if (results.length === operations.length && results.every((r) => r.statusCode >= 200 && r.statusCode < 300)) return 'saved';
    if ([409, 412, 404].includes(results[0]?.statusCode ?? 0)) return 'conflict';
    throw new Error(`cluster batch failed (${response.code ?? '?'}: ${results.map((r) => r.statusCode).join(',')})`);
  }
}

