/**
 * The open cases of schools as the school owner's table and the digests read
 * them: how old, whether acknowledged, which legal steps are still owed, which
 * approved measures are past their due date, and whether serious cases gather.
 */
import type { CaseStatus, LegalItem } from '../../cases/model/case';
import { requiredLegalSteps } from '../../cases/model/legal-steps';
import type { Injury, Severity } from '../../cases/model/report';
import type { Duration } from '../../core/duration';
import { clusterDecision } from '../../follow-up/model';

/** What the store selects of an open case: no text, no people. */
export interface OpenRow {
  caseId: string;
  reference: string;
  schoolId: string;
  status: CaseStatus;
  createdAt: string;
  severity: Severity;
  seriousInjury: boolean;
  injury?: Injury;
  sickLeave: boolean;
  medicalTreatment: boolean;
  /** The legal steps marked done. */
  legalDone: LegalItem[];
  /** Approved measures not yet carried out: id and due date. */
  approved: { id: string; dueDate: string }[];
}

export function outstandingLegal(row: OpenRow): LegalItem[] {
  return requiredLegalSteps(row).filter((item) => !row.legalDone.includes(item));
}

/** Approved measures whose due date (a local date) is before today. */
export function overdueMeasures(row: OpenRow, today: string): { id: string; dueDate: string }[] {
  return row.status === 'closed' ? [] : row.approved.filter((m) => m.dueDate < today);
}

/**
 * How many serious and very serious open cases make a cluster at the school
 * now, by the follow-up's own rule (the one behind the owner's cluster
 * alert); undefined when they do not reach its threshold.
 */
export function clusterOf(rows: OpenRow[], rule: { window: Duration; severeCount: number }, now: Date, timeZone: string): number | undefined {
  const decision = clusterDecision(rows, { alerted: false }, rule, now, timeZone);
  return decision.action === 'alert' ? decision.caseIds.length : undefined;
}
