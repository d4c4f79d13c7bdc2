/** The case (sak) that a report opens, as stored and as every view reads it. */
import { createHash } from 'node:crypto';
import { isSerious, type Report } from './report';

/** reported → acknowledged → measures (in progress) → closed. */
export type CaseStatus = 'reported' | 'acknowledged' | 'measures' | 'closed';

export type MeasureState = 'proposed' | 'approved' | 'rejected' | 'done';

/** A corrective measure (tiltak), forskrift om utførelse av arbeid §3A-3. */
export interface Measure {
  id: string;
  description: string;
  /** Who carries it out (aadObjectId), if named. */
  ownerId?: string;
  /** YYYY-MM-DD */
  dueDate: string;
  state: MeasureState;
  proposedBy: string;
  proposedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  rejectReason?: string;
  doneBy?: string;
  doneAt?: string;
}

/** The legal steps a case may owe: AML §5-2 (notify Arbeidstilsynet and the police, written confirmation), NAV injury report. */
export type LegalItem = 'arbeidstilsynet' | 'police' | 'confirmation' | 'nav';

/** How a legal step was done: by phone, the authority's form (skjema), e-mail, or otherwise. */
export type LegalHow = 'phone' | 'form' | 'email' | 'other';
export const LEGAL_HOWS: readonly LegalHow[] = ['phone', 'form', 'email', 'other'];

/** A local date (YYYY-MM-DD) and, if known, time (HH:mm) where the school is. */
export interface LocalWhen {
  date: string;
  time?: string;
}

/**
 * A settled legal step: done (when, how, a reference), or not applicable
 * ("ikke aktuelt", `na`) with the principal's reason, or because the case was
 * reclassified and no longer owes it (`reclassified`). `by`/`at` are who
 * recorded it and when; `when` is when it was done, if that was not then.
 * Without `na` a step is done (cases stored before these fields were added).
 */
export interface LegalStepDone {
  by: string;
  at: string;
  when?: LocalWhen;
  how?: LegalHow;
  reference?: string;
  na?: true;
  reason?: string;
  reclassified?: true;
}

/** What the principal may correct of the reporter's classification (the rest is the reporter's account). */
export interface Classification {
  severity: Report['severity'];
  seriousInjury: boolean;
  sickLeave: boolean;
  medicalTreatment: boolean;
}
export const CLASSIFICATION_FIELDS = ['severity', 'seriousInjury', 'sickLeave', 'medicalTreatment'] as const;

export type FollowUpAnswer = 'ok' | 'talk' | 'bht';

/**
 * One planned check-in with an exposed employee (forskrift §3A-6). The answer
 * is theirs: others see that it was answered and whether help was asked for,
 * and the note only if they chose to share it.
 */
export interface FollowUp {
  id: string;
  personId: string;
  /** Which check-in of the plan, from 0. */
  index: number;
  dueAt: string;
  answer?: FollowUpAnswer;
  answeredAt?: string;
  note?: string;
  shared?: boolean;
  /** When the employee withdrew the note they had written (the note is gone). */
  noteWithdrawnAt?: string;
}

/** Someone the bot could not reach about this case, and who was told instead. */
export interface Unreachable {
  recipientId: string;
  at: string;
  /** What could not be delivered: a work kind, or a notice. */
  what: string;
  toldInstead: string[];
}

export type HistoryAction =
  | 'reported'
  | 'acknowledged'
  | 'commented'
  | 'measureProposed'
  | 'measureApproved'
  | 'measureRejected'
  | 'measureDone'
  | 'legalMarked'
  | 'legalNotApplicable'
  | 'legalUndone'
  | 'reclassified'
  | 'followUpAnswered'
  | 'followUpsStopped'
  | 'noteWithdrawn'
  /** Someone put off a reminder to them to the next school day (src/follow-up/). */
  | 'reminderSnoozed'
  | 'closed';

/** Who did what, when: the case's part of the register (AML §5-1). */
export interface HistoryEntry {
  at: string;
  /** aadObjectId of who did it. */
  by: string;
  action: HistoryAction;
  /** The comment, the reason for rejecting, or the closing summary. */
  text?: string;
  measureId?: string;
  item?: LegalItem;
  /** A legal step's record as it was marked (done or not applicable), kept in the history when it is undone. */
  legal?: Omit<LegalStepDone, 'by' | 'at'>;
  /** A reclassification: the values before and after (only those that changed). */
  from?: Partial<Classification>;
  to?: Partial<Classification>;
  /** Comments by the reporter or the affected employee are theirs to read too; others' are not. */
  fromReporterSide?: boolean;
}

/** Where a message showing this case landed, so it can be kept current. */
export interface CardMessage {
  recipientId: string;
  conversationId: string;
  activityId: string;
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
  /** After anonymisation: how many employees were exposed (their ids are gone). */
  affectedCount?: number;
  clientRequestId: string;
  report: Report;
  serious: boolean;
  status: CaseStatus;
  /** Counts every change; part of the ids of the work a change owes. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  acknowledgedAt?: string;
  closedAt?: string;
  closingSummary?: string;
  measures: Measure[];
  legal: Partial<Record<LegalItem, LegalStepDone>>;
  /** The reporter's classification as reported, kept from the first time the principal corrected it. */
  reportedClassification?: Classification;
  history: HistoryEntry[];
  followUps: FollowUp[];
  /** Employees who said they need no more check-ins. */
  followUpsStoppedBy: string[];
  unreachable: Unreachable[];
  /** The reporter's receipt: the form message the submission turned into. */
  reporterCard?: CardMessage;
  /** The reporter was on no staff list of the school when reporting (anyone in the tenant may report). */
  reporterNotOnStaff?: boolean;
  /** When the retention policy anonymised the case (src/privacy/model.ts): free text gone, people replaced by role. */
  anonymisedAt?: string;
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
  /** The exposed colleagues the reporter named (validated against the school's staff). */
  colleagueIds?: string[];
  now: Date;
  reporterCard?: { conversationId: string; activityId: string };
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
    affectedIds: [...new Set([...(input.report.reporterIsAffected ? [input.reporterId] : []), ...(input.colleagueIds ?? [])])],
    clientRequestId: input.clientRequestId,
    report: input.report,
    serious: isSerious(input.report),
    status: 'reported',
    revision: 1,
    createdAt: at,
    updatedAt: at,
    measures: [],
    legal: {},
    history: [{ at, by: input.reporterId, action: 'reported' }],
    followUps: [],
    followUpsStoppedBy: [],
    unreachable: [],
    ...(input.reporterCard ? { reporterCard: { recipientId: input.reporterId, ...input.reporterCard } } : {}),
  };
}

/**
 * What the prevention features read of a case: the report's categories and
 * outcome for matching, statistics and the register extract; no free text,
 * nobody's identity.
 */
export interface CaseEvidence {
  caseId: string;
  reference: string;
  schoolId: string;
  status: Case['status'];
  createdAt: string;
  closedAt?: string;
  report: Pick<Case['report'], 'date' | 'time' | 'location' | 'types' | 'severity' | 'perpetrator' | 'pupilStage' | 'injury' | 'seriousInjury' | 'sickLeave' | 'medicalTreatment' | 'policeInvolved' | 'physicalIntervention' | 'riskFactors'>;
}
