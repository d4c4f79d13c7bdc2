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
import type { Case } from './case';

export type WorkKind = 'case.new';

export type RecipientRole = 'principal' | 'safetyRep' | 'chiefSafetyRep' | 'leader';

export interface WorkItem {
  id: string;
  caseId: string;
  docType: 'work';
  kind: WorkKind;
  recipientId: string;
  role: RecipientRole;
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

export function newWorkItem(c: Case, kind: WorkKind, recipientId: string, role: RecipientRole, dueAt: Date, now: Date): WorkItem {
  return {
    id: workIdFor(c.caseId, kind, recipientId),
    caseId: c.caseId,
    docType: 'work',
    kind,
    recipientId,
    role,
    dueAt: dueAt.toISOString(),
    state: 'open',
    attempts: 0,
    createdAt: now.toISOString(),
  };
}
