/**
 * The follow-up's rules, pure: when each exposed employee is checked in with,
 * whether a reminder or check-in still has a reason to go out, when a
 * repeating reminder goes again, and when a school's serious cases make a
 * cluster the school owner must hear of. All timings come from the schedule;
 * scheduled messages wait out quiet hours.
 */
import type { Case, FollowUp } from '../cases';
import type { Directory } from '../core/directory';
import type { Duration } from '../core/duration';
import { outstandingLegalSteps } from '../cases/model/legal-steps';
import { checkInRecipients } from '../cases/model/recipients';
import type { Severity } from '../cases/model/report';
import type { Schedule } from '../core/schedule';
import { addDays, compareIso, localDateTime, zonedToUtc } from '../core/clock';
import { addDuration, endOfLocalDay, nextAllowed, subtractDuration } from '../core/schedule-math';

export interface PlanContext {
  directory: Directory;
  schedule: Schedule;
  timeZone: string;
  now: Date;
}

export type ReminderKind = 'acknowledge' | 'escalation' | 'legal' | 'nav' | 'measureDue' | 'measureOverdue';

/** An open reminder as the stores that fold reminders (digests, the daily summary) read it. */
export interface ReminderRow {
  id: string;
  /** The reminder's partition: its case. */
  caseId: string;
  recipientId: string;
  reminder: ReminderKind;
  measureId?: string;
  dueAt: string;
}

/** The AML §5-2 notifications; the NAV report is reminded of on its own schedule. */
export const NOTIFY_STEPS = ['arbeidstilsynet', 'police', 'confirmation'] as const;

/** A moment `d` after `from`, moved out of quiet hours. */
export function later(ctx: Pick<PlanContext, 'schedule' | 'timeZone'>, from: Date, d: Duration): Date {
  return nextAllowed(addDuration(from, d, ctx.timeZone), ctx.schedule.quietHours, ctx.timeZone);
}

/**
 * When an approved measure's reminders go (the same for a case's measures and
 * a risk assessment's): `soon` to its owner `measureReminderBefore` the end
 * of its due date, unless that moment has passed (then undefined); `overdue`
 * to the principals when the due date has passed. Both out of quiet hours.
 */
export function measureReminderTimes(dueDate: string, ctx: Pick<PlanContext, 'schedule' | 'timeZone' | 'now'>): { soon?: Date; overdue: Date } {
  const { schedule, timeZone, now } = ctx;
  const deadline = endOfLocalDay(dueDate, timeZone);
  const soon = nextAllowed(subtractDuration(deadline, schedule.measureReminderBefore, timeZone), schedule.quietHours, timeZone);
  return { ...(soon > now && soon < deadline ? { soon } : {}), overdue: nextAllowed(deadline, schedule.quietHours, timeZone) };
}

/** The check-ins for each exposed employee, numbered f1, f2, ... in the order they fall due. */
export function planFollowUps(c: Pick<Case, 'affectedIds' | 'createdAt'>, ctx: PlanContext): FollowUp[] {
  const created = new Date(c.createdAt);
  const out: FollowUp[] = [];
  for (const personId of checkInRecipients(c)) {
    ctx.schedule.followUpCheckIns.forEach((offset, index) => {
      out.push({ id: '', personId, index, dueAt: later(ctx, created, offset).toISOString() });
    });
  }
  return out.sort((a, b) => compareIso(a.dueAt, b.dueAt) || a.index - b.index).map((f, i) => ({ ...f, id: `f${i + 1}` }));
}

/** Whether a reminder still has a reason to go out now; a case moves on while reminders wait. */
export function reminderStillDue(c: Case, item: { reminder: ReminderKind; measureId?: string }): boolean {
  switch (item.reminder) {
    case 'acknowledge':
    case 'escalation':
      return c.status === 'reported';
    case 'legal':
      return outstandingLegalSteps(c).some((i) => (NOTIFY_STEPS as readonly string[]).includes(i));
    case 'nav':
      return outstandingLegalSteps(c).includes('nav');
    case 'measureDue':
    case 'measureOverdue':
      return c.status !== 'closed' && c.measures.some((m) => m.id === item.measureId && m.state === 'approved');
    default:
      return false;
  }
}

/**
 * Who a reminder goes to under the directory as it is now. Reminders are
 * addressed to a role (the school's principals; the owner's leaders for an
 * escalation): while the addressee holds it, they keep it; once they do not
 * (a new principal, someone left), it is handed to those who hold it now, or
 * to the owner's leaders when the school has no principal. A measure's own
 * owner is named on the measure, not by a role, and keeps it.
 */
export function reminderAddressees(
  directory: Directory,
  c: Pick<Case, 'schoolId' | 'measures'>,
  item: { recipientId: string; reminder: ReminderKind; measureId?: string },
): { keep: true } | { handTo: string[] } {
  const { recipientId } = item;
  const leaders = directory.owner.leaders;
  if (item.reminder === 'escalation') return leaders.includes(recipientId) || leaders.length === 0 ? { keep: true } : { handTo: leaders };
  if (item.reminder === 'measureDue' && c.measures.find((m) => m.id === item.measureId)?.ownerId === recipientId) return { keep: true };
  const principals = directory.schools.find((s) => s.id === c.schoolId)?.principals ?? [];
  if (principals.includes(recipientId)) return { keep: true };
  const successors = principals.length > 0 ? principals : leaders;
  return successors.length > 0 ? { handTo: successors } : { keep: true };
}

