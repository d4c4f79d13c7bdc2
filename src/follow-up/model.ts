/**
 * Everything a case will owe over time, planned when it happens: check-ins
 * with the exposed employee, reminders and escalation while it is not
 * acknowledged, reminders of the legal steps, of measures near and past their
 * due date, and a look at the school's cluster of serious cases. All timings
 * come from the schedule; scheduled messages wait out quiet hours.
 */
import type { Case, FollowUp, Measure } from '../cases/model/case';
import { isSevere } from './cluster';
import { findSchool, type Directory } from '../core/directory';
import { outstandingLegalSteps } from '../cases/model/legal-steps';
import { recipientsOfNewCase } from '../cases/model/recipients';
import type { Schedule } from '../core/schedule';
import { addDuration, endOfLocalDay, nextAllowed, subtractDuration } from '../core/schedule-math';
import { checkinWork, clusterCheckWork, newCaseWork, reminderWork, type WorkItem } from '../core/work';

export interface PlanContext {
  directory: Directory;
  schedule: Schedule;
  timeZone: string;
  now: Date;
}

const NOTIFY_STEPS = ['arbeidstilsynet', 'police', 'confirmation'] as const;

function later(ctx: PlanContext, from: Date, d: Schedule['acknowledgeWithin']): Date {
  return nextAllowed(addDuration(from, d, ctx.timeZone), ctx.schedule.quietHours, ctx.timeZone);
}

/** The check-ins for each exposed employee, numbered f1, f2, ... in the order they fall due. */
export function planFollowUps(c: Pick<Case, 'affectedIds' | 'createdAt'>, ctx: PlanContext): FollowUp[] {
  const created = new Date(c.createdAt);
  const out: FollowUp[] = [];
  for (const personId of c.affectedIds) {
    ctx.schedule.followUpCheckIns.forEach((offset, index) => {
      out.push({ id: '', personId, index, dueAt: later(ctx, created, offset).toISOString() });
    });
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.index - b.index).map((f, i) => ({ ...f, id: `f${i + 1}` }));
}

/** What a new case owes: who is told now, and everything scheduled. `c.followUps` must be planned. */
export function workForNewCase(c: Case, ctx: PlanContext): WorkItem[] {
  const { directory, schedule, now } = ctx;
  const principals = findSchool(directory, c.schoolId)?.principals ?? [];
  const work = recipientsOfNewCase(directory, c).map((r) => newCaseWork(c, r.aadObjectId, r.role, now));
  for (const f of c.followUps) work.push(checkinWork(c, f.id, f.personId, new Date(f.dueAt), now));
  for (const p of principals) work.push(reminderWork(c, 'acknowledge', p, later(ctx, now, schedule.acknowledgeWithin), now));
  for (const l of directory.owner.leaders) work.push(reminderWork(c, 'escalation', l, later(ctx, now, schedule.escalateAfter), now));
  const outstanding = outstandingLegalSteps(c);
  if (outstanding.some((i) => (NOTIFY_STEPS as readonly string[]).includes(i))) {
    for (const p of principals) work.push(reminderWork(c, 'legal', p, later(ctx, now, schedule.notifyReminderEvery), now));
  }
  if (outstanding.includes('nav')) for (const p of principals) work.push(reminderWork(c, 'nav', p, later(ctx, now, schedule.navReminderEvery), now));
  if (isSevere(c.report.severity)) work.push(clusterCheckWork(c, now));
  return work;
}

/**
 * An approved measure: its owner (or the principals, if it has none) is
 * reminded `measureReminderBefore` the end of its due date, unless that moment
 * has passed; the principals are told when the due date has passed.
 */
export function workForApprovedMeasure(c: Case, m: Measure, ctx: PlanContext): WorkItem[] {
  const { schedule, timeZone, now } = ctx;
  const principals = findSchool(ctx.directory, c.schoolId)?.principals ?? [];
  const deadline = endOfLocalDay(m.dueDate, timeZone);
  const work: WorkItem[] = [];
  const soon = nextAllowed(subtractDuration(deadline, schedule.measureReminderBefore, timeZone), schedule.quietHours, timeZone);
  if (soon > now && soon < deadline) for (const r of m.ownerId ? [m.ownerId] : principals) work.push(reminderWork(c, 'measureDue', r, soon, now, m.id));
  const overdue = nextAllowed(deadline, schedule.quietHours, timeZone);
  for (const p of principals) work.push(reminderWork(c, 'measureOverdue', p, overdue, now, m.id));
  return work;
}

/** Whether a reminder still has a reason to go out now; a case moves on while reminders wait. */
export function reminderStillDue(c: Case, item: Pick<WorkItem, 'reminder' | 'measureId'>): boolean {
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

/** When a repeating reminder goes out again, if it repeats. */
export function nextRepeat(item: Pick<WorkItem, 'reminder'>, ctx: Pick<PlanContext, 'schedule' | 'timeZone' | 'now'>): Date | undefined {
  const every = item.reminder === 'legal' ? ctx.schedule.notifyReminderEvery : item.reminder === 'nav' ? ctx.schedule.navReminderEvery : undefined;
  return every ? nextAllowed(addDuration(ctx.now, every, ctx.timeZone), ctx.schedule.quietHours, ctx.timeZone) : undefined;
}

/** Whether a check-in still goes out: not to someone who said they need no more, nor twice. */
export function checkinStillDue(c: Case, followUpId: string): boolean {
  const f = c.followUps.find((x) => x.id === followUpId);
  return f !== undefined && !f.answer && !c.followUpsStoppedBy.includes(f.personId);
}
