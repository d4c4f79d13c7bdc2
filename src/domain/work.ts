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
import type { CardMessage, Case } from './case';
import type { NoticeKind } from './case-notices';

/**
 * - case.new: the case card to someone who must know of a new case;
 * - case.notice: the case card with a note on what changed;
 * - card.update: an earlier case card rewritten to the current state.
 */
export type WorkKind = 'case.new' | 'case.notice' | 'card.update';

export type RecipientRole = 'principal' | 'safetyRep' | 'chiefSafetyRep' | 'leader';

export interface WorkItem {
  id: string;
  caseId: string;
  docType: 'work';
  kind: WorkKind;
  recipientId: string;
  /** case.new: why the recipient is told. */
  role?: RecipientRole;
  /** case.notice: what changed. */
  notice?: NoticeKind;
  /** card.update: the message to rewrite. */
  target?: CardMessage;
  /** ISO time; absent once the work is done or declared undeliverable. */
  dueAt?: string;
  state: 'open' | 'done' | 'undeliverable';
  attempts: number;
  createdAt: string;
  leaseOwner?: string;
  doneAt?: string;
  lastError?: string;
  /** Where the message landed, so the card can be updated later. */
  delivery?: { conversationId: string; activityId?: string };
}

/** Deterministic, so re-deriving the work of one event never duplicates it. */
export function workIdFor(caseId: string, kind: WorkKind, recipientId: string, discriminator = ''): string {
  const digest = createHash('sha256').update(`${caseId}\n${kind}\n${recipientId}\n${discriminator}`).digest('hex');
  return `work-${digest.slice(0, 32)}`;
}

function base(c: Case, kind: WorkKind, recipientId: string, discriminator: string, now: Date): WorkItem {
  return {
    id: workIdFor(c.caseId, kind, recipientId, discriminator),
    caseId: c.caseId,
    docType: 'work',
    kind,
    recipientId,
    dueAt: now.toISOString(),
    state: 'open',
    attempts: 0,
    createdAt: now.toISOString(),
  };
}

export function newCaseWork(c: Case, recipientId: string, role: RecipientRole, now: Date): WorkItem {
  return { ...base(c, 'case.new', recipientId, '', now), role };
}

export function noticeWork(c: Case, recipientId: string, notice: NoticeKind, now: Date): WorkItem {
  return { ...base(c, 'case.notice', recipientId, `${c.revision}:${notice}`, now), notice };
}

export function cardUpdateWork(c: Case, target: CardMessage, now: Date): WorkItem {
  return { ...base(c, 'card.update', target.recipientId, `${c.revision}:${target.conversationId}:${target.activityId}`, now), target };
}

/** The messages that show this case, newest last: the receipt and every delivered card. */
export function cardMessagesOf(c: Case, work: WorkItem[]): CardMessage[] {
  const delivered = work
    .filter((w) => (w.kind === 'case.new' || w.kind === 'case.notice') && w.state === 'done' && w.delivery?.activityId)
    .sort((a, b) => (a.doneAt ?? '').localeCompare(b.doneAt ?? ''))
    .map((w) => ({ recipientId: w.recipientId, conversationId: w.delivery!.conversationId, activityId: w.delivery!.activityId! }));
  return c.reporterCard ? [c.reporterCard, ...delivered] : delivered;
}
