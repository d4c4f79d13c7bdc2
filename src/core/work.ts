/**
 * Work a case owes: a message to someone, due at a time. Stored next to its
 * case (same partition) so that a state change and what it owes are written
 * in one transactional batch; the dispatcher delivers it later.
 *
 * `dueAt` is present only while the work is open, so the dispatcher's query on
 * `dueAt <= now` touches only open work. Claiming work moves `dueAt` to the end
 * of the lease: if the claiming instance dies, the work is due again then.
 */
import { createHash } from 'node:crypto';
import type { CardMessage, Case } from '../cases/model/case';
import type { NoticeKind } from '../cases/model/consequences';

/**
 * - case.new: the case card to someone who must know of a new case;
 * - case.notice: the case card with a note on what changed;
 * - card.update: an earlier case card rewritten to the current state;
 * - checkin: "how are you doing now?" to an exposed employee;
 * - reminder: a nudge about something still not done (or, to the owner, an escalation);
 * - cluster.check: see whether a school now has a cluster of serious cases;
 * - cluster.alert: tell the owner's roles about such a cluster.
 */
export type WorkKind = 'case.new' | 'case.notice' | 'card.update' | 'checkin' | 'reminder' | 'cluster.check' | 'cluster.alert';

export type ReminderKind = 'acknowledge' | 'escalation' | 'legal' | 'nav' | 'measureDue' | 'measureOverdue';

export type RecipientRole = 'principal' | 'safetyRep' | 'chiefSafetyRep' | 'leader';

export interface WorkItem {
  id: string;
  /** Partition key: the case, or `school:<id>` for a school's cluster work. */
  caseId: string;
  docType: 'work';
  kind: WorkKind;
  /** Absent only for cluster.check, which tells nobody by itself. */
  recipientId: string;
  /** case.new: why the recipient is told. */
  role?: RecipientRole;
  /** case.notice: what changed. */
  notice?: NoticeKind;
  /** case.notice 'unreachable': who could not be reached, about what. */
  about?: { recipientId: string; what: string };
  /** card.update: the message to rewrite. */
  target?: CardMessage;
  /** checkin: which follow-up of the case. */
  followUpId?: string;
  /** reminder: about what; measureId for measure reminders. */
  reminder?: ReminderKind;
  measureId?: string;
  /** cluster work: the school, and for an alert the cases in the cluster. */
  schoolId?: string;
  caseIds?: string[];
  /** ISO time; absent once the work is done or declared undeliverable. */
  dueAt?: string;
  state: 'open' | 'done' | 'undeliverable';
  attempts: number;
  createdAt: string;
  leaseOwner?: string;
  doneAt?: string;
  /** Done without sending: no longer needed when it fell due. */
  skipped?: boolean;
  /** How many times a repeating reminder has gone out. */
  sentCount?: number;
  lastError?: string;
  /** Where the message landed, so the card can be updated later. */
  delivery?: { conversationId: string; activityId?: string };
}

/** Deterministic, so re-deriving the work of one event never duplicates it. */
export function workIdFor(caseId: string, kind: WorkKind, recipientId: string, discriminator = ''): string {
  const digest = createHash('sha256').update(`${caseId}\n${kind}\n${recipientId}\n${discriminator}`).digest('hex');
  return `work-${digest.slice(0, 32)}`;
}

function base(partition: string, kind: WorkKind, recipientId: string, discriminator: string, dueAt: Date, now: Date): WorkItem {
  return {
    id: workIdFor(partition, kind, recipientId, discriminator),
    caseId: partition,
    docType: 'work',
    kind,
    recipientId,
    dueAt: dueAt.toISOString(),
    state: 'open',
    attempts: 0,
    createdAt: now.toISOString(),
  };
}

export function newCaseWork(c: Case, recipientId: string, role: RecipientRole, now: Date): WorkItem {
  return { ...base(c.caseId, 'case.new', recipientId, '', now, now), role };
}

export function noticeWork(c: Case, recipientId: string, notice: NoticeKind, now: Date, about?: WorkItem['about']): WorkItem {
  const discriminator = `${c.revision}:${notice}${about ? `:${about.recipientId}:${about.what}` : ''}`;
  return { ...base(c.caseId, 'case.notice', recipientId, discriminator, now, now), notice, ...(about ? { about } : {}) };
}

export function cardUpdateWork(c: Case, target: CardMessage, now: Date): WorkItem {
  return { ...base(c.caseId, 'card.update', target.recipientId, `${c.revision}:${target.conversationId}:${target.activityId}`, now, now), target };
}

export function checkinWork(c: Case, followUpId: string, personId: string, dueAt: Date, now: Date): WorkItem {
  return { ...base(c.caseId, 'checkin', personId, followUpId, dueAt, now), followUpId };
}

export function reminderWork(c: Case, reminder: ReminderKind, recipientId: string, dueAt: Date, now: Date, measureId?: string): WorkItem {
  return { ...base(c.caseId, 'reminder', recipientId, `${reminder}:${measureId ?? ''}`, dueAt, now), reminder, ...(measureId ? { measureId } : {}) };
}

export function clusterCheckWork(c: Case, now: Date): WorkItem {
  return { ...base(c.caseId, 'cluster.check', '', `${c.revision}`, now, now), schoolId: c.schoolId };
}

export function clusterPartition(schoolId: string): string {
  return `school:${schoolId}`;
}

export function clusterAlertWork(schoolId: string, alertNumber: number, recipientId: string, caseIds: string[], dueAt: Date, now: Date): WorkItem {
  return { ...base(clusterPartition(schoolId), 'cluster.alert', recipientId, String(alertNumber), dueAt, now), schoolId, caseIds };
}

/** The messages that show this case, oldest first: the receipt and every delivered card. */
export function cardMessagesOf(c: Case, work: WorkItem[]): CardMessage[] {
  const delivered = work
    .filter((w) => (w.kind === 'case.new' || w.kind === 'case.notice' || w.kind === 'reminder') && w.delivery?.activityId)
    .sort((a, b) => (a.doneAt ?? '').localeCompare(b.doneAt ?? ''))
    .map((w) => ({ recipientId: w.recipientId, conversationId: w.delivery!.conversationId, activityId: w.delivery!.activityId! }));
  return c.reporterCard ? [c.reporterCard, ...delivered] : delivered;
}
