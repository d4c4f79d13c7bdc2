/** The case (sak) that a report opens, as stored and as every view reads it. */
import { createHash } from 'node:crypto';
import { isSerious, type Report } from './report';

export type CaseStatus = 'reported' | 'acknowledged' | 'measures' | 'closed';

export type HistoryAction = 'reported';

export interface HistoryEntry {
  at: string;
  /** aadObjectId of who did it. */
  by: string;
  action: HistoryAction;
}

export interface Case {
  id: string;
  /** Partition key: a case and everything it owes live in one partition. */
  caseId: string;
  docType: 'case';
  /** Short, human-readable, unique: VT-2026-0042. */
  reference: string;
  tenantId: string;
  schoolId: string;
  reporterId: string;
  /** The exposed employees; empty when the reporter was a witness and named nobody. */
  affectedIds: string[];
  clientRequestId: string;
  report: Report;
  serious: boolean;
  status: CaseStatus;
  createdAt: string;
  updatedAt: string;
  history: HistoryEntry[];
}

/**
 * The same reporter submitting the same form twice (a retry, a double click)
 * must land on the same case, so the id is derived from what identifies the
 * submission rather than drawn at random.
 */
export function caseIdFor(tenantId: string, reporterId: string, clientRequestId: string): string {
  const digest = createHash('sha256').update(`${tenantId}\n${reporterId}\n${clientRequestId}`).digest('hex');
  return `case-${digest.slice(0, 32)}`;
}

export function formatReference(year: number, sequence: number): string {
  return `VT-${year}-${String(sequence).padStart(4, '0')}`;
}

export interface NewCaseInput {
  caseId: string;
  reference: string;
  tenantId: string;
  reporterId: string;
  clientRequestId: string;
  report: Report;
  now: Date;
}

export function newCase(input: NewCaseInput): Case {
  const at = input.now.toISOString();
  return {
    id: input.caseId,
    caseId: input.caseId,
    docType: 'case',
    reference: input.reference,
    tenantId: input.tenantId,
    schoolId: input.report.schoolId,
    reporterId: input.reporterId,
    affectedIds: input.report.reporterIsAffected ? [input.reporterId] : [],
    clientRequestId: input.clientRequestId,
    report: input.report,
    serious: isSerious(input.report),
    status: 'reported',
    createdAt: at,
    updatedAt: at,
    history: [{ at, by: input.reporterId, action: 'reported' }],
  };
}
