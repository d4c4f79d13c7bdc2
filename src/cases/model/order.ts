/** Lists of cases: most urgent first, and pages of them. */
import type { CaseStatus } from './case';
import type { Severity } from './report';

export interface Sortable {
  status: CaseStatus;
  severity: Severity;
  seriousInjury: boolean;
  createdAt: string;
}

const SEVERITY_RANK: Record<Severity, number> = { 'very-serious': 0, serious: 1, minor: 2 };

/**
 * Not yet acknowledged before anything else (someone may be waiting for a
 * call), then by severity with a serious injury first, then the oldest first:
 * it has waited longest.
 */
export function byUrgency(a: Sortable, b: Sortable): number {
  const unacknowledged = Number(b.status === 'reported') - Number(a.status === 'reported');
  if (unacknowledged !== 0) return unacknowledged;
  const severity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (severity !== 0) return severity;
  const injury = Number(b.seriousInjury) - Number(a.seriousInjury);
  if (injury !== 0) return injury;
  return a.createdAt.localeCompare(b.createdAt);
}

export interface Page<T> {
  items: T[];
  /** 0-based, clamped to the pages there are. */
  page: number;
  pages: number;
}

export function pageOf<T>(items: T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, Math.floor(Number.isFinite(page) ? page : 0)), pages - 1);
  return { items: items.slice(p * size, p * size + size), page: p, pages };
}
