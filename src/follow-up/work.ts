/** Looks at a school's open serious cases and alerts the owner's roles once per cluster (domain/cluster.ts). */
import { clusterDecision } from './cluster';
import { nextAllowed } from '../core/schedule-math';
import { clusterAlertWork } from '../core/work';
import type { Logger } from '../core/log';
import type { ClusterStore } from './store';
import type { FlowContext } from '../core/context';

export interface CheckClusterDeps extends FlowContext {
  clusters: ClusterStore;
  log: Logger;
}

export async function checkCluster(deps: CheckClusterDeps, schoolId: string): Promise<'alerted' | 'rearmed' | 'unchanged'> {
  // Another instance may be deciding at the same time: the state's ETag makes one of us win, the other looks again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = deps.now();
    const state = await deps.clusters.get(schoolId);
    const candidates = await deps.cases.casesOfSchools([schoolId], true);
    const decision = clusterDecision(candidates, state.value, deps.schedule.clusterAlert, now, deps.timeZone);
    if (decision.action === 'none') return 'unchanged';
    if (decision.action === 'rearm') {
      const saved = await deps.clusters.save({ ...state.value, alerted: false }, state.etag, []);
      if (saved === 'saved') return 'rearmed';
      continue;
    }
    const alerts = state.value.alerts + 1;
    const recipients = [...new Set([...deps.directory.owner.leaders, ...deps.directory.owner.chiefSafetyReps])];
    const dueAt = nextAllowed(now, deps.schedule.quietHours, deps.timeZone);
    const work = recipients.map((r) => clusterAlertWork(schoolId, alerts, r, decision.caseIds, dueAt, now));
    const next = { ...state.value, alerted: true, alerts, alertedCaseIds: decision.caseIds, alertedAt: now.toISOString() };
    if ((await deps.clusters.save(next, state.etag, work)) === 'saved') {
      deps.log.info('cluster.alerted', { schoolId, cases: decision.caseIds.length, alert: alerts });
      deps.onWorkStored?.();
      return 'alerted';
    }
  }
  throw new Error(`cluster check for ${schoolId}: too much contention`);
}