/** When a repeating reminder goes out again, if it repeats. */
export function nextRepeat(item: { reminder: ReminderKind }, ctx: Pick<PlanContext, 'schedule' | 'timeZone' | 'now'>): Date | undefined {
  const every = item.reminder === 'legal' ? ctx.schedule.notifyReminderEvery : item.reminder === 'nav' ? ctx.schedule.navReminderEvery : undefined;
  return every ? nextAllowed(addDuration(ctx.now, every, ctx.timeZone), ctx.schedule.quietHours, ctx.timeZone) : undefined;
}

/**
 * Which reminders the person they are for may put off to the next school day
 * ("Utsett til i morgen"). Not the AML § 5-2 notifications (Arbeidstilsynet
 * and the police must be told "straks"), and not the escalation to the school
 * owner (news for the owner, not a nudge to them).
 */
export const SNOOZABLE: readonly ReminderKind[] = ['acknowledge', 'nav', 'measureDue', 'measureOverdue'];

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * The next school day's morning after `now`: the next Monday to Friday, when
 * quiet hours end (else when the school day starts), in the organisation's
 * time zone.
 */
export function nextSchoolMorning(ctx: Pick<PlanContext, 'schedule' | 'timeZone'>, now: Date): Date {
  let date = addDays(localDateTime(now, ctx.timeZone).date, 1);
  while (isWeekend(date)) date = addDays(date, 1);
  const time = ctx.schedule.quietHours?.to ?? ctx.schedule.schoolDay.start;
  return nextAllowed(zonedToUtc(date, time, ctx.timeZone), ctx.schedule.quietHours, ctx.timeZone);
}

/** A check-in to the same person as the one falling due, as the store reads it. */
export interface CheckinCandidate {
  id: string;
  caseId: string;
  state: 'open' | 'done' | 'undeliverable';
  dueAt?: string;
  leaseOwner?: string;
  mergedInto?: string;
}

/**
 * Which other check-ins go with the one falling due (`lead`) as one message:
 * those already folded into it (a retry), and those of other cases open and
 * due by `until` that no instance is sending; one per case (the earliest),
 * none of the lead's own case (its next check-in is a later question).
 */
export function checkinsToJoin<T extends CheckinCandidate>(lead: { id: string; caseId: string }, candidates: T[], until: Date): T[] {
  const end = until.toISOString();
  const cases = new Set([lead.caseId]);
  const out: T[] = [];
  const ordered = [...candidates].sort((a, b) => Number(b.mergedInto === lead.id) - Number(a.mergedInto === lead.id) || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  for (const w of ordered) {
    if (w.id === lead.id || cases.has(w.caseId)) continue;
    const folded = w.mergedInto === lead.id;
    if (!folded && (w.state !== 'open' || w.leaseOwner || !w.dueAt || w.dueAt > end)) continue;
    cases.add(w.caseId);
    out.push(w);
  }
  return out;
}

/** Whether a check-in still goes out: not to someone who said they need no more, nor twice. */
export function checkinStillDue(c: Case, followUpId: string): boolean {
  const f = c.followUps.find((x) => x.id === followUpId);
  return f !== undefined && !f.answer && !c.followUpsStoppedBy.includes(f.personId);
}

// ---------------------------------------------------------------- clusters

/**
 * A school that gathers serious cases without closing them is what the fined
 * municipality missed: when `severeCount` serious or very serious cases are
 * open within the window, the owner's leaders and chief safety representatives
 * get one alert. The school's state remembers the alert until the count falls
 * below the threshold again, so the same cluster is not alerted twice.
 */
export interface ClusterState {
  id: string;
  /** Partition key: `school:<id>`. */
  caseId: string;
  docType: 'clusterState';
  schoolId: string;
  alerted: boolean;
  /** Counts alerts, so each alert's work has its own id. */
  alerts: number;
  alertedCaseIds: string[];
  alertedAt?: string;
}

export interface ClusterCandidate {
  caseId: string;
  severity: Severity;
  status: string;
  createdAt: string;
}

/** Serious and very serious cases make clusters (DOMAIN.md: "high-severity reports"). */
export function isSevere(severity: Severity): boolean {
  return severity === 'serious' || severity === 'very-serious';
}

export type ClusterDecision = { action: 'alert'; caseIds: string[] } | { action: 'rearm' } | { action: 'none' };

export function clusterStateId(schoolId: string): string {
  return `cluster-${schoolId}`;
}

export function clusterDecision(
  cases: ClusterCandidate[],
  state: Pick<ClusterState, 'alerted'>,
  rule: { window: Duration; severeCount: number },
  now: Date,
  timeZone: string,
): ClusterDecision {
  const since = subtractDuration(now, rule.window, timeZone).toISOString();
  const cluster = cases
    .filter((c) => c.status !== 'closed' && isSevere(c.severity) && c.createdAt >= since)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (cluster.length >= rule.severeCount) return state.alerted ? { action: 'none' } : { action: 'alert', caseIds: cluster.map((c) => c.caseId) };
  return state.alerted ? { action: 'rearm' } : { action: 'none' };
}
