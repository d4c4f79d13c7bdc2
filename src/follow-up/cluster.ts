/**
 * A school that gathers serious cases without closing them is what the fined
 * municipality missed: when `severeCount` serious or very serious cases are
 * open within the window, the owner's leaders and chief safety representatives
 * get one alert. The school's state remembers the alert until the count falls
 * below the threshold again, so the same cluster is not alerted twice.
 */
import type { Duration } from '../core/duration';
import type { Severity } from '../cases/model/report';
import { subtractDuration } from '../core/schedule-math';

export interface ClusterState {
  id: string;
  /** Partition key: `school:<id>`. */
  caseId: string;
  docType: 'clusterState';
  schoolId: string;
  alerted: boolean;
  /** Counts alerts, so each alert's work has its own id. */
  alerts: number;
  alertedCaseIds: string[];
  alertedAt?: string;
}

export interface ClusterCandidate {
  caseId: string;
  severity: Severity;
  status: string;
  createdAt: string;
}

/** Serious and very serious cases make clusters (DOMAIN.md: "high-severity reports"). */
export function isSevere(severity: Severity): boolean {
  return severity === 'serious' || severity === 'very-serious';
}

export type ClusterDecision = { action: 'alert'; caseIds: string[] } | { action: 'rearm' } | { action: 'none' };

export function clusterStateId(schoolId: string): string {
  return `cluster-${schoolId}`;
}

export function emptyClusterState(schoolId: string): ClusterState {
  return { id: clusterStateId(schoolId), caseId: `school:${schoolId}`, docType: 'clusterState', schoolId, alerted: false, alerts: 0, alertedCaseIds: [] };
}

export function clusterDecision(
  cases: ClusterCandidate[],
  state: Pick<ClusterState, 'alerted'>,
  rule: { window: Duration; severeCount: number },
  now: Date,
  timeZone: string,
): ClusterDecision {
  const since = subtractDuration(now, rule.window, timeZone).toISOString();
  const cluster = cases
    .filter((c) => c.status !== 'closed' && isSevere(c.severity) && c.createdAt >= since)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (cluster.length >= rule.severeCount) return state.alerted ? { action: 'none' } : { action: 'alert', caseIds: cluster.map((c) => c.caseId) };
  return state.alerted ? { action: 'rearm' } : { action: 'none' };
}
