/**
 * The school owner's table of schools: cases and serious cases in the period,
 * open cases and overdue measures now, and when the risk assessment was last
 * reviewed (once that feature tells); the most serious first.
 */
import { isSevere } from '../../follow-up/model';
import { cell, type Audience, type Cell } from './cells';
import { overdueMeasures, type OpenRow } from './open-cases';
import type { CaseRow } from './statistics';

export interface SchoolRow {
  schoolId: string;
  cases: number;
  serious: Cell<'serious'>;
  open: number;
  overdueMeasures: number;
  /** YYYY-MM-DD of the last review of the school's risk assessment; undefined: none known. */
  lastRiskReview?: string;
}

export function schoolTable(input: {
  schoolIds: string[];
  rows: Pick<CaseRow, 'schoolId' | 'severity'>[];
  open: OpenRow[];
  today: string;
  audience: Audience;
  lastRiskReview?: Map<string, string>;
}): SchoolRow[] {
  const order = new Map(input.schoolIds.map((id, i) => [id, i]));
  const seriousCount = new Map<string, number>();
  const veryCount = new Map<string, number>();
  const table = input.schoolIds.map((schoolId) => {
    const rows = input.rows.filter((r) => r.schoolId === schoolId);
    const open = input.open.filter((r) => r.schoolId === schoolId && r.status !== 'closed');
    const serious = rows.filter((r) => isSevere(r.severity)).length;
    seriousCount.set(schoolId, serious);
    veryCount.set(schoolId, rows.filter((r) => r.severity === 'very-serious').length);
    const review = input.lastRiskReview?.get(schoolId);
    return {
      schoolId,
      cases: rows.length,
      serious: cell('serious' as const, serious, rows.length, input.audience),
      open: open.length,
      overdueMeasures: open.reduce((n, r) => n + overdueMeasures(r, input.today).length, 0),
      ...(review ? { lastRiskReview: review } : {}),
    };
  });
  // The order uses the true counts: hiding a small cell must not hide which school needs attention first.
  return table.sort(
    (a, b) =>
      seriousCount.get(b.schoolId)! - seriousCount.get(a.schoolId)! ||
      veryCount.get(b.schoolId)! - veryCount.get(a.schoolId)! ||
      b.overdueMeasures - a.overdueMeasures ||
      b.cases - a.cases ||
      order.get(a.schoolId)! - order.get(b.schoolId)!,
  );
}
