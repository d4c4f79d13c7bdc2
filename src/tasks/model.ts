/**
 * What waits for a person, pure: the cases a principal has yet to acknowledge,
 * legal steps not marked done, measures past their due date, proposals to
 * decide, and the person's own measures falling due. The same listing is
 * `mine oppgaver` and the daily "Dette venter på deg"; the rules for which of
 * the day's reminders that summary stands in for are here too.
 */
import type { Case, LegalItem, Measure } from '../cases/model/case';
import { outstandingLegalSteps } from '../cases/model/legal-steps';
import type { Report } from '../cases/model/report';
import { addDays } from '../core/clock';
import { rolesOf, type Directory } from '../core/directory';
import type { ReminderKind, ReminderRow } from '../follow-up/model';
import type { SummaryRecipient } from '../core/schedule';

/** What the store reads of an open case: no report text, no people but measure owners. */
export type TaskCase = Pick<Case, 'caseId' | 'reference' | 'schoolId' | 'status' | 'createdAt' | 'legal'> & {
  report: Pick<Report, 'seriousInjury' | 'injury' | 'medicalTreatment' | 'sickLeave' | 'severity'>;
  measures: Pick<Measure, 'id' | 'description' | 'ownerId' | 'dueDate' | 'state'>[];
};

export type TaskKind = 'acknowledge' | 'legal' | 'measureOverdue' | 'decide' | 'measureDue';

export interface Task {
  kind: TaskKind;
  caseId: string;
  reference: string;
  schoolId: string;
  severity: Report['severity'];
  /** When the case was reported (ISO instant). */
  reportedAt: string;
  measureId?: string;
  measure?: string;
  dueDate?: string;
  /** The legal steps not done. */
  legal?: LegalItem[];
}

/** A person's own measures are listed from this many days before their due date. */
export const OWN_MEASURES_AHEAD_DAYS = 7;

const ORDER: TaskKind[] = ['acknowledge', 'legal', 'measureOverdue', 'decide', 'measureDue'];

/**
 * What waits for the person: at the schools where they are principal, every
 * open case's unacknowledged state, outstanding legal steps, proposals and
 * overdue measures; anywhere, the approved measures they own that are due
 * within a week or overdue. Most pressing first, then oldest first.
 */
export function tasksFor(directory: Directory, personId: string, cases: TaskCase[], today: string): Task[] {
  const roles = rolesOf(directory, personId);
  const principalAt = new Set([...roles.schools.entries()].filter(([, r]) => r.has('principal')).map(([id]) => id));
  const horizon = addDays(today, OWN_MEASURES_AHEAD_DAYS);
  const out: Task[] = [];
  for (const c of cases) {
    if (c.status === 'closed') continue;
    const base = { caseId: c.caseId, reference: c.reference, schoolId: c.schoolId, severity: c.report.severity, reportedAt: c.createdAt };
    const principal = principalAt.has(c.schoolId);
    if (principal) {
      if (c.status === 'reported') out.push({ ...base, kind: 'acknowledge' });
      const legal = outstandingLegalSteps(c);
      if (legal.length > 0) out.push({ ...base, kind: 'legal', legal });
    }
    for (const m of c.measures) {
      const measure = { measureId: m.id, measure: m.description, dueDate: m.dueDate };
      if (principal && m.state === 'proposed') out.push({ ...base, ...measure, kind: 'decide' });
      if (m.state !== 'approved') continue;
      const overdue = m.dueDate < today;
      if (overdue && (principal || m.ownerId === personId)) out.push({ ...base, ...measure, kind: 'measureOverdue' });
      else if (!overdue && m.ownerId === personId && m.dueDate <= horizon) out.push({ ...base, ...measure, kind: 'measureDue' });
    }
  }
  return out.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || a.reportedAt.localeCompare(b.reportedAt));
}

/** Who gets the daily summary: each school's principals and/or safety representatives, once each. */
export function summaryRecipients(directory: Directory, to: SummaryRecipient[]): string[] {
  const ids = directory.schools.flatMap((s) => [...(to.includes('principals') ? s.principals : []), ...(to.includes('safetyReps') ? s.safetyReps : [])]);
  return [...new Set(ids)];
}

export type { ReminderRow } from '../follow-up/model';

export interface Fold {
  workId: string;
  caseId: string;
  /** `skip`: done without sending; `defer`: a repeating reminder moves past the day. */
  action: 'skip' | 'defer';
}

/** The reminders a summary can stand in for (the others always go on their own). */
export const FOLDABLE: readonly ReminderKind[] = ['acknowledge', 'nav', 'measureOverdue', 'measureDue'];

/**
 * The day's reminders the summary to this person stands in for: addressed to
 * them, due before `until` (the end of the school day it goes), about an item
 * it lists. Not folded: the AML § 5-2 notifications (Arbeidstilsynet and the
 * police must be told "straks"; the summary lists them, their reminder still
 * goes) and the escalation to the school owner (it goes at once). The NAV
 * reminder repeats daily, so it moves to the next day rather than stopping.
 */
export function remindersFolded(tasks: Task[], recipientId: string, reminders: ReminderRow[], until: Date): Fold[] {
  const listed = listedReminders(tasks);
  const end = until.toISOString();
  const out: Fold[] = [];
  for (const r of reminders) {
    if (r.recipientId !== recipientId || r.dueAt >= end || !FOLDABLE.includes(r.reminder)) continue;
    if (listed(r)) out.push({ workId: r.id, caseId: r.caseId, action: r.reminder === 'nav' ? 'defer' : 'skip' });
  }
  return out;
}

/** Whether a listing stands in for a reminder: it lists the item the reminder is about. */
export function listedReminders(tasks: Task[]): (r: Pick<ReminderRow, 'caseId' | 'reminder' | 'measureId'>) => boolean {
  const listed = new Set(
    tasks.flatMap((t) => {
      if (t.kind === 'acknowledge') return [`acknowledge/${t.caseId}`];
      if (t.kind === 'legal') return t.legal?.includes('nav') ? [`nav/${t.caseId}`] : [];
      if (t.kind === 'measureOverdue' || t.kind === 'measureDue') return [`${t.kind}/${t.caseId}/${t.measureId}`];
      return [];
    }),
  );
  return (r) => listed.has(r.reminder === 'measureOverdue' || r.reminder === 'measureDue' ? `${r.reminder}/${r.caseId}/${r.measureId}` : `${r.reminder}/${r.caseId}`);
}
