/**
 * One digest replaces, not adds to, the day's separate reminders for the same
 * items: a reminder to the digest's recipient, due before the end of the day
 * the digest is delivered, about a case the digest lists for the same reason,
 * is folded into it.
 *
 * - "not acknowledged" (to the principal) and the escalation (to the owner's
 *   leader): the digest lists the case as not acknowledged;
 * - the NAV injury report (daily, to the principal): the digest lists the
 *   case's NAV step as not taken; it repeats, so it moves to the next day
 *   rather than stopping;
 * - "measure overdue" (to the principal): the digest lists that measure.
 *
 * Not folded: the AML § 5-2 notifications (Arbeidstilsynet and the police
 * must be told "straks"; their reminder repeats within the day and a digest
 * must not quieten it), a measure's reminder before its due date (the digest
 * does not list coming deadlines), and check-ins (they go to the employee).
 */
import type { ReminderRow } from '../../follow-up/model';
import type { DigestFigures } from './digest';

export type { ReminderRow } from '../../follow-up/model';

export interface Merge {
  workId: string;
  caseId: string;
  /** `skip`: done without sending; `defer`: a repeating reminder moves past the day. */
  action: 'skip' | 'defer';
}

export function remindersToMerge(figures: DigestFigures, recipientId: string, reminders: ReminderRow[], until: Date): Merge[] {
  const notAcknowledged = new Set(figures.lists.notAcknowledged.map((r) => r.caseId));
  const nav = new Set(figures.lists.legal.filter((r) => r.items.includes('nav')).map((r) => r.caseId));
  const overdue = new Set(figures.lists.overdue.map((r) => `${r.caseId}/${r.measureId}`));
  const end = until.toISOString();
  const out: Merge[] = [];
  for (const r of reminders) {
    if (r.recipientId !== recipientId || r.dueAt >= end) continue;
    const listed =
      ((r.reminder === 'acknowledge' || r.reminder === 'escalation') && notAcknowledged.has(r.caseId)) ||
      (r.reminder === 'nav' && nav.has(r.caseId)) ||
      (r.reminder === 'measureOverdue' && overdue.has(`${r.caseId}/${r.measureId}`));
    if (listed) out.push({ workId: r.id, caseId: r.caseId, action: r.reminder === 'nav' ? 'defer' : 'skip' });
  }
  return out;
}
